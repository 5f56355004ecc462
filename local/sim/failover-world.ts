// The failover drill's side of the simulated account: Aurora global databases, the regional application each one
// serves, how its traffic is routed (a Route 53 health-checked failover record or ARC routing controls), and the
// canary table. As in world.ts nothing runs on a timer: a switch is recorded with the virtual times at which it
// starts and ends, and who writes, what the health check says and what DNS answers are worked out for any instant.
import type { FaultName } from './faults';
import type { SimRandom } from './hash';

export type SwitchKind = 'switchover' | 'failover';

/** One SwitchoverGlobalCluster or FailoverGlobalCluster call and what it does over time. */
export interface GlobalSwitch {
  kind: SwitchKind;
  fromArn: string;
  toArn: string;
  requestedAt: number;
  /** FailoverState.Status reads "pending" until then: Aurora verifies both clusters before it starts. */
  pendingUntil: number;
  /** A switch that AWS cancels (switchover-stuck) reads "cancelling" from then until endAt. */
  cancellingAt?: number;
  endAt: number;
  /** completed: the writer moves to toArn at endAt. cancelled: it stays on fromArn. */
  outcome: 'completed' | 'cancelled';
  /** Canary rows written from this instant up to requestedAt never reach the new writer (data loss). */
  lostFrom?: number;
}

export interface GlobalMember {
  arn: string;
  /** Lower-case cluster identifier, as RDS stores it. */
  id: string;
  region: string;
}

export interface CanaryRow {
  marker: string;
  writtenAt: number;
  /** The member that took the INSERT. */
  writerArn: string;
}

export interface CanaryTable {
  engine: 'postgres' | 'mysql';
  database: string;
  table: string;
  /** The plan's two canary secrets (primary and DR region); both hold the same login, as a global database shares users. */
  secretArns: string[];
  rows: CanaryRow[];
}

export interface GlobalDb {
  id: string;
  arn: string;
  resourceId: string;
  engine: 'aurora-postgresql' | 'aurora-mysql';
  engineVersion: string;
  endpointHash: string;
  /** The failover target that names it: faults and the call log use it. */
  targetId: string;
  /** The plan's primary cluster first, then its DR cluster. */
  members: GlobalMember[];
  /** The writer before any switch: the plan's primary cluster. */
  initialWriterArn: string;
  switches: GlobalSwitch[];
  canary: CanaryTable;
}

/** A regional copy of the application: the DNS answer that leads to it and the region it runs in. */
export interface AppSite {
  region: string;
  answer: string;
}

/** Everything one failover target's traffic goes through. */
export interface FailoverSite {
  targetId: string;
  globalId: string;
  /** The health URL's host and path: the host is what the failover record (or ARC-controlled record) answers for. */
  healthHost: string;
  healthPath: string;
  primary: AppSite;
  dr: AppSite;
  /** privateZone: the plan's `dns.zone` (a private hosted zone answers only inside the VPCs associated with it). */
  dns?: { hostedZoneId: string; recordName: string; recordType: string; privateZone: boolean };
  /** The Route 53 health check on the primary region's app; samples fall on offsetMs + k * interval. */
  healthCheck: { id: string; offsetMs: number };
  routing?: { primaryControlArn: string; drControlArn: string; endpoints: Array<{ region: string; endpoint: string }> };
}

export interface RoutingControl {
  arn: string;
  name: string;
  state: 'On' | 'Off';
  targetId: string;
}

export interface FailoverWorld {
  /** By lower-case global cluster identifier. */
  globals: Map<string, GlobalDb>;
  sites: FailoverSite[];
  controls: Map<string, RoutingControl>;
  /** The HTTP probe's resolver: host -> the answer it got, kept until the record's TTL runs out. */
  resolverCache: Map<string, { answer: string; expiresAt: number }>;
  /** The VPC's Route 53 Resolver as the in-VPC observer uses it (vpc-resolver.ts): "name type" -> the answer, kept for its TTL. */
  vpcResolverCache: Map<string, { answer: string; expiresAt: number }>;
}

// The timings AWS documents or that real drills show; tests and the README quote them.
export const SWITCHOVER_SECONDS = [45, 75] as const;
export const FAILOVER_SECONDS = [30, 60] as const;
export const SWITCH_PENDING_MS = 5_000;
export const STUCK_SWITCH_MS = 40 * 60_000;
export const CANCELLING_MS = 2 * 60_000;
/** Route 53's standard health check: every 10 s, 3 equal results in a row to change status. */
export const HEALTH_CHECK_INTERVAL_MS = 10_000;
export const HEALTH_CHECK_THRESHOLD = 3;
export const DNS_TTL_MS = 60_000;
export const LAG_RANGE_MS = [300, 900] as const;
export const LAG_TOO_HIGH_MS = 45_000;
export const CANARY_MISSING_WINDOW_MS = 120_000;

const sameArn = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export function memberIn(g: GlobalDb, region: string): GlobalMember | undefined {
  return g.members.find((m) => m.region === region);
}

