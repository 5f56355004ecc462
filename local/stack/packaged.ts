// The CloudFormation that `serverless package` produced: what the tests check and what the local run is built from.
// `npm test` packages before jest runs; `npm start` and a lone jest run package first when a source of the template
// is newer than it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const PROJECT_ROOT = join(__dirname, '..', '..');
const TEMPLATE_FILE = 'cloudformation-template-update-stack.json';
const templatePath = join(PROJECT_ROOT, '.serverless', TEMPLATE_FILE);
/** The stage `npm test` packages (package.json "package"), whose names the local run uses too. */
export const PACKAGED_STAGE = 'dev';
const SOURCES = [
  'serverless.yml',
  'statemachines/drill.asl.yml',
  'statemachines/failover-target.asl.yml',
  'statemachines/restore-target.asl.yml',
  'plugins/encrypt-log-groups.cjs',
  'plugins/splice-iam-statements.cjs',
  // The state machines' and the schedule's roles, and the plan whose allowed regions the roles' Deny names.
  'iam/drill-state-machine-role.yml',
  'iam/restore-target-state-machine-role.yml',
  'iam/failover-target-state-machine-role.yml',
  'iam/drill-schedule-role.yml',
  // The role parts the resource types generate (npm run iam).
  ...readdirSync(join(PROJECT_ROOT, 'iam', 'generated')).map((f) => `iam/generated/${f}`),
  'deployed/plan.yml',
];

export type TemplateResource = { Type: string; Properties: Record<string, unknown>; Condition?: string; DependsOn?: string | string[] };
export interface PackagedTemplate {
  Resources: Record<string, TemplateResource>;
  Outputs: Record<string, { Value: unknown }>;
  Conditions?: Record<string, unknown>;
}

/** What a packaged stack depends on from its deployed plan: where it is deployed and where its roles may reach. */
export interface StackPlacement {
  region: string;
  allowedRegions: readonly string[];
}

const isStale = (path: string): boolean =>
  !existsSync(path) || SOURCES.some((f) => statSync(path).mtimeMs < statSync(join(PROJECT_ROOT, f)).mtimeMs);

function serverlessPackage(region: string, outDir: string | undefined, env: NodeJS.ProcessEnv = {}): void {
  const args = ['serverless', 'package', '--stage', PACKAGED_STAGE, '--region', region, ...(outDir ? ['--package', outDir] : [])];
  try {
    execFileSync('npx', args, { cwd: PROJECT_ROOT, stdio: 'pipe', env: { ...process.env, ...env } });
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`npx ${args.join(' ')} failed:\n${String(e.stdout ?? '')}${String(e.stderr ?? '')}`);
  }
}

/** Whether the next run must package the stack first (it is missing, or a source of it is newer). */
export const packagedTemplateIsStale = (): boolean => isStale(templatePath);

/** The stack `npm run package` produced for the deployed plan (deployed/plan.yml), packaged again if stale. */
export function loadPackagedTemplate(): PackagedTemplate {
  return JSON.parse(readPackagedTemplate()) as PackagedTemplate;
}

/**
 * A file's text and what was made of it, read again only when the file changes (its modification time or size):
 * a test file builds a stack for each of its drills, and reading and parsing the same files each time added up.
 */
function cachedRead<T>(path: string, make: (text: string) => T): () => T {
  let cached: { stamp: string; value: T } | undefined;
  return () => {
    const { mtimeMs, size } = statSync(path);
    const stamp = `${mtimeMs}:${size}`;
    if (cached?.stamp !== stamp) cached = { stamp, value: make(readFileSync(path, 'utf8')) };
    return cached.value;
  };
}

const packagedTemplateText = cachedRead(templatePath, (text) => text);
function readPackagedTemplate(): string {
  if (isStale(templatePath)) serverlessPackage(deployedPlacement().region, undefined);
  return packagedTemplateText();
}

const deployedPlanFile = cachedRead(join(PROJECT_ROOT, 'deployed', 'plan.yml'), (text) => {
  const plan = parse(text) as { regions: { dr: string }; residency: { allowedRegions: string[] } };
  return { region: plan.regions.dr, allowedRegions: plan.residency.allowedRegions };
});

