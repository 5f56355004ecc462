// The payloads that cross state boundaries in the restore drill. One schema each; types inferred.
// Timestamps are ISO-8601 strings, as Step Functions passes AWS API timestamps between states.
import { z } from 'zod';
import { DRILL_ORDERS, objectivesSchema, targetSchema } from '../plan/schema';
import { targetUsageSchema } from '../cost/usage';
import { RECOVERY_POINT_SOURCES } from '../plan/recovery-point-schema';

export const isoTime = z.union([z.string().datetime({ offset: true }), z.number()]).transform((v) => new Date(v).toISOString());

/** What every target's child execution knows about the drill it belongs to. */
export const drillContextSchema = z.object({
  id: z.string().regex(/^d[0-9a-f]{8}$/),
  executionArn: z.string(),
  planName: z.string(),
  planHash: z.string(),
  startedAt: z.string(),
  sourceRegion: z.string(),
  drRegion: z.string(),
  allowedRegions: z.array(z.string()),
  residencyPolicy: z.string(),
  keepCopies: z.boolean(),
  /** Who or what started the drill, for the evidence (absent in drills started before it was recorded). */
  trigger: z.object({ kind: z.enum(['schedule', 'console', 'cli', 'local']), by: z.string().nullable() }).optional(),
  /** A dry run creates and changes nothing. */
  dryRun: z.boolean().optional(),
  /** The plan's order of its two parts, for the report and the evidence (absent in drills started before it was recorded). */
  order: z.enum(DRILL_ORDERS).optional(),
});
export type DrillContext = z.infer<typeof drillContextSchema>;

/** Wait ceilings in seconds: ASL Choice compares numbers, so the plan's minutes are converted once, in preflight. */
export const ceilingsSchema = z.object({
  copySeconds: z.number().int().positive(),
  restoreSeconds: z.number().int().positive(),
  instanceSeconds: z.number().int().positive(),
  validationSeconds: z.number().int().positive(),
  cleanupSeconds: z.number().int().positive(),
});
export type Ceilings = z.infer<typeof ceilingsSchema>;

/** Names worked out once in preflight so that every state uses the same ones. */
export const targetNamesSchema = z.object({
  sourceVault: z.string(),
  drVault: z.string(),
  /** Identifier of what the drill restores (cluster, instance, table, bucket...): drill id + target id, so a sweeper can find it. */
  restored: z.string(),
  /** The DB instance the drill adds to a restored Aurora cluster (AWS Backup restores the cluster without one). */
  instance: z.string(),
  /**
   * The account that owns the DR vault (its ARN's): AWS Backup looks a vault name up in the caller's account unless
   * BackupVaultAccountId names another, as for a logically air-gapped vault shared through AWS RAM (issue 13).
   * Absent in drills started before it was recorded.
   */
  drVaultAccount: z.string().optional(),
});
export type TargetNames = z.infer<typeof targetNamesSchema>;

/**
 * How the recovery account reaches the target's source vault (lib/plan/accounts.ts, vaultRouteOf): its own vault, a
 * logically air-gapped vault of another account shared through AWS RAM (read and restored where it is), or a standard
 * vault of another account, read and copied out of as a role of that account (assumed through STS).
 */
export const vaultRouteSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('same-account') }),
  z.object({ kind: z.literal('shared-air-gapped'), ownerAccount: z.string(), recoveryAccount: z.string() }),
  z.object({
    kind: z.literal('cross-account-copy'),
    ownerAccount: z.string(),
    recoveryAccount: z.string(),
    copy: z.object({ assumeRoleArn: z.string(), externalId: z.string(), backupRoleArn: z.string() }),
  }),
]);
export type VaultRouteItem = z.infer<typeof vaultRouteSchema>;

/** One Map item: a target with its effective objectives, ceilings and names. */
export const targetItemSchema = z.object({
  target: targetSchema,
  objectives: objectivesSchema,
  ceilings: ceilingsSchema,
  names: targetNamesSchema,
  /** Absent in drills started before accounts were drilled: the source vault is then the recovery account's own. */
  route: vaultRouteSchema.optional(),
});
export type TargetItem = z.infer<typeof targetItemSchema>;

/** Input of the restore-target child state machine. */
export const targetDrillInputSchema = targetItemSchema.extend({ drill: drillContextSchema });
export type TargetDrillInput = z.infer<typeof targetDrillInputSchema>;

