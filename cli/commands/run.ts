// dr-drill run --local: runs the real drill state machine on the local simulation of a two-region
// account. Progress while it runs, the summary when it ends, the full result as JSON on disk; exit 0 only if the
// drill passed. Faults can be injected by name to rehearse what a failed drill looks like.
import { packagedTemplateIsStale } from '../../local/stack/packaged';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { LOCAL_APPROVALS, runLocalDrill, PROJECT_ROOT, type LocalApproval, type LocalDrillResult } from '../../local/run-drill';
import { describeFaults, FAULT_NAMES, parseFaults } from '../../local/sim/faults';
import { createProgressPrinter } from '../../lib/report/progress';
import { renderSummary } from '../../lib/report/summary';
import { formatProblem } from '../../lib/plan/problem';
import { ExitCode, type CommandContext, type Output } from '../context';
import { loadPlanFile } from '../plan-file';
import { regionsOf } from './plan-check';
import { writeRunOutputs } from './run-outputs';
import type { SweeperOutput } from '../../functions/sweeper/sweeper';
import { sweepCounts } from '../../lib/sweep/report-text';
import { useColor } from '../color';
import { useLiveView, type TerminalStream } from '../live-terminal';
import { createLiveProgress } from '../live-progress';
import { writeEvidencePdf } from '../pdf';
import { describeSelectionSeed, seedForSelections } from '../../local/sim/selection-seed';

export const DEFAULT_PLAN = join(PROJECT_ROOT, 'examples', 'nhs-patient-platform.yml');

export interface RunOptions {
  local?: boolean;
  plan: string;
  inject: string[];
  only: string[];
  out: string;
  color: boolean;
  progress: boolean;
  /** `--no-live` makes this false: plain progress lines even on a terminal. */
  live?: boolean;
  /** How the simulated approver answers the failover drill's approval request. */
  approval?: LocalApproval;
  /** Who approved at start: nobody is asked (as `dr-drill start --approve`). */
  approvedBy?: string;
  dryRun?: boolean;
  skipFailover?: boolean;
  /** Also print the evidence page to this PDF file. */
  pdf?: string;
  /** Whether a person watches stdout (collapses repeated polling lines, colours the summary); tests pass false. */
  tty?: boolean;
}

export function registerRun(program: Command, ctx: CommandContext): void {
  program
    .command('run')
    .description('run a drill (restore, then failover if the plan has one); with --local, on the built-in simulation of a two-region AWS account (no AWS account needed)')
    .option('--local', 'run on the local simulation')
    .option('--plan <file>', 'the drill plan (YAML)', relative(process.cwd(), DEFAULT_PLAN) || DEFAULT_PLAN)
    .addOption(
      new Option('--inject <fault...>', `inject a fault by name, optionally for one target (name:targetId); one of ${FAULT_NAMES.join(', ')}`).default([]),
    )
    .option('--only <target...>', 'drill only these targets (restore or failover target ids)', [])
    .addOption(
      new Option('--approval <answer>', 'how the simulated approver answers a failover waiting for approval (after 2 simulated minutes)')
        .choices([...LOCAL_APPROVALS])
        .default('approve'),
    )
    .option('--approved-by <name>', 'approve the failover at start, as `dr-drill start --approve` would: nobody is asked')
    .option('--dry-run', 'check the plan against the simulated account: create and change nothing, say what a real run would do')
    .option('--skip-failover', 'run the restore drill only')
    .option('--out <dir>', 'where to write the JSON result', 'out/drills')
    .option('--pdf <file>', 'also write the evidence page as a PDF (A4, for auditors) to this file')
    .option('--no-color', 'plain text output')
    .option('--no-progress', 'print only the summary')
    .option('--no-live', 'on a terminal, print progress as plain lines instead of the live view (as when piped or in CI)')
    .addHelpText('after', `\nFaults:\n${describeFaults()}`)
    .action(async (options: RunOptions) => ctx.setExitCode(await runCommand(options, ctx.io, ctx.terminal)));
}

