// dr-drill sweep --stage <s> [--dry-run] [--drill <id>]: runs the stack's sweeper now (the same function the daily
// schedule and the killed-drill rule run, with its own narrow role) and prints its report: what it removed, what it
// kept and why, what it could not remove. --dry-run lists what it would remove and removes nothing. Exit 0 when
// nothing failed, 1 when something could not be removed.
import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { Command } from 'commander';
import type { SweepReport } from '../../lib/sweep/contracts';
import { sweepReportLines } from '../../lib/sweep/report-text';
import { ExitCode, type CommandContext, type Output } from '../context';
import { defaultAwsCliDeps, type AwsCliDeps } from '../aws/deps';
import { CliProblem, explainingAwsErrors } from '../aws/errors';
import { checkStage, resolveRegion } from '../aws/region';
import { findDrillStack, requireOutput, STACK_OUTPUTS } from '../aws/stack';

export interface SweepCliOptions {
  stage?: string;
  region?: string;
  dryRun?: boolean;
  drill?: string;
  maxAgeHours?: string;
  json?: boolean;
}

export function registerSweep(program: Command, ctx: CommandContext): void {
  program
    .command('sweep')
    .description('delete what stopped, crashed or stuck drills left (tagged dr-drill:drill-id), and print what was removed and kept')
    .requiredOption('--stage <stage>', 'the stage of the drill stack dr-drill-<stage>')
    .option('--region <region>', "the stack's region (default: AWS_REGION, then AWS_DEFAULT_REGION)")
    .option('--dry-run', 'list what would be removed, remove nothing')
    .option('--drill <id>', 'only what this drill (d + 8 hex digits) left')
    .option('--max-age-hours <n>', "remove what a still-running (or unknown) drill left once it is older than this (default: the stack's, 72)")
    .option('--json', 'print the report as JSON')
    .action(async (options: SweepCliOptions) => ctx.setExitCode(await sweepCommand(options, ctx.io)));
}

export async function sweepCommand(options: SweepCliOptions, io: Output, deps: AwsCliDeps = defaultAwsCliDeps()): Promise<number> {
  const usage = (message: string) => (io.err(`dr-drill sweep: ${message}`), ExitCode.Usage);
  const stage = checkStage(options.stage);
  if (!stage.ok) return usage(stage.problem);
  const region = resolveRegion(options.region, deps.env);
  if (!region.ok) return usage(region.problem);
  if (options.drill !== undefined && !/^d[0-9a-f]{8}$/.test(options.drill)) return usage(`--drill ${options.drill} is not a drill id (d + 8 hex digits, as \`dr-drill list\` shows)`);
  const maxAgeHours = options.maxAgeHours === undefined ? undefined : Number(options.maxAgeHours);
  if (maxAgeHours !== undefined && !(Number.isFinite(maxAgeHours) && maxAgeHours > 0)) return usage(`--max-age-hours ${options.maxAgeHours} is not a positive number of hours`);

  return explainingAwsErrors('sweep', io, async () => {
    const stack = await findDrillStack(deps.cfn(region.value), stage.value, region.value);
    const functionName = requireOutput(stack, STACK_OUTPUTS.sweeper);
    const request = { dryRun: options.dryRun === true, ...(options.drill ? { drillId: options.drill } : {}), ...(maxAgeHours ? { maxAgeHours } : {}) };
    const out = await deps.lambda(region.value).send(new InvokeCommand({ FunctionName: functionName, Payload: new TextEncoder().encode(JSON.stringify(request)) }));
    const body = out.Payload ? new TextDecoder().decode(out.Payload) : '';
    if (out.FunctionError) {
      const error = parseJson(body) as { errorType?: string; errorMessage?: string } | undefined;
      throw new CliProblem(`the sweeper ${functionName} failed: ${error?.errorType ?? out.FunctionError}: ${error?.errorMessage ?? body}`, ExitCode.Unexpected);
    }
    const report = (parseJson(body) as { report?: SweepReport } | undefined)?.report;
    if (!report) throw new CliProblem(`the sweeper ${functionName} answered no report: deploy the stack from this version of dr-drill`, ExitCode.Unexpected);
    if (options.json) io.out(JSON.stringify(report, null, 2));
    else for (const line of sweepReportLines(report)) io.out(line);
    return report.failed.length > 0 ? ExitCode.Problems : ExitCode.Ok;
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