export function memberByArn(g: GlobalDb, arn: string): GlobalMember | undefined {
  return g.members.find((m) => sameArn(m.arn, arn));
}

/** The global database a member cluster belongs to. */
export function globalOfCluster(fw: FailoverWorld, clusterArn: string): GlobalDb | undefined {
  return [...fw.globals.values()].find((g) => memberByArn(g, clusterArn) !== undefined);
}

/** The member that writes at t: the writer only moves when a switch completes. */
export function writerAt(g: GlobalDb, t: number): string {
  let writer = g.initialWriterArn;
  for (const s of g.switches) if (s.outcome === 'completed' && s.endAt <= t) writer = s.toArn;
  return writer;
}

export function switchAt(g: GlobalDb, t: number): GlobalSwitch | undefined {
  return g.switches.find((s) => s.requestedAt <= t && t < s.endAt);
}

/** FailoverState.Status. The SDK's FailoverStatus enum lacks "switching-over", but its own documentation lists it. */
export function switchStatus(s: GlobalSwitch, t: number): string {
  if (t < s.pendingUntil) return 'pending';
  if (s.cancellingAt !== undefined && t >= s.cancellingAt) return 'cancelling';
  return s.kind === 'switchover' ? 'switching-over' : 'failing-over';
}

/** AuroraGlobalDBReplicationLag of a secondary at t: one value per minute, 300-900 ms (45 s with lag-too-high). */
export function replicationLagMs(random: SimRandom, memberArn: string, t: number, tooHigh: boolean): number {
  if (tooHigh) return LAG_TOO_HIGH_MS;
  return Math.round(random.between(LAG_RANGE_MS[0], LAG_RANGE_MS[1], 'replication-lag', memberArn.toLowerCase(), String(Math.floor(t / 60_000))));
}

export function globalOfSite(fw: FailoverWorld, site: FailoverSite): GlobalDb {
  return fw.globals.get(site.globalId)!;
}

/** A regional app serves (200) only while its region's cluster writes and no switch is running. */
export function appHealthy(fw: FailoverWorld, site: FailoverSite, region: string, t: number): boolean {
  const g = globalOfSite(fw, site);
  const member = memberIn(g, region);
  return member !== undefined && sameArn(writerAt(g, t), member.arn) && switchAt(g, t) === undefined;
}

export interface HealthCheckView {
  healthy: boolean;
  /** The latest sample at or before t, and what it saw. */
  lastSampleAt: number;
  lastSampleOk: boolean;
}

/**
 * The primary app's health check at t. Worked out from the samples since the first switch (before it the primary
 * app has always served): the status changes only after HEALTH_CHECK_THRESHOLD samples in a row disagree with it.
 */
export function healthCheckAt(fw: FailoverWorld, site: FailoverSite, t: number): HealthCheckView {
  const { offsetMs } = site.healthCheck;
  const step = HEALTH_CHECK_INTERVAL_MS;
  const lastSampleAt = offsetMs + Math.floor((t - offsetMs) / step) * step;
  const sample = (at: number): boolean => appHealthy(fw, site, site.primary.region, at);
  const first = globalOfSite(fw, site).switches[0];
  let healthy = true;
  if (first && first.requestedAt <= lastSampleAt) {
    let run = 0;
    for (let at = offsetMs + Math.ceil((first.requestedAt - offsetMs) / step) * step; at <= t; at += step) {
      if (sample(at) === healthy) run = 0;
      else if (++run >= HEALTH_CHECK_THRESHOLD) {
        healthy = !healthy;
        run = 0;
      }
    }
  }
  return { healthy, lastSampleAt, lastSampleOk: sample(lastSampleAt) };
}

/** What the site's record answers at t; undefined is NXDOMAIN (both routing controls off). */
export function dnsAnswer(fw: FailoverWorld, site: FailoverSite, faults: ReadonlySet<FaultName>, t: number): string | undefined {
  // dns-not-updated: the health check is not associated with the record (or the controls with it): nothing moves.
  if (faults.has('dns-not-updated')) return site.primary.answer;
  if (site.routing) {
    const on = (arn: string): boolean => fw.controls.get(arn)?.state === 'On';
    if (on(site.routing.primaryControlArn)) return site.primary.answer;
    return on(site.routing.drControlArn) ? site.dr.answer : undefined;
  }
  return healthCheckAt(fw, site, t).healthy ? site.primary.answer : site.dr.answer;
}

/** The regional app a DNS answer (or its host name used directly) leads to. */
export function appOfAnswer(fw: FailoverWorld, answer: string): { site: FailoverSite; app: AppSite } | undefined {
  const wanted = answer.toLowerCase().replace(/\.$/, '');
  for (const site of fw.sites) {
    for (const app of [site.primary, site.dr]) if (app.answer.toLowerCase().replace(/\.$/, '') === wanted) return { site, app };
  }
  return undefined;
}
