// An Aurora DB cluster (MySQL or PostgreSQL compatible) as a plan target: pure data and functions, no AWS SDK.
// Restore metadata: "Restoring an Amazon Aurora cluster", AWS Backup Developer Guide
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-aur.html): it restores the cluster without an instance.
// What Aurora shares with DocumentDB and Neptune (restore block, metadata, the added instance) is ../rds-family-cluster.ts.
import { z } from 'zod';
import { databaseValidationSchema } from '../../../plan/validation-schema';
import { clusterArn, clusterCost, clusterDefinitionParts, clusterRestoreSchema, clusterInit } from '../rds-family-cluster';
import { targetBase } from '../schema-parts';
import type { TargetDefinition } from '../target-definition';
import { sqlDataChecks } from '../would-do-parts';

// Aurora Serverless v2 instances use the class "db.serverless".
const auroraInstanceClass = z
  .string()
  .regex(/^db\.(serverless|[a-z0-9]+\.[a-z0-9]+)$/, 'must be a DB instance class such as db.r6g.large or db.serverless')
  .describe('The class of the instance created in the restored cluster');

export const auroraTargetSchema = z.strictObject({
  ...targetBase,
  type: z.literal('aurora'),
  validation: databaseValidationSchema.optional().describe('Data checks on the restored copy, beyond readiness'),
  resourceArn: clusterArn('an Aurora DB cluster'),
  restore: clusterRestoreSchema(auroraInstanceClass),
});
export type AuroraTarget = z.infer<typeof auroraTargetSchema>;

const cluster = clusterDefinitionParts<AuroraTarget>();

export const AURORA = {
  type: 'aurora',
  schema: auroraTargetSchema,
  backupResourceType: 'Aurora',
  ...cluster,
  init: clusterInit('SQL queries on the restored database (validation: engine, database, secretArn, sql), as examples/nhs-patient-platform.yml does'),
  sqlChecks: (target) => target.validation,
  cost: clusterCost<AuroraTarget>('aurora', 'backup.warm.aurora'),
  wouldDo: { ...cluster.wouldDo, dataChecks: (target) => sqlDataChecks(target.validation) },
} as const satisfies TargetDefinition<AuroraTarget>;
