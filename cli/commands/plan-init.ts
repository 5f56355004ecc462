// dr-drill plan init: writes a first plan from what an account holds, reading only (lib/init/discover.ts): one target
// per resource AWS Backup protects in the primary region, its vaults and the backup plan's copy destination, the
// isolated network of the DR region, and a `# CHOOSE:` note on every value a person must confirm. The residency
// policy is the person's input, never guessed. The plan it writes passes `dr-drill plan check` (it checks it before
// writing); with --local, against the simulated account of the NHS example.
import { access, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { BackupClient } from '@aws-sdk/client-backup';
import { EC2Client } from '@aws-sdk/client-ec2';
import { RDSClient } from '@aws-sdk/client-rds';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { AwsClients } from '../../lib/aws/clients';
import { discover } from '../../lib/init/discover';
import { CHOOSE, draftPlan } from '../../lib/init/draft';
import { renderPlan } from '../../lib/init/render';
import { parsePlanText } from '../../lib/plan/load';
import { formatProblem } from '../../lib/plan/problem';
import { planSchema, REGION_PATTERN } from '../../lib/plan/schema';
import type { SimAccount } from '../../local/sim/account';
import { explainingAwsErrors } from '../aws/errors';
import { ExitCode, type CommandContext, type Output } from '../context';
import { withSimulatedAccount } from '../init/local';
import { loadPlanFile } from '../plan-file';
import { DEFAULT_PLAN } from './run';
import { PROJECT_ROOT } from '../../local/stack/packaged';

const SCHEMA_FILE = join(PROJECT_ROOT, 'schema', 'drill-plan.schema.json');

export interface PlanInitOptions {
  region?: string;
  drRegion?: string;
  residencyPolicy?: string;
  allowRegions?: string[];
  name?: string;
  rtoMinutes?: number;
  rpoMinutes?: number;
  /** The file to write; absent: the plan goes to stdout and the messages to stderr. */
  out?: string;
  force?: boolean;
  local?: boolean;
  /** With --local: the plan whose simulated account is read (default: the NHS example). */
  localPlan?: string;
}

/** What tests replace: AWS clients (aws-sdk-client-mock intercepts them), the clock, and a look at the simulated account. */
export interface PlanInitHooks {
  clients?: AwsClients;
  now?: () => Date;
  onSimulatedAccount?: (account: SimAccount) => void;
}

const regionList = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((r) => r.trim()).filter(Boolean)];
const minutes = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('give a whole number of minutes, at least 1');
  return n;
};

export function registerPlanInit(plan: Command, ctx: CommandContext): void {
  plan
    .command('init')
    .description('write a first plan from what AWS Backup protects in an account (reads only); choices a person must confirm are marked CHOOSE:')
    .option('--region <region>', 'the primary region: where the protected resources and their backups are')
    .option('--dr-region <region>', 'the DR region the drills restore into (where dr-drill is deployed)')
    .option('--residency-policy <name>', 'the name of your data residency policy, shown in reports ("UK and Ireland"); required: never guessed')
    .option('--allow-regions <regions>', 'the only regions the data may be in, comma-separated (eu-west-2,eu-west-1); required: never guessed', regionList)
    .option('--name <name>', 'the plan name (a-z, 0-9, "-"); default dr-drill-plan, marked CHOOSE')
    .addOption(new Option('--rto-minutes <n>', 'recovery time objective of every target (default 60, marked CHOOSE)').argParser(minutes))
    .addOption(new Option('--rpo-minutes <n>', 'recovery point objective of every target (default 1440, marked CHOOSE)').argParser(minutes))
    .option('--out <file>', 'write the plan to this file (default: stdout, with the messages on stderr)')
    .option('--force', 'overwrite --out if it exists')
    .option('--local', 'read the simulated account of the NHS example instead of AWS (no AWS account needed)')
    .option('--local-plan <file>', 'with --local: read the simulated account this plan seeds instead', relative(process.cwd(), DEFAULT_PLAN) || DEFAULT_PLAN)
    .action(async (options: PlanInitOptions) => ctx.setExitCode(await planInit(options, ctx.io)));
}

