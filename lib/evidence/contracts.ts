// The evidence a drill leaves for auditors: one record per drill (JSON, beside a self-contained HTML rendering of
// it) in the evidence bucket, and one index entry per drill in the drills table for trends and `dr-drill report`.
import { z } from 'zod';
import { coverageSchema } from '../coverage/contracts';
import { drillReportSchema } from '../report/schema';

export const triggerSchema = z.object({
  /** schedule: EventBridge Scheduler; console/cli: a person; local: `dr-drill run --local`. */
  kind: z.enum(['schedule', 'console', 'cli', 'local']),
  /** Who started or approved it, when known. */
  by: z.string().nullable(),
});
export type Trigger = z.infer<typeof triggerSchema>;

export const evidenceRecordSchema = z.object({
  schemaVersion: z.literal(1),
  kind: z.enum(['drill', 'dry-run']),
  generatedAt: z.string(),
  trigger: triggerSchema,
  /** The plan exactly as the drill ran it (after defaults), and its hash: what was promised, beside what happened. */
  plan: z.object({ hash: z.string(), content: z.unknown() }),
  /** Every AWS job id and timestamp, check result, RTO/RPO against objectives, failover figures, regions touched. */
  report: drillReportSchema,
});
export type EvidenceRecord = z.infer<typeof evidenceRecordSchema>;

/** One drill in the drills table (partition: plan name, sort: startedAt), and one point of the trend. */
export const drillIndexEntrySchema = z.object({
  planName: z.string(),
  startedAt: z.string(),
  drillId: z.string(),
  executionArn: z.string(),
  kind: z.enum(['drill', 'dry-run']),
  verdict: z.enum(['PASSED', 'FAILED']),
  finishedAt: z.string(),
  headline: z.string(),
  worstRtoMinutes: z.number().nullable(),
  rtoObjectiveMinutes: z.number().nullable(),
  worstRpoMinutes: z.number().nullable(),
  rpoObjectiveMinutes: z.number().nullable(),
  /** The longest downtime any failover target saw during its cutover, and its objective, when a failover ran. */
  failoverDowntimeSeconds: z.number().nullable(),
  failoverRtoSeconds: z.number().nullable(),
  /**
   * Coverage (lib/coverage): the resource ARNs this drill proved (PASSED) and failed, which later drills and
   * `dr-drill coverage` read as proofs, and the plan's coverage settings and scope vaults, so the CLI can list the
   * scope again without the plan file. Absent in drills recorded before coverage, and for a dry run.
   */
  coverage: coverageSchema
    .pick({ windowDays: true, maxUnprovenDays: true, region: true, vaults: true, protectedCount: true, provenCount: true, line: true })
    .extend(coverageSchema.shape.drilled.shape)
    .optional(),
  /** Keys of the evidence in the evidence bucket. */
  evidenceKey: z.string(),
  htmlKey: z.string(),
});
export type DrillIndexEntry = z.infer<typeof drillIndexEntrySchema>;

export const evidenceKeys = (planName: string, startedAt: string, drillId: string) => {
  // Year/month first: auditors ask for "the drills of March", and Object Lock retention is per object.
  const month = startedAt.slice(0, 7);
  const base = `evidence/${planName}/${month}/${drillId}`;
  return { evidenceKey: `${base}/evidence.json`, htmlKey: `${base}/report.html` };
};
