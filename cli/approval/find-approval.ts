// Finds the approval a failover drill is waiting for, from the execution's own history: the failover-target state
// machine's approval state is a `lambda:invoke.waitForTaskToken` task whose Payload carries the task token. The
// person may give the drill's (parent) execution: then its running child executions (started with
// `states:startExecution.sync:2`) are searched. Nothing here writes; the token is never printed (it is a capability).
import { GetExecutionHistoryCommand, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';
import { z } from 'zod';

const EXECUTION_END = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut']);
/** Events that end a scheduled task, whatever happened to it. */
const TASK_END = new Set(['TaskSucceeded', 'TaskFailed', 'TaskTimedOut', 'TaskStartFailed', 'TaskSubmitFailed']);
/** Events between TaskScheduled and the end of the task, each pointing back at the one before it. */
const TASK_MIDDLE = new Set(['TaskStarted', 'TaskSubmitted']);
/** Drill -> failover target is one level; one more in case a layer is ever added between them. */
const MAX_DEPTH = 2;

export interface WaitingApproval {
  executionArn: string;
  taskToken: string;
  since: Date | undefined;
  /** What is being approved, from the task's payload, for the person deciding. */
  subject: string;
}

export interface NotWaiting {
  executionArn: string;
  why: string;
}

export interface ApprovalSearch {
  waiting: WaitingApproval[];
  notWaiting: NotWaiting[];
}

const approvalParameters = z.object({ Payload: z.object({ taskToken: z.string().min(1), item: z.unknown().optional() }) });
const childOutput = z.object({ ExecutionArn: z.string().min(1) });
/** Just what the message needs from the FailoverItem; a payload of another shape still gets approved, described plainly. */
const itemSummary = z.object({
  target: z.object({ id: z.string(), globalClusterIdentifier: z.string(), mode: z.string() }),
  primaryRegion: z.string(),
  drRegion: z.string(),
  drill: z.object({ id: z.string(), planName: z.string() }),
});

const isApproval = (e: HistoryEvent) =>
  e.type === 'TaskScheduled' && e.taskScheduledEventDetails?.resourceType === 'lambda' && e.taskScheduledEventDetails.resource === 'invoke.waitForTaskToken';
const isChildStart = (e: HistoryEvent) =>
  e.type === 'TaskScheduled' && e.taskScheduledEventDetails?.resourceType === 'states' && /^startExecution\.sync(:2)?$/.test(e.taskScheduledEventDetails.resource ?? '');

const at = (date: Date | undefined) => (date ? date.toISOString() : 'an unknown time');

function parseJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/** Reads the history newest first, stopping at the end of the execution or at its newest approval task. */
async function readHistory(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, includeExecutionData: true, maxResults: 1000, nextToken }));
    for (const event of page.events ?? []) {
      events.push(event);
      // Everything after an approval task (already read) is all that can say whether it was decided.
      if (EXECUTION_END.has(event.type ?? '') || isApproval(event)) return events;
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/** Which TaskScheduled each task event belongs to, by following previousEventId back through the task's events. */
function scheduledIdOf(event: HistoryEvent, byId: Map<number, HistoryEvent>): number | undefined {
  let current: HistoryEvent | undefined = byId.get(event.previousEventId ?? -1);
  while (current && TASK_MIDDLE.has(current.type ?? '')) current = byId.get(current.previousEventId ?? -1);
  return current?.type === 'TaskScheduled' ? current.id : undefined;
}

function describeDecision(end: HistoryEvent): string {
  switch (end.type) {
    case 'TaskSucceeded':
      return `its approval was already given (at ${at(end.timestamp)})`;
    case 'TaskTimedOut':
      return `its approval timed out at ${at(end.timestamp)}`;
    default:
      return `its approval was already refused or failed (${end.taskFailedEventDetails?.error ?? end.type} at ${at(end.timestamp)})`;
  }
}

function describeSubject(item: unknown, executionArn: string): string {
  const parsed = itemSummary.safeParse(item);
  if (!parsed.success) return `the task waiting in ${executionArn}`;
  const { target, primaryRegion, drRegion, drill } = parsed.data;
  return `${target.mode} of global cluster ${target.globalClusterIdentifier} (${primaryRegion} -> ${drRegion}), failover target ${target.id} of drill ${drill.id} (plan ${drill.planName})`;
}

async function search(sfn: SFNClient, executionArn: string, depth: number): Promise<ApprovalSearch> {
  const events = await readHistory(sfn, executionArn);
  const newest = events[0];
  if (newest && EXECUTION_END.has(newest.type ?? '')) {
    return { waiting: [], notWaiting: [{ executionArn, why: `it has ended (${newest.type} at ${at(newest.timestamp)})` }] };
  }
  const byId = new Map(events.map((e) => [e.id ?? -1, e]));
  const ended = new Map<number, HistoryEvent>();
  const started = new Map<number, string>();
  for (const event of events) {
    const scheduledId = TASK_END.has(event.type ?? '') || event.type === 'TaskSubmitted' ? scheduledIdOf(event, byId) : undefined;
    if (scheduledId === undefined) continue;
    if (event.type === 'TaskSubmitted') {
      // startExecution.sync:2 reports the child it started in the submitted event's output.
      const child = childOutput.safeParse(parseJson(event.taskSubmittedEventDetails?.output));
      if (child.success) started.set(scheduledId, child.data.ExecutionArn);
    } else {
      ended.set(scheduledId, event);
    }
  }

  const approval = events.find(isApproval);
  if (approval) {
    const end = ended.get(approval.id ?? -1);
    if (end) return { waiting: [], notWaiting: [{ executionArn, why: describeDecision(end) }] };
    const parameters = approvalParameters.safeParse(parseJson(approval.taskScheduledEventDetails?.parameters));
    if (!parameters.success) {
      return { waiting: [], notWaiting: [{ executionArn, why: 'its waiting approval task carries no Payload.taskToken (is the state machine deployed from this version?)' }] };
    }
    const { taskToken, item } = parameters.data.Payload;
    return { waiting: [{ executionArn, taskToken, since: approval.timestamp, subject: describeSubject(item, executionArn) }], notWaiting: [] };
  }

  const running = events.filter((e) => isChildStart(e) && !ended.has(e.id ?? -1)).flatMap((e) => started.get(e.id ?? -1) ?? []);
  if (running.length === 0 || depth >= MAX_DEPTH) {
    return { waiting: [], notWaiting: [{ executionArn, why: 'it is running but no step of it is waiting for approval' }] };
  }
  const found = await Promise.all(running.map((child) => search(sfn, child, depth + 1)));
  return { waiting: found.flatMap((f) => f.waiting), notWaiting: found.flatMap((f) => f.notWaiting) };
}

/** The approvals waiting in `executionArn`, or in the executions it started; and, for the rest, why not. */
export function findApproval(sfn: SFNClient, executionArn: string): Promise<ApprovalSearch> {
  return search(sfn, executionArn, 0);
}
