// The live view is state in, lines out: progress events fold into a LiveDrill, and renderLiveView turns it into the
// lines a terminal shows for a given size. No terminal here (tests/unit/live-terminal.test.ts drives one).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { drillFacts, POLL_LOOPS, pollFacts } from '../../lib/report/live-facts';
import { bar, clock, LiveDrill, plain, renderLiveView, short, truncate, visibleLength } from '../../lib/report/live-view';
import type { ProgressEvent } from '../../lib/report/progress';
import { PROJECT_ROOT } from '../../local/run-drill';

const T0 = Date.parse('2025-03-04T03:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const ev = (minutes: number, targetId: string, step: string, phase: ProgressEvent['phase'], extra: Partial<ProgressEvent> = {}): ProgressEvent => ({
  at: at(minutes),
  targetId,
  step,
  phase,
  ...extra,
});
const checkPlan = (restore: string[], failover: string[] = []): ProgressEvent =>
  ev(0, 'drill', 'Check Plan', 'succeeded', { drill: { id: 'd1234abcd', restoreTargetIds: restore, failoverTargetIds: failover, dryRun: false } });
const size = { columns: 200, rows: 40, color: false };

/** A drill 60 minutes in: one target passed, one polling its restore job, one whose validation failed, one queued. */
function midDrill(): LiveDrill {
  const drill = new LiveDrill();
  for (const e of [
    ev(0, 'drill', 'Check Plan', 'started'),
    checkPlan(['patients-db', 'documents', 'appointments', 'shared-files'], ['patients-global']),
    ev(1, 'documents', 'Load Target', 'started'),
    ev(20, 'documents', 'Evaluate Target', 'succeeded', { detail: 'PASSED' }),
    ev(1, 'patients-db', 'Start Restore Job', 'started'),
    ev(2, 'patients-db', 'Wait For Restore', 'started', { poll: { elapsedSeconds: 0, ceilingSeconds: 6 * 3600 } }),
    ev(3, 'patients-db', 'Describe Restore Job', 'succeeded', { detail: 'RUNNING' }),
    ev(3, 'patients-db', 'Wait For Restore', 'started', { poll: { elapsedSeconds: 30, ceilingSeconds: 6 * 3600 } }),
    ev(2, 'appointments', 'Validate Restored Resource', 'started'),
    ev(30, 'appointments', 'Validate Restored Resource', 'failed', { detail: 'ValidationTimeoutError: no answer' }),
    ev(31, 'appointments', 'Clean Up', 'started'),
  ])
    drill.apply(e);
  return drill;
}

