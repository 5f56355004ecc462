// The compact probe series: stretches of equal answers, and downtime measured from them exactly as from every probe.
import { measureDowntime, type Probe } from '../../lib/failover/downtime';
import { appendProbe, emptySeries, seriesDowntime } from '../../lib/failover/series';
import type { ProbeSeries } from '../../lib/failover/contracts';

const T0 = Date.parse('2025-03-04T03:00:05.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

/** Probes every `every` s from T0: 'o' answered 200, 'x' failed. */
function probes(pattern: string, every = 5): Probe[] {
  return [...pattern].map((c, i) => ({ at: at(i * every), ok: c === 'o' }));
}

function seriesOf(list: Probe[]): ProbeSeries {
  return list.reduce((s, p) => appendProbe(s, { at: p.at, ok: p.ok, answer: p.ok ? 'HTTP 200' : 'HTTP 503' }), emptySeries());
}

describe('appendProbe', () => {
  it('extends the last stretch while the answer kind stays the same, keeping the newest answer', () => {
    let s = appendProbe(emptySeries(), { at: at(0), ok: true, answer: 'HTTP 200' });
    s = appendProbe(s, { at: at(5), ok: true, answer: 'HTTP 204' });

    expect(s).toEqual({ segments: [{ ok: true, firstAt: at(0), lastAt: at(5), count: 2, lastAnswer: 'HTTP 204' }], probes: 2, maxGapMs: 5000 });
  });

  it('opens a new stretch when the service goes down or comes back, and keeps the largest gap', () => {
    const s = [
      { at: at(0), ok: true, answer: 'HTTP 200' },
      { at: at(5), ok: false, answer: 'timeout after 3000 ms' },
      { at: at(17), ok: false, answer: 'HTTP 503' },
      { at: at(20), ok: true, answer: 'HTTP 200' },
    ].reduce(appendProbe, emptySeries());

    expect(s.segments).toEqual([
      { ok: true, firstAt: at(0), lastAt: at(0), count: 1, lastAnswer: 'HTTP 200' },
      { ok: false, firstAt: at(5), lastAt: at(17), count: 2, lastAnswer: 'HTTP 503' },
      { ok: true, firstAt: at(20), lastAt: at(20), count: 1, lastAnswer: 'HTTP 200' },
    ]);
    expect(s).toMatchObject({ probes: 4, maxGapMs: 12_000 });
  });

  it('does not change the series it was given (the state machine may retry with the same payload)', () => {
    const before = seriesOf(probes('oox'));
    const copy = structuredClone(before);

    appendProbe(before, { at: at(15), ok: false, answer: 'HTTP 503' });

    expect(before).toEqual(copy);
  });

  it('takes a probe that seems to predate the previous one (another Lambda clock) as simultaneous', () => {
    const s = seriesOf([
      { at: at(10), ok: true },
      { at: new Date(T0 + 9_990).toISOString(), ok: false },
    ]);

    expect(s.segments[1]).toMatchObject({ firstAt: at(10), lastAt: at(10) });
    expect(s.maxGapMs).toBe(0);
  });

  it('refuses a probe time that is not ISO-8601', () => {
    expect(() => appendProbe(emptySeries(), { at: 'soon', ok: true, answer: 'HTTP 200' })).toThrow('not ISO-8601');
  });
});

describe('seriesDowntime', () => {
  it('is null when nothing was probed', () => {
    expect(seriesDowntime(emptySeries())).toBeNull();
  });

  it.each([
    ['no outage', 'oooooooo'],
    ['one clean outage', 'ooxxxxxxxxxooooo'],
    ['flapping during the switch', 'ooxxxoxxxoxoooo'],
    ['never recovered', 'oooxxxxxx'],
    ['down from the first probe', 'xxxoooo'],
    ['a single probe', 'x'],
  ])('gives what the full series gives: %s', (_name, pattern) => {
    const list = probes(pattern);

    expect(seriesDowntime(seriesOf(list))).toEqual(measureDowntime(list));
  });

  it('measures flapping as one window with the down time summed and every outage counted', () => {
    // Down at 10-20, a good answer at 25, down again 30-40, back from 45 for good.
    const d = seriesDowntime(seriesOf(probes('ooxxxoxxxoooo')));

    expect(d).toMatchObject({ windowSeconds: 35, failedSeconds: 30, outages: 2, recovered: true, recoveredAt: at(45) });
  });

  it('reports the largest gap between probes as taken, not between the stretches kept', () => {
    // Probes at 0, 5, 10 then a 30 s gap (a slow observation) then 45, 50: all good, one long stretch.
    const list = [0, 5, 10, 40, 45, 50].map((s) => ({ at: at(s), ok: true }));

    const series = seriesOf(list);

    expect(series.segments).toHaveLength(1);
    expect(seriesDowntime(series)?.resolutionSeconds).toBe(30);
  });
});
