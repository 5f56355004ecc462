// The drill notification as machines read it: the `lambda` part of the SNS message, which the Slack function (and
// any other subscriber) parses with this schema. It carries names and figures only, never a value read from
// restored data: a check's value is copied only when it is a number.
import { z } from 'zod';

const measure = z.object({ measuredMinutes: z.number().nullable(), objectiveMinutes: z.number(), met: z.boolean() });
const seconds = z.object({ measuredSeconds: z.number().nullable(), objectiveSeconds: z.number(), met: z.boolean() });

export const notifiedTargetSchema = z.object({
  id: z.string(),
  type: z.string(),
  verdict: z.enum(['PASSED', 'FAILED']),
  rto: measure,
  rpo: measure,
  /** Where it failed (validate, cleanup, objectives...) and why, in the drill's own words; null when it passed. */
  failedStep: z.string().nullable(),
  reason: z.string().nullable(),
  checks: z.object({ passed: z.number().int(), total: z.number().int() }),
  /** Failed checks by name; `value` only when the check measured a number. */
  failedChecks: z.array(z.object({ name: z.string(), value: z.number().nullable() })),
  /** How many resources the cleanup could not confirm deleted. */
  leftBehind: z.number().int(),
  /** The newest recovery point's age in each vault at drill start (the DR vault's is the RPO's), when recorded. */
  recoveryPoint: z
    .object({
      source: z.enum(['dr-vault', 'copy', 'both']),
      primaryMinutes: z.number().nullable(),
      drMinutes: z.number().nullable(),
      /** Issue 13: the account whose vault held the restored point, and the recovery account the drill restored in. */
      accounts: z.object({ vault: z.string(), recovery: z.string() }).optional(),
    })
    .nullable()
    .optional(),
});
export type NotifiedTarget = z.infer<typeof notifiedTargetSchema>;

export const notifiedFailoverSchema = z.object({
  id: z.string(),
  globalCluster: z.string(),
  mode: z.enum(['switchover', 'failover']),
  verdict: z.enum(['PASSED', 'FAILED', 'NOT_RUN']),
  reason: z.string(),
  stoppedAt: z.string().nullable(),
  loud: z.boolean(),
  cutover: seconds.nullable(),
  downtime: seconds.nullable(),
  dataLoss: seconds.extend({ canaryFound: z.boolean().nullable() }),
  service: z.object({ onPrimary: z.boolean(), writerRegion: z.string().nullable(), trafficRegion: z.string().nullable(), summary: z.string() }),
});
export type NotifiedFailover = z.infer<typeof notifiedFailoverSchema>;

export const notifiedDryRunTargetSchema = z.object({
  id: z.string(),
  kind: z.enum(['restore', 'failover']),
  type: z.string(),
  ok: z.boolean(),
  failedChecks: z.array(z.string()),
});

export const drillNotificationSchema = z.object({
  schemaVersion: z.literal(1),
  kind: z.enum(['drill', 'dry-run']),
  drillId: z.string(),
  plan: z.string(),
  verdict: z.enum(['PASSED', 'FAILED']),
  /** A person must act now: a failover left the service off its primary, or nobody knows where it is. */
  loud: z.boolean(),
  /** The loud lead ("SERVICE NOT ON PRIMARY: ..."), null when not loud. */
  alarm: z.string().nullable(),
  subject: z.string(),
  headline: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  counts: z.object({ targets: z.number().int(), passed: z.number().int(), failed: z.number().int() }),
  /** Failed targets first, then passed ones, capped: `moreTargets` counts the rest. */
  targets: z.array(notifiedTargetSchema),
  moreTargets: z.number().int(),
  /** Loud ones first. Empty when the plan has no failover block. */
  failover: z.array(notifiedFailoverSchema),
  dryRun: z.object({ ok: z.boolean(), targets: z.array(notifiedDryRunTargetSchema), moreTargets: z.number().int() }).nullable(),
  residency: z.object({
    policy: z.string(),
    allowedRegions: z.array(z.string()),
    regionsTouched: z.array(z.string()),
    outside: z.array(z.string()),
    /** A one-region drill's policy in words (lib/plan/one-region.ts); absent for two regions. */
    meaning: z.string().optional(),
  }),
  /**
   * The plan's coverage (lib/coverage): the line ("38/40 protected resources proven in the last 30 days; not drilled:
   * ...", resource names only) and how many are unproven beyond the plan's limit (null when unknown). Absent for a dry run.
   */
  coverage: z.object({ line: z.string(), overLimit: z.number().int().nullable() }).nullable().optional(),
  reportUrl: z.string().nullable(),
  /** The error's name when the drill's evidence (JSON and HTML for auditors) could not be recorded. */
  evidenceError: z.string().nullable(),
});
export type DrillNotification = z.infer<typeof drillNotificationSchema>;
