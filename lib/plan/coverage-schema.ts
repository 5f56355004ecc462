// A plan's `coverage:`: how the drill reports the protected resources in the plan's scope that it has proven. The
// scope is what AWS Backup protects in the plan's source vaults (ListProtectedResourcesByBackupVault, primary region);
// "proven" is a target that PASSED in a drill of this plan within windowDays (lib/coverage/compute.ts).
import { z } from 'zod';
import { vaultArn } from '../resource-types/targets/schema-parts';

export const COVERAGE_WINDOW_DAYS = { min: 1, max: 365, default: 30 } as const;
/** Two years: beyond that a drill would read more history than the drills table holds for a monthly plan's audits. */
export const MAX_UNPROVEN_DAYS = 730;
export const MAX_COVERAGE_VAULTS = 50;

export const coverageSchema = z
  .strictObject({
    windowDays: z
      .number()
      .int()
      .min(COVERAGE_WINDOW_DAYS.min)
      .max(COVERAGE_WINDOW_DAYS.max)
      .default(COVERAGE_WINDOW_DAYS.default)
      .describe('A protected resource counts as proven when a drill of this plan restored and validated it (PASSED) within this many days (1-365, default 30)'),
    maxUnprovenDays: z
      .number()
      .int()
      .min(1)
      .max(MAX_UNPROVEN_DAYS)
      .optional()
      .describe(
        'How long a protected resource may go without a PASSED drill before the CoverageUnproven alarm fires (each drill and the daily Coverage Check publish UnprovenOverLimit, the count beyond it). Default: windowDays',
      ),
    vaults: z
      .array(vaultArn.describe('A backup vault ARN in the primary region'))
      .min(1)
      .max(MAX_COVERAGE_VAULTS)
      .optional()
      .describe("The vaults whose protected resources the plan should prove (primary region). Default: every sourceVault of the plan's targets and selections"),
  })
  .describe('Coverage: which protected resources in the plan scope were proven restorable recently; every drill reports it, and an alarm fires when one goes unproven too long');
export type CoverageSettings = z.infer<typeof coverageSchema>;
