// Failover Preflight: may this drill switch production now? Reads only, and collects every reason to refuse: the
// global database's members inside the residency policy, the primary writing, the DR cluster a member and
// available, no switch already running, replication lag inside the RPO, the health URL answering, and traffic on
// the primary, measured as the plan says (a target read from inside the VPC needs this function there). Anything
// refused here ends the drill with nothing changed.
import { z } from 'zod';
import { DescribeDBClustersCommand } from '@aws-sdk/client-rds';
import { isNotFound, isTransientAwsError } from '../../lib/aws/classify-error';
import { assertRegionAllowed } from '../../lib/drill/residency-guard';
import { ResidencyViolationError, TransientAwsError } from '../../lib/errors';
import { failoverItemSchema, type FailoverItem, type FailoverPreflight } from '../../lib/failover/contracts';
import { ArcEndpointsUnavailable } from '../../lib/failover/arc-endpoints';
import { clusterIdOf, describeGlobalCluster, type GlobalClusterView } from '../../lib/failover/global-cluster';
import { probeHealth } from '../../lib/failover/http-probe';
import { LAG_LOOKBACK_MS, LAG_METRICS, readReplicationLag, type ReplicationLag } from '../../lib/failover/replication-lag';
import { readTraffic, vpcMeasurementProblem, type TrafficView } from '../../lib/failover/traffic';
import { parsePayload } from '../../lib/lambda/parse';
import type { Deps } from '../../lib/lambda/deps';

const eventSchema = z.object({ item: failoverItemSchema });

export const HEALTH_TIMEOUT_MS = 3_000;

export async function failoverPreflight(event: unknown, deps: Deps): Promise<FailoverPreflight> {
  const { item } = parsePayload(eventSchema, event, 'Failover Preflight');
  if (!deps.http) throw new Error('no HTTP client was given to the preflight function: it cannot probe the health URL');
  const http = deps.http;
  const checkedAt = deps.now().toISOString();
  const [global, drCluster, lag, health, traffic] = await Promise.all([
    attempt('the global database could not be read', () => describeGlobalCluster(deps, item)),
    attempt('the DR cluster could not be read', () => drClusterStatus(deps, item)),
    attempt('the replication lag could not be read', () => readReplicationLag(deps, item)),
    probeHealth(http, item.target.healthUrl, HEALTH_TIMEOUT_MS),
    trafficAttempt(deps, item),
  ]);

  const reasons = [
    ...(global.ok ? globalReasons(global.value, item) : [global.reason]),
    ...(drCluster.ok ? drClusterReasons(drCluster.value, item) : [drCluster.reason]),
    ...(lag.ok ? lagReasons(lag.value, item) : [lag.reason]),
    ...(health.ok ? [] : [`the health URL ${item.target.healthUrl} ${health.answer.startsWith('HTTP ') ? `answered ${health.answer}, not 2xx` : `did not answer (${health.answer})`}`]),
    ...(traffic.ok ? trafficReasons(traffic.value, item) : [traffic.reason]),
  ];
  const view = global.ok ? global.value : null;
  return {
    ok: reasons.length === 0,
    reasons,
    checkedAt,
    writerRegion: view?.writerRegion ?? null,
    members: view?.members ?? [],
    replicationLagMs: lag.ok ? (lag.value?.ms ?? null) : null,
    replicationLagMetric: lag.ok ? (lag.value?.metric ?? null) : null,
    healthAnswer: health.answer,
    trafficRegion: traffic.ok ? traffic.value.region : null,
  };
}

type Attempt<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * A read that fails for good (access denied, an unknown resource) is a reason to refuse, said in one line. A
 * transient failure is thrown as TransientAwsError so the state machine asks again, and a residency violation is
 * thrown as it is: no client is ever built for a region outside the policy.
 */
async function attempt<T>(what: string, read: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    if (error instanceof ResidencyViolationError) throw error;
    if (error instanceof ArcEndpointsUnavailable) throw new TransientAwsError(error.message, { cause: error });
    if (isTransientAwsError(error)) {
      const e = error as Error;
      throw new TransientAwsError(`${e.name}: ${e.message}`, { cause: error });
    }
    const e = error as Error;
    return { ok: false, reason: `${what}: ${e.name}: ${e.message}` };
  }
}

/**
 * Where traffic goes, if this function can see it the way the plan says to measure it: a target read from inside the
 * VPC needs the stack's observer there; a target read with TestDNSAnswer needs a public hosted zone.
 */