/**
 * `terminal` is where the live view may draw (the CLI's stdout, CommandContext.terminal), when a person watches it
 * (useLiveView); the summary and the rest still go through `io`, after the view has stopped.
 */
export async function runCommand(options: RunOptions, io: Output, terminal?: TerminalStream): Promise<number> {
  if (!options.local) {
    io.err('dr-drill run: only --local is available; against AWS, deploy with `npx serverless deploy` and start the drill state machine (or use `dr-drill start`)');
    return ExitCode.Usage;
  }
  try {
    parseFaults(options.inject);
  } catch (error) {
    io.err(`dr-drill run: ${(error as Error).message}`);
    return ExitCode.Usage;
  }
  const loaded = await loadPlanFile(options.plan, io);
  if (!loaded.ok) return loaded.exitCode;
  const { plan } = loaded;

  const failovers = plan.failover ? `, then a failover drill of ${plan.failover.targets.length} global database(s)` : '';
  const selections = plan.selections?.length ? ` and ${plan.selections.length} selection(s)` : '';
  io.out(`Drilling plan "${plan.name}" on the local simulation: ${plan.targets.length} targets${selections}${failovers}, ${regionsOf(plan)}`);
  if (plan.selections?.length) {
    // The same seed runLocalDrill makes (it is deterministic): said before the drill, so no one reads it as their account.
    io.out('Selections: a local run cannot know what your vaults protect, so the simulated account holds, for each selection:');
    for (const line of describeSelectionSeed(seedForSelections(plan))) io.out(line);
  }
  if (options.inject.length) io.out(`Injected faults: ${options.inject.join(', ')}`);
  if (packagedTemplateIsStale()) io.out('Packaging the stack first (npx serverless package): the local run is built from what would deploy.');
  const isTTY = options.tty ?? Boolean(process.stdout.isTTY);
  const color = useColor({ flag: options.color, isTTY, env: process.env });
  const printer =
    terminal && options.progress && useLiveView({ flag: options.live, isTTY: options.tty ?? terminal.isTTY, env: process.env })
      ? createLiveProgress({ stream: terminal, color, signals: process })
      : createProgressPrinter({ write: io.out, isTTY });
  const run = runLocalDrill({
    plan,
    faults: options.inject,
    only: options.only,
    approval: options.approval,
    approvedBy: options.approvedBy,
    dryRun: options.dryRun,
    skipFailover: options.skipFailover,
    onProgress: options.progress ? (event) => printer.onEvent(event) : undefined,
  });
  // The live view gives the cursor back however the run ends, a crash included.
  const result = await run.finally(() => printer.finish());

  if (result.refused) {
    io.out(`✗ the plan was refused before any AWS call:`);
    for (const problem of result.problems) io.out(`  ${formatProblem(problem)}`);
    return ExitCode.Problems;
  }
  io.out('');
  if (result.report) {
    io.out(renderSummary(result.report, { color }));
  } else {
    io.out(`✗ the drill ended without a report: ${result.execution.error?.Error ?? 'unknown'}: ${result.execution.error?.Cause ?? ''}`);
  }
  // As in AWS, a drill that did not succeed sends its status change to the sweeper (the stack's EventBridge rule).
  for (const sweep of result.sweeps) for (const line of sweepLines(sweep)) io.out(line);
  const leftovers = result.account.leftovers();
  io.out(
    leftovers.length === 0
      ? 'Simulated account after the drill: nothing the drill created is left.'
      : `Simulated account after the drill: ${leftovers.length} resource(s) the drill created are still there: ${leftovers.map((l) => l.arn).join(', ')}`,
  );
  const iam = iamSummary(result.account.iamEvaluations);
  io.out(`IAM: every call was authorized against its caller's packaged role: ${iam.total} distinct (role, action, resource type) evaluated, over ${iam.roles} roles.`);
  const file = await writeResult(options.out, result);
  io.out(`Full result (JSON): ${file}`);
  const outputs = await writeRunOutputs(resolve(options.out), result);
  io.out(`Evidence: ${outputs.evidence ?? 'NOT recorded'} and ${outputs.html ?? 'no HTML report'}`);
  if (options.pdf) {
    if (outputs.html) {
      await writeEvidencePdf(await readFile(resolve(outputs.html), 'utf8'), options.pdf);
      io.out(`PDF evidence: ${options.pdf}`);
    } else {
      io.out('PDF evidence: NOT written (the drill recorded no HTML evidence)');
    }
  }
  io.out(`Notifications sent (${outputs.subjects.length}): ${outputs.notifications}`);
  for (const subject of outputs.subjects) io.out(`  ✉ ${subject}`);
  io.out(`Simulated ${describeSpan(result.simulated.startedAt, result.simulated.finishedAt)} of AWS time in ${(result.realMs / 1000).toFixed(1)} s.`);
  return result.report?.verdict === 'PASSED' && leftovers.length === 0 ? ExitCode.Ok : ExitCode.Problems;
}

