// An RDS DB instance (MySQL, MariaDB, PostgreSQL...) as a plan target: pure data and functions, no AWS SDK.
// Restore metadata: the AWS Backup Developer Guide's page on restoring an RDS database (under "Restore a backup").
import { z } from 'zod';
import { databaseValidationSchema } from '../../../plan/validation-schema';
import { withDefined } from '../restore-metadata';
import { dbSubnetGroupName, kmsKeyArn, resourceArn, securityGroupIds, targetBase } from '../schema-parts';
import type { TargetDefinition } from '../target-definition';
import { num, pick, text } from '../../../cost/target-cost';
import { sqlDataChecks } from '../would-do-parts';
import { isRdsBackupSnapshot } from '../copied-recovery-points';

const list = (items: readonly string[]) => items.join(', ');

/**
 * The RDS Data API is an Aurora feature: its HTTP endpoint is enabled on a DB cluster (EnableHttpEndpoint "applies
 * only to Aurora Serverless v2 and provisioned DB clusters", SDK doc comment), so an RDS instance cannot have one.
 */
const rdsValidationSchema = databaseValidationSchema.extend({
  dataApi: z
    .boolean()
    .refine((v) => !v, 'the RDS Data API exists only on Aurora DB clusters (EnableHttpEndpoint); run the checks of an RDS DB instance over a connection (remove dataApi)')
    .optional()
    .describe('Not for RDS DB instances: the RDS Data API exists only on Aurora DB clusters'),
});

export const rdsTargetSchema = z.strictObject({
  ...targetBase,
  type: z.literal('rds'),
  validation: rdsValidationSchema.optional().describe('Data checks on the restored copy, beyond readiness'),
  resourceArn: resourceArn('rds', 'db:[A-Za-z][A-Za-z0-9-]{0,62}', 'an RDS DB instance', 'db:<name>'),
  restore: z.strictObject({
    dbSubnetGroupName,
    vpcSecurityGroupIds: securityGroupIds,
    instanceClass: z
      .string()
      .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, 'must be a DB instance class such as db.t4g.medium')
      .optional()
      .describe('The class of the restored instance (optional)'),
    kmsKeyArn: kmsKeyArn.optional(),
  }),
});
export type RdsTarget = z.infer<typeof rdsTargetSchema>;

export const RDS = {
  type: 'rds',
  schema: rdsTargetSchema,
  backupResourceType: 'RDS',
  restoredKind: 'db-instance',
  restoreQuota: 40,
  namedByDrill: true,
  copiedRecoveryPoint: isRdsBackupSnapshot,
  regionBoundKeys: ['AvailabilityZone', 'DBParameterGroupName', 'OptionGroupName', 'KmsKeyId', 'DBSubnetGroupName', 'VpcSecurityGroupIds'],
  restoreMetadata: (target, names, metadata) =>
    withDefined(metadata, {
      DBInstanceIdentifier: names.restored,
      DBSubnetGroupName: target.restore.dbSubnetGroupName,
      VpcSecurityGroupIds: JSON.stringify(target.restore.vpcSecurityGroupIds),
      DBInstanceClass: target.restore.instanceClass,
      KmsKeyId: target.restore.kmsKeyArn,
      MultiAZ: 'false',
      PubliclyAccessible: 'false',
      DeletionProtection: 'false',
    }),
  sqlChecks: (target) => target.validation,
  // A DB instance of the class and storage its restore metadata names (DBInstanceClass: the plan's, or as recorded),
  // billed per second with a 10-minute minimum ("DB instance billing", RDS User Guide). Priced for RDS for PostgreSQL:
  // another engine's class has no entry in the table and says so.
  cost: {
    backupStorage: 'backup.warm.rds',
    size: (_target, metadata) => pick(metadata, ['DBInstanceClass', 'Engine', 'StorageType', 'AllocatedStorage']),
    billed: (size) => {
      const instanceClass = text(size, 'DBInstanceClass');
      const engine = text(size, 'Engine') ?? 'postgres';
      const gib = num(size, 'AllocatedStorage');
      const storageType = text(size, 'StorageType') ?? 'gp2';
      return [
        instanceClass
          ? { what: `${instanceClass} ${engine} instance`, price: `rds.${engine}.${instanceClass}`, amount: 1 }
          : { what: 'the restored DB instance', notEstimated: 'its class is not in the restore metadata' },
        gib === undefined
          ? { what: 'its storage', notEstimated: 'AllocatedStorage is not in the restore metadata' }
          : { what: `${gib} GiB ${storageType} storage`, price: `rds.storage.${storageType}`, amount: gib },
      ];
    },
  },
  // The instance keeps its recorded class unless the plan names one: nothing to choose beyond the network.
  init: {
    needs: 'db-subnet-group',
    restore: (network) =>
      network.dbSubnetGroup
        ? {
            restore: { dbSubnetGroupName: network.dbSubnetGroup.name, vpcSecurityGroupIds: network.dbSubnetGroup.securityGroupIds },
            choices: { dbSubnetGroupName: 'db-subnet-group', vpcSecurityGroupIds: 'security-groups' },
          }
        : { cannot: 'no isolated DB subnet group in the DR region', missing: 'network' },
    checks: 'SQL queries on the restored database (validation: engine, database, secretArn, sql)',
  },
  wouldDo: {
    restore: (target, { dr, restored, kms }) => [
      `restore it in ${dr} as DB instance ${restored}${target.restore.instanceClass ? ` (${target.restore.instanceClass})` : ''} in DB subnet group ${target.restore.dbSubnetGroupName} with security groups ${list(target.restore.vpcSecurityGroupIds)}${kms}`,
    ],
    created: (_target, { restored }) => [`DB instance ${restored}`],
    dataChecks: (target) => sqlDataChecks(target.validation),
  },
} as const satisfies TargetDefinition<RdsTarget>;
