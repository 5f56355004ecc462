// The payloads that cross state boundaries in the failover drill (statemachines/failover-target.asl.yml).
// One schema each; types inferred. Times are ISO-8601 strings; figures are seconds, because the objectives are.
import { z } from 'zod';
import { failoverUsageSchema } from '../cost/failover-usage';
import { drillContextSchema } from '../drill/contracts';
import { failoverObjectivesSchema, failoverTargetSchema } from '../plan/failover-schema';

export const PHASES = ['cutover', 'failback', 'rollback'] as const;
export const phaseSchema = z.enum(PHASES);
export type Phase = z.infer<typeof phaseSchema>;

/** The plan's failover settings in seconds, worked out once in Check Plan: ASL compares numbers, not minutes. */
export const failoverSettingsSchema = z.object({
  probeIntervalSeconds: z.number().int().positive(),
  switchTimeoutSeconds: z.number().int().positive(),
  soakSeconds: z.number().int().nonnegative(),
  rollbackTimeoutSeconds: z.number().int().positive(),
  approvalTimeoutSeconds: z.number().int().positive(),
  /** False when the plan allows unattended failover or the person who started the drill approved it then. */
  approvalRequired: z.boolean(),
  /** Who approved at start (`dr-drill start --approve` records the caller), when nobody needs to be asked. */
  approvedBy: z.string().nullable(),
});
export type FailoverSettings = z.infer<typeof failoverSettingsSchema>;

/** One item of the parent's failover Map, and the input of a failover-target child execution. */
export const failoverItemSchema = z.object({
  drill: drillContextSchema,
  target: failoverTargetSchema,
  objectives: failoverObjectivesSchema,
  settings: failoverSettingsSchema,
  /** The regions of the plan: the cutover goes primary -> DR, the failback DR -> primary. */
  primaryRegion: z.string(),
  drRegion: z.string(),
});
export type FailoverItem = z.infer<typeof failoverItemSchema>;

/**
 * Health probes as stretches of equal answers: a 20-minute switch probed every 5 s keeps a handful of segments, not
 * 240 probes, so the payload stays small whatever the timeout. Enough survives to measure downtime exactly as the
 * full series would (the first and last probe of each stretch) and its precision (the largest gap between probes).
 */
export const probeSegmentSchema = z.object({
  ok: z.boolean(),
  firstAt: z.string(),
  lastAt: z.string(),
  count: z.number().int().positive(),
  /** The last answer in the stretch: an HTTP status, or why there was none ("timeout after 2000 ms"). */
  lastAnswer: z.string(),
});
export const probeSeriesSchema = z.object({
  segments: z.array(probeSegmentSchema),
  probes: z.number().int().nonnegative(),
  maxGapMs: z.number().nonnegative(),
});
export type ProbeSegment = z.infer<typeof probeSegmentSchema>;
export type ProbeSeries = z.infer<typeof probeSeriesSchema>;

/** What one look at the world saw: the writer, the switch in progress, the traffic, the health URL. */
export const observationSchema = z.object({
  at: z.string(),
  writerRegion: z.string().nullable(),
  /** The global cluster's FailoverState.Status while a switch or failover runs, else null. */
  switchStatus: z.string().nullable(),
  /** What Route 53 answers for the record (TestDNSAnswer), or which region's routing control is on (ARC). */
  trafficRegion: z.string().nullable(),
  trafficAnswer: z.string().nullable(),
  healthy: z.boolean(),
  healthAnswer: z.string(),
});
export type Observation = z.infer<typeof observationSchema>;

/**
 * The observe loop's state: one per phase (cutover, failback, rollback). The Observe Lambda takes it and returns it
 * with the latest observation folded in and the four flags the state machine's Choice states read.
 */
export const watchSchema = z.object({
  phase: phaseSchema,
  /** The region whose cluster must end up writer, and that cluster. */
  towardRegion: z.string(),
  towardClusterArn: z.string(),
  /** When the phase began: the switch API call (cutover, failback) or the decision to roll back. */
  startedAt: z.string(),
  /** When the switch back was requested during a rollback (null until then; the cutover/failback call is startedAt). */
  switchRequestedAt: z.string().nullable(),
  deadlineAt: z.string(),
  /** First look with the toward cluster writer and no switch in progress. */
  writerAt: z.string().nullable(),
  /** First look with the traffic (DNS answer or routing control) on the toward region. */
  trafficAt: z.string().nullable(),
  /** ARC only: when the drill turned the toward region's routing control on. */
  routingSetAt: z.string().nullable(),
  series: probeSeriesSchema,
  observations: z.number().int().nonnegative(),
  last: observationSchema.nullable(),
  /** Writer, traffic and health all on the toward region: the phase is done. */
  settled: z.boolean(),
  timedOut: z.boolean(),
  /** Rollback only: nothing is switching and the writer is elsewhere, so the switch back must be requested. */
  needsSwitch: z.boolean(),
  /** ARC only: the writer moved but the routing controls still send traffic to the other region. */
  needsRouting: z.boolean(),
  /**
   * What watching cost, for the drill's cost estimate (lib/cost/failover-usage.ts): the Observe Failover invocations
   * that returned this watch and the seconds they ran. Absent from watches recorded before estimates.
   */
  invocations: z.number().int().nonnegative().optional(),
  busySeconds: z.number().nonnegative().optional(),
});
export type Watch = z.infer<typeof watchSchema>;

