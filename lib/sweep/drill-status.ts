// What Step Functions says about the drill that tagged a resource: still running (and since when), ended, or no
// longer known. Asked once per execution, however many resources it left.
import { DescribeExecutionCommand, GetExecutionHistoryCommand, type GetExecutionHistoryCommandOutput } from '@aws-sdk/client-sfn';
import { rethrowClassified } from '../aws/classify-error';
import type { Deps } from '../lambda/deps';

export type DrillExecution = { status: 'RUNNING' | 'ENDED'; detail: string; startDate: Date } | { status: 'MISSING'; detail: string };

const MISSING = new Set(['ExecutionDoesNotExist', 'InvalidArn']);

export async function describeDrillExecution(deps: Pick<Deps, 'clients' | 'region'>, executionArn: string): Promise<DrillExecution> {
  try {
    const out = await deps.clients.get('sfn', deps.region).send(new DescribeExecutionCommand({ executionArn }));
    const startDate = out.startDate ?? new Date(0);
    return out.status === 'RUNNING' ? { status: 'RUNNING', detail: 'RUNNING', startDate } : { status: 'ENDED', detail: out.status ?? 'UNKNOWN', startDate };
  } catch (error) {
    // Step Functions forgets a closed execution after 90 days, and every execution of a deleted state machine.
    if (MISSING.has((error as Error).name)) return { status: 'MISSING', detail: (error as Error).name };
    rethrowClassified(error);
  }
}

/**
 * The drill's own states that tell people how it ended are all named "Notify ..." (Notify, Notify Refusal, Notify Not
 * Started, Notify No Report, Notify Without Evidence, Notify Directly); a drill that passed one of them has notified.
 */
export const isNotifyState = (name: string): boolean => name === 'Notify' || name.startsWith('Notify ');

/** History pages read at most: the notification is among the last events, which reverse order reads first. */
const MAX_PAGES = 10;

/**
 * Did the execution publish its own notification? Newest first: a Notify* state's exit, then (further back) its
 * task's outcome. A crash or a stop before that leaves no such pair, and neither does a notification that failed.
 */
export async function drillHasNotified(deps: Pick<Deps, 'clients' | 'region'>, executionArn: string): Promise<boolean> {
  const sfn = deps.clients.get('sfn', deps.region);
  let token: string | undefined;
  let exitedNotify = false;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    let out: GetExecutionHistoryCommandOutput;
    try {
      out = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1000, nextToken: token, includeExecutionData: false }));
    } catch (error) {
      rethrowClassified(error);
    }
    for (const event of out.events ?? []) {
      if (event.type === 'TaskStateExited' && isNotifyState(event.stateExitedEventDetails?.name ?? '')) exitedNotify = true;
      else if (exitedNotify && event.type === 'TaskSucceeded') return true;
      else if (exitedNotify && (event.type === 'TaskFailed' || event.type === 'TaskTimedOut')) exitedNotify = false;
    }
    token = out.nextToken;
    if (!token) break;
  }
  return false;
}
