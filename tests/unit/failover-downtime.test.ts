// Downtime from a failover drill's health probes: the window a user saw, the time actually down, flapping, and a
// service that never came back.
import { measureDowntime, ProbeSeriesError, type Probe } from '../../lib/failover/downtime';

const T0 = Date.parse('2026-12-06T02:10:00.000Z');
/** Probes every 5 s from T0: 'o' is a good answer, 'x' a failed one. */
function series(pattern: string, everySeconds = 5): Probe[] {
  return [...pattern].map((c, i) => ({ at: new Date(T0 + i * everySeconds * 1000).toISOString(), ok: c === 'o' }));
}
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

describe('measureDowntime', () => {
  it('reports no downtime when every probe answered', () => {
    expect(measureDowntime(series('oooooo'))).toEqual({
      windowSeconds: 0,
      failedSeconds: 0,
      outages: 0,
      firstFailureAt: null,
      recoveredAt: null,
      recovered: true,
      resolutionSeconds: 5,
    });
  });

  it('measures one clean outage from the first failed probe to the first good one after it', () => {
    // Down from 10 s to 55 s: 45 s, as precise as the 5 s probe interval.
    const d = measureDowntime(series('ooxxxxxxxxxooooo'));

    expect(d).toMatchObject({ windowSeconds: 45, failedSeconds: 45, outages: 1, firstFailureAt: at(10), recoveredAt: at(55), recovered: true });
  });

  it('treats a good answer between failures as a flap: the window runs past it, the down time is summed', () => {
    // x at 10-20, o at 25 (flap), x at 30-40, then stable from 45.
    const d = measureDowntime(series('ooxxxoxxxoooo'));

    expect(d.outages).toBe(2);
    expect(d.windowSeconds).toBe(35); // 10 s -> 45 s
    expect(d.failedSeconds).toBe(30); // 10->25 and 30->45
    expect(d.recoveredAt).toBe(at(45));
  });

  it('says the service had not recovered when probing stopped on failures', () => {
    const d = measureDowntime(series('oooxxxx'));

    expect(d).toMatchObject({ recovered: false, recoveredAt: null, windowSeconds: 15, failedSeconds: 15, outages: 1 });
  });

  it('counts the service back at the first good answer after the last failure, even when probing ends there', () => {
    expect(measureDowntime(series('oxxxoxxo')).recoveredAt).toBe(at(35));
  });

  it('sorts probes by time and reports the largest gap as the resolution', () => {
    const probes: Probe[] = [
      { at: at(30), ok: true },
      { at: at(0), ok: true },
      { at: at(12), ok: false },
      { at: at(20), ok: true },
      { at: at(25), ok: true },
    ];

    const d = measureDowntime(probes);

    expect(d).toMatchObject({ windowSeconds: 8, failedSeconds: 8, resolutionSeconds: 12 });
  });

  it('refuses an empty series or a timestamp it cannot read', () => {
    expect(() => measureDowntime([])).toThrow(ProbeSeriesError);
    expect(() => measureDowntime([{ at: 'yesterday', ok: true }])).toThrow('not ISO-8601');
  });
});
