// dr-drill status <executionArn|drillId>: follows a drill running in AWS, one line per target and step as a local
// run prints them, read from the execution history of the drill and of its child executions; ends with the verdict
// and headline. Exit 0 only when the drill passed. --once prints what has happened so far and exits.
import type { Command } from 'commander';
import { createProgressPrinter, type ProgressPrinter } from '../../lib/report/progress';
import { ExitCode, type CommandContext, type Output } from '../context';
import { defaultAwsCliDeps, type AwsCliDeps } from '../aws/deps';
import { describeEnd, endOfEvent } from '../aws/drill-outcome';
import { findExecutionOfDrill, parseDrillRef } from '../aws/drill-ref';
import { CliProblem, explainingAwsErrors } from '../aws/errors';
import { DrillFollower, followDrill } from '../aws/follow-drill';
import { checkStage, resolveRegion } from '../aws/region';
import { findDrillStack, stateMachinesOf } from '../aws/stack';
import { drillIdFor } from '../../lib/drill/names';
import { LiveDrill } from '../../lib/report/live-view';
import { useColor } from '../color';
import { createLiveProgress, type LiveProgress } from '../live-progress';
import { defaultInterrupt, useLiveView } from '../live-terminal';

/** The failover-target state that waits for `dr-drill approve` (statemachines/failover-target.asl.yml). */
const APPROVAL_STEP = 'Wait For Approval';

export interface StatusOptions {
  stage?: string;
  region?: string;
  once?: boolean;
  /** `--no-live` makes this false: plain lines even on a terminal. */
  live?: boolean;
}

export function registerStatus(program: Command, ctx: CommandContext): void {
  program
    .command('status')
    .description('follow a drill running in AWS until it ends: progress per target and step, then the verdict (exit 0 only if it passed)')
    .argument('<drill>', 'the execution ARN `dr-drill start` printed, or the drill id (d + 8 hex digits; needs --stage)')
    .option('--stage <stage>', 'the stage of the drill stack dr-drill-<stage> (to find a drill by its id)')
    .option('--region <region>', "the stack's region (default: the one in the ARN, else AWS_REGION)")
    .option('--once', 'print what has happened so far and exit (exit 1 while it is still running)')
    .option('--no-live', 'on a terminal, print progress as plain lines instead of the live view (as when piped or in CI)')
    .action(async (drill: string, options: StatusOptions) => ctx.setExitCode(await statusCommand(drill, options, ctx.io, { ...defaultAwsCliDeps(), terminal: ctx.terminal })));
}

export async function statusCommand(drill: string, options: StatusOptions, io: Output, deps: AwsCliDeps = defaultAwsCliDeps()): Promise<number> {
  const usage = (message: string) => (io.err(`dr-drill status: ${message}`), ExitCode.Usage);
  const ref = parseDrillRef(drill);
  if (!ref.ok) return usage(ref.problem);
  const region = resolveRegion(options.region ?? (ref.value.kind === 'execution' ? ref.value.arn.region : undefined), deps.env);
  if (!region.ok) return usage(region.problem);
  const stage = ref.value.kind === 'drill' || options.stage !== undefined ? checkStage(options.stage) : undefined;
  if (stage && !stage.ok) return usage(ref.value.kind === 'drill' ? `a drill id needs --stage to find its state machine; ${stage.problem}` : stage.problem);
  const refValue = ref.value;

  return explainingAwsErrors('status', io, async () => {
    const sfn = deps.sfn(region.value);
    let arn: string;
    if (refValue.kind === 'execution') {
      arn = refValue.arn.arn;
    } else {
      const stack = await findDrillStack(deps.cfn(region.value), (stage as { value: string }).value, region.value);
      arn = await findExecutionOfDrill(sfn, stateMachinesOf(stack), refValue.drillId);
    }
    return watchDrill(arn, { sfn, region: region.value, stage: stage?.ok ? stage.value : undefined, once: options.once, live: options.live }, io, deps);
  });
}

