// Which recovery point a drill restores (issue 13): where it comes from (the DR vault's own copies, or a copy the drill
// makes of the primary vault's) and which one (the newest, or one within a window). In its own module because both
// the plan (lib/plan/schema.ts) and every target (lib/resource-types/targets/schema-parts.ts, targetBase) carry it.
import { z } from 'zod';

export const RECOVERY_POINT_SOURCES = ['dr-vault', 'copy', 'both'] as const;
export type RecoveryPointSource = (typeof RECOVERY_POINT_SOURCES)[number];

/**
 * Modelled on AWS Backup restore testing's RecoveryPointSelection: Algorithm LATEST_WITHIN_WINDOW | RANDOM_WITHIN_WINDOW
 * and SelectionWindowDays, whose "Accepted values are integers from 1 to 365" and which "defaults to 30" when not
 * given (SDK doc comments of RecoveryPointSelection, @aws-sdk/client-backup).
 */
export const SELECTION_WINDOW_DAYS = { min: 1, max: 365, randomDefault: 30 } as const;

export const recoveryPointSchema = z.strictObject({
  source: z
    .enum(RECOVERY_POINT_SOURCES)
    .optional()
    .describe(
      "Where the restored recovery point comes from. dr-vault: the newest copy already in the DR vault (what a regional outage leaves), restored as it is; copy: the drill copies the primary vault's point into the DR vault and restores the copy; both: restores the DR vault's copy and also proves the copy path. Default: dr-vault when the resource's backup plan has a rule that copies to the DR vault, otherwise copy",
    ),
  selection: z
    .enum(['latest', 'random'])
    .optional()
    .describe('Which recovery point is restored: the newest (latest, the default) or one chosen at random within windowDays, so older backups get proven too (as AWS Backup restore testing does). The RPO always measures the newest'),
  windowDays: z
    .number()
    .int()
    .min(SELECTION_WINDOW_DAYS.min)
    .max(SELECTION_WINDOW_DAYS.max)
    .optional()
    .describe('Only recovery points created within this many days before the drill are candidates (1-365, as AWS Backup restore testing allows). Default: none for latest, 30 for random'),
});
export type RecoveryPointSettings = z.infer<typeof recoveryPointSchema>;
