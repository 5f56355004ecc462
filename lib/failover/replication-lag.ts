// How far the DR cluster trails the primary, as the RPO evidence before a switch. Aurora publishes two lags (ms) on a
// secondary cluster in its own region:
// - AuroraGlobalDBRPOLag: "how far the secondary cluster is behind the primary cluster for user transactions" (Aurora
//   User Guide, "Amazon CloudWatch metrics for Amazon Aurora"), i.e. the committed data a failover would lose. AWS
//   tells drills to check it before a switchover on every Aurora PostgreSQL and on Aurora MySQL 3.04+ / 2.12+
//   ("Using switchover or failover in Amazon Aurora Global Database").
// - AuroraGlobalDBReplicationLag: the older metric, which AWS names for lower Aurora MySQL minor versions only.
// So the RPO lag is read, and the replication lag only when a cluster publishes no RPO lag.
// Both are published with the dimensions DBClusterIdentifier (the secondary) and SourceRegion (the primary's region);
// CloudWatch answers nothing for any other dimension set (see local/sim/cloudwatch.ts for the sources).
import { GetMetricDataCommand, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { assertRegionAllowed } from '../drill/residency-guard';
import type { Deps } from '../lambda/deps';
import type { FailoverItem } from './contracts';
import { clusterIdOf } from './global-cluster';

/** The metric is published every minute: ten minutes back finds the newest point even when one or two are late. */
export const LAG_LOOKBACK_MS = 10 * 60_000;
const PERIOD_SECONDS = 60;

/** Preferred first: the RPO lag is the documented RPO evidence; the replication lag stands in where it is missing. */
export const LAG_METRICS = ['AuroraGlobalDBRPOLag', 'AuroraGlobalDBReplicationLag'] as const;
export type LagMetric = (typeof LAG_METRICS)[number];

export interface ReplicationLag {
  ms: number;
  metric: LagMetric;
}

/** The newest datapoint's lag in ms and the metric it came from, or null when CloudWatch has none for ten minutes. */
export async function readReplicationLag(deps: Pick<Deps, 'clients' | 'now'>, item: FailoverItem): Promise<ReplicationLag | null> {
  const region = assertRegionAllowed(item.drRegion, item.drill, `failover target ${item.target.id}: replication lag`);
  const end = deps.now();
  const dimensions = [
    { Name: 'DBClusterIdentifier', Value: clusterIdOf(item.target.drClusterArn) },
    { Name: 'SourceRegion', Value: item.primaryRegion },
  ];
  const out = await deps.clients.get('cloudwatch', region).send(
    new GetMetricDataCommand({
      StartTime: new Date(end.getTime() - LAG_LOOKBACK_MS),
      EndTime: end,
      ScanBy: 'TimestampDescending',
      MetricDataQueries: LAG_METRICS.map((metric) => ({
        Id: queryId(metric),
        MetricStat: {
          Metric: { Namespace: 'AWS/RDS', MetricName: metric, Dimensions: dimensions },
          Period: PERIOD_SECONDS,
          // The worst lag within each minute: a drill must not be reassured by an average.
          Stat: 'Maximum',
        },
        ReturnData: true,
      })),
    }),
  );
  for (const metric of LAG_METRICS) {
    const ms = newestOf(out.MetricDataResults?.find((r) => r.Id === queryId(metric)));
    if (ms !== null) return { ms, metric };
  }
  return null;
}

/** GetMetricData query ids must start with a lower-case letter. */
const queryId = (metric: LagMetric) => (metric === 'AuroraGlobalDBRPOLag' ? 'rpoLag' : 'replicationLag');

const newestOf = (result: MetricDataResult | undefined) => newestValue(result?.Timestamps ?? [], result?.Values ?? []);

/** The value of the newest timestamp, whatever order CloudWatch returned them in. */
export function newestValue(timestamps: readonly Date[], values: readonly number[]): number | null {
  let best: { at: number; value: number } | null = null;
  timestamps.forEach((t, i) => {
    const value = values[i];
    if (value === undefined || !Number.isFinite(value)) return;
    const at = new Date(t).getTime();
    if (best === null || at > best.at) best = { at, value };
  });
  return (best as { at: number; value: number } | null)?.value ?? null;
}