/** Where deployed/plan.yml puts the stack. */
export function deployedPlacement(): StackPlacement {
  const { region, allowedRegions } = deployedPlanFile();
  return { region, allowedRegions: [...allowedRegions] };
}

/** What templateFor reads of a plan: its name and schedule, and the accounts of a plan that names them. */
export interface PlacedPlan {
  name: string;
  regions?: { primary: string };
  schedule?: { cron?: string; timezone?: string; enabled?: boolean };
  accounts?: { vaults: readonly ({ arn: string; type: 'logically-air-gapped' } | { arn: string; type: 'standard'; copy: { assumeRoleArn: string } })[] };
}

/**
 * What an operator would write in config/<stage>.yml for a plan that names its accounts (serverless.yml, "Other
 * accounts"): the roles dr-drill assumes in other accounts, the shared vaults and their recovery points. Each replaces
 * the default that names nothing of another account (marked by its name).
 */
function otherAccountsConfig(plan: PlacedPlan): { marker: string; values: string[] }[] {
  const vaults = plan.accounts?.vaults ?? [];
  const shared = vaults.filter((v) => v.type === 'logically-air-gapped');
  return [
    { marker: '-no-cross-account-role', values: vaults.flatMap((v) => (v.type === 'standard' ? [v.copy.assumeRoleArn] : [])) },
    { marker: '-no-shared-vault', values: shared.map((v) => v.arn) },
    {
      marker: '-no-shared-recovery-point',
      values: [...new Set(shared.map((v) => { const [, , , region, account] = v.arn.split(':'); return `arn:aws:backup:${region}:${account}:recovery-point:*`; }))],
    },
  ];
}

/**
 * The stack an operator would deploy for `plan`: the deployed one, with what serverless.yml takes from the deployed
 * plan (the roles' allowed regions, ALLOWED_REGIONS, PLAN_NAME, SWEEPER_SMOKE_REGION) taken from this plan instead, and the config keys for
 * other accounts (crossAccountRoles, sharedVaults, sharedRecoveryPoints) filled from its `accounts`. Packaging again would
 * give the same (tests/unit/stack-placement.test.ts packages one for the Australian example and compares), but takes
 * seconds and rewrites .serverless/ under any other reader.
 */
export function templateFor(plan: PlacedPlan, placement: StackPlacement): PackagedTemplate {
  const deployed = deployedPlacement();
  const template = loadPackagedTemplate();
  const from = JSON.stringify(deployed.allowedRegions);
  const to = [...placement.allowedRegions];
  const otherAccounts = otherAccountsConfig(plan);
  const place = (value: unknown, key?: string): unknown => {
    if (Array.isArray(value)) {
      if (JSON.stringify(value) === from) return to;
      // Only the default list itself (one Fn::Sub naming the marker), never a statement list holding it.
      const sub = value.length === 1 ? (value[0] as { 'Fn::Sub'?: unknown } | null)?.['Fn::Sub'] : undefined;
      const configured = typeof sub === 'string' ? otherAccounts.find((c) => sub.includes(c.marker)) : undefined;
      if (configured) return configured.values.length > 0 ? configured.values : value;
      return value.map((v) => place(v));
    }
    if (value === null || typeof value !== 'object') {
      if (key === 'PLAN_NAME') return plan.name;
      // The sweeper looks for smoke's leftovers in the deployed plan's primary region: this plan's, here.
      if (key === 'SWEEPER_SMOKE_REGION' && plan.regions) return plan.regions.primary;
      return value;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, place(v, k)]));
  };
  const placed = place(template) as PackagedTemplate;
  // The schedule, with serverless.yml's defaults for what the plan leaves out.
  for (const resource of Object.values(placed.Resources)) {
    if (resource.Type !== 'AWS::Scheduler::Schedule') continue;
    resource.Properties.ScheduleExpression = plan.schedule?.cron ?? 'cron(0 2 ? * SUN#1 *)';
    resource.Properties.ScheduleExpressionTimezone = plan.schedule?.timezone ?? 'Europe/London';
    resource.Properties.State = (plan.schedule?.enabled ?? true) ? 'ENABLED' : 'DISABLED';
  }
  return placed;
}
