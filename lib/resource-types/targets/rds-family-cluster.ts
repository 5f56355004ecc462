// What the RDS-family cluster types share (Aurora, DocumentDB, Neptune): pure data and functions, no AWS SDK.
// AWS Backup restores each of them from a cluster snapshot as a DB CLUSTER WITHOUT ANY INSTANCE, through the same
// RDS control plane, with the same restore metadata keys:
// - Aurora: "Restoring an Amazon Aurora cluster" (https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-aur.html);
// - DocumentDB: "Restoring a DocumentDB cluster" (https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-docdb.html):
//   "First, restore your cluster. Use StartRestoreJob", then "attach your restored Amazon DocumentDB cluster to an
//   Amazon RDS instance using create-db-instance" (--engine docdb);
// - Neptune: "Restore a Neptune cluster" (https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-nep.html):
//   the same keys, then create-db-instance --engine neptune.
// "Restore testing inferred metadata" (https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-inferred-metadata.html)
// has one row for "Amazon RDS, Aurora, Amazon DocumentDB, Amazon Neptune clusters", and its keys are not case sensitive.
// The cluster and instance ARNs are rds ones for all three (DocumentDB and Neptune "leverage operational technology
// that is shared with Amazon RDS"; their IAM actions are rds:, see rds-family-cluster-iam.ts).
import { z } from 'zod';
import type { TargetNames } from '../../drill/contracts';
import { isRdsBackupSnapshot } from './copied-recovery-points';
import { withDefined } from './restore-metadata';
import { dbSubnetGroupName, kmsKeyArn, resourceArn, securityGroupIds } from './schema-parts';
import type { InitParts, TargetDefinition, WouldDoNames } from './target-definition';
import { storageLine, text, type TargetCost } from '../../cost/target-cost';

const list = (items: readonly string[]) => items.join(', ');

/** A DB cluster ARN of the primary region: arn:aws:rds:<region>:<account>:cluster:<name>, whichever engine it runs. */
export const clusterArn = (what: string) => resourceArn('rds', 'cluster:[A-Za-z][A-Za-z0-9-]{0,62}', what, 'cluster:<name>');

/** The instance class of the one instance the drill adds to the restored cluster, with the engine's own rule. */
export const instanceClassOf = (pattern: RegExp, message: string) =>
  z.string().regex(pattern, message).describe('The class of the DB instance the drill adds to the restored cluster (AWS Backup restores it without one)');

/** The restore block: the isolated network the cluster goes into, the added instance's class, an optional DR key. */
export const clusterRestoreSchema = <C extends z.ZodString>(instanceClass: C) =>
  z.strictObject({
    dbSubnetGroupName,
    vpcSecurityGroupIds: securityGroupIds,
    instanceClass,
    kmsKeyArn: kmsKeyArn.optional(),
  });

/** What the shared parts read of a cluster target. */
export interface ClusterTarget {
  type: string;
  id: string;
  restore: { dbSubnetGroupName: string; vpcSecurityGroupIds: string[]; instanceClass: string; kmsKeyArn?: string | undefined };
}

/**
 * Recorded keys that name primary-region things: zones, parameter and option groups, the key, the network. The
 * drill names its own network and key (restoreMetadata); the DR region's default groups serve the rest.
 */
export const CLUSTER_REGION_BOUND_KEYS = ['AvailabilityZones', 'DBClusterParameterGroupName', 'OptionGroupName', 'KmsKeyId', 'DBSubnetGroupName', 'VpcSecurityGroupIds'];

/**
 * The restore metadata: the drill's cluster name, the plan's isolated DB subnet group (what keeps the cluster out of
 * a default VPC) and security groups (a JSON array, as AWS Backup takes list values), the DR key. DeletionProtection
 * is RestoreDBClusterFromSnapshot's own parameter; the drill must be able to delete what it restored.
 */
export function clusterRestoreMetadata(target: ClusterTarget, names: TargetNames, metadata: Record<string, string>): Record<string, string> {
  return withDefined(metadata, {
    DBClusterIdentifier: names.restored,
    DBSubnetGroupName: target.restore.dbSubnetGroupName,
    VpcSecurityGroupIds: JSON.stringify(target.restore.vpcSecurityGroupIds),
    KmsKeyId: target.restore.kmsKeyArn,
    DeletionProtection: 'false',
  });
}

/**
 * The definition fields every RDS-family cluster type has the same way: spread into the type's definition, which adds
 * its type, schema, AWS Backup resource type and data checks. `engineName` names the cluster in the dry run's words
 * ("as DocumentDB cluster ..."); Aurora's lines say "as cluster ...".
 */
