// dr-drill coverage --stage <s>: which protected resources of a plan's scope were proven restorable lately, as of now.
// It reads the plan's drills from the stack's drills table (each drill's line records the resources it proved and
// failed, and the plan's coverage settings and vaults), lists again what AWS Backup protects in those vaults (read
// only, so a resource protected since the last drill shows as not drilled), and computes the coverage with the same
// function Build Report uses (lib/coverage/compute.ts): one row per resource, then the line the evidence gives.
import { ListProtectedResourcesByBackupVaultCommand, type BackupClient, type ProtectedResource } from '@aws-sdk/client-backup';
import { QueryCommand, ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Command } from 'commander';
import { computeCoverage, historyDays } from '../../lib/coverage/compute';
import type { ResourceCoverage } from '../../lib/coverage/contracts';
import { proofsOf } from '../../lib/coverage/report';
import { listCoverageScope } from '../../lib/coverage/scope';
import { drillIndexEntrySchema, type DrillIndexEntry } from '../../lib/evidence/contracts';
import { painter, table, type Cell } from '../../lib/report/text-table';
import { useColor } from '../color';
import { ExitCode, type CommandContext, type Output } from '../context';
import { defaultAwsCliDeps, type AwsCliDeps } from '../aws/deps';
import { CliProblem, explainingAwsErrors } from '../aws/errors';
import { checkStage, resolveRegion } from '../aws/region';
import { findDrillStack, requireOutput, STACK_OUTPUTS } from '../aws/stack';

export interface CoverageOptions {
  stage?: string;
  region?: string;
  plan?: string;
  color?: boolean;
}

const DAY_MS = 86_400_000;

export function registerCoverage(program: Command, ctx: CommandContext): void {
  program
    .command('coverage')
    .description("which protected resources of the plan's vaults a drill proved restorable within its coverage window, from the drills table")
    .requiredOption('--stage <stage>', 'the stage of the drill stack dr-drill-<stage>')
    .option('--region <region>', "the stack's region (default: AWS_REGION, then AWS_DEFAULT_REGION)")
    .option('--plan <name>', 'the plan (default: the only plan the drills table holds)')
    .option('--no-color', 'plain text output')
    .action(async (options: CoverageOptions) => ctx.setExitCode(await coverageCommand(options, ctx.io)));
}

export async function coverageCommand(options: CoverageOptions, io: Output, deps: AwsCliDeps = defaultAwsCliDeps()): Promise<number> {
  const usage = (message: string) => (io.err(`dr-drill coverage: ${message}`), ExitCode.Usage);
  const stage = checkStage(options.stage);
  if (!stage.ok) return usage(stage.problem);
  const region = resolveRegion(options.region, deps.env);
  if (!region.ok) return usage(region.problem);

  return explainingAwsErrors('coverage', io, async () => {
    const stack = await findDrillStack(deps.cfn(region.value), stage.value, region.value);
    const tableName = requireOutput(stack, STACK_OUTPUTS.drillsTable);
    const dynamodb = deps.dynamodb(region.value);
    const planName = options.plan ?? (await onlyPlan(dynamodb, tableName));
    const now = deps.now();

    const entries = await drillsOf(dynamodb, tableName, planName, now);
    const settings = entries.find((e) => e.kind === 'drill' && e.coverage)?.coverage;
    if (!settings) {
      io.out(`No drill of plan ${planName} in ${tableName} has recorded its coverage yet (drills recorded before coverage do not): run one with \`dr-drill start --stage ${stage.value}\``);
      return ExitCode.Ok;
    }
    const since = now.getTime() - historyDays(settings) * DAY_MS;
    const history = entries.filter((e) => Date.parse(e.startedAt) >= since);
    const scope = await listCoverageScope(settings.vaults, settings.region, now.toISOString(), (vault) => protectedIn(deps.backup(settings.region), vault));
    const coverage = computeCoverage({ scope, settings, asOf: now.toISOString(), thisDrill: null, history: history.flatMap(proofsOf) });

    const paint = painter(useColor({ flag: options.color, isTTY: deps.isTTY, env: deps.env }));
    io.out(`Coverage of plan ${planName}: what AWS Backup protects in ${settings.vaults.join(', ')} (${settings.region}), as of ${now.toISOString().replace(/\.\d+Z$/, 'Z')}`);
    if (coverage.resources.length) {
      const header = ['Resource', 'Type', 'Status', 'Last proven', 'Drill', 'Days since', `Over ${coverage.maxUnprovenDays} days?`];
      for (const line of table(header, coverage.resources.map(row), paint)) io.out(line);
    }
    const others = Object.entries(coverage.otherTypes);
    if (others.length) io.out(`Also protected there, of types dr-drill does not drill (not counted): ${others.map(([type, n]) => `${type} ${n}`).join(', ')}`);
    const unrecorded = history.filter((e) => e.kind === 'drill' && !e.coverage).length;
    if (unrecorded) io.out(`(${unrecorded} drill(s) in the window were recorded before coverage: what they proved is not counted)`);
    io.out('');
    io.out(paint(coverage.line, coverage.scopeError ? 'red' : coverage.overLimitCount ? 'yellow' : 'green'));
    // A coverage that could not be measured is a failure to run, not an answer.
    return coverage.scopeError ? ExitCode.Unexpected : ExitCode.Ok;
  });
}

