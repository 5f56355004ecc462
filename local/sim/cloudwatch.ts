// Amazon CloudWatch: GetMetricData for the one metric the failover drill reads, AWS/RDS
// AuroraGlobalDBReplicationLag by DBClusterIdentifier. A secondary member of a global database reports it in its own
// region, one datapoint per period (300-900 ms; 45 s with lag-too-high); the writer reports none. Every other metric,
// and the same metric asked of another region, gives an empty result, as CloudWatch does for metrics it has no data for.
import { str, type Handler, type Output, type SimContext } from './context';
import { invalid } from './errors';
import { replicationLagMs, writerAt, type GlobalDb, type GlobalMember } from './failover-world';
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

function lagSource(ctx: SimContext, q: Query): { g: GlobalDb; member: GlobalMember } | undefined {
  const metric = q.MetricStat?.Metric;
  if (metric?.Namespace !== 'AWS/RDS' || metric.MetricName !== 'AuroraGlobalDBReplicationLag') return undefined;
  const dims = metric.Dimensions ?? [];
  // CloudWatch matches the exact set of dimensions: this metric is published with DBClusterIdentifier alone.
  if (dims.length !== 1 || dims[0]!.Name !== 'DBClusterIdentifier') return undefined;
  const id = (dims[0]!.Value ?? '').toLowerCase();
  for (const g of ctx.world.failover?.globals.values() ?? []) {
    const member = g.members.find((m) => m.id === id && m.region === ctx.region.name);
    if (member) return { g, member };
  }
  return undefined;
}

function points(ctx: SimContext, q: Query, start: number, end: number): Array<{ t: number; v: number }> {
  const source = lagSource(ctx, q);
  const period = (q.MetricStat?.Period ?? 60) * 1000;
  if (!source) return [];
  ctx.attribute(source.g.targetId);
  const tooHigh = ctx.faults(source.g.targetId).has('lag-too-high');
  const out: Array<{ t: number; v: number }> = [];
  // A datapoint covers [t, t + period) and exists once that period is over.
  for (let t = Math.ceil(start / period) * period; t < end && t + period <= ctx.now; t += period) {
    if (writerAt(source.g, t).toLowerCase() === source.member.arn.toLowerCase()) continue;
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
