// dr-drill list --stage <s>: the recent drills recorded in the stack's drills table, newest first: verdict, start,
// worst RTO and RPO against their objectives, the failover's downtime, and the drill id to ask `dr-drill report` for.
// The table's key is planName + startedAt: with --plan the plan's partition is queried newest first; without, the
// table (one item per drill, so small) is scanned and sorted.
import { QueryCommand, ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Command } from 'commander';
import { drillIndexEntrySchema, type DrillIndexEntry } from '../../lib/evidence/contracts';
import { formatDuration } from '../../lib/measure/durations';
import { painter, table, type Cell } from '../../lib/report/text-table';
import { ExitCode, type CommandContext, type Output } from '../context';
import { defaultAwsCliDeps, type AwsCliDeps } from '../aws/deps';
import { explainingAwsErrors } from '../aws/errors';
import { checkStage, resolveRegion } from '../aws/region';
import { findDrillStack, requireOutput, STACK_OUTPUTS } from '../aws/stack';
import { useColor } from '../color';

export interface ListOptions {
  stage?: string;
  region?: string;
  limit?: string;
  plan?: string;
  color?: boolean;
}

const MAX_LIMIT = 1000;

export function registerList(program: Command, ctx: CommandContext): void {
  program
    .command('list')
    .description("list the recent drills recorded in the stack's drills table, newest first")
    .requiredOption('--stage <stage>', 'the stage of the drill stack dr-drill-<stage>')
    .option('--region <region>', "the stack's region (default: AWS_REGION, then AWS_DEFAULT_REGION)")
    .option('--limit <n>', 'how many drills to show', '10')
    .option('--plan <name>', 'only drills of this plan (default: every plan the stack has drilled)')
    .option('--no-color', 'plain text output')
    .action(async (options: ListOptions) => ctx.setExitCode(await listCommand(options, ctx.io)));
}

export async function listCommand(options: ListOptions, io: Output, deps: AwsCliDeps = defaultAwsCliDeps()): Promise<number> {
  const usage = (message: string) => (io.err(`dr-drill list: ${message}`), ExitCode.Usage);
  const stage = checkStage(options.stage);
  if (!stage.ok) return usage(stage.problem);
  const region = resolveRegion(options.region, deps.env);
  if (!region.ok) return usage(region.problem);
  const limit = Number(options.limit ?? '10');
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return usage(`--limit ${options.limit} is not a whole number from 1 to ${MAX_LIMIT}`);

  return explainingAwsErrors('list', io, async () => {
    const stack = await findDrillStack(deps.cfn(region.value), stage.value, region.value);
    const tableName = requireOutput(stack, STACK_OUTPUTS.drillsTable);
    const dynamodb = deps.dynamodb(region.value);
    const items = options.plan ? await queryPlan(dynamodb, tableName, options.plan, limit) : await scanAll(dynamodb, tableName);

    const entries: DrillIndexEntry[] = [];
    let unreadable = 0;
    for (const item of items) {
      const parsed = drillIndexEntrySchema.safeParse(item);
      if (parsed.success) entries.push(parsed.data);
      else unreadable += 1;
    }
    entries.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
    const shown = entries.slice(0, limit);

    const whose = options.plan ? `plan ${options.plan}` : `stack ${stack.name}`;
    if (shown.length === 0) {
      io.out(`No drills recorded for ${whose} in ${tableName} (${region.value}) yet: start one with \`dr-drill start --stage ${stage.value}\``);
    } else {
      const paint = painter(useColor({ flag: options.color, isTTY: deps.isTTY, env: deps.env }));
      io.out(`Drills of ${whose}, newest first (${shown.length} of ${entries.length}):`);
      const header = ['Started', 'Plan', 'Kind', 'Verdict', 'Worst RTO / objective', 'Worst RPO / objective', 'Failover downtime / RTO', 'Drill'];
      for (const line of table(header, shown.map(row), paint)) io.out(line);
    }
    if (unreadable) io.err(`(${unreadable} item(s) of ${tableName} are not drill entries this version can read; not shown)`);
    return ExitCode.Ok;
  });
}

async function queryPlan(dynamodb: DynamoDBClient, tableName: string, planName: string, limit: number): Promise<Record<string, unknown>[]> {
  const page = await dynamodb.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'planName = :plan',
      ExpressionAttributeValues: { ':plan': { S: planName } },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (page.Items ?? []).map((item) => unmarshall(item));
}

async function scanAll(dynamodb: DynamoDBClient, tableName: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamodb.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) items.push(unmarshall(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

const minutes = (measured: number | null, objective: number | null) =>
  measured === null ? '-' : `${formatDuration(measured)}${objective === null ? '' : ` / ${formatDuration(objective)}`}`;

function againstObjective(measured: number | null, objective: number | null, text: string): Cell {
  if (measured === null || objective === null) return { text };
  return measured <= objective ? { text, style: 'green' } : { text: `${text} MISSED`, style: 'red' };
}

function row(e: DrillIndexEntry): Cell[] {
  const downtime = e.failoverDowntimeSeconds === null ? '-' : `${e.failoverDowntimeSeconds} s${e.failoverRtoSeconds === null ? '' : ` / ${e.failoverRtoSeconds} s`}`;
  return [
    { text: e.startedAt.replace(/\.\d+Z$/, 'Z') },
    { text: e.planName },
    { text: e.kind },
    { text: e.verdict, style: e.verdict === 'PASSED' ? 'green' : 'red' },
    againstObjective(e.worstRtoMinutes, e.rtoObjectiveMinutes, minutes(e.worstRtoMinutes, e.rtoObjectiveMinutes)),
    againstObjective(e.worstRpoMinutes, e.rpoObjectiveMinutes, minutes(e.worstRpoMinutes, e.rpoObjectiveMinutes)),
    againstObjective(e.failoverDowntimeSeconds, e.failoverRtoSeconds, downtime),
    { text: e.drillId },
  ];
}