type SharedParts<T extends ClusterTarget> = Pick<
  TargetDefinition<T>,
  'restoredKind' | 'restoreQuota' | 'namedByDrill' | 'copiedRecoveryPoint' | 'regionBoundKeys' | 'restoreMetadata' | 'addsDbInstance'
> & { readonly wouldDo: Pick<TargetDefinition<T>['wouldDo'], 'restore' | 'created'> };

export function clusterDefinitionParts<T extends ClusterTarget>(engineName?: string): SharedParts<T> {
  const what = engineName ? `${engineName} cluster` : 'cluster';
  return {
    restoredKind: 'db-cluster',
    // AWS Backup quotas: 40 concurrent restore jobs for Aurora, DocumentDB and Neptune alike (lib/plan/restore-quotas.ts).
    restoreQuota: 40,
    namedByDrill: true,
    // Copies of cluster snapshots are cluster snapshots named awsbackup:..., for every engine of the family.
    copiedRecoveryPoint: isRdsBackupSnapshot,
    regionBoundKeys: CLUSTER_REGION_BOUND_KEYS,
    restoreMetadata: (target: T, names: TargetNames, metadata: Record<string, string>) => clusterRestoreMetadata(target, names, metadata),
    // The instance's engine is the recovery point's (aurora-postgresql, docdb, neptune): CreateDBInstance refuses
    // another engine than its cluster's.
    addsDbInstance: { engine: (metadata: Record<string, string>) => metadata.Engine },
    wouldDo: {
      restore: (target: T, { dr, restored, instance, kms }: WouldDoNames) => [
        `restore it in ${dr} as ${what} ${restored} in DB subnet group ${target.restore.dbSubnetGroupName} with security groups ${list(target.restore.vpcSecurityGroupIds)}${kms}`,
        `add a ${target.restore.instanceClass} instance ${instance} to the restored cluster (AWS Backup restores it without one)`,
      ],
      created: (_target: T, { restored, instance }: WouldDoNames) => [`instance ${instance}`, `cluster ${restored}`],
    },
  };
}

/**
 * What a restored cluster of the family is billed for while the drill has it: the one instance the drill adds (its
 * class from the plan, for the hours it existed; RDS bills "in 1-second increments, with a minimum of 10 minutes",
 * "DB instance billing for Aurora") and the cluster's storage, taken as the size AWS Backup restored. I/O requests
 * (Aurora Standard, DocumentDB, Neptune) are billed per million and the drill does not count them.
 * `prices` is the price table's prefix for the engine: aurora, docdb, neptune.
 */
export function clusterCost<T extends ClusterTarget>(prices: string, backupStorage: string): TargetCost<T> {
  return {
    backupStorage,
    size: (target) => ({ instanceClass: target.restore.instanceClass }),
    billed: (size, restoredGb) => {
      const instanceClass = text(size, 'instanceClass');
      return [
        instanceClass
          ? { what: `${instanceClass} instance the drill added`, price: `${prices}.instance.${instanceClass}`, amount: 1, during: 'instance' }
          : { what: 'the instance the drill added', notEstimated: 'its class was not recorded' },
        storageLine('restored cluster storage', `${prices}.storage`, restoredGb),
        { what: 'I/O requests', notEstimated: 'billed per million requests, which the drill does not count' },
      ];
    },
  };
}

/**
 * The instance class `dr-drill plan init` writes for the one instance the drill adds: db.t4g.medium, the smallest class
 * Aurora (MySQL and PostgreSQL), DocumentDB and Neptune all take for a provisioned instance, so a drill costs little;
 * too small for a large database's checks, hence a person's choice.
 */
export const INIT_INSTANCE_CLASS = 'db.t4g.medium';

/** plan init for an RDS-family cluster: an isolated DB subnet group, its VPC's security groups, the added instance's class. */
export function clusterInit(checks: string): InitParts {
  return {
    needs: 'db-subnet-group',
    restore: (network) =>
      network.dbSubnetGroup
        ? {
            restore: { dbSubnetGroupName: network.dbSubnetGroup.name, vpcSecurityGroupIds: network.dbSubnetGroup.securityGroupIds, instanceClass: INIT_INSTANCE_CLASS },
            choices: {
              dbSubnetGroupName: 'db-subnet-group',
              vpcSecurityGroupIds: 'security-groups',
              instanceClass: { note: `the class of the one instance the drill adds to the restored cluster: ${INIT_INSTANCE_CLASS} is the cheapest; pick one that can run your checks` },
            },
          }
        : { cannot: 'no isolated DB subnet group in the DR region', missing: 'network' },
    checks,
  };
}