export async function planInit(options: PlanInitOptions, io: Output, hooks: PlanInitHooks = {}): Promise<number> {
  // With the plan on stdout, every other line goes to stderr so `> plan.yml` captures the plan alone.
  const say = options.out ? io.out : io.err;
  const usage = (problems: string[]) => {
    for (const p of problems) io.err(`dr-drill plan init: ${p}`);
    return ExitCode.Usage;
  };
  const problems = flagProblems(options);
  if (problems.length > 0) return usage(problems);
  const primary = options.region!;
  const dr = options.drRegion!;
  if (options.out && !options.force && (await exists(options.out))) return usage([`${options.out} exists: give --force to overwrite it, or another --out`]);

  const draftFrom = async (clients: AwsClients, now: Date, source: string) => {
    say(`Reading ${source}: AWS Backup in ${primary === dr ? primary : `${primary} and ${dr}`}, the network of ${dr} (reads only)...`);
    const discovery = await discover(clients, { primary, dr }, now);
    return draftPlan(discovery, {
      ...(options.name ? { name: options.name } : {}),
      residency: { policy: options.residencyPolicy!, allowedRegions: options.allowRegions! },
      objectives: { ...(options.rtoMinutes ? { rtoMinutes: options.rtoMinutes } : {}), ...(options.rpoMinutes ? { rpoMinutes: options.rpoMinutes } : {}) },
      now,
      ...(options.out ? { schemaPath: relative(dirname(resolve(options.out)), SCHEMA_FILE) } : {}),
      source: discovery.account ? `${source}, account ${discovery.account}` : source,
    });
  };

  let drafted: Awaited<ReturnType<typeof draftFrom>>;
  if (options.local) {
    const seed = await loadPlanFile(options.localPlan ?? DEFAULT_PLAN, io);
    if (!seed.ok) return seed.exitCode;
    drafted = await withSimulatedAccount(seed.plan, [primary, dr], async (local) => {
      hooks.onSimulatedAccount?.(local.account);
      return draftFrom(local.clients, local.now, `the simulated account of ${relative(process.cwd(), options.localPlan ?? DEFAULT_PLAN)}`);
    });
  } else {
    const clients = hooks.clients ?? new AwsClients({ backup: BackupClient, ec2: EC2Client, rds: RDSClient });
    let result: typeof drafted | undefined;
    const code = await explainingAwsErrors('plan init', io, async () => {
      result = await draftFrom(clients, hooks.now?.() ?? new Date(), 'AWS with your credentials');
      return ExitCode.Ok;
    });
    if (!result) return code;
    drafted = result;
  }

  if (!drafted.ok) {
    io.err(`✗ dr-drill plan init cannot write a plan that would pass plan check:`);
    for (const p of drafted.problems) io.err(`  ${p}`);
    return ExitCode.Problems;
  }
  const { draft } = drafted;
  const text = renderPlan(draft);
  // The promise: what it writes passes `plan check`. A plan that does not is plan init's bug, and is not written.
  const checked = parsePlanText(text, options.out ?? '<stdout>');
  if (!checked.ok) {
    io.err('dr-drill plan init: the plan it drafted does not pass plan check (a bug of plan init; please report it):');
    for (const p of checked.problems) io.err(`  ${formatProblem(p)}`);
    return ExitCode.Unexpected;
  }
  if (options.out) await writeFile(options.out, text, 'utf8');
  else for (const line of text.replace(/\n$/, '').split('\n')) io.out(line);

  const choices = text.split('\n').filter((line) => line.includes(CHOOSE)).length;
  say(
    `✓ ${options.out ?? 'the plan'}: plan "${checked.plan.name}", ${draft.targets} target(s) from the protected resources of ${primary}, restored in ${dr}, ` +
      `residency ${options.residencyPolicy} [${options.allowRegions!.join(', ')}]; it passes plan check`,
  );
  say(`  ${choices} line(s) marked "${CHOOSE}": confirm or change each before the first drill`);
  if (draft.skipped.length) say(`  ${draft.skipped.length} protected resource(s) not written (listed at the end of the plan): ${draft.skipped.map((s) => s.arn).join(', ')}`);
  for (const w of draft.warnings) say(`  ⚠ ${w}`);
  if (options.out) say(`  next: dr-drill plan check ${options.out}; dr-drill run --local --plan ${options.out}`);
  return ExitCode.Ok;
}

function flagProblems(options: PlanInitOptions): string[] {
  const problems: string[] = [];
  if (!options.region) problems.push('--region is required: the primary region, where the protected resources and their backups are');
  if (!options.drRegion) problems.push('--dr-region is required: the region the drills restore into');
  if (!options.residencyPolicy) problems.push('--residency-policy is required: the name of your data residency policy ("UK and Ireland"); plan init never guesses it');
  if (!options.allowRegions?.length) problems.push('--allow-regions is required: the regions your data may be in (eu-west-2,eu-west-1); plan init never guesses them');
  for (const [flag, region] of [['--region', options.region], ['--dr-region', options.drRegion], ...(options.allowRegions ?? []).map((r) => ['--allow-regions', r])] as const) {
    if (region && !REGION_PATTERN.test(region)) problems.push(`${flag} ${region} is not an AWS region code such as eu-west-2`);
  }
  // The plan's own rule for its name (lib/plan/schema.ts), said before anything is read.
  const name = options.name === undefined ? undefined : planSchema.shape.name.safeParse(options.name);
  if (name && !name.success) problems.push(`--name ${options.name} ${name.error.issues[0]?.message ?? 'is not a plan name'}`);
  const allowed = new Set(options.allowRegions ?? []);
  if (options.allowRegions?.length) {
    for (const [flag, region] of [['--region', options.region], ['--dr-region', options.drRegion]] as const) {
      if (region && !allowed.has(region)) problems.push(`${flag} ${region} is outside --allow-regions ${[...allowed].join(',')}: a plan's regions must be inside its residency policy`);
    }
  }
  return problems;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
