// dr-drill start --stage <s>: starts a drill of the deployed plan in AWS (the drill state machine of the stack
// dr-drill-<stage>), prints its execution ARN and what to run next; with --wait, follows it like `dr-drill status`.
import { StartExecutionCommand, GetExecutionHistoryCommand, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';
import type { Command } from 'commander';
import type { DrillInput } from '../../lib/drill/input';
import { drillIdFor } from '../../lib/drill/names';
import { ExitCode, type CommandContext, type Output } from '../context';
import { defaultAwsCliDeps, type AwsCliDeps } from '../aws/deps';
import { describeEnd, endOfEvent } from '../aws/drill-outcome';
import { explainingAwsErrors } from '../aws/errors';
import { EXECUTION_END } from '../aws/history-progress';
import { checkStage, resolveRegion } from '../aws/region';
import { findDrillStack, stateMachineOf } from '../aws/stack';
import { watchDrill } from './status';

export interface StartOptions {
  stage?: string;
  region?: string;
  only?: string[];
  dryRun?: boolean;
  skipFailover?: boolean;
  approve?: boolean;
  wait?: boolean;
  /** `--no-live` makes this false: with --wait, plain lines even on a terminal. */
  live?: boolean;
}

// The plan's target id rule (lib/plan/schema.ts), checked here so a typo costs no execution.
const TARGET_ID = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,39}$/;
/** A refusal (a drill already running, a plan refused) ends the execution within its first state; wait that long. */
const REFUSAL_CHECKS = 8;
const REFUSAL_CHECK_MS = 1000;

export function registerStart(program: Command, ctx: CommandContext): void {
  program
    .command('start')
    .description('start a drill of the deployed plan in AWS (stack dr-drill-<stage>) and print how to follow it')
    .requiredOption('--stage <stage>', 'the stage the drill stack was deployed with')
    .option('--region <region>', "the stack's region, the plan's DR region (default: AWS_REGION, then AWS_DEFAULT_REGION)")
    .option('--only <target...>', 'drill only these targets (restore or failover target ids)')
    .option('--dry-run', 'check the whole plan against the account and say what a drill would do; create and change nothing')
    .option('--skip-failover', 'run the restore drill only, not the failover drill')
    .option('--approve', 'approve the failover now, as $USER@hostname: the drill will not wait for `dr-drill approve`')
    .option('--wait', 'follow the drill until it ends, as `dr-drill status` does (exit 0 only if it passed)')
    .option('--no-live', 'with --wait, print progress as plain lines instead of the live view on a terminal')
    .action(async (options: StartOptions) => ctx.setExitCode(await startCommand(options, ctx.io, { ...defaultAwsCliDeps(), terminal: ctx.terminal })));
}

/** Step Functions execution names: 1-80 characters; letters, digits, "-" and "_" also keep CloudWatch happy. */
export function executionNameFor(now: Date, user: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '');
  const safeUser = user.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'unknown';
  return `cli-${stamp}-${safeUser}`.slice(0, 80).replace(/-+$/, '');
}

/** The drill state machine's input (lib/drill/input.ts); `{}` plus the trigger runs the deployed plan. */
export function drillInputFor(options: StartOptions, who: string): DrillInput {
  const by = who.slice(0, 200);
  return {
    ...(options.only?.length ? { only: options.only } : {}),
    ...(options.dryRun ? { dryRun: true } : {}),
    ...(options.skipFailover ? { skipFailover: true } : {}),
    ...(options.approve ? { approvedBy: by } : {}),
    trigger: { kind: 'cli', by },
  };
}

export async function startCommand(options: StartOptions, io: Output, deps: AwsCliDeps = defaultAwsCliDeps()): Promise<number> {
  const usage = (message: string) => (io.err(`dr-drill start: ${message}`), ExitCode.Usage);
  const stage = checkStage(options.stage);
  if (!stage.ok) return usage(stage.problem);
  const region = resolveRegion(options.region, deps.env);
  if (!region.ok) return usage(region.problem);
  const badIds = (options.only ?? []).filter((id) => !TARGET_ID.test(id));
  if (badIds.length) return usage(`--only ${badIds.join(', ')}: not a target id (a-z, 0-9 and single "-", starting with a letter)`);
  if (options.approve && (options.dryRun || options.skipFailover)) {
    return usage(`--approve approves a failover; with ${options.dryRun ? '--dry-run' : '--skip-failover'} none runs`);
  }

  return explainingAwsErrors('start', io, async () => {
    const stack = await findDrillStack(deps.cfn(region.value), stage.value, region.value);
    const stateMachineArn = stateMachineOf(stack);
    const { user, host } = deps.who();
    const input = drillInputFor(options, `${user}@${host}`);
    const sfn = deps.sfn(region.value);
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: executionNameFor(deps.now(), user), input: JSON.stringify(input) }));
    const arn = started.executionArn as string;
    const drillId = drillIdFor(arn);
    const what = options.dryRun ? 'dry run' : 'drill';
    io.out(`✓ started ${what} ${drillId} of stack ${stack.name} (${region.value})${options.only?.length ? `, targets ${options.only.join(', ')}` : ''}`);
    io.out(`  execution ${arn}`);

    if (options.wait) {
      io.out('');
      return watchDrill(arn, { sfn, region: region.value, stage: stage.value, live: options.live }, io, deps);
    }
    const refused = await endedAtOnce(sfn, arn, deps.sleep);
    if (refused) {
      const outcome = describeEnd(endOfEvent(refused), drillId);
      for (const line of outcome.lines) io.out(line);
      return outcome.exitCode;
    }
    io.out('Next:');
    io.out(`  dr-drill status ${arn}    # follow it until it ends`);
    if (!options.approve && !options.dryRun && !options.skipFailover) {
      io.out(`  dr-drill approve ${arn}   # when the failover waits for approval`);
    }
    io.out(`  dr-drill report ${arn} --stage ${stage.value}   # the report, once it ends`);
    return ExitCode.Ok;
  });
}

/**
 * The execution's end if it ended within its first state: a drill already running, or a plan refused, ends it at
 * once. Stops looking as soon as its first task has succeeded (the drill is under way) or after a few seconds.
 */
async function endedAtOnce(sfn: SFNClient, executionArn: string, sleep: (ms: number) => Promise<void>): Promise<HistoryEvent | undefined> {
  for (let i = 0; i < REFUSAL_CHECKS; i++) {
    await sleep(REFUSAL_CHECK_MS);
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, includeExecutionData: true, maxResults: 100 }));
    const end = events.find((e) => EXECUTION_END.has(e.type ?? ''));
    if (end) return end;
    // A first task (Check Plan) that succeeded means the drill is under way; one whose failure was caught is a
    // refusal on its way to the end (it notifies first).
    const firstExit = events.find((e) => e.type === 'TaskStateExited');
    if (firstExit && events.find((e) => e.id === firstExit.previousEventId)?.type === 'TaskSucceeded') return undefined;
  }
  return undefined;
}