describe('LiveDrill and renderLiveView', () => {
  it('shows the drill line, then one line per target: state, elapsed, step, and a bar for a poll against its ceiling', () => {
    const lines = renderLiveView(midDrill(), { ...size, nowMs: T0 + 92 * 60_000 });
    expect(lines).toEqual([
      'drill d1234abcd  restore  1/5 targets done  1:32:00',
      '▸ patients-db      running   1:31:00  Wait For Restore (RUNNING)  █████░░░░░░░░░░░░░░░ 1h30m of 6h',
      '✓ documents        passed    0:19:00',
      '✗ appointments     failing   1:30:00  Clean Up',
      '· shared-files     queued',
      '· patients-global  queued',
    ]);
  });

  it('a poll that reached its ceiling shows a full bar, never more', () => {
    const drill = new LiveDrill();
    drill.apply(ev(0, 'db', 'Wait For Copy', 'started', { poll: { elapsedSeconds: 0, ceilingSeconds: 600 } }));
    const [, line] = renderLiveView(drill, { ...size, nowMs: T0 + 25 * 60_000 });
    expect(line).toContain(`${'█'.repeat(20)} 25m of 10m`);
  });

  it('a poll joined mid-way (status started late) dates from the count the loop carries, not from when it was seen', () => {
    const drill = new LiveDrill();
    drill.apply(ev(60, 'db', 'Wait For Restore', 'started', { poll: { elapsedSeconds: 1800, ceilingSeconds: 3600 } }));
    const [, line] = renderLiveView(drill, { ...size, nowMs: T0 + 60 * 60_000 });
    expect(line).toContain(`${'█'.repeat(10)}${'░'.repeat(10)} 30m of 1h`);
  });

  it('a timed step (validation) has its bar until the next step', () => {
    const drill = new LiveDrill();
    drill.apply(ev(0, 'db', 'Validate Restored Resource', 'started', { poll: { elapsedSeconds: 0, ceilingSeconds: 600 } }));
    expect(renderLiveView(drill, { ...size, nowMs: T0 + 5 * 60_000 })[1]).toBe(`▸ db  running   0:05:00  Validate Restored Resource  ${'█'.repeat(10)}${'░'.repeat(10)} 5m of 10m`);
    drill.apply(ev(6, 'db', 'Validate Restored Resource', 'succeeded', { detail: '3/3 checks passed' }));
    drill.apply(ev(6, 'db', 'Clean Up', 'started'));
    expect(renderLiveView(drill, { ...size, nowMs: T0 + 7 * 60_000 })[1]).toBe('▸ db  running   0:07:00  Clean Up');
  });

  it('leaving the poll for another step drops the bar; a retry and a verdict show as states', () => {
    const drill = new LiveDrill();
    drill.apply(ev(0, 'db', 'Wait For Restore', 'started', { poll: { elapsedSeconds: 0, ceilingSeconds: 3600 } }));
    drill.apply(ev(1, 'db', 'Tag Restored Resource', 'started'));
    drill.apply(ev(1, 'db', 'Tag Restored Resource', 'retrying', { detail: 'Lambda.TooManyRequestsException' }));
    expect(renderLiveView(drill, { ...size, nowMs: T0 + 60_000 })[1]).toBe('↻ db  retrying  0:01:00  Tag Restored Resource (Lambda.TooManyRequestsException)');
    drill.apply(ev(2, 'db', 'Evaluate Target', 'succeeded', { detail: 'FAILED' }));
    // No Check Plan seen: the drill's id is not known yet, and the target counts as it appears.
    expect(renderLiveView(drill, { ...size, nowMs: T0 + 5 * 60_000 })).toEqual(['drill …  targets  1/1 targets done (1 failed)  0:05:00', '✗ db  FAILED    0:02:00']);
  });

  it('a failover refused before it changed anything (NOT_RUN) has ended, neither passed nor failed', () => {
    const drill = new LiveDrill();
    drill.apply(checkPlan([], ['patients-global']));
    drill.apply(ev(4, 'patients-global', 'Evaluate Failover', 'succeeded', { detail: 'NOT_RUN' }));
    expect(renderLiveView(drill, { ...size, nowMs: T0 + 5 * 60_000 })).toEqual(['drill d1234abcd  failover  1/1 targets done  0:05:00', '– patients-global  ended     0:00:00  NOT_RUN']);
  });

  it('a child execution that failed ends its target, whatever it was doing', () => {
    const drill = new LiveDrill();
    drill.apply(ev(0, 'db', 'Wait For Restore', 'started', { poll: { elapsedSeconds: 0, ceilingSeconds: 3600 } }));
    drill.apply(ev(9, 'db', 'Execution', 'failed', { detail: 'States.Timeout' }));
    expect(renderLiveView(drill, { ...size, nowMs: T0 + 20 * 60_000 })[1]).toBe('✗ db  FAILED    0:09:00  execution ended: States.Timeout');
  });

  it('a narrow terminal gets a narrower bar, then the durations alone, so the figures stay on screen', () => {
    const line = (columns: number) => renderLiveView(midDrill(), { ...size, columns, nowMs: T0 + 92 * 60_000 })[1];
    expect(line(86)).toBe('▸ patients-db      running   1:31:00  Wait For Restore (RUNNING)  ██░░░░░ 1h30m of 6h');
    expect(line(80)).toBe('▸ patients-db      running   1:31:00  Wait For Restore (RUNNING)  1h30m of 6h');
  });

  it('no line is longer than the terminal is wide: cut with an ellipsis, colours closed', () => {
    for (const color of [false, true]) {
      const lines = renderLiveView(midDrill(), { columns: 40, rows: 40, color, nowMs: T0 + 92 * 60_000 });
      for (const line of lines) expect(visibleLength(line)).toBeLessThanOrEqual(39);
      expect(plain(lines[1]!).endsWith('…')).toBe(true);
      if (color) expect(lines[0]!.endsWith('\x1b[0m')).toBe(true);
    }
  });

  it('50 targets on a 12-row terminal: failed and running targets, then a count of the rest; never more than rows - 1 lines', () => {
    const drill = new LiveDrill();
    const ids = Array.from({ length: 50 }, (_, i) => `target-${String(i).padStart(2, '0')}`);
    drill.apply(checkPlan(ids));
    ids.slice(0, 20).forEach((id) => drill.apply(ev(10, id, 'Evaluate Target', 'succeeded', { detail: 'PASSED' })));
    ids.slice(20, 32).forEach((id) => drill.apply(ev(12, id, 'Start Restore Job', 'started')));
    drill.apply(ev(13, 'target-40', 'Execution', 'failed', { detail: 'States.Timeout' }));
    const lines = renderLiveView(drill, { columns: 120, rows: 12, color: false, nowMs: T0 + 15 * 60_000 });
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe('drill d1234abcd  restore  21/50 targets done (1 failed)  0:15:00');
    // 9 rows for targets: the failure and the first 8 running targets (plan order), then the count of the other 41.
    expect(lines.slice(1, 10).map((l) => l.split(/\s+/)[1])).toEqual([...ids.slice(20, 28), 'target-40']);
    expect(lines[9]).toMatch(/^✗ target-40 +FAILED/);
    expect(lines[10]).toBe('… 41 more: 4 running, 17 queued, 20 passed');
  });

  it('when few targets are running, the rows left over show the targets that ended last, then the queue (in plan order on screen)', () => {
    const drill = new LiveDrill();
    const ids = Array.from({ length: 30 }, (_, i) => `t${String(i).padStart(2, '0')}`);
    drill.apply(checkPlan(ids));
    ids.slice(0, 10).forEach((id, i) => drill.apply(ev(i, id, 'Evaluate Target', 'succeeded', { detail: 'PASSED' })));
    drill.apply(ev(11, 't10', 'Start Restore Job', 'started'));
    const lines = renderLiveView(drill, { columns: 120, rows: 8, color: false, nowMs: T0 + 12 * 60_000 });
    expect(lines).toHaveLength(7);
    expect(lines.slice(1, 6).map((l) => l.split(/\s+/)[1])).toEqual(['t06', 't07', 't08', 't09', 't10']);
    expect(lines[6]).toBe('… 25 more: 19 queued, 6 passed');
  });
});