async function trafficAttempt(deps: Deps, item: FailoverItem): Promise<Attempt<TrafficView>> {
  const problem = vpcMeasurementProblem(deps, item);
  if (problem) return { ok: false, reason: problem };
  const read = await attempt('the traffic could not be read', () => readTraffic(deps, item));
  const { dns } = item.target;
  if (read.ok || !dns || dns.measureFrom !== 'route53' || !read.reason.includes(': InvalidInput: ')) return read;
  // TestDNSAnswer "only supports querying public hosted zones" (Route 53 API Reference); AWS does not say which
  // error a private zone gets, so the likely cause is named beside what Route 53 said.
  return {
    ok: false,
    reason: `${read.reason} (TestDNSAnswer answers for public hosted zones only: if ${dns.hostedZoneId} is a private hosted zone, set dns.zone: private and dns.measureFrom: vpc)`,
  };
}

async function drClusterStatus(deps: Deps, item: FailoverItem): Promise<string | null> {
  const region = assertRegionAllowed(item.drRegion, item.drill, `failover target ${item.target.id}: DR cluster`);
  try {
    const out = await deps.clients.get('rds', region).send(new DescribeDBClustersCommand({ DBClusterIdentifier: item.target.drClusterArn }));
    return out.DBClusters?.[0]?.Status ?? null;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

const policy = (item: FailoverItem) => `[${item.drill.allowedRegions.join(', ')}]`;

export function globalReasons(view: GlobalClusterView | null, item: FailoverItem): string[] {
  const { target } = item;
  if (!view) return [`the global database ${target.globalClusterIdentifier} was not found (asked in ${item.drRegion})`];
  const reasons: string[] = [];
  for (const member of view.members) {
    if (!item.drill.allowedRegions.includes(member.region)) {
      reasons.push(`member ${clusterIdOf(member.clusterArn)} is in ${member.region}, outside the residency policy ${policy(item)}`);
    }
  }
  const writer = view.members.find((m) => m.isWriter);
  if (writer?.clusterArn !== target.primaryClusterArn) {
    const now = writer ? `the writer is ${clusterIdOf(writer.clusterArn)} (${writer.region})` : 'no member is the writer';
    reasons.push(`the primary cluster ${clusterIdOf(target.primaryClusterArn)} (${item.primaryRegion}) is not the writer: ${now}`);
  }
  if (!view.members.some((m) => m.clusterArn === target.drClusterArn)) {
    reasons.push(`the DR cluster ${clusterIdOf(target.drClusterArn)} is not a member of the global database ${target.globalClusterIdentifier}`);
  }
  if (view.status !== 'available') reasons.push(`the global database is ${view.status ?? 'in an unknown state'}, not available`);
  if (view.switchStatus !== null) reasons.push(`a switch is already under way on the global database (${view.switchStatus})`);
  return reasons;
}

export function drClusterReasons(status: string | null, item: FailoverItem): string[] {
  const id = clusterIdOf(item.target.drClusterArn);
  if (status === null) return [`the DR cluster ${id} was not found in ${item.drRegion}`];
  return status === 'available' ? [] : [`the DR cluster ${id} is ${status}, not available`];
}

export function lagReasons(lag: ReplicationLag | null, item: FailoverItem): string[] {
  if (lag === null) {
    return [
      `no replication lag was reported for the DR cluster ${clusterIdOf(item.target.drClusterArn)} in the last ${LAG_LOOKBACK_MS / 60_000} minutes (CloudWatch ${LAG_METRICS.join(' or ')}, DBClusterIdentifier ${clusterIdOf(item.target.drClusterArn)} and SourceRegion ${item.primaryRegion})`,
    ];
  }
  const objective = item.objectives.rpoSeconds;
  return lag.ms > objective * 1000 ? [`replication lag ${(lag.ms / 1000).toFixed(1)} s (${lag.metric}) is over the RPO objective ${objective} s`] : [];
}

export function trafficReasons(traffic: TrafficView, item: FailoverItem): string[] {
  if (traffic.region === item.primaryRegion) return [];
  const { dns } = item.target;
  if (dns) {
    const who = dns.measureFrom === 'vpc' ? "the VPC's resolver" : 'Route 53';
    return [`${who} answers ${traffic.answer} for ${dns.recordName}, not the primary's ${dns.primaryAnswer}: traffic is not on the primary`];
  }
  return [`the routing controls do not send traffic to the primary alone (${traffic.answer})`];
}
