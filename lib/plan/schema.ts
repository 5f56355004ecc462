// The drill plan: the one schema every entry point (CLI, preflight Lambda, local runs) validates against.
// Types are inferred from it; `npx tsx scripts/export-plan-schema.ts` exports it as JSON Schema for editors.
// The `.describe()` texts are what editors show on hover, so they speak to someone writing a plan.
import { z } from 'zod';
import { accountsSchema } from './accounts-schema';
import { coverageSchema } from './coverage-schema';
import { defaultsSchema } from './defaults';
import { failoverSchema } from './failover-schema';
import { MAX_SELECTIONS, selectionSchema } from './selection-schema';
import { minutes, objectivesSchema } from './objectives-schema';
import { recoveryPointSchema } from './recovery-point-schema';
import { TARGET_DEFINITIONS, TARGET_SCHEMAS, TARGET_TYPES } from '../resource-types/targets/definition-registry';

export { objectivesSchema } from './objectives-schema';
export { TARGET_TYPES };

export const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const region = z.string().regex(REGION_PATTERN, 'must be an AWS region code such as eu-west-2').describe('An AWS region code such as eu-west-2');

export const timeoutsSchema = z.strictObject({
  copyMinutes: minutes(24 * 60).default(180).describe('Give up on the cross-region copy after this many minutes'),
  restoreMinutes: minutes(24 * 60).default(360).describe('Give up on the restore job after this many minutes'),
  instanceMinutes: minutes(6 * 60).default(90).describe('Give up waiting for a restored DB instance to be available'),
  // The validation Lambda runs at most 15 minutes and must stop its checks before that to report them.
  validationMinutes: minutes(14).default(10).describe('Give up on data validation after this many minutes (at most 14)'),
  cleanupMinutes: minutes(6 * 60).default(120).describe('Give up deleting the restored resources after this many minutes'),
});

// One member per target type, from its definition (lib/resource-types/targets/<type>/definition.ts).
export const targetSchema = z.discriminatedUnion('type', TARGET_SCHEMAS);

export const MAX_TARGETS = 1000;

/** How the drill's two parts are ordered when a plan has both (functions/preflight builds the steps from it). */
export const DRILL_ORDERS = ['restore-first', 'failover-first', 'parallel'] as const;
export type DrillOrder = (typeof DRILL_ORDERS)[number];

