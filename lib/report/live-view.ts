// The live view of a running drill: one line for the drill (its id, the part running, targets done of all, elapsed),
// then one line per target (state, elapsed, the step it is in, and a bar for a poll with a known ceiling). Fed by
// the same progress events as the plain lines (lib/report/progress.ts), from a local run or from the executions'
// histories in AWS. Pure: `LiveDrill.apply` folds events into state, `renderLiveView` turns state into lines; the
// terminal driver (cli/live-terminal.ts) only moves the cursor.
import type { ProgressEvent } from './progress';
import { POLL_LOOPS } from './live-facts';
import { painter, type Style } from './text-table';

export type TargetState = 'queued' | 'running' | 'retrying' | 'failing' | 'passed' | 'failed' | 'ended';

export interface LiveTarget {
  id: string;
  part: 'restore' | 'failover' | undefined;
  state: TargetState;
  step?: string;
  /** What the step last learned ("RUNNING"), or the verdict once the target has ended. */
  detail?: string;
  firstMs?: number;
  endMs?: number;
  /** The poll (or timed step) the target is in: since when it has waited, against which ceiling. */
  poll?: { wait: string; sinceMs: number; ceilingSeconds: number };
}

/** The steps that end a target's drill with its verdict in their detail. */
const VERDICT_STEPS = new Set(['Evaluate Target', 'Evaluate Failover']);

export class LiveDrill {
  drillId: string | undefined;
  startedMs: number | undefined;
  /** The newest event time seen: "now" on a simulated clock, which moves only through events. */
  lastMs: number | undefined;
  /** What the drill is doing: a part ("restore", "failover") or one of its own steps ("Build Report"). */
  part: string | undefined;
  dryRun = false;
  /** The drill's own failure, if a step of its own failed. */
  failure: string | undefined;
  readonly targets = new Map<string, LiveTarget>();

  constructor(init: { drillId?: string; startedAt?: string } = {}) {
    this.drillId = init.drillId;
    if (init.startedAt) this.startedMs = Date.parse(init.startedAt);
  }

  /** Targets known before they start (from the plan, or Check Plan's output), so "done of all" counts them. */
  declare(restore: readonly string[], failover: readonly string[] = []): void {
    for (const id of restore) this.target(id, 'restore');
    for (const id of failover) this.target(id, 'failover');
  }

  apply(event: ProgressEvent): void {
    const at = Date.parse(event.at);
    this.startedMs ??= at;
    this.lastMs = Math.max(this.lastMs ?? at, at);
    if (event.drill) {
      this.drillId = event.drill.id;
      this.dryRun = event.drill.dryRun;
      this.declare(event.drill.restoreTargetIds, event.drill.failoverTargetIds);
    }
    if (event.targetId === 'drill') {
      this.part = event.step;
      if (event.phase === 'failed') this.failure = `${event.step}: ${event.detail ?? 'failed'}`;
      return;
    }
    const target = this.target(event.targetId);
    target.firstMs ??= at;
    this.part = target.part ?? 'targets';
    if (target.endMs !== undefined && event.step !== 'Execution') return;
    switch (event.phase) {
      case 'started': {
        if (target.state !== 'failing') target.state = 'running';
        const samePoll = target.poll !== undefined && (event.step === target.poll.wait || event.step === POLL_LOOPS[target.poll.wait]?.check);
        // Within a poll the status its check last saw ("RUNNING") stays news until the next look.
        if (!samePoll) target.detail = undefined;
        if (event.detail !== undefined) target.detail = event.detail;
        target.step = event.step;
        if (event.poll) {
          // The loop's count is of waits already done: it began that long before this Wait.
          const sinceMs = samePoll ? target.poll!.sinceMs : at - event.poll.elapsedSeconds * 1000;
          target.poll = { wait: event.step, sinceMs, ceilingSeconds: event.poll.ceilingSeconds };
        } else if (!samePoll) {
          target.poll = undefined;
        }
        return;
      }
      case 'succeeded':
        if (VERDICT_STEPS.has(event.step)) return this.end(target, at, event.detail);
        // A Wait's exit says nothing: the status the poll's check saw stays.
        if (event.detail !== undefined) target.detail = event.detail;
        if (target.state === 'retrying') target.state = 'running';
        return;
      case 'retrying':
        target.step = event.step;
        target.detail = event.detail;
        if (target.state !== 'failing') target.state = 'retrying';
        return;
      case 'failed':
        target.step = event.step;
        target.detail = event.detail;
        target.poll = undefined;
        // A failed step is caught and the target cleans up; only its execution failing ends it.
        if (event.step === 'Execution') this.end(target, at, event.detail, 'failed');
        else target.state = 'failing';
        return;
    }
  }