export const STEP_NAMES = [
  'findRecoveryPoint',
  'startCopyJob',
  'waitForCopy',
  'prepareRestore',
  'startRestoreJob',
  'waitForRestore',
  'tagRestored',
  'createInstance',
  'waitForInstance',
  'enableDataApi',
  'validate',
] as const;
export type StepName = (typeof STEP_NAMES)[number];

export const verdictSchema = z.enum(['PASSED', 'FAILED']);
export type Verdict = z.infer<typeof verdictSchema>;

export const checkResultSchema = z.object({
  name: z.string(),
  passed: z.boolean(),
  value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
  expected: z.string(),
  reason: z.string(),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

export const validationResultSchema = z.object({
  passed: z.boolean(),
  startedAt: z.string(),
  finishedAt: z.string(),
  checks: z.array(checkResultSchema),
  /** The age of the newest data as the restored data itself shows it (a freshness check), in seconds. */
  dataAgeSeconds: z.number().nullable().optional(),
});
export type ValidationResult = z.infer<typeof validationResultSchema>;

/** A recovery point as the drill saw it: its ARN and CreationDate (for a copy, its source's: AWS Backup keeps it). */
export const seenPointSchema = z.object({ arn: z.string(), createdAt: z.string() });

/**
 * Which recovery point the drill restored and why (issue 13), for the report and the evidence: the newest in each vault
 * (the DR one is what a regional outage leaves, and the RPO's), the backup plan's copy rule, and how the restored
 * point was chosen.
 */
export const recoveryPointChoiceSchema = z.object({
  source: z.enum(RECOVERY_POINT_SOURCES),
  /** "dr-vault: backup plan nhs-daily rule daily-35d copies to the DR vault". */
  why: z.string(),
  /** The newest snapshot recovery point in the primary (source) vault created before the drill started. */
  primary: seenPointSchema.nullable(),
  /** The newest recovery point in the DR vault created before the drill started (null: not looked at, one-region plan). */
  dr: seenPointSchema.nullable(),
  /** "backup plan nhs-daily rule daily-35d", the rule whose copy action targets the DR vault; null when none does. */
  copyRule: z.string().nullable(),
  /** What was restored (copy: the primary point the drill copied), where from, and how it was chosen. */
  restored: seenPointSchema.extend({
    vault: z.string(),
    chosen: z.string(),
    /** The account that owns the vault it was restored (or copied) from, when the plan names its accounts (issue 13). */
    account: z.string().optional(),
  }),
  /**
   * In a plan that names its accounts: the recovery account the drill restored in, and how it reached the source vault,
   * in words ("the logically air-gapped vault of account 444455556666, shared with 777788889999 through AWS RAM").
   */
  accounts: z.object({ recovery: z.string(), source: z.string() }).optional(),
});
export type RecoveryPointChoice = z.infer<typeof recoveryPointChoiceSchema>;

const measure = z.object({ measuredMinutes: z.number().nullable(), objectiveMinutes: z.number(), met: z.boolean() });

/** Output of a target's child execution: compact, no data from the restored resource beyond counts and ages. */
export const targetResultSchema = z.object({
  targetId: z.string(),
  type: z.string(),
  verdict: verdictSchema,
  reason: z.string(),
  failedStep: z.string().nullable(),
  recoveryPoint: z.object({ arn: z.string(), createdAt: z.string() }).nullable(),
  /** Which recovery point was restored and why (absent in results recorded before issue 13). */
  recoveryPoints: recoveryPointChoiceSchema.nullable().optional(),
  jobs: z.object({ copyJobId: z.string().nullable(), restoreJobId: z.string().nullable() }),
  restoredResourceArn: z.string().nullable(),
  timeline: z.array(z.object({ step: z.string(), startedAt: z.string(), finishedAt: z.string() })),
  minutes: z.object({
    copy: z.number().nullable(),
    restore: z.number().nullable(),
    instance: z.number().nullable(),
    validation: z.number().nullable(),
    total: z.number().nullable(),
  }),
  rto: measure,
  rpo: measure,
  /** RPO as the restored data shows it (its newest record's age at drill start), beside the recovery point's age. */
  dataRpo: measure.nullable().optional(),
  checks: z.array(checkResultSchema),
  cleanup: z.object({ complete: z.boolean(), deleted: z.array(z.string()), leftBehind: z.array(z.string()), errors: z.array(z.string()) }),
  /** What it ran, as its bill depends on it (lib/cost/usage.ts); absent in results recorded before cost estimates. */
  usage: targetUsageSchema.optional(),
});
export type TargetResult = z.infer<typeof targetResultSchema>;
