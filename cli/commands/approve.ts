// dr-drill approve <executionArn> [--reject]: decides the approval a failover drill waits for before it switches
// production. The execution may be the drill's own or its failover target's; the approval's task token is found in
// the execution history, so nobody has to copy a token out of a log.
import { hostname, userInfo } from 'node:os';
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import type { Command } from 'commander';
import { REGION_PATTERN } from '../../lib/plan/schema';
import { parseExecutionArn } from '../approval/execution-arn';
import { findApproval, type WaitingApproval } from '../approval/find-approval';
import { ExitCode, type CommandContext, type Output } from '../context';

export interface ApproveOptions {
  reject?: boolean;
  reason?: string;
  by?: string;
  region?: string;
}

export interface ApproveDeps {
  sfn(region: string): SFNClient;
  now(): Date;
  /** Who is running the command when --by is not given. */
  who(): string;
}

/** Step Functions caps a failure's cause at 32,768 characters; a reason is a sentence, not a file. */
const MAX_REASON = 1000;
/** SendTask* errors that mean the task is no longer waiting: decided meanwhile, timed out, or its execution ended. */
const GONE = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

export const defaultApproveDeps: ApproveDeps = {
  sfn: (region) => new SFNClient({ region }),
  now: () => new Date(),
  who: () => `${process.env.USER || userInfo().username}@${hostname()}`,
};

export function registerApprove(program: Command, ctx: CommandContext): void {
  program
    .command('approve')
    .description('approve (or --reject) a failover drill waiting for a person before it switches production')
    .argument('<executionArn>', "the drill's execution, or its failover target's child execution")
    .option('--reject', 'reject: the failover does not run and the drill records it as not run')
    .option('--reason <text>', 'why it was rejected (with --reject)')
    .option('--by <name>', 'who decides, as recorded in the drill report (default: $USER@hostname)')
    .option('--region <region>', "the execution's region (default: the one in the ARN)")
    .action(async (arn: string, options: ApproveOptions) => ctx.setExitCode(await approveCommand(arn, options, ctx.io)));
}

export async function approveCommand(arnText: string, options: ApproveOptions, io: Output, deps: ApproveDeps = defaultApproveDeps): Promise<number> {
  const usage = (message: string): number => {
    io.err(`dr-drill approve: ${message}`);
    return ExitCode.Usage;
  };
  const problem = (message: string): number => {
    io.err(`✗ ${message}`);
    return ExitCode.Problems;
  };

  // Everything that can be checked is checked before the first AWS call.
  const parsed = parseExecutionArn(arnText);
  if (!parsed.ok) return usage(parsed.problem);
  const arn = parsed.value;
  const region = options.region ?? arn.region;
  if (!REGION_PATTERN.test(region)) return usage(`--region ${region} is not an AWS region code such as eu-west-2`);
  if (options.reason !== undefined && !options.reject) return usage('--reason goes with --reject; an approval records who approved and when');
  if (options.reason !== undefined && options.reason.length > MAX_REASON) return usage(`--reason is longer than ${MAX_REASON} characters`);
  const by = (options.by ?? deps.who()).trim();
  if (!by) return usage('--by is empty: say who decides');

  const sfn = deps.sfn(region);
  let found;
  try {
    found = await findApproval(sfn, arn.arn);
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'ExecutionDoesNotExist') return problem(`no execution ${arn.arn} in ${region}`);
    if (name === 'InvalidArn') return usage(`Step Functions refused the ARN: ${(error as Error).message}`);
    throw error;
  }

  if (found.waiting.length === 0) {
    io.err(`✗ nothing is waiting for approval under ${arn.arn}:`);
    for (const n of found.notWaiting) io.err(`  ${n.executionArn}: ${n.why}`);
    return ExitCode.Problems;
  }
  if (found.waiting.length > 1) {
    io.err(`✗ ${found.waiting.length} executions are waiting for approval; give the one to decide:`);
    for (const w of found.waiting) io.err(`  ${w.executionArn}: ${w.subject}`);
    return ExitCode.Problems;
  }
  const waiting = found.waiting[0] as WaitingApproval;

  const now = deps.now().toISOString();
  try {
    if (options.reject) {
      const cause = `${options.reason ?? 'no reason given'} (rejected by ${by} at ${now})`;
      await sfn.send(new SendTaskFailureCommand({ taskToken: waiting.taskToken, error: 'DrillRejected', cause }));
    } else {
      await sfn.send(new SendTaskSuccessCommand({ taskToken: waiting.taskToken, output: JSON.stringify({ approvedBy: by, approvedAt: now }) }));
    }
  } catch (error) {
    const name = (error as { name?: string }).name ?? '';
    if (GONE.has(name)) return problem(`the approval in ${waiting.executionArn} is no longer waiting (decided meanwhile or timed out): ${name}`);
    throw error;
  }

  const verb = options.reject ? 'rejected' : 'approved';
  io.out(`✓ ${verb} by ${by} at ${now}: ${waiting.subject}`);
  io.out(`  execution ${waiting.executionArn} (waiting since ${waiting.since?.toISOString() ?? 'an unknown time'})`);
  io.out(options.reject ? '  the failover will not run; nothing is changed' : '  the failover starts now: it switches production to the DR region and back');
  return ExitCode.Ok;
}