  private end(target: LiveTarget, at: number, verdict: string | undefined, state?: TargetState): void {
    // A failover refused before it changed anything is NOT_RUN: ended, neither passed nor failed.
    target.state = state ?? (verdict === 'PASSED' ? 'passed' : verdict === 'FAILED' ? 'failed' : 'ended');
    target.detail = verdict;
    target.endMs = at;
    target.poll = undefined;
  }

  private target(id: string, part?: LiveTarget['part']): LiveTarget {
    let target = this.targets.get(id);
    if (!target) {
      target = { id, part, state: 'queued' };
      this.targets.set(id, target);
    }
    target.part ??= part;
    return target;
  }
}

export interface RenderOptions {
  nowMs: number;
  /** The terminal's size: no line is longer than columns - 1 (never wraps), no more lines than rows - 1. */
  columns: number;
  rows: number;
  color: boolean;
}

const MARK: Record<TargetState, { mark: string; word: string; style?: Style }> = {
  queued: { mark: '·', word: 'queued' },
  running: { mark: '▸', word: 'running' },
  retrying: { mark: '↻', word: 'retrying', style: 'yellow' },
  failing: { mark: '✗', word: 'failing', style: 'red' },
  passed: { mark: '✓', word: 'passed', style: 'green' },
  failed: { mark: '✗', word: 'FAILED', style: 'red' },
  ended: { mark: '–', word: 'ended', style: 'yellow' },
};
const WORD_WIDTH = Math.max(...Object.values(MARK).map((m) => m.word.length));
/** Shown first when not every target fits: what a person must see. */
const URGENCY: Record<TargetState, number> = { failed: 0, failing: 0, retrying: 1, running: 1, queued: 2, passed: 2, ended: 2 };
export const BAR_WIDTH = 20;
/** Target ids longer than this are cut in the id column: the step matters more. */
const ID_WIDTH_MAX = 32;

/** h:mm:ss, the drill's and a target's elapsed time. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** A short duration for a bar's scale: 45s, 12m, 1h05m, 6h. */
export function short(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  return m % 60 === 0 ? `${h}h` : `${h}h${String(m % 60).padStart(2, '0')}m`;
}

