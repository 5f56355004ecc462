// Turns one execution's history events into the progress lines a person watches (lib/report/progress.ts), as a local
// run prints them: Task and Wait states only (Pass, Choice and Map are bookkeeping), "started" when a state is
// entered, "ok" with what it learned when it exits, "retrying" or "FAILED" when an attempt fails. Whether a failed
// attempt is retried is known only from the event after it (another TaskScheduled), so a failure waits for that.
// It also collects the child executions the drill starts (startExecution.sync:2) and notices the execution's end.
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { ProgressEvent } from '../../lib/report/progress';
import { stepDetail } from '../../lib/report/step-detail';
import { drillFacts, pollFacts } from '../../lib/report/live-facts';

const SHOWN_ENTERED = new Set(['TaskStateEntered', 'WaitStateEntered']);
const SHOWN_EXITED = new Set(['TaskStateExited', 'WaitStateExited']);
const ATTEMPT_FAILED = new Set([
  'TaskFailed',
  'TaskTimedOut',
  'TaskStartFailed',
  'TaskSubmitFailed',
  'LambdaFunctionFailed',
  'LambdaFunctionTimedOut',
  'LambdaFunctionStartFailed',
  'LambdaFunctionScheduleFailed',
]);
const ATTEMPT_SCHEDULED = new Set(['TaskScheduled', 'LambdaFunctionScheduled']);
export const EXECUTION_END = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut']);
/** The parent's per-target tasks: their children's own steps are shown instead (unless starting one fails). */
const CHILD_STARTING_STEPS = new Set(['Drill One Target', 'Fail Over One Target']);

type Obj = Record<string, unknown>;