/** The plan's drills newest first, until the first one older than the longest history a coverage setting may ask for. */
async function drillsOf(dynamodb: DynamoDBClient, tableName: string, planName: string, now: Date): Promise<DrillIndexEntry[]> {
  const entries: DrillIndexEntry[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  let since: number | undefined;
  do {
    const page = await dynamodb.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'planName = :plan',
        ExpressionAttributeValues: { ':plan': { S: planName } },
        ScanIndexForward: false,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const parsed = drillIndexEntrySchema.safeParse(unmarshall(item));
      if (!parsed.success) continue;
      // The newest drill with coverage gives the plan's settings, and so how far back to read.
      if (since === undefined && parsed.data.kind === 'drill' && parsed.data.coverage) since = now.getTime() - historyDays(parsed.data.coverage) * DAY_MS;
      if (since !== undefined && Date.parse(parsed.data.startedAt) < since) return entries;
      entries.push(parsed.data);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return entries;
}

/** The plan whose coverage to show when --plan is not given: the only one the table holds (a scan: one item per drill). */
async function onlyPlan(dynamodb: DynamoDBClient, tableName: string): Promise<string> {
  const plans = new Set<string>();
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamodb.send(new ScanCommand({ TableName: tableName, ProjectionExpression: 'planName', ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) {
      const name = item.planName?.S;
      if (name) plans.add(name);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  if (plans.size === 1) return [...plans][0]!;
  if (plans.size === 0) throw new CliProblem(`no drills recorded in ${tableName} yet: start one with \`dr-drill start\``, ExitCode.Ok);
  throw new CliProblem(`the drills table holds several plans (${[...plans].sort().join(', ')}): name one with --plan`);
}

async function protectedIn(backup: BackupClient, vaultArn: string): Promise<ProtectedResource[]> {
  const [, , , , account, , vaultName] = vaultArn.split(':');
  const found: ProtectedResource[] = [];
  let nextToken: string | undefined;
  do {
    const page = await backup.send(new ListProtectedResourcesByBackupVaultCommand({ BackupVaultName: vaultName, BackupVaultAccountId: account, NextToken: nextToken }));
    found.push(...(page.Results ?? []));
    nextToken = page.NextToken;
  } while (nextToken);
  return found;
}

const STATUS: Record<ResourceCoverage['status'], Cell> = {
  proven: { text: 'proven', style: 'green' },
  failed: { text: 'FAILED', style: 'red' },
  'not-drilled': { text: 'not drilled', style: 'yellow' },
};

function row(r: ResourceCoverage): Cell[] {
  return [
    { text: r.resourceArn },
    { text: r.resourceType },
    STATUS[r.status],
    { text: r.lastProven ? r.lastProven.at.replace(/\.\d+Z$/, 'Z') : 'none' },
    { text: r.lastProven?.drillId ?? (r.lastFailed ? `${r.lastFailed.drillId} (failed)` : '-') },
    { text: r.daysSinceProven === null ? '-' : String(r.daysSinceProven) },
    r.overLimit ? { text: 'yes', style: 'red' } : { text: 'no' },
  ];
}