export const planSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,62}$/, 'must start with a letter and use only a-z, 0-9 and "-"')
      .describe('The plan name, shown in reports and in the names of the drill executions'),
    description: z.string().max(1000).optional().describe('Free text for the people who read the reports'),
    residency: z
      .strictObject({
        policy: z.string().min(1).max(200).describe('A name for the policy, shown in reports: "UK and Ireland"'),
        allowedRegions: z
          .array(region)
          .min(1)
          .max(30)
          .describe('The only regions the drill may touch; every region and ARN in the plan is checked against them'),
      })
      .describe('Where the data may live: dr-drill refuses a plan that would copy or restore it anywhere else'),
    regions: z.strictObject({
      primary: region.describe('Where the protected resources and their source vaults live'),
      dr: region.describe('Where the drill restores; dr-drill is deployed in this region. The same as primary only when the residency policy allows that one region (a one-region plan: no failover)'),
    }),
    accounts: accountsSchema
      .optional()
      .describe(
        'Optional: the accounts of a multi-account recovery (an isolated recovery account dr-drill is deployed in, the workload accounts, and the source vaults of other accounts). Without it the plan is in one account',
      ),
    objectives: objectivesSchema.describe('What every target must meet unless it sets its own objectives'),
    timeouts: timeoutsSchema.prefault({}).describe('How long each step may take before the drill gives up on a target'),
    concurrency: z.number().int().min(1).max(40).default(10).describe('Targets drilled at once (inline Map limit: 40)'),
    recoveryPoint: recoveryPointSchema
      .optional()
      .describe('Which recovery point every target restores (a target may override it): source dr-vault | copy | both, selection latest | random within windowDays'),
    keepCopies: z.boolean().default(false).describe('Keep the recovery points copied into the DR vault after the drill'),
    defaults: defaultsSchema.optional(),
    targets: z
      .array(targetSchema)
      .max(MAX_TARGETS, `at most ${MAX_TARGETS} targets per plan`)
      .default([])
      .describe('The resources to restore in the DR region, one entry each; `type` decides which fields apply. May be left out when selections choose them'),
    selections: z
      .array(selectionSchema)
      .min(1)
      .max(MAX_SELECTIONS, `at most ${MAX_SELECTIONS} selections per plan`)
      .optional()
      .describe('Targets chosen as AWS Backup restore testing chooses them: by type, vault (sourceVault) and tags, resolved when the drill starts'),
    schedule: z
      .strictObject({
        cron: z
          .string()
          .regex(/^cron\(\S+( \S+){5}\)$/, 'must be an EventBridge Scheduler cron expression with six fields, e.g. "cron(0 2 ? * SUN#1 *)"')
          .default('cron(0 2 ? * SUN#1 *)')
          .describe('When the deployed plan runs: EventBridge Scheduler cron (minutes hours day-of-month month day-of-week year). Default: the first Sunday of the month, 02:00'),
        timezone: z
          .string()
          .regex(/^[A-Za-z]+(?:[/_+-][A-Za-z0-9_+-]+)*$/, 'must be an IANA time zone such as Europe/London')
          .default('Europe/London')
          .describe('The time zone the cron is read in, so 02:00 stays 02:00 across summer time (IANA name)'),
        enabled: z.boolean().default(true).describe('Turn the monthly schedule off without removing it'),
      })
      .prefault({})
      .describe('The schedule of the deployed plan (read when the stack is packaged)'),
    order: z
      .enum(DRILL_ORDERS)
      .default('restore-first')
      .describe(
        'When the plan has both parts: restore-first, failover-first, or parallel (both at once; the restore drill never touches production, so waiting for it gains nothing)',
      ),
    coverage: coverageSchema.prefault({}),
    failover: failoverSchema
      .optional()
      .describe('Optional: after the restore drill, switch Aurora global databases to the DR region, measure it, and fail back. This changes production'),
  })
  .superRefine((plan, ctx) => {
    if (plan.targets.length === 0 && !plan.selections?.length) {
      ctx.addIssue({ code: 'custom', path: ['targets'], message: 'the plan drills nothing: give at least one target, or selections' });
    }
    const names = new Set<string>();
    plan.selections?.forEach((selection, index) => {
      if (names.has(selection.name)) ctx.addIssue({ code: 'custom', path: ['selections', index, 'name'], message: `"${selection.name}" names another selection too` });
      names.add(selection.name);
      // As AWS Backup restore testing: "If you have included the wildcard in ProtectedResourceArns, you can include
      // resource conditions" (RestoreTestingSelectionForCreate, ProtectedResourceConditions).
      const wildcard = selection.resourceArns.length === 1 && selection.resourceArns[0] === '*';
      if (!wildcard && selection.conditions) {
        ctx.addIssue({ code: 'custom', path: ['selections', index, 'conditions'], message: 'tag conditions apply only with resourceArns ["*"] (as in AWS Backup restore testing)' });
      }
      // "a list of specific ARNs ... or you can include a wildcard: ProtectedResourceArns: ["*"], but not both"
      // (RestoreTestingSelectionForUpdate). A named ARN is checked offline for its type's form here; whether the
      // vault protects it only Check Plan can tell, and it refuses the drill when it does not.
      if (!wildcard && selection.resourceArns.includes('*')) {
        ctx.addIssue({ code: 'custom', path: ['selections', index, 'resourceArns'], message: 'either ["*"] or a list of resource ARNs, not both (as in AWS Backup restore testing)' });
      }
      const arnSchema = (TARGET_DEFINITIONS[selection.type].schema.shape as Record<string, z.ZodType>).resourceArn;
      selection.resourceArns.forEach((arn, i) => {
        if (arn === '*' || !arnSchema) return;
        const parsed = arnSchema.safeParse(arn);
        if (!parsed.success) {
          ctx.addIssue({ code: 'custom', path: ['selections', index, 'resourceArns', i], message: `not a ${selection.type} resource: ${parsed.error.issues[0]?.message ?? 'wrong ARN form'}` });
        }
      });
    });
  })
  .describe('A dr-drill plan: which backed-up resources to restore in the DR region, and the objectives they must meet');

export type Plan = z.infer<typeof planSchema>;
export type PlanInput = z.input<typeof planSchema>;
export type Target = z.infer<typeof targetSchema>;
export type TargetType = Target['type'];
export type Objectives = z.infer<typeof objectivesSchema>;
export type Timeouts = z.infer<typeof timeoutsSchema>;