/** `████░░░░ 12m of 3h`: the share of the ceiling a poll has used, full (never past) when it is reached. */
export function bar(elapsedSeconds: number, ceilingSeconds: number, width = BAR_WIDTH): string {
  const share = Math.min(1, Math.max(0, elapsedSeconds / ceilingSeconds));
  const filled = Math.round(share * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${short(elapsedSeconds)} of ${short(ceilingSeconds)}`;
}

// Built from a string: a control character in a regex literal reads as a mistake (no-control-regex).
const ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'y');

/** The line without its escape codes: what a person sees. */
export function plain(line: string): string {
  return line.replace(new RegExp(ESCAPE.source, 'g'), '');
}

/** Visible characters (escape codes are not), one column each: the view draws no wide characters. */
export function visibleLength(line: string): number {
  return [...plain(line)].length;
}

/** Cuts a line to `width` visible columns, ending it with "…"; escape codes kept, colour reset after a cut. */
export function truncate(line: string, width: number): string {
  if (visibleLength(line) <= width) return line;
  if (width <= 0) return '';
  let out = '';
  let shown = 0;
  let i = 0;
  while (i < line.length && shown < width - 1) {
    ESCAPE.lastIndex = i;
    const code = ESCAPE.exec(line);
    if (code) {
      out += code[0];
      i += code[0].length;
      continue;
    }
    const char = String.fromCodePoint(line.codePointAt(i)!);
    out += char;
    i += char.length;
    shown += 1;
  }
  return `${out}…${line.includes('\x1b[') ? '\x1b[0m' : ''}`;
}

/** Narrower than this, a bar says nothing: the durations alone are shown. */
const BAR_MIN = 5;

/** The step and what it saw; for a poll, a bar as wide as the `room` left allows (at most BAR_WIDTH). */
function stepText(t: LiveTarget, nowMs: number, room: number): string {
  // An ended target's state is its verdict; only an execution that ended on its own, or a verdict other than
  // PASSED / FAILED (a failover NOT_RUN), has more to say.
  if (t.endMs !== undefined) return t.step === 'Execution' ? `execution ended: ${t.detail ?? ''}` : t.state === 'ended' ? (t.detail ?? '') : '';
  if (!t.step) return '';
  const detail = t.detail ? ` (${t.detail})` : '';
  if (t.poll) {
    const head = `${t.poll.wait}${detail}  `;
    const elapsed = (nowMs - t.poll.sinceMs) / 1000;
    const numbers = ` ${short(elapsed)} of ${short(t.poll.ceilingSeconds)}`;
    const width = Math.min(BAR_WIDTH, room - visibleLength(head) - visibleLength(numbers));
    return width >= BAR_MIN ? `${head}${bar(elapsed, t.poll.ceilingSeconds, width)}` : `${head}${numbers.trimStart()}`;
  }
  return `${t.step}${detail}`;
}

function countsOf(targets: readonly LiveTarget[]): string {
  const counts = new Map<TargetState, number>();
  for (const t of targets) counts.set(t.state, (counts.get(t.state) ?? 0) + 1);
  const order: TargetState[] = ['failed', 'failing', 'retrying', 'running', 'queued', 'passed', 'ended'];
  return order.filter((s) => counts.get(s)).map((s) => `${counts.get(s)} ${MARK[s].word.toLowerCase()}`).join(', ');
}

export function renderLiveView(view: LiveDrill, { nowMs, columns, rows, color }: RenderOptions): string[] {
  const paint = painter(color);
  const width = Math.max(1, columns - 1);
  const targets = [...view.targets.values()];
  const done = targets.filter((t) => t.endMs !== undefined);
  const failed = done.filter((t) => t.state === 'failed').length;
  const elapsed = view.startedMs === undefined ? '' : `  ${clock(Math.max(0, nowMs - view.startedMs))}`;
  const part = view.dryRun ? 'dry run' : (view.part ?? 'starting');
  const failures = failed ? paint(` (${failed} failed)`, 'red') : '';
  const drillFailure = view.failure ? paint(`  ${view.failure}`, 'red') : '';
  const head = `${paint(`drill ${view.drillId ?? '…'}`, 'bold')}  ${part}  ${done.length}/${targets.length} targets done${failures}${elapsed}${drillFailure}`;

  // The header, then as many target lines as fit with one row to spare, so the block never scrolls the terminal.
  const room = Math.max(1, rows - 2);
  let shown = targets;
  let rest: LiveTarget[] = [];
  if (targets.length > room) {
    // Failed, then running targets, in plan order; rows left over go to the targets that ended last, then the queue.
    const ranked = targets
      .map((t, i) => ({ t, i }))
      .sort((a, b) => URGENCY[a.t.state] - URGENCY[b.t.state] || (b.t.endMs ?? -Infinity) - (a.t.endMs ?? -Infinity) || a.i - b.i);
    const keep = new Set(ranked.slice(0, room - 1).map(({ t }) => t));
    shown = targets.filter((t) => keep.has(t));
    rest = targets.filter((t) => !keep.has(t));
  }
  const idWidth = Math.min(ID_WIDTH_MAX, Math.max(0, ...shown.map((t) => t.id.length)));
  const lines = shown.map((t) => {
    const { mark, word, style } = MARK[t.state];
    const since = t.firstMs === undefined ? '' : clock((t.endMs ?? nowMs) - t.firstMs);
    const id = t.id.length > idWidth ? `${t.id.slice(0, idWidth - 1)}…` : t.id.padEnd(idWidth);
    const prefix = `${paint(mark, style)} ${id}  ${paint(word.padEnd(WORD_WIDTH), style)}  ${since.padStart(7)}  `;
    return `${prefix}${stepText(t, nowMs, width - visibleLength(prefix))}`.trimEnd();
  });
  if (rest.length) lines.push(`… ${rest.length} more: ${countsOf(rest)}`);
  return [head, ...lines].map((line) => truncate(line, width));
}
