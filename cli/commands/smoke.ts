// dr-drill smoke --stage <s>: a first drill on nothing that matters. Creates a throwaway DynamoDB table with a few
// synthetic items in the plan's primary region, backs it up on demand into the source vault, drills it with the
// deployed stack, and deletes everything it made — also when the drill fails or on Ctrl-C (cli/smoke/smoke.ts).
// With --local, the same on the local simulation.
import { relative, join } from 'node:path';
import { BackupClient } from '@aws-sdk/client-backup';
import type { Command } from 'commander';
import { PROJECT_ROOT } from '../../local/stack/packaged';
import { createProgressPrinter } from '../../lib/report/progress';
import { ExitCode, type CommandContext, type Output } from '../context';
import { defaultAwsCliDeps } from '../aws/deps';
import { explainingAwsErrors } from '../aws/errors';
import { loadPlanFile } from '../plan-file';
import { awsSmokePorts, type SmokeAwsDeps } from '../smoke/aws';
import { runLocalSmoke } from '../smoke/local';
import { readStageConfig, smokeSettings, type SmokeFlags, type SmokeSettings } from '../smoke/settings';
import { runSmoke, type SmokeResult } from '../smoke/smoke';

export const DEPLOYED_PLAN = join(PROJECT_ROOT, 'deployed', 'plan.yml');

export interface SmokeOptions extends SmokeFlags {
  local?: boolean;
  plan: string;
  /** config/ (tests point it elsewhere). */
  configDir?: string;
  progress?: boolean;
}

export function registerSmoke(program: Command, ctx: CommandContext): void {
  program
    .command('smoke')
    .description('prove a fresh deployment for cents: drill a throwaway DynamoDB table end to end with the deployed stack, then delete everything it made')
    .option('--stage <stage>', 'the stage the drill stack was deployed with (stack dr-drill-<stage>)')
    .option('--plan <file>', "the plan the stack was deployed with: its regions, and its first target's vaults and role as defaults", relative(process.cwd(), DEPLOYED_PLAN) || DEPLOYED_PLAN)
    .option('--source-vault <arn>', "the backup vault in the primary region to back the table up into (default: the plan's first target's sourceVault)")
    .option('--dr-vault <arn>', "the backup vault in the DR region the drill copies into (default: the plan's first target's drVault)")
    .option('--backup-role <arn>', "the IAM role AWS Backup assumes to back up, copy and restore (default: the plan's first target's backupRoleArn)")
    .option('--local', 'run on the local simulation (no AWS account needed)')
    .option('--no-progress', "do not print the drill's progress lines")
    .action(async (options: SmokeOptions) => ctx.setExitCode(await smokeCommand(options, ctx.io)));
}

export async function smokeCommand(options: SmokeOptions, io: Output, deps?: SmokeAwsDeps, signal?: AbortSignal): Promise<number> {
  const usage = (lines: string[]) => {
    for (const line of lines) io.err(`dr-drill smoke: ${line}`);
    return ExitCode.Usage;
  };
  const loaded = await loadPlanFile(options.plan, io);
  if (!loaded.ok) return loaded.exitCode;
  const stage = options.stage ?? (options.local ? 'local' : undefined);
  const config = options.local ? undefined : readStageConfig(stage ?? '', options.configDir);
  const checked = smokeSettings({ ...options, stage }, loaded.plan, config);
  if (!checked.ok) return usage(checked.problems);
  const { settings } = checked;
  io.out(`Smoke test of ${options.local ? 'the local simulation' : `stage ${settings.stage}`}: a throwaway table in ${settings.primaryRegion}, drilled to ${settings.drRegion}; nothing that exists is touched.`);

  const interrupt = signal ? undefined : onCtrlC(io);
  const abort = signal ?? interrupt!.signal;
  try {
    if (options.local) {
      const printer = createProgressPrinter({ write: io.out, isTTY: Boolean(process.stdout.isTTY) });
      const run = await runLocalSmoke({
        deployedPlan: loaded.plan,
        settings,
        out: io.out,
        signal: abort,
        ...(options.progress === false ? {} : { onProgress: (event) => printer.onEvent(event) }),
      });
      printer.finish();
      return finish(run.result, settings, io);
    }
    const awsDeps = deps ?? { ...defaultAwsCliDeps(), backup: (region: string) => new BackupClient({ region }) };
    return await explainingAwsErrors('smoke', io, async () => finish(await runSmoke(settings, awsSmokePorts(settings, awsDeps, io, abort)), settings, io));
  } finally {
    interrupt?.dispose();
  }
}

function finish(result: SmokeResult, settings: SmokeSettings, io: Output): number {
  io.out('');
  if (result.leftovers.length === 0) io.out(`✓ nothing smoke made is left (table ${result.tableName}, its recovery points, the drill's copy and restored table).`);
  else {
    io.out(`✗ smoke could not delete ${result.leftovers.length} thing(s); delete them yourself:`);
    for (const l of result.leftovers) {
      io.out(`  ${l.what}: ${l.problem}`);
      io.out(`    ${l.command}`);
    }
    io.out(`  Each carries the tags dr-drill:drill-id=${result.smokeId} and dr-drill:smoke=${settings.stage}.`);
  }
  if (result.passed) io.out(`✓ smoke passed: stage ${settings.stage} backed up, copied to ${settings.drRegion}, restored, checked and cleaned up a table end to end.`);
  else io.out(`✗ smoke did not pass: ${result.failure ?? 'unknown'}`);
  return result.passed && result.leftovers.length === 0 ? ExitCode.Ok : ExitCode.Problems;
}

/** The first Ctrl-C stops smoke and cleans up; a second one leaves at once (and says what may be left). */
function onCtrlC(io: Output): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handler = () => {
    if (!controller.signal.aborted) {
      io.err('dr-drill smoke: stopping; deleting what smoke made (Ctrl-C again to leave now, and delete it yourself)');
      controller.abort();
      return;
    }
    io.err('dr-drill smoke: left without cleaning up: look for tag dr-drill:smoke (table drdrill-*-smoke and its recovery points)');
    process.exit(130);
  };
  process.on('SIGINT', handler);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', handler) };
}
