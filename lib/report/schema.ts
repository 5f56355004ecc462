// The drill report: the evidence a drill leaves behind (stored, sent, rendered). One schema; the type is inferred.
import { z } from 'zod';
import { resolvedSelectionSchema } from '../plan/selection-schema';
import { targetResultSchema, verdictSchema } from '../drill/contracts';
import { failoverResultSchema } from '../failover/contracts';
import { dryRunResultSchema } from '../dry-run/contracts';
import { costEstimateSchema } from '../cost/estimate';
import { drillPartsSchema } from './parts';
import { coverageSchema } from '../coverage/contracts';

/** The target furthest from its objective, so a per-target override cannot hide behind a looser plan default. */
const worstSchema = z
  .object({
    targetId: z.string(),
    measuredMinutes: z.number(),
    objectiveMinutes: z.number(),
    met: z.boolean(),
  })
  .nullable();

export const drillReportSchema = z.object({
  drillId: z.string(),
  executionArn: z.string(),
  plan: z.object({ name: z.string(), hash: z.string() }),
  startedAt: z.string(),
  finishedAt: z.string(),
  verdict: verdictSchema,
  counts: z.object({
    targets: z.number().int(),
    passed: z.number().int(),
    failed: z.number().int(),
    cleanupIncomplete: z.number().int(),
  }),
  worst: z.object({ rto: worstSchema, rpo: worstSchema }),
  residency: z.object({
    policy: z.string(),
    allowedRegions: z.array(z.string()),
    regionsTouched: z.array(z.string()),
    outside: z.array(z.string()),
    /**
     * What the policy means for the drill, in words, when it allows one region only (lib/plan/one-region.ts): "a
     * regional outage cannot be recovered within this residency policy; this drill proves recovery from backup".
     * Absent for a two-region drill, whose report keeps its old shape.
     */
    meaning: z.string().optional(),
  }),
  headline: z.string(),
  targets: z.array(targetResultSchema),
  /**
   * One result per failover target of the plan, in plan order. Absent (not empty) when the plan has no failover
   * block, so a restore-only drill's report is exactly what it was before failover drills existed.
   */
  failover: z.array(failoverResultSchema).optional(),
  /**
   * The order the plan gave its two parts and when each ran (lib/report/parts.ts); for a dry run, the order a real run
   * would use. Absent in reports of drills started before the order was recorded.
   */
  parts: drillPartsSchema.optional(),
  /** Present only for a dry run: what was checked and what a real run would do; nothing was created or changed. */
  dryRun: dryRunResultSchema.optional(),
  /** What the drill cost, estimated from what it ran and the dated list prices (lib/cost); absent in a dry run and older reports. */
  cost: costEstimateSchema.optional(),
  /** What each of the plan's selections resolved to at drill start, with its sentence; absent for a plan without selections. */
  selections: z.array(resolvedSelectionSchema.extend({ summary: z.string() })).optional(),
  /** The protected resources in the plan's scope proven within its window (lib/coverage); absent in a dry run and older reports. */
  coverage: coverageSchema.optional(),
});
export type DrillReport = z.infer<typeof drillReportSchema>;
export type WorstMeasure = NonNullable<DrillReport['worst']['rto']>;