export const failoverPreflightSchema = z.object({
  ok: z.boolean(),
  /** Why the drill must not change anything: one line each, empty when ok. */
  reasons: z.array(z.string()),
  checkedAt: z.string(),
  writerRegion: z.string().nullable(),
  members: z.array(z.object({ clusterArn: z.string(), region: z.string(), isWriter: z.boolean() })),
  replicationLagMs: z.number().nullable(),
  /** The CloudWatch metric the lag was read from (AuroraGlobalDBRPOLag unless the cluster publishes none); absent in older records. */
  replicationLagMetric: z.string().nullable().optional(),
  healthAnswer: z.string().nullable(),
  trafficRegion: z.string().nullable(),
});
export type FailoverPreflight = z.infer<typeof failoverPreflightSchema>;

export const canaryWriteSchema = z.object({ marker: z.string(), writtenAt: z.string(), region: z.string() });
export type CanaryWrite = z.infer<typeof canaryWriteSchema>;
export const canaryReadSchema = z.object({
  marker: z.string(),
  found: z.boolean(),
  /** The marker's written_at as the new primary holds it (null when missing). */
  writtenAt: z.string().nullable(),
  /** The newest canary row the new primary holds (any drill), to bound the data lost when the marker is missing. */
  newestWrittenAt: z.string().nullable(),
  checkedAt: z.string(),
  region: z.string(),
});
export type CanaryRead = z.infer<typeof canaryReadSchema>;

/** unknown: only in a drill report, for a target whose execution ended without recording what happened. */
export const approvalOutcomeSchema = z.enum(['not-required', 'approved', 'rejected', 'timed-out', 'unknown']);
export type ApprovalOutcome = z.infer<typeof approvalOutcomeSchema>;

const figure = z.object({
  measuredSeconds: z.number().nullable(),
  objectiveSeconds: z.number(),
  met: z.boolean(),
  /** How the figure was obtained and how precise it is, for the person reading the report. */
  detail: z.string(),
});
export type Figure = z.infer<typeof figure>;

const phaseFigures = z.object({
  /** Switch API call to the toward cluster being writer. */
  cutover: figure,
  /** Health-probe downtime during the switch (rto objective). */
  downtime: figure.extend({ outages: z.number().int(), recovered: z.boolean(), resolutionSeconds: z.number() }),
  /** Switch API call to Route 53 answering (or the routing control sending traffic) for the toward region. */
  traffic: figure,
});
export type PhaseFigures = z.infer<typeof phaseFigures>;

export const FAILOVER_STEPS = ['preflight', 'approval', 'canary', 'switch', 'cutover', 'prove', 'soak', 'failback', 'rollback'] as const;

/** Where the service was left: what on-call needs first. */
export const serviceStateSchema = z.object({
  writerRegion: z.string().nullable(),
  trafficRegion: z.string().nullable(),
  onPrimary: z.boolean(),
  /** One sentence: "on its primary (eu-west-1)" or "NOT on its primary: writer in eu-west-2, ...". */
  summary: z.string(),
});

export const failoverResultSchema = z.object({
  targetId: z.string(),
  globalClusterIdentifier: z.string(),
  mode: z.enum(['switchover', 'failover']),
  /** NOT_RUN: refused at preflight or not approved; nothing was changed. */
  verdict: z.enum(['PASSED', 'FAILED', 'NOT_RUN']),
  reason: z.string(),
  stoppedAt: z.enum(FAILOVER_STEPS).nullable(),
  /** True when a person must act now: the service is not back on its primary, or its state is unknown. */
  loud: z.boolean(),
  service: serviceStateSchema,
  approval: z.object({ outcome: approvalOutcomeSchema, by: z.string().nullable(), at: z.string().nullable() }),
  preflight: failoverPreflightSchema.nullable(),
  replicationLag: figure,
  dataLoss: figure.extend({ canaryFound: z.boolean().nullable() }),
  cutover: phaseFigures.nullable(),
  failback: phaseFigures.nullable(),
  rollback: z
    .object({ reason: z.string(), settled: z.boolean(), seconds: z.number().nullable(), switchRequested: z.boolean() })
    .nullable(),
  timeline: z.array(z.object({ step: z.string(), at: z.string() })),
  /** What the drill ran, for its cost estimate; absent from results recorded before estimates. */
  usage: failoverUsageSchema.optional(),
});
export type FailoverResult = z.infer<typeof failoverResultSchema>;
