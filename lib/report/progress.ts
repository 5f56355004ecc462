// Live progress for long drills: one line per state transition, timed on the drill's (possibly simulated) clock.
import { parseIso } from '../measure/durations';

export type ProgressPhase = 'started' | 'succeeded' | 'failed' | 'retrying';

export interface ProgressEvent {
  /** ISO time on the drill's clock: simulated in local runs, so elapsed time is taken from it, never from Date.now(). */
  at: string;
  targetId: string;
  /** The state's name, e.g. "Wait For Restore". */
  step: string;
  phase: ProgressPhase;
  detail?: string;
  /** At a poll's Wait (a copy or restore job, an instance): how long it has waited against the plan's ceiling. */
  poll?: PollFacts;
  /** At Check Plan's exit: the drill's id and the targets of each part (for the live view's totals). */
  drill?: DrillFacts;
}

/** Seconds, as the poll loop counts them (waits only) and as the plan's `timeouts:` cap them. */
export interface PollFacts {
  elapsedSeconds: number;
  ceilingSeconds: number;
}

export interface DrillFacts {
  id: string;
  restoreTargetIds: string[];
  failoverTargetIds: string[];
  dryRun: boolean;
}

export interface ProgressPrinterOptions {
  write(line: string): void;
  /** A person is watching: collapse repeated polling lines. Logs (non-TTY) keep every line as evidence. */
  isTTY: boolean;
  /** Zero of the `+hh:mm:ss` clock; defaults to the first event's time. */
  startedAt?: string;
}

export interface ProgressPrinter {
  onEvent(event: ProgressEvent): void;
  finish(): void;
}

function elapsed(fromMs: number, at: string): string {
  const seconds = Math.floor((parseIso(at, 'progress event') - fromMs) / 1000);
  const abs = Math.abs(seconds);
  const hh = String(Math.floor(abs / 3600)).padStart(2, '0');
  const mm = String(Math.floor((abs % 3600) / 60)).padStart(2, '0');
  const ss = String(abs % 60).padStart(2, '0');
  return `${seconds < 0 ? '-' : '+'}${hh}:${mm}:${ss}`;
}

function describe({ step, phase, detail }: ProgressEvent): string {
  switch (phase) {
    case 'started':
      return detail ? `${step} … ${detail}` : `${step} …`;
    case 'succeeded':
      return detail ? `${step} ok (${detail})` : `${step} ok`;
    case 'failed':
      return detail ? `${step} FAILED: ${detail}` : `${step} FAILED`;
    case 'retrying':
      return detail ? `${step} retrying: ${detail}` : `${step} retrying`;
  }
}

export function createProgressPrinter({ write, isTTY, startedAt }: ProgressPrinterOptions): ProgressPrinter {
  let zeroMs = startedAt === undefined ? null : parseIso(startedAt, 'progress start');
  // Grows as targets appear, so columns line up once every target has been seen; no target is ever truncated.
  let targetWidth = 0;
  const shown = new Map<string, Set<string>>();
  let collapsed = 0;

  return {
    onEvent(event) {
      zeroMs ??= parseIso(event.at, 'progress event');
      const text = describe(event);
      // A wait loop runs the same states many times (started, ok, started, ok...); on a terminal only a line not yet
      // seen for that target and state is news. Failures and retries are always news.
      const key = `${event.targetId}\u0000${event.step}`;
      const seen = shown.get(key) ?? new Set<string>();
      const routine = event.phase === 'started' || event.phase === 'succeeded';
      if (isTTY && routine && seen.has(text)) {
        collapsed += 1;
        return;
      }
      seen.add(text);
      shown.set(key, seen);
      targetWidth = Math.max(targetWidth, event.targetId.length);
      write(`[${elapsed(zeroMs, event.at)}] ${event.targetId.padEnd(targetWidth)}  ${text}`);
    },
    finish() {
      if (collapsed > 0) write(`(${collapsed} repeated polling ${collapsed === 1 ? 'line' : 'lines'} not shown)`);
      collapsed = 0;
    },
  };
}