async function writeResult(dir: string, result: Extract<LocalDrillResult, { refused: false }>): Promise<string> {
  const outDir = resolve(dir);
  await mkdir(outDir, { recursive: true });
  const id = result.report?.drillId ?? result.execution.name;
  const file = join(outDir, `${id}.json`);
  const callsByRegion: Record<string, number> = {};
  for (const call of result.account.calls) callsByRegion[call.region] = (callsByRegion[call.region] ?? 0) + 1;
  const body = {
    report: result.report,
    execution: {
      arn: result.execution.arn,
      status: result.execution.status,
      error: result.execution.error,
      historyEvents: result.execution.historyEvents,
      transitions: result.execution.transitions,
    },
    children: result.children.map((c) => ({ name: c.name, status: c.status, historyEvents: c.historyEvents, transitions: c.transitions })),
    simulated: result.simulated,
    awsCalls: { total: result.account.calls.length, byRegion: callsByRegion },
    iamEvaluated: [...result.account.iamEvaluations].sort().map((e) => {
      const [role, action, resourceType] = e.split('|');
      return { role, action, resourceType };
    }),
    leftovers: result.account.leftovers(),
    sweeps: result.sweeps,
  };
  await writeFile(file, `${JSON.stringify(body, null, 2)}\n`);
  return relative(process.cwd(), file) || file;
}

/** How much of the stack's IAM a run proved: the (role, action, resource type) it evaluated, and over how many roles. */
function iamSummary(evaluated: ReadonlySet<string>): { total: number; roles: number } {
  return { total: evaluated.size, roles: new Set([...evaluated].map((e) => e.split('|')[0])).size };
}

function describeSpan(startIso: string, endIso: string): string {
  const minutes = Math.round((Date.parse(endIso) - Date.parse(startIso)) / 60000);
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min` : `${minutes} min`;
}

/** One line per status change the sweeper handled, then what it removed or could not. */
function sweepLines(sweep: SweeperOutput): string[] {
  if (sweep.trigger !== 'status-change' || !sweep.handled) return [];
  const whose = sweep.targetId ? `target ${sweep.targetId}'s child execution` : 'the drill';
  const told = sweep.notified === 'by the sweeper' ? '; it sent the FAILED notification' : '';
  const counts = sweep.report.found.length === 0 ? 'nothing tagged by dr-drill was left' : sweepCounts(sweep.report);
  const lines = [`Sweeper, on the ${sweep.status} status change of ${whose}: ${counts}${told}`];
  for (const r of sweep.report.removed) lines.push(`  removed ${r.kind} ${r.id}`);
  for (const r of sweep.report.failed) lines.push(`  could NOT remove ${r.kind} ${r.id}: ${r.error}`);
  return lines;
}
