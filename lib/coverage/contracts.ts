// Coverage: the protected resources in a plan's scope, and which of them a drill of the plan has proven restorable
// lately. The scope is listed at Check Plan and stored with the plan; the coverage is computed at Build Report from
// the drills table and put on the report, so the evidence, the notification, the metrics and `dr-drill coverage` all
// read one computation (lib/coverage/compute.ts).
import { z } from 'zod';

/** One resource AWS Backup protects in a vault of the plan's scope: names and ARNs only. */
export const protectedResourceSchema = z.object({
  resourceArn: z.string(),
  /** AWS Backup's ResourceType (Aurora, RDS, DynamoDB, EFS, ...). */
  resourceType: z.string(),
  /** The vault it was found in (the first, when several protect it). */
  vault: z.string(),
});
export type ProtectedResource = z.infer<typeof protectedResourceSchema>;

/** What the plan asks to be proven, listed when the drill starts (Check Plan). */
export const coverageScopeSchema = z.object({
  listedAt: z.string(),
  region: z.string(),
  vaults: z.array(z.string()),
  /** In ARN order, one per resource, of the types dr-drill drills. */
  resources: z.array(protectedResourceSchema),
  /** Protected resources of types dr-drill cannot drill, counted by AWS Backup resource type: outside the scope, but said. */
  otherTypes: z.record(z.string(), z.number().int()),
  /** The error's name when the vaults could not be listed: the coverage then says it is unknown, never a count. */
  error: z.string().nullable(),
});
export type CoverageScope = z.infer<typeof coverageScopeSchema>;

export const coverageStatusSchema = z.enum(['proven', 'failed', 'not-drilled']);
export type CoverageStatus = z.infer<typeof coverageStatusSchema>;

const drillMoment = z.object({ drillId: z.string(), at: z.string() });

export const resourceCoverageSchema = protectedResourceSchema.extend({
  /** The last part of its ARN (cluster:patients -> patients), as the line names it. */
  name: z.string(),
  /** proven: PASSED within windowDays; failed: drilled within windowDays, never PASSED there; not-drilled: neither. */
  status: coverageStatusSchema,
  /** The newest drill that PASSED it within the history read (windowDays or maxUnprovenDays, the longer). */
  lastProven: drillMoment.nullable(),
  /** The newest drill that FAILED it within that history. */
  lastFailed: drillMoment.nullable(),
  /** Whole days since lastProven; null when no drill in the history read proved it. */
  daysSinceProven: z.number().int().nullable(),
  /** No PASSED drill within maxUnprovenDays (a resource never proven counts: nothing shows it was ever restorable). */
  overLimit: z.boolean(),
});
export type ResourceCoverage = z.infer<typeof resourceCoverageSchema>;

export const coverageSchema = z.object({
  asOf: z.string(),
  windowDays: z.number().int(),
  maxUnprovenDays: z.number().int(),
  region: z.string(),
  vaults: z.array(z.string()),
  /** null when the scope could not be listed (scopeError says why). */
  protectedCount: z.number().int().nullable(),
  provenCount: z.number().int().nullable(),
  overLimitCount: z.number().int().nullable(),
  scopeError: z.string().nullable(),
  otherTypes: z.record(z.string(), z.number().int()),
  /** Not proven first (failed, then not drilled), then proven; each in ARN order. */
  resources: z.array(resourceCoverageSchema),
  /** What this drill itself proved and failed, by resource ARN: its line in the drills table carries these. */
  drilled: z.object({ proven: z.array(z.string()), failed: z.array(z.string()) }),
  /** "38/40 protected resources proven in the last 30 days; not drilled: ..." */
  line: z.string(),
});
export type Coverage = z.infer<typeof coverageSchema>;

/** One drill's proofs, as the drills table records them (DrillIndexEntry.coverage) or this drill's own. */
export interface DrillProofs {
  drillId: string;
  /** When the drill started: a resource is proven from then. */
  at: string;
  proven: readonly string[];
  failed: readonly string[];
}
