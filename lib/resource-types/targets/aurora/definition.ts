// An Aurora DB cluster (MySQL or PostgreSQL compatible) as a plan target: pure data and functions, no AWS SDK.
// Restore metadata: "Restoring an Amazon Aurora cluster", AWS Backup Developer Guide
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-aur.html): it restores the cluster without an instance.
import { z } from 'zod';
import { databaseValidationSchema } from '../../../plan/validation-schema';
import { withDefined } from '../restore-metadata';
import { dbSubnetGroupName, kmsKeyArn, resourceArn, securityGroupIds, targetBase } from '../schema-parts';
import type { TargetDefinition } from '../target-definition';
import { sqlDataChecks } from '../would-do-parts';
import { isRdsBackupSnapshot } from '../copied-recovery-points';

const list = (items: readonly string[]) => items.join(', ');

// Aurora Serverless v2 instances use the class "db.serverless".
const auroraInstanceClass = z
  .string()
  .regex(/^db\.(serverless|[a-z0-9]+\.[a-z0-9]+)$/, 'must be a DB instance class such as db.r6g.large or db.serverless')
  .describe('The class of the instance created in the restored cluster');

export const auroraTargetSchema = z.strictObject({
  ...targetBase,
  type: z.literal('aurora'),
  validation: databaseValidationSchema.optional().describe('Data checks on the restored copy, beyond readiness'),
  resourceArn: resourceArn('rds', 'cluster:[A-Za-z][A-Za-z0-9-]{0,62}', 'an Aurora DB cluster', 'cluster:<name>'),
  restore: z.strictObject({
    dbSubnetGroupName,
    vpcSecurityGroupIds: securityGroupIds,
    instanceClass: auroraInstanceClass,
    kmsKeyArn: kmsKeyArn.optional(),
  }),
});
export type AuroraTarget = z.infer<typeof auroraTargetSchema>;

export const AURORA = {
  type: 'aurora',
  schema: auroraTargetSchema,
  backupResourceType: 'Aurora',
  restoredKind: 'db-cluster',
  restoreQuota: 40,
  namedByDrill: true,
  copiedRecoveryPoint: isRdsBackupSnapshot,
  regionBoundKeys: ['AvailabilityZones', 'DBClusterParameterGroupName', 'OptionGroupName', 'KmsKeyId', 'DBSubnetGroupName', 'VpcSecurityGroupIds'],
  restoreMetadata: (target, names, metadata) =>
    withDefined(metadata, {
      DBClusterIdentifier: names.restored,
      DBSubnetGroupName: target.restore.dbSubnetGroupName,
      VpcSecurityGroupIds: JSON.stringify(target.restore.vpcSecurityGroupIds),
      KmsKeyId: target.restore.kmsKeyArn,
      DeletionProtection: 'false',
    }),
  addsDbInstance: { engine: (metadata) => metadata.Engine },
  sqlChecks: (target) => target.validation,
  wouldDo: {
    restore: (target, { dr, restored, instance, kms }) => [
      `restore it in ${dr} as cluster ${restored} in DB subnet group ${target.restore.dbSubnetGroupName} with security groups ${list(target.restore.vpcSecurityGroupIds)}${kms}`,
      `add a ${target.restore.instanceClass} instance ${instance} to the restored cluster (AWS Backup restores it without one)`,
    ],
    created: (_target, { restored, instance }) => [`instance ${instance}`, `cluster ${restored}`],
    dataChecks: (target) => sqlDataChecks(target.validation),
  },
} as const satisfies TargetDefinition<AuroraTarget>;
