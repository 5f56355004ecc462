// Drill Watchdog (daily): how many days since the plan's last real drill (dry runs do not count)? It publishes
// DaysSinceLastDrill for the DrillMissed alarm and logs it. When the plan has no drill at all it publishes nothing:
// the alarm treats missing data as breaching, so "never drilled" alarms exactly as a dead watchdog does, and the
// log line says which it is.
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { rethrowClassified } from '../../lib/aws/classify-error';
import type { Deps } from '../../lib/lambda/deps';
import { logger } from '../../lib/lambda/wrap';

export interface WatchdogConfig {
  /** The drills table: partition key planName (S), sort key startedAt (S, ISO-8601), one item per drill. */
  drillsTable: string;
  planName: string;
}

/** Read once at cold start: a watchdog without its table or plan would watch nothing, silently. */
export function watchdogConfig(env: NodeJS.ProcessEnv = process.env): WatchdogConfig {
  const drillsTable = env.DRILLS_TABLE;
  const planName = env.PLAN_NAME;
  if (!drillsTable) throw new Error('DRILLS_TABLE is not set: the watchdog cannot read the drills table');
  if (!planName) throw new Error('PLAN_NAME is not set: the watchdog does not know which plan to watch');
  return { drillsTable, planName };
}

export interface LastDrill {
  drillId: string | null;
  startedAt: string;
  verdict: string | null;
}

export interface WatchdogResult {
  planName: string;
  lastDrill: LastDrill | null;
  /** One decimal; null when the plan has never been drilled. */
  daysSinceLastDrill: number | null;
}

const DAY_MS = 86_400_000;
/** Newest first, a page at a time: the newest real drill is almost always on the first page. */
const PAGE = 25;

export async function drillWatchdog(deps: Pick<Deps, 'clients' | 'region' | 'now'>, config: WatchdogConfig, metrics: Metrics): Promise<WatchdogResult> {
  const lastDrill = await newestDrill(deps, config);
  const { planName } = config;
  if (!lastDrill) {
    logger.warn('no drill recorded for this plan: DaysSinceLastDrill not published, so the DrillMissed alarm fires', { planName });
    return { planName, lastDrill: null, daysSinceLastDrill: null };
  }
  const days = Math.max(0, Math.round((deps.now().getTime() - Date.parse(lastDrill.startedAt)) / (DAY_MS / 10)) / 10);
  metrics.addDimension('PlanName', planName).addMetric('DaysSinceLastDrill', MetricUnit.NoUnit, days);
  metrics.publishStoredMetrics();
  logger.info('days since last drill', { planName, daysSinceLastDrill: days, lastDrill });
  return { planName, lastDrill, daysSinceLastDrill: days };
}

async function newestDrill(deps: Pick<Deps, 'clients' | 'region'>, config: WatchdogConfig): Promise<LastDrill | null> {
  const dynamodb = deps.clients.get('dynamodb', deps.region);
  let startKey: QueryCommandOutput['LastEvaluatedKey'];
  do {
    let page: QueryCommandOutput;
    try {
      page = await dynamodb.send(
        new QueryCommand({
          TableName: config.drillsTable,
          KeyConditionExpression: '#plan = :plan',
          // A filter is applied after the page is read: a page of dry runs comes back empty and the loop goes on.
          FilterExpression: 'attribute_not_exists(#kind) OR #kind <> :dryRun',
          ExpressionAttributeNames: { '#plan': 'planName', '#kind': 'kind', '#started': 'startedAt', '#id': 'drillId', '#verdict': 'verdict' },
          ExpressionAttributeValues: { ':plan': { S: config.planName }, ':dryRun': { S: 'dry-run' } },
          ProjectionExpression: '#started, #id, #verdict',
          ScanIndexForward: false,
          Limit: PAGE,
          ExclusiveStartKey: startKey,
        }),
      );
    } catch (error) {
      rethrowClassified(error);
    }
    const item = page.Items?.[0];
    if (item) {
      const drill = unmarshall(item) as { startedAt?: unknown; drillId?: unknown; verdict?: unknown };
      if (typeof drill.startedAt === 'string' && !Number.isNaN(Date.parse(drill.startedAt))) {
        return { startedAt: drill.startedAt, drillId: typeof drill.drillId === 'string' ? drill.drillId : null, verdict: typeof drill.verdict === 'string' ? drill.verdict : null };
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return null;
}
