// The deployed drill stack, `dr-drill-<stage>` in the plan's DR region, and what the CLI needs from its outputs.
import { DescribeStacksCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ExitCode } from '../context';
import { CliProblem } from './errors';

/** Output names the stack publishes (serverless.yml `resources.Outputs`). */
export const STACK_OUTPUTS = {
  stateMachine: 'DrillStateMachineArn',
  /** Before the drill state machine was renamed from restore-drill; read when the new output is absent. */
  legacyStateMachine: 'RestoreDrillStateMachineArn',
  drillStore: 'DrillStoreBucketName',
  evidence: 'EvidenceBucketName',
  drillsTable: 'DrillsTableName',
  sweeper: 'SweeperFunctionName',
} as const;

export interface DrillStack {
  name: string;
  region: string;
  status: string;
  outputs: Record<string, string>;
}

export const stackNameFor = (stage: string) => `dr-drill-${stage}`;

export async function findDrillStack(cfn: CloudFormationClient, stage: string, region: string): Promise<DrillStack> {
  const name = stackNameFor(stage);
  let stack;
  try {
    stack = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
  } catch (error) {
    // CloudFormation says "Stack with id dr-drill-x does not exist" as a ValidationError.
    const e = error as { name?: string; message?: string };
    if (e.name !== 'ValidationError' || !/does not exist/.test(e.message ?? '')) throw error;
  }
  if (!stack) {
    throw new CliProblem(`no stack ${name} in ${region}: check --stage and --region (the plan's DR region), or deploy it with \`npx serverless deploy --stage ${stage} --region ${region}\``);
  }
  const outputs: Record<string, string> = {};
  for (const o of stack.Outputs ?? []) if (o.OutputKey && o.OutputValue) outputs[o.OutputKey] = o.OutputValue;
  return { name, region, status: stack.StackStatus ?? 'UNKNOWN', outputs };
}

/** An output the command cannot do without; its absence means a stack deployed from another version (or broken). */
export function requireOutput(stack: DrillStack, ...keys: string[]): string {
  for (const key of keys) {
    const value = stack.outputs[key];
    if (value) return value;
  }
  throw new CliProblem(
    `stack ${stack.name} in ${stack.region} (${stack.status}) has no output ${keys.join(' or ')}: deploy it from this version of dr-drill`,
    ExitCode.Problems,
  );
}

export const stateMachineOf = (stack: DrillStack) => requireOutput(stack, STACK_OUTPUTS.stateMachine, STACK_OUTPUTS.legacyStateMachine);

/** Every drill state machine the stack names: the current one first, then the pre-rename one if it is still listed. */
export function stateMachinesOf(stack: DrillStack): string[] {
  const arns = [stack.outputs[STACK_OUTPUTS.stateMachine], stack.outputs[STACK_OUTPUTS.legacyStateMachine]].filter((a): a is string => Boolean(a));
  if (arns.length === 0) stateMachineOf(stack);
  return [...new Set(arns)];
}
