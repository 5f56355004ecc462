// Amazon CloudWatch: GetMetricData for the two metrics the failover drill reads, AWS/RDS AuroraGlobalDBRPOLag and
// AuroraGlobalDBReplicationLag of a secondary member of a global database. A secondary reports them in its own region,
// one datapoint per period (300-900 ms; 45 s with lag-too-high); the writer reports none.
//
// CloudWatch returns a metric only for the exact set of dimensions it was published with: a query with any other set
// (fewer, more, another value) names a different metric, which has no data, so its result is empty with StatusCode
// Complete, not an error (CloudWatch API Reference, Dimension: dimensions "are part of the unique identifier for a
// metric"; each new name/value pair makes "a new variation of that metric"). Aurora publishes the global database lags with DBClusterIdentifier (the secondary)
// and SourceRegion (the region it replicates from, the primary's): the RDS console's metric group
// "DBClusterIdentifier, SourceRegion" (AWS Aurora labs, "Monitor a Global Database"), as Neptune's global databases,
// which share Aurora's storage, document (Neptune User Guide, "Neptune CloudWatch Dimensions"). Every other metric,
// and the same metric asked of another region, gives an empty result, as CloudWatch does for metrics it has no data for.
import { str, type Handler, type Output, type SimContext } from './context';
import { invalid } from './errors';
import { replicationLagMs, writerAt, type GlobalDb, type GlobalMember } from './failover-world';
import { simServices } from './target-sims';
import { iso } from './world';

const SERVICE = 'cloudwatch';
const MAX_DATAPOINTS = 100_800;

interface Query {
  Id: string;
  Label?: string;
  ReturnData?: boolean;
  Period?: number;
  MetricStat?: {
    Metric?: { Namespace?: string; MetricName?: string; Dimensions?: Array<{ Name?: string; Value?: string }> };
    Period?: number;
  };
}

/** The global database lags Aurora publishes on a secondary, both in milliseconds. */
export const GLOBAL_LAG_METRICS = ['AuroraGlobalDBRPOLag', 'AuroraGlobalDBReplicationLag'] as const;
/** The one dimension set they are published with (order does not matter to CloudWatch). */
export const GLOBAL_LAG_DIMENSIONS = ['DBClusterIdentifier', 'SourceRegion'] as const;

interface LagSource {
  g: GlobalDb;
  member: GlobalMember;
  /** The region named in the query: only periods in which the writer was there have data. */
  sourceRegion: string;
}

function lagSource(ctx: SimContext, q: Query): LagSource | undefined {
  const metric = q.MetricStat?.Metric;
  if (metric?.Namespace !== 'AWS/RDS' || !(GLOBAL_LAG_METRICS as readonly string[]).includes(metric.MetricName ?? '')) return undefined;
  const dims = new Map((metric.Dimensions ?? []).map((d) => [d.Name ?? '', d.Value ?? '']));
  const exact = dims.size === (metric.Dimensions ?? []).length && dims.size === GLOBAL_LAG_DIMENSIONS.length && GLOBAL_LAG_DIMENSIONS.every((n) => dims.has(n));
  if (!exact) return undefined;
  const id = dims.get('DBClusterIdentifier')!.toLowerCase();
  for (const g of ctx.world.failover?.globals.values() ?? []) {
    const member = g.members.find((m) => m.id === id && m.region === ctx.region.name);
    if (member) return { g, member, sourceRegion: dims.get('SourceRegion')! };
  }
  return undefined;
}

function points(ctx: SimContext, q: Query, start: number, end: number): Array<{ t: number; v: number }> {
  const source = lagSource(ctx, q);
  const period = (q.MetricStat?.Period ?? 60) * 1000;
  // Metrics a type's own service publishes (TargetSim.service: FSx's FreeStorageCapacity).
  for (const service of simServices()) {
    const own = q.MetricStat?.Metric && service.metricPoints?.(ctx, q.MetricStat.Metric, start, end, period);
    if (own) return own;
  }
  if (!source) return [];
  ctx.attribute(source.g.targetId);
  const tooHigh = ctx.faults(source.g.targetId).has('lag-too-high');
  const out: Array<{ t: number; v: number }> = [];
  // A datapoint covers [t, t + period) and exists once that period is over.
  for (let t = Math.ceil(start / period) * period; t < end && t + period <= ctx.now; t += period) {
    const writer = writerAt(source.g, t).toLowerCase();
    if (writer === source.member.arn.toLowerCase()) continue;
    if (source.g.members.find((m) => m.arn.toLowerCase() === writer)?.region !== source.sourceRegion) continue;
    out.push({ t, v: replicationLagMs(ctx.random, source.member.arn, t, tooHigh) });
  }
  return out;
}

const getMetricData: Handler = (ctx, input) => {
  const start = Date.parse(str(input.StartTime) ?? '');
  const end = Date.parse(str(input.EndTime) ?? '');
  if (!(start < end)) throw invalid(SERVICE, 'InvalidParameterValue', 'The parameter StartTime must be less than the parameter EndTime.');
  const queries = (input.MetricDataQueries as Query[]).filter((q) => q.ReturnData !== false);
  const requested = queries.reduce((sum, q) => sum + (end - start) / ((q.MetricStat?.Period ?? 60) * 1000), 0);
  if (requested > MAX_DATAPOINTS) {
    throw invalid(SERVICE, 'InvalidParameterCombination', `You have requested up to ${Math.ceil(requested)} datapoints, which exceeds the limit of ${MAX_DATAPOINTS}.`);
  }
  const ascending = str(input.ScanBy) === 'TimestampAscending';
  const results: Output[] = queries.map((q) => {
    const found = points(ctx, q, start, end);
    if (!ascending) found.reverse();
    return {
      Id: q.Id,
      Label: q.Label ?? q.MetricStat?.Metric?.MetricName ?? q.Id,
      Timestamps: found.map((p) => iso(p.t)),
      Values: found.map((p) => p.v),
      StatusCode: 'Complete',
      Messages: [],
    };
  });
  return { MetricDataResults: results, Messages: [] };
};

export const cloudwatchHandlers: Record<string, Handler> = {
  GetMetricData: getMetricData,
};
