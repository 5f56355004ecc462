// How far the DR cluster trails the primary: Aurora publishes AuroraGlobalDBReplicationLag (milliseconds) on the
// secondary cluster in its own region. Before a switch it bounds the data a failover could lose (the RPO).
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { assertRegionAllowed } from '../drill/residency-guard';
import type { Deps } from '../lambda/deps';
import type { FailoverItem } from './contracts';
import { clusterIdOf } from './global-cluster';

/** The metric is published every minute: ten minutes back finds the newest point even when one or two are late. */
export const LAG_LOOKBACK_MS = 10 * 60_000;
const PERIOD_SECONDS = 60;

/** The newest datapoint's lag in ms, or null when CloudWatch has none for the last ten minutes. */
export async function readReplicationLag(deps: Pick<Deps, 'clients' | 'now'>, item: FailoverItem): Promise<number | null> {
  const region = assertRegionAllowed(item.drRegion, item.drill, `failover target ${item.target.id}: replication lag`);
  const end = deps.now();
  const out = await deps.clients.get('cloudwatch', region).send(
    new GetMetricDataCommand({
      StartTime: new Date(end.getTime() - LAG_LOOKBACK_MS),
      EndTime: end,
      ScanBy: 'TimestampDescending',
      MetricDataQueries: [
        {
          Id: 'lag',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/RDS',
              MetricName: 'AuroraGlobalDBReplicationLag',
              Dimensions: [{ Name: 'DBClusterIdentifier', Value: clusterIdOf(item.target.drClusterArn) }],
            },
            Period: PERIOD_SECONDS,
            // The worst lag within each minute: a drill must not be reassured by an average.
            Stat: 'Maximum',
          },
          ReturnData: true,
        },
      ],
    }),
  );
  const result = out.MetricDataResults?.find((r) => r.Id === 'lag');
  return newestValue(result?.Timestamps ?? [], result?.Values ?? []);
}

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
