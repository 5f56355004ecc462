// Request Approval: the failover drill is about to switch production and waits (waitForTaskToken) for a person.
// This says what will happen, how to approve, and by when. The task token is never logged: it is a capability to
// approve, and logs are read by more people than may act on an execution.
import { z } from 'zod';
import { failoverItemSchema, type FailoverItem } from '../../lib/failover/contracts';
import { parsePayload } from '../../lib/lambda/parse';
import type { Deps } from '../../lib/lambda/deps';

const eventSchema = z.object({ item: failoverItemSchema, taskToken: z.string().min(1), executionArn: z.string().min(1) });

export interface ApprovalRequest {
  targetId: string;
  globalClusterIdentifier: string;
  executionArn: string;
  /** The exact command that approves: `dr-drill approve <executionArn>`. */
  command: string;
  /** After this the drill ends with nothing changed (the task's timeout). */
  deadline: string;
  /** One paragraph a person can act on. */
  message: string;
}

/**
 * Where an approval request is announced. The log is the only one today; the SNS notification (issue 5) is another
 * notifier handed in by the handler, so this use case does not change when it comes.
 */
export type ApprovalNotifier = (request: ApprovalRequest) => Promise<void>;

export async function requestApproval(event: unknown, deps: Pick<Deps, 'now'>, notifiers: readonly ApprovalNotifier[]): Promise<Record<string, never>> {
  const { item, executionArn } = parsePayload(eventSchema, event, 'Request Approval');
  const request = approvalRequest(item, executionArn, deps.now());
  for (const notify of notifiers) await notify(request);
  return {};
}

export function approvalRequest(item: FailoverItem, executionArn: string, now: Date): ApprovalRequest {
  const { target, settings } = item;
  const command = `dr-drill approve ${executionArn}`;
  const deadline = new Date(now.getTime() + settings.approvalTimeoutSeconds * 1000).toISOString();
  const how = target.mode === 'failover' ? 'a failover with data loss allowed (FailoverGlobalCluster)' : 'a planned switchover (no data loss)';
  const message =
    `Approval needed: drill ${item.drill.id} (plan ${item.drill.planName}) will switch the PRODUCTION Aurora global database ` +
    `${target.globalClusterIdentifier} from ${item.primaryRegion} to ${item.drRegion} by ${how}, soak there, and switch back; ` +
    `patients may see up to ${item.objectives.rtoSeconds} s of downtime each way. ` +
    `To approve, run: ${command} . If nobody approves by ${deadline}, the drill ends and nothing is changed.`;
  return { targetId: target.id, globalClusterIdentifier: target.globalClusterIdentifier, executionArn, command, deadline, message };
}

/** Announces the request in the function's log (CloudWatch Logs), where `dr-drill` and the console show it. */
export function logNotifier(log: { info(message: string, extra: Record<string, unknown>): void }): ApprovalNotifier {
  return async (request) => {
    log.info(request.message, {
      approval: { targetId: request.targetId, executionArn: request.executionArn, command: request.command, deadline: request.deadline },
    });
  };
}
