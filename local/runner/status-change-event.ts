// The EventBridge event AWS sends when an execution ends ("Step Functions Execution Status Change", source
// aws.states; dates in epoch milliseconds), built from a local execution so local runs deliver what AWS would.
import type { ExecutionRecord } from './engine';

export function statusChangeEvent(execution: ExecutionRecord, accountId: string, region: string): Record<string, unknown> {
  const stateMachineArn = execution.arn.replace(':execution:', ':stateMachine:').replace(/:[^:]+$/, '');
  return {
    version: '0',
    id: `local-${execution.name}-${execution.status}`,
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account: accountId,
    time: (execution.stoppedAt ?? execution.startedAt).replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [execution.arn],
    detail: {
      executionArn: execution.arn,
      stateMachineArn,
      name: execution.name,
      status: execution.status,
      startDate: Date.parse(execution.startedAt),
      stopDate: execution.stoppedAt ? Date.parse(execution.stoppedAt) : null,
      input: JSON.stringify(execution.input),
      output: execution.output === null ? null : JSON.stringify(execution.output),
      inputDetails: { included: true },
      outputDetails: execution.output === null ? null : { included: true },
      error: execution.error?.Error ?? null,
      cause: execution.error?.Cause ?? null,
    },
  };
}