describe('bar, clock, short, truncate', () => {
  it('bar: the share of the ceiling in 20 cells, and the two durations', () => {
    expect(bar(0, 3600)).toBe(`${'░'.repeat(20)} 0s of 1h`);
    expect(bar(900, 3600)).toBe(`${'█'.repeat(5)}${'░'.repeat(15)} 15m of 1h`);
    expect(bar(7200, 3600)).toBe(`${'█'.repeat(20)} 2h of 1h`);
  });

  it('clock and short durations', () => {
    expect(clock(0)).toBe('0:00:00');
    expect(clock(3_723_000)).toBe('1:02:03');
    expect([45, 600, 3900, 6 * 3600].map(short)).toEqual(['45s', '10m', '1h05m', '6h']);
  });

  it('truncate counts visible characters only and leaves short lines alone', () => {
    expect(truncate('abcdef', 6)).toBe('abcdef');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('\x1b[32mabcdef\x1b[0m', 4)).toBe('\x1b[32mabc…\x1b[0m');
    expect(visibleLength('\x1b[1m█▸✓\x1b[0m')).toBe(3);
  });
});

describe('live facts: read from a state input or output, the same locally and in AWS', () => {
  it('every poll loop of restore-target is known, with its check, counter and the ceiling its decision reads', () => {
    // The generator's source writes each loop once (`Type: Poll`); its Decision compares the counter to a ceiling.
    const source = parse(readFileSync(join(PROJECT_ROOT, 'statemachines/source/restore-target.yml'), 'utf8'), { merge: true }) as {
      States: Record<string, { Type: string; Wait?: string; Check?: string; Counter?: string; Decision?: string; Choices?: unknown[] }>;
    };
    const loops = Object.values(source.States).filter((s) => s.Type === 'Poll');
    const expected = Object.fromEntries(
      loops.map((loop) => {
        const decision = JSON.stringify(source.States[loop.Decision!]);
        const ceiling = /\$\.ceilings\.(\w+)/.exec(decision)?.[1];
        return [loop.Wait!, { check: loop.Check!, counter: loop.Counter!.replace('$.', ''), ceiling }];
      }),
    );
    expect(POLL_LOOPS).toEqual(expected);
  });

  it('pollFacts reads the loop count and the ceiling at the Wait; drillFacts reads Check Plan\'s targets', () => {
    expect(pollFacts('Wait For Restore', { poll: { waitSeconds: 60, elapsedSeconds: 90 }, ceilings: { restoreSeconds: 21600 } })).toEqual({ elapsedSeconds: 90, ceilingSeconds: 21600 });
    expect(pollFacts('Wait For Deletions', { settle: { elapsedSeconds: 0 }, ceilings: { cleanupSeconds: 7200 } })).toEqual({ elapsedSeconds: 0, ceilingSeconds: 7200 });
    // Validation runs once against its own ceiling: its bar starts at its entry.
    expect(pollFacts('Validate Restored Resource', { ceilings: { validationSeconds: 600 } })).toEqual({ elapsedSeconds: 0, ceilingSeconds: 600 });
    expect(pollFacts('Wait For Restore', { poll: {} })).toBeUndefined();
    expect(pollFacts('Soak', { poll: { elapsedSeconds: 1 }, ceilings: {} })).toBeUndefined();
    const output = {
      preflight: {
        drill: { id: 'd1234abcd' },
        parts: [{ kind: 'restore', targetIds: ['a', 'b'] }, { kind: 'failover' }, { kind: 'restore', targetIds: ['c'] }],
        failoverItems: [{ target: { id: 'g' } }],
        dryRun: false,
      },
    };
    expect(drillFacts('Check Plan', output)).toEqual({ id: 'd1234abcd', restoreTargetIds: ['a', 'b', 'c'], failoverTargetIds: ['g'], dryRun: false });
    expect(drillFacts('Build Report', output)).toBeUndefined();
  });
});
