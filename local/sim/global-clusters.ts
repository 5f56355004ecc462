// Amazon RDS: the Aurora global database API the failover drill uses (DescribeGlobalClusters,
// SwitchoverGlobalCluster, FailoverGlobalCluster). A global cluster answers in every region where it has a member
// and is unknown elsewhere. A switch takes simulated time (switchover 45-75 s, failover 30-60 s, per cluster and
// call); the writer moves when it ends. The member clusters themselves are ordinary DB clusters (rds.ts).
import { bool, str, type Handler, type Output, type SimContext } from './context';
import { invalid, notFound } from './errors';
import {
  CANARY_MISSING_WINDOW_MS,
  CANCELLING_MS,
  FAILOVER_SECONDS,
  STUCK_SWITCH_MS,
  SWITCHOVER_SECONDS,
  SWITCH_PENDING_MS,
  memberByArn,
  memberIn,
  replicationLagMs,
  switchAt,
  switchStatus,
  writerAt,
  type GlobalDb,
  type GlobalSwitch,
  type SwitchKind,
} from './failover-world';
import { compact } from './world';

const SERVICE = 'rds';

const globalNotFound = (id: string | undefined) => notFound(SERVICE, 'GlobalClusterNotFoundFault', `Global cluster ${id ?? ''} not found.`);

/** The global clusters visible from the region called: those with a member there. */
function visible(ctx: SimContext): GlobalDb[] {
  return [...(ctx.world.failover?.globals.values() ?? [])].filter((g) => memberIn(g, ctx.region.name) !== undefined);
}

function globalIn(ctx: SimContext, identifier: string | undefined): GlobalDb {
  const wanted = (identifier ?? '').toLowerCase();
  const g = visible(ctx).find((x) => x.id.toLowerCase() === wanted || x.arn.toLowerCase() === wanted);
  if (!g) throw globalNotFound(identifier);
  ctx.attribute(g.targetId);
  return g;
}

export function globalClusterOutput(ctx: SimContext, g: GlobalDb): Output {
  const writer = writerAt(g, ctx.now).toLowerCase();
  const running = switchAt(g, ctx.now);
  const status = running ? switchStatus(running, ctx.now) : undefined;
  return compact({
    GlobalClusterIdentifier: g.id,
    GlobalClusterResourceId: g.resourceId,
    GlobalClusterArn: g.arn,
    Status: status ?? 'available',
    Engine: g.engine,
    EngineVersion: g.engineVersion,
    DatabaseName: g.canary.database,
    StorageEncrypted: true,
    DeletionProtection: false,
    GlobalClusterMembers: g.members.map((m) => {
      const isWriter = m.arn.toLowerCase() === writer;
      return compact({
        DBClusterArn: m.arn,
        Readers: isWriter ? g.members.filter((r) => r !== m).map((r) => r.arn) : [],
        IsWriter: isWriter,
        GlobalWriteForwardingStatus: isWriter ? undefined : 'disabled',
        SynchronizationStatus: isWriter ? undefined : 'connected',
      });
    }),
    Endpoint: `${g.id.toLowerCase()}.global-${g.endpointHash}.global.rds.amazonaws.com`,
    FailoverState: running
      ? { Status: status, FromDbClusterArn: running.fromArn, ToDbClusterArn: running.toArn, IsDataLossAllowed: running.kind === 'failover' }
      : undefined,
    TagList: [],
  });
}

const describeGlobalClusters: Handler = (ctx, input) => {
  const id = str(input.GlobalClusterIdentifier);
  if (id) return { GlobalClusters: [globalClusterOutput(ctx, globalIn(ctx, id))] };
  return { GlobalClusters: visible(ctx).map((g) => globalClusterOutput(ctx, g)) };
};

/** The member to promote: AWS wants its ARN, so that it can find the cluster in its own region. */
function targetMember(ctx: SimContext, g: GlobalDb, identifier: string | undefined): string {
  const given = identifier ?? '';
  const member = given.startsWith('arn:') ? memberByArn(g, given) : g.members.find((m) => m.region === ctx.region.name && m.id === given.toLowerCase());
  if (!member) {
    throw notFound(SERVICE, 'DBClusterNotFoundFault', `DBCluster ${given} not found or is not a member of global cluster ${g.id}.`);
  }
  return member.arn;
}

function startSwitch(ctx: SimContext, g: GlobalDb, kind: SwitchKind, identifier: string | undefined): Output {
  const running = switchAt(g, ctx.now);
  if (running) {
    throw invalid(SERVICE, 'InvalidGlobalClusterStateFault', `Global cluster ${g.id} is in the middle of a ${running.kind} (${switchStatus(running, ctx.now)}); try again when it is available.`);
  }
  const toArn = targetMember(ctx, g, identifier);
  const fromArn = writerAt(g, ctx.now);
  if (toArn.toLowerCase() === fromArn.toLowerCase()) {
    throw invalid(SERVICE, 'InvalidDBClusterStateFault', `DB cluster ${toArn} is already the primary cluster of global cluster ${g.id}.`);
  }
  const n = g.switches.length;
  const faults = ctx.faults(g.targetId);
  const [min, max] = kind === 'switchover' ? SWITCHOVER_SECONDS : FAILOVER_SECONDS;
  const seconds = Math.round(ctx.random.between(min, max, kind, g.id.toLowerCase(), String(n)));
  const stuck = n === 0 && faults.has('switchover-stuck');
  const endAt = ctx.now + (stuck ? STUCK_SWITCH_MS : seconds * 1000);
  // Failover skips the final sync: what the new writer had not yet received is lost (the lag at that instant).
  const lossWindow = Math.max(
    kind === 'failover' ? replicationLagMs(ctx.random, toArn, ctx.now, faults.has('lag-too-high')) : 0,
    faults.has('canary-missing') ? CANARY_MISSING_WINDOW_MS : 0,
  );
  const change: GlobalSwitch = {
    kind,
    fromArn,
    toArn,
    requestedAt: ctx.now,
    pendingUntil: ctx.now + SWITCH_PENDING_MS,
    endAt,
    outcome: stuck ? 'cancelled' : 'completed',
    cancellingAt: stuck ? endAt - CANCELLING_MS : undefined,
    lostFrom: lossWindow > 0 ? ctx.now - lossWindow : undefined,
  };
  g.switches.push(change);
  return { GlobalCluster: globalClusterOutput(ctx, g) };
}

const switchoverGlobalCluster: Handler = (ctx, input) =>
  startSwitch(ctx, globalIn(ctx, str(input.GlobalClusterIdentifier)), 'switchover', str(input.TargetDbClusterIdentifier));

const failoverGlobalCluster: Handler = (ctx, input) => {
  const g = globalIn(ctx, str(input.GlobalClusterIdentifier));
  const allowDataLoss = bool(input.AllowDataLoss) === true;
  if (allowDataLoss && bool(input.Switchover) === true) {
    throw invalid(SERVICE, 'InvalidParameterCombination', 'Specify either AllowDataLoss or Switchover, not both.');
  }
  // Without AllowDataLoss the API documents the call as a switchover.
  return startSwitch(ctx, g, allowDataLoss ? 'failover' : 'switchover', str(input.TargetDbClusterIdentifier));
};

export const globalClusterHandlers: Record<string, Handler> = {
  DescribeGlobalClusters: describeGlobalClusters,
  SwitchoverGlobalCluster: switchoverGlobalCluster,
  FailoverGlobalCluster: failoverGlobalCluster,
};
