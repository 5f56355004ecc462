// A Step Functions execution ARN, read before any AWS call: a typo must not cost a round trip, and the region the
// execution lives in comes from the ARN itself, never from a default.

export interface ExecutionArn {
  arn: string;
  partition: string;
  region: string;
  account: string;
  stateMachine: string;
  name: string;
}

// Names are 1-80 characters with no whitespace or colon; a Map Run's child ARN has a "/" in the state machine part.
const EXECUTION_ARN = /^arn:(aws[a-z-]*):states:([a-z]{2}(?:-gov)?-[a-z]+-\d):(\d{12}):execution:([^:\s]{1,80}):([^:\s]{1,80})$/;

export type ParsedExecutionArn = { ok: true; value: ExecutionArn } | { ok: false; problem: string };

export function parseExecutionArn(text: string): ParsedExecutionArn {
  const match = EXECUTION_ARN.exec(text.trim());
  if (!match) {
    const hint = /:stateMachine:/.test(text)
      ? 'that is a state machine ARN; give the execution waiting for approval'
      : 'expected arn:aws:states:<region>:<account>:execution:<state machine>:<execution name>';
    return { ok: false, problem: `not a Step Functions execution ARN: ${hint}` };
  }
  const [, partition, region, account, stateMachine, name] = match as unknown as [string, string, string, string, string, string];
  return { ok: true, value: { arn: text.trim(), partition, region, account, stateMachine, name } };
}
