// One drill per deployment at a time: the other executions of this state machine still RUNNING, asked of Step
// Functions itself (no lock to go stale when an execution is stopped by hand).
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { rethrowClassified } from '../aws/classify-error';
import type { Deps } from '../lambda/deps';

/** arn:aws:states:<region>:<account>:execution:<state machine>:<name> -> the state machine's ARN. */
export function stateMachineArnOf(executionArn: string): string {
  const parts = executionArn.split(':');
  if (parts.length < 8 || parts[5] !== 'execution') throw new Error(`not an execution ARN: ${executionArn}`);
  return [...parts.slice(0, 5), 'stateMachine', parts[6]].join(':');
}

export function runningDrills(deps: Pick<Deps, 'clients' | 'region'>) {
  return async (ownExecutionArn: string): Promise<{ executionArn: string; startedAt: string }[]> => {
    const sfn = deps.clients.get('sfn', deps.region);
    const running: { executionArn: string; startedAt: string }[] = [];
    let nextToken: string | undefined;
    try {
      do {
        const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn: stateMachineArnOf(ownExecutionArn), statusFilter: 'RUNNING', nextToken }));
        for (const e of page.executions ?? []) {
          if (e.executionArn && e.executionArn !== ownExecutionArn) {
            running.push({ executionArn: e.executionArn, startedAt: e.startDate ? new Date(e.startDate).toISOString() : 'unknown' });
          }
        }
        nextToken = page.nextToken;
      } while (nextToken);
    } catch (error) {
      rethrowClassified(error);
    }
    return running;
  };
}