export function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The target a child execution drills: restore-target's input has `targetId`, failover-target's `item.target.id`. */
export function targetIdOfInput(input: unknown): string | undefined {
  const o = (input ?? {}) as Obj;
  if (typeof o.targetId === 'string') return o.targetId;
  const id = ((o.item as Obj | undefined)?.target as Obj | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

/** The error and cause of an event that ended something, whichever details member carries them. */
export function errorOf(event: HistoryEvent): { error?: string; cause?: string } {
  const d =
    event.taskFailedEventDetails ??
    event.taskTimedOutEventDetails ??
    event.taskStartFailedEventDetails ??
    event.taskSubmitFailedEventDetails ??
    event.lambdaFunctionFailedEventDetails ??
    event.lambdaFunctionTimedOutEventDetails ??
    event.lambdaFunctionStartFailedEventDetails ??
    event.lambdaFunctionScheduleFailedEventDetails ??
    event.executionFailedEventDetails ??
    event.executionAbortedEventDetails ??
    event.executionTimedOutEventDetails;
  return { error: d?.error, cause: d?.cause };
}

/**
 * A cause as a person reads it. A Lambda's error reaches the history as JSON ({errorType, errorMessage, trace}):
 * the message is the news, the stack trace is not.
 */
export function readableCause(cause: string | undefined): string {
  const parsed = parseJson(cause) as { errorMessage?: unknown } | undefined;
  const text = parsed && typeof parsed === 'object' && typeof parsed.errorMessage === 'string' ? parsed.errorMessage : (cause ?? '');
  return text.replace(/\s+/g, ' ').trim();
}

function describeError(event: HistoryEvent): string {
  const { error, cause } = errorOf(event);
  const oneLine = readableCause(cause);
  return `${error ?? event.type ?? 'error'}${oneLine ? `: ${oneLine.slice(0, 160)}` : ''}`;
}

interface StateRef {
  name: string;
  enteredId: number;
}

export class ExecutionProgress {
  /** Who the lines are about: the child's target id once its input is read, "drill" for the drill itself. */
  targetId: string;
  startedAt: string | undefined;
  end: HistoryEvent | undefined;
  /** Child executions found so far, in the order they were started. */
  readonly children: string[] = [];

  private readonly stateOf = new Map<number, StateRef>();
  /** States whose last attempt failed: their exit (a Catch routing on) is not an "ok". */
  private readonly failedStates = new Set<number>();
  /** Failed attempts not yet known to be retried or not, by the failure event's id. */
  private readonly pending = new Map<number, Omit<ProgressEvent, 'phase'> & { enteredId: number }>();

  constructor(
    defaultTargetId: string,
    private readonly isChild: boolean,
  ) {
    this.targetId = defaultTargetId;
  }

  take(events: readonly HistoryEvent[]): ProgressEvent[] {
    const out: ProgressEvent[] = [];
    for (const event of events) this.takeOne(event, out);
    return out;
  }

  /** Failures still waiting for the next event, reported as failures (the execution ended, or the caller stops). */
  flush(): ProgressEvent[] {
    const out = [...this.pending.values()].map(({ enteredId, ...p }) => {
      this.failedStates.add(enteredId);
      return { ...p, phase: 'failed' as const };
    });
    this.pending.clear();
    return out;
  }

  private takeOne(event: HistoryEvent, out: ProgressEvent[]): void {
    const id = event.id ?? 0;
    const type = event.type ?? '';
    const at = (event.timestamp ?? new Date(0)).toISOString();

    if (type === 'ExecutionStarted') {
      this.startedAt = at;
      const target = targetIdOfInput(parseJson(event.executionStartedEventDetails?.input));
      if (target && this.isChild) this.targetId = target;
    }

    // Which state each event belongs to: a state's events point back, one by one, at its *StateEntered.
    const entered = type.endsWith('StateEntered') ? { name: event.stateEnteredEventDetails?.name ?? '?', enteredId: id } : undefined;
    const state = entered ?? this.stateOf.get(event.previousEventId ?? -1);
    if (state) this.stateOf.set(id, state);

    const waiting = this.pending.get(event.previousEventId ?? -1);
    if (waiting) {
      this.pending.delete(event.previousEventId ?? -1);
      const { enteredId, ...p } = waiting;
      const retried = ATTEMPT_SCHEDULED.has(type);
      if (retried) this.failedStates.delete(enteredId);
      else this.failedStates.add(enteredId);
      out.push({ ...p, phase: retried ? 'retrying' : 'failed' });
    }

    if (SHOWN_ENTERED.has(type) && entered && !CHILD_STARTING_STEPS.has(entered.name)) {
      const poll = pollFacts(entered.name, parseJson(event.stateEnteredEventDetails?.input));
      out.push({ at, targetId: this.targetId, step: entered.name, phase: 'started', ...(poll ? { poll } : {}) });
    } else if (ATTEMPT_FAILED.has(type) && state) {
      this.pending.set(id, { at, targetId: this.targetId, step: state.name, detail: describeError(event), enteredId: state.enteredId });
    } else if (SHOWN_EXITED.has(type) && state) {
      const name = event.stateExitedEventDetails?.name ?? state.name;
      if (!this.failedStates.delete(state.enteredId) && !CHILD_STARTING_STEPS.has(name)) {
        const output = parseJson(event.stateExitedEventDetails?.output);
        const drill = drillFacts(name, output);
        out.push({ at, targetId: this.targetId, step: name, phase: 'succeeded', detail: stepDetail(name, output), ...(drill ? { drill } : {}) });
      }
    } else if ((type === 'TaskSubmitted' || type === 'TaskSucceeded') && this.isChildStart(event)) {
      const output = parseJson(event.taskSubmittedEventDetails?.output ?? event.taskSucceededEventDetails?.output) as Obj | undefined;
      const child = output?.ExecutionArn;
      if (typeof child === 'string' && !this.children.includes(child)) this.children.push(child);
    } else if (EXECUTION_END.has(type)) {
      this.end = event;
      out.push(...this.flush());
      // A child that ended without its evaluation (a bug, a timeout, an abort) says so; the drill's own end is the verdict.
      if (this.isChild && type !== 'ExecutionSucceeded') out.push({ at, targetId: this.targetId, step: 'Execution', phase: 'failed', detail: describeError(event) });
    }
  }

  private isChildStart(event: HistoryEvent): boolean {
    const d = event.taskSubmittedEventDetails ?? event.taskSucceededEventDetails;
    return d?.resourceType === 'states' && /^startExecution\.sync/.test(d.resource ?? '');
  }
}
