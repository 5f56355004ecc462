// A dry run checks the whole plan against the account without creating or changing anything, and says what a real
// run would do. Its result is part of the drill report (report.dryRun) and of the evidence.
import { z } from 'zod';

export const dryRunCheckSchema = z.object({
  /** What was checked, e.g. "latest recovery point", "DR vault", "isolated DB subnet group", "global cluster". */
  name: z.string(),
  passed: z.boolean(),
  /** What AWS answered, in one line: "rp created 4 h 12 min ago (RPO 24 h)", "vault nhs-dr not found in eu-west-2". */
  detail: z.string(),
});
export type DryRunCheck = z.infer<typeof dryRunCheckSchema>;

export const dryRunTargetSchema = z.object({
  targetId: z.string(),
  kind: z.enum(['restore', 'failover']),
  /** Target type for restore targets (aurora, s3...), "aurora-global" for failover targets. */
  type: z.string(),
  ok: z.boolean(),
  checks: z.array(dryRunCheckSchema),
  /** What a real run would do for this target, step by step, in plain words. */
  wouldDo: z.array(z.string()),
});
export type DryRunTarget = z.infer<typeof dryRunTargetSchema>;

export const dryRunResultSchema = z.object({
  checkedAt: z.string(),
  ok: z.boolean(),
  targets: z.array(dryRunTargetSchema),
});
export type DryRunResult = z.infer<typeof dryRunResultSchema>;