export interface WatchTarget {
  sfn: ReturnType<AwsCliDeps['sfn']>;
  region: string;
  stage: string | undefined;
  once?: boolean;
  live?: boolean;
}

type WatchDeps = Pick<AwsCliDeps, 'sleep' | 'isTTY' | 'env' | 'now' | 'terminal' | 'signals'>;

/**
 * The live view when a person watches a terminal and wants the drill followed to its end; otherwise (piped, CI,
 * TERM=dumb, --no-live, --once) the plain lines, created at the first event, once the drill's start time is known.
 */
function liveProgressFor(arn: string, live: boolean | undefined, once: boolean | undefined, deps: WatchDeps): LiveProgress | undefined {
  const { terminal } = deps;
  if (once || !terminal || !useLiveView({ flag: live, isTTY: deps.isTTY, env: deps.env })) return undefined;
  const drillId = drillIdFor(arn);
  return createLiveProgress({
    stream: terminal,
    color: useColor({ isTTY: deps.isTTY, env: deps.env }),
    // AWS's clock: elapsed times and bars move between polls.
    nowMs: () => deps.now().getTime(),
    drill: new LiveDrill({ drillId }),
    signals: deps.signals,
    // Ctrl-C stops the watching, not the drill.
    onInterrupt: (signal) => {
      terminal.write(`stopped watching; drill ${drillId} goes on in AWS: dr-drill status ${arn}\n`);
      defaultInterrupt(signal);
    },
  });
}

/** Prints the drill's progress until it ends (or once), then its outcome; returns the exit code. */
export async function watchDrill(arn: string, { sfn, region, stage, once, live }: WatchTarget, io: Output, deps: WatchDeps): Promise<number> {
  const drillId = drillIdFor(arn);
  const follower = new DrillFollower(sfn, arn);
  const liveProgress = liveProgressFor(arn, live, once, deps);
  let printer: ProgressPrinter | undefined = liveProgress;
  let end;
  try {
    end = await followDrill(follower, {
      once,
      // What a poll read is drawn before waiting for the next.
      sleep: liveProgress ? (ms) => (liveProgress.flush(), deps.sleep(ms)) : deps.sleep,
      onEvent: (event) => {
        // Created at the first line: by then the drill's start time (the clock's zero) has been read.
        printer ??= createProgressPrinter({ write: io.out, isTTY: deps.isTTY, startedAt: follower.startedAt });
        // The view's elapsed time too counts from the execution's start, not from its first step.
        if (liveProgress && liveProgress.drill.startedMs === undefined && follower.startedAt) liveProgress.drill.startedMs = Date.parse(follower.startedAt);
        // The failover waits for a person: say who can answer, and how, where they are looking.
        const waiting = event.step === APPROVAL_STEP && event.phase === 'started';
        printer.onEvent(waiting ? { ...event, detail: `waiting for a person: dr-drill approve ${arn} (or --reject)` } : event);
      },
    });
  } catch (error) {
    if ((error as { name?: string }).name === 'ExecutionDoesNotExist') throw new CliProblem(`no execution ${arn} in ${region}`);
    throw error;
  } finally {
    printer?.finish();
  }

  if (!end) {
    const running = follower.running;
    io.out(`… drill ${drillId} is still running (started ${follower.startedAt ?? 'at an unknown time'})${running.length ? `; in progress: ${running.join(', ')}` : ''}`);
    io.out(`  follow it: dr-drill status ${arn}`);
    return ExitCode.Problems;
  }
  const outcome = describeEnd(endOfEvent(end), drillId);
  io.out('');
  for (const line of outcome.lines) io.out(line);
  if (!outcome.runningDrill && (end.type === 'ExecutionSucceeded' || endOfEvent(end).error === 'DrillFailed')) {
    io.out(`Full report: dr-drill report ${arn} --stage ${stage ?? '<stage>'}`);
  }
  return outcome.exitCode;
}
