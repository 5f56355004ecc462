// What a failover drill ran, in the units AWS bills it by, recorded by Evaluate Failover from what the execution
// holds (the watches, preflight, the canary, the approval) and priced later (failover-estimate.ts). A failover drill
// adds no resource: what it runs is Lambda invocations, state transitions, a CloudWatch read, looks at Route 53 or
// ARC, probes of the health URL and one canary row replicated across regions.
import { z } from 'zod';
import type { Phase, Watch } from '../failover/contracts';
import type { FailoverRun } from '../failover/verdict';

export const failoverUsageSchema = z.object({
  mode: z.enum(['switchover', 'failover']),
  /** Whether the switch was (or may have been) requested: before it, the drill changed nothing. */
  switched: z.boolean(),
  /** How the drill read where traffic goes: Route 53 (TestDNSAnswer), the VPC's resolver, or ARC routing controls. */
  trafficFrom: z.enum(['route53', 'vpc', 'arc']),
  /** Observe Failover: its invocations and the seconds they ran (the watches' own tally, else from their timestamps). */
  observe: z.object({ invocations: z.number().int().nonnegative(), seconds: z.number().nonnegative(), counted: z.boolean() }),
  /** The drill's other Lambda invocations by function (preflight, approval, canary, routing, evaluation): their durations are not recorded. */
  invocations: z.record(z.string(), z.number().int().nonnegative()),
  /** Looks at the writer and the traffic, and probes of the health URL, over every phase. */
  looks: z.number().int().nonnegative(),
  probes: z.number().int().nonnegative(),
  /** CloudWatch metrics the preflight asked GetMetricData for (the replication lags). */
  metricsRequested: z.number().int().nonnegative(),
  /** ARC only: the routing-control changes the drill made (at least: a failed attempt is not counted). */
  routingChanges: z.number().int().nonnegative(),
  /** Canary rows written in the primary, and the regions the global database replicates them to (preflight's members). */
  canaryWrites: z.number().int().nonnegative(),
  replicatedTo: z.array(z.string()),
  /** Estimated state transitions of the failover-target execution and its share of the parent's. */
  transitions: z.number().int().nonnegative(),
});
export type FailoverUsage = z.infer<typeof failoverUsageSchema>;

/** Failover Preflight asks GetMetricData for both replication lags (lib/failover/replication-lag.ts LAG_METRICS; a test holds them equal). */
export const LAG_METRICS_REQUESTED = 2;

/** The watch loop invokes Observe Failover for up to this long (statemachines/failover-target.asl.yml, watchSeconds). */
export const WATCH_SECONDS = 60;

const PHASES: Phase[] = ['cutover', 'failback', 'rollback'];
const spanSeconds = (w: Watch) => (w.last ? Math.max(0, (Date.parse(w.last.at) - Date.parse(w.startedAt)) / 1000) : 0);

/** One watch's Observe invocations and seconds: its own tally when it has one, else worked out from its timestamps. */
function observed(w: Watch): { invocations: number; seconds: number; counted: boolean } {
  if (w.invocations !== undefined && w.busySeconds !== undefined) return { invocations: w.invocations, seconds: w.busySeconds, counted: true };
  const seconds = spanSeconds(w);
  return { invocations: w.observations === 0 ? 0 : Math.max(1, Math.ceil(seconds / WATCH_SECONDS)), seconds, counted: false };
}

// State transitions of failover-target.asl.yml, by the path the execution took (AWS bills each state entered).
/** Initialise, Preflight, Preflight Passed?; and at the end Evaluate Failover, Recorded. */
const START = 3;
const END = 2;
/** Approval Needed? and No Approval Needed, or Approval Needed?, Wait For Approval and its outcome. */
const APPROVAL_ASKED = 3;
const APPROVAL_SKIPPED = 2;
/** Write Canary, Canary Needs Time?, Mark Switch Start, Switch Mode?, the switch task (Let The Canary Age besides, for a failover). */
const TO_SWITCH = 5;
/** Start Watching or Observe, then Keep Watch and Phase Done?: three per Observe invocation; the phase's Record (or Timed Out) one more. */
const PER_OBSERVE = 3;
const PHASE_END = 1;
/** Read Canary In DR, Canary Survived?; then Soak, Mark Failback Start, Reset Traffic Marks and the switch back. */
const PROVE = 2;
const TO_FAILBACK = 4;
/** Begin Rollback, Reset Rollback Marks, Reset Switch Back, and the Pass that names why. */
const ROLLBACK = 4;
/** Mark Switch Back and Switch Back To Primary, when a rollback had to ask for the switch back (a refused ask that is retried is not counted). */
const SWITCH_BACK = 2;
/** The parent's Map iteration that starts and waits for the child execution. */
const PARENT_SHARE = 3;

export function failoverUsage(run: FailoverRun): FailoverUsage {
  const { item, failures } = run;
  const watches = PHASES.map((p) => run.phases[p]).filter((w): w is Watch => w !== undefined);
  const looks = watches.map(observed);
  const arc = !item.target.dns;
  const routingChanges = arc ? watches.filter((w) => w.routingSetAt !== null).length : 0;
  // Approval is asked for only once preflight has passed, and only when the plan or the start did not give it.
  const asked = run.preflight?.ok === true && item.settings.approvalRequired && (run.approval.outcome !== 'unknown' || failures.approval !== undefined);
  const canaryWritten = run.canaryWrite !== undefined || failures.canary !== undefined;
  const canaryRead = run.canaryRead !== undefined || failures.prove !== undefined;
  const preflightRan = run.preflight !== undefined || failures.preflight !== undefined;
  const invocations: Record<string, number> = {
    'Failover Preflight': preflightRan ? 1 : 0,
    'Request Approval': asked ? 1 : 0,
    'Failover Canary': (canaryWritten ? 1 : 0) + (canaryRead ? 1 : 0),
    'Set Routing Controls': routingChanges,
    'Evaluate Failover': 1,
  };
  const observeInvocations = looks.reduce((n, l) => n + l.invocations, 0);

  let transitions = PARENT_SHARE + START + END;
  if (run.preflight?.ok) transitions += asked ? APPROVAL_ASKED : APPROVAL_SKIPPED;
  if (run.switchAttempted) transitions += TO_SWITCH + (item.target.mode === 'failover' ? 1 : 0);
  transitions += PER_OBSERVE * observeInvocations + PHASE_END * watches.length + routingChanges;
  if (canaryRead) transitions += PROVE;
  if (run.phases.failback) transitions += TO_FAILBACK;
  if (run.rollbackStarted) transitions += ROLLBACK;
  if (run.phases.rollback?.switchRequestedAt) transitions += SWITCH_BACK;

  return {
    mode: item.target.mode,
    switched: run.switchAttempted,
    trafficFrom: arc ? 'arc' : item.target.dns!.measureFrom,
    observe: {
      invocations: observeInvocations,
      seconds: Math.round(looks.reduce((s, l) => s + l.seconds, 0) * 1000) / 1000,
      counted: looks.every((l) => l.counted),
    },
    invocations: Object.fromEntries(Object.entries(invocations).filter(([, n]) => n > 0)),
    looks: watches.reduce((n, w) => n + w.observations, 0),
    probes: watches.reduce((n, w) => n + w.series.probes, 0),
    metricsRequested: run.preflight ? LAG_METRICS_REQUESTED : 0,
    routingChanges,
    canaryWrites: run.canaryWrite ? 1 : 0,
    replicatedTo: [...new Set((run.preflight?.members ?? []).filter((m) => !m.isWriter).map((m) => m.region))].sort(),
    transitions,
  };
}
