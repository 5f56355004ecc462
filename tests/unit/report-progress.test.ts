import { createProgressPrinter, type ProgressEvent } from '../../lib/report/progress';

const DRILL_START = Date.parse('2025-03-04T02:00:00Z');
const at = (secondsIntoDrill: number) => new Date(DRILL_START + secondsIntoDrill * 1000).toISOString();

function printer(isTTY: boolean) {
  const lines: string[] = [];
  const p = createProgressPrinter({ write: (line) => lines.push(line), isTTY, startedAt: '2025-03-04T02:00:00Z' });
  return { lines, p };
}

/** A restore polled every 30 s: RUNNING forty times, then COMPLETED. */
function restorePolls(targetId: string, fromSecond: number): ProgressEvent[] {
  const polls = Array.from({ length: 40 }, (_, i): ProgressEvent => ({
    at: at(fromSecond + i * 30),
    targetId,
    step: 'Wait For Restore',
    phase: 'started',
    detail: 'restore job RUNNING',
  }));
  return [...polls, { at: at(fromSecond + 40 * 30), targetId, step: 'Wait For Restore', phase: 'succeeded', detail: 'restore job COMPLETED' }];
}

describe('progress printer in a log (not a terminal)', () => {
  it('writes one line per event on the drill clock', () => {
    const { lines, p } = printer(false);

    p.onEvent({ at: at(0), targetId: 'patients-db', step: 'Start Copy Job', phase: 'started' });
    p.onEvent({ at: at(1), targetId: 'patients-db', step: 'Start Copy Job', phase: 'succeeded', detail: 'copy job 8F1C' });
    p.onEvent({ at: at(27 * 60 + 10), targetId: 'patients-db', step: 'Wait For Restore', phase: 'started', detail: 'restore job RUNNING' });
    p.onEvent({ at: at(65 * 60), targetId: 'patients-db', step: 'Validate', phase: 'failed', detail: 'row count 0, expected > 0' });
    p.finish();

    expect(lines).toEqual([
      '[+00:00:00] patients-db  Start Copy Job …',
      '[+00:00:01] patients-db  Start Copy Job ok (copy job 8F1C)',
      '[+00:27:10] patients-db  Wait For Restore … restore job RUNNING',
      '[+01:05:00] patients-db  Validate FAILED: row count 0, expected > 0',
    ]);
  });

  it('keeps every polling line, because a log is evidence', () => {
    const { lines, p } = printer(false);

    restorePolls('patients-db', 600).forEach((e) => p.onEvent(e));
    p.finish();

    expect(lines).toHaveLength(41);
    expect(lines[40]).toBe('[+00:30:00] patients-db  Wait For Restore ok (restore job COMPLETED)');
  });

  it('widens the target column as longer target ids appear', () => {
    const { lines, p } = printer(false);

    p.onEvent({ at: at(0), targetId: 'patients-db', step: 'Start Copy Job', phase: 'started' });
    p.onEvent({ at: at(2), targetId: 'appointments', step: 'Start Copy Job', phase: 'retrying', detail: 'ThrottlingException' });
    p.onEvent({ at: at(3), targetId: 'patients-db', step: 'Wait For Copy', phase: 'started' });

    expect(lines).toEqual([
      '[+00:00:00] patients-db  Start Copy Job …',
      '[+00:00:02] appointments  Start Copy Job retrying: ThrottlingException',
      '[+00:00:03] patients-db   Wait For Copy …',
    ]);
  });

  it('starts the clock at the first event when no start is given', () => {
    const lines: string[] = [];
    const p = createProgressPrinter({ write: (line) => lines.push(line), isTTY: false });

    p.onEvent({ at: at(100), targetId: 'docs', step: 'Start Copy Job', phase: 'started' });
    p.onEvent({ at: at(190), targetId: 'docs', step: 'Start Copy Job', phase: 'succeeded' });

    expect(lines).toEqual(['[+00:00:00] docs  Start Copy Job …', '[+00:01:30] docs  Start Copy Job ok']);
  });
});

describe('progress printer on a terminal', () => {
  it('collapses a 40-poll wait into its first line and its change of state', () => {
    const { lines, p } = printer(true);

    restorePolls('patients-db', 600).forEach((e) => p.onEvent(e));
    p.finish();

    expect(lines).toEqual([
      '[+00:10:00] patients-db  Wait For Restore … restore job RUNNING',
      '[+00:30:00] patients-db  Wait For Restore ok (restore job COMPLETED)',
      '(39 repeated polling lines not shown)',
    ]);
  });

  it('collapses each target on its own while several restore at once', () => {
    const { lines, p } = printer(true);
    const a = restorePolls('patients-db', 0);
    const b = restorePolls('appointments', 15);

    a.forEach((e, i) => {
      p.onEvent(e);
      const other = b[i];
      if (other) p.onEvent(other);
    });

    expect(lines).toEqual([
      '[+00:00:00] patients-db  Wait For Restore … restore job RUNNING',
      '[+00:00:15] appointments  Wait For Restore … restore job RUNNING',
      '[+00:20:00] patients-db   Wait For Restore ok (restore job COMPLETED)',
      '[+00:20:15] appointments  Wait For Restore ok (restore job COMPLETED)',
    ]);
  });

  it('collapses a poll loop that alternates started and ok lines', () => {
    const { lines, p } = printer(true);

    for (let i = 0; i < 10; i++) {
      p.onEvent({ at: at(i * 60), targetId: 'docs', step: 'Describe Copy Job', phase: 'started' });
      p.onEvent({ at: at(i * 60 + 1), targetId: 'docs', step: 'Describe Copy Job', phase: 'succeeded', detail: 'copy job RUNNING' });
    }
    p.onEvent({ at: at(600), targetId: 'docs', step: 'Describe Copy Job', phase: 'succeeded', detail: 'copy job COMPLETED' });
    p.finish();

    expect(lines).toEqual([
      '[+00:00:00] docs  Describe Copy Job …',
      '[+00:00:01] docs  Describe Copy Job ok (copy job RUNNING)',
      '[+00:10:00] docs  Describe Copy Job ok (copy job COMPLETED)',
      '(18 repeated polling lines not shown)',
    ]);
  });

  it('always shows retries and failures, even when they repeat', () => {
    const { lines, p } = printer(true);
    const retry: ProgressEvent = { at: at(5), targetId: 'docs', step: 'Start Restore Job', phase: 'retrying', detail: 'ThrottlingException' };

    p.onEvent(retry);
    p.onEvent({ ...retry, at: at(9) });
    p.onEvent({ ...retry, at: at(17), phase: 'failed' });
    p.finish();

    expect(lines).toEqual([
      '[+00:00:05] docs  Start Restore Job retrying: ThrottlingException',
      '[+00:00:09] docs  Start Restore Job retrying: ThrottlingException',
      '[+00:00:17] docs  Start Restore Job FAILED: ThrottlingException',
    ]);
  });
});
