// The IAM the RDS-family cluster types share (Aurora, DocumentDB, Neptune), per role part (iam-statements.ts). Pure
// data. DocumentDB and Neptune are managed through RDS's actions on RDS's resource types: "To specify an action, use
// the rds: prefix followed by the API operation name (for example, rds:CreateDBInstance)" (DocumentDB,
// https://docs.aws.amazon.com/documentdb/latest/developerguide/UsingWithRDS.IAM.ResourcePermissions.html); "Because
// Neptune shares functionality with Amazon RDS, administrative actions, resources, and service-specific condition keys
// in administrative policy statements use an rds: prefix by design"
// (https://docs.aws.amazon.com/neptune/latest/userguide/iam-admin-policies.html). So the three types' statements are
// the same ones, under the same sids: the generator joins them into one statement each.
import { arns, shared, type IamStatement, type RolePart, type TypeIam } from './iam-statements';

const restored = [arns.createdCluster, arns.createdDbInstance];

/** What the dry run reads of a database restore's network (RDS DB instances too): its DB subnet group and security groups. */
export const DB_RESTORE_NETWORK_DRY_RUN: readonly IamStatement[] = [
  {
    sid: 'DryRunReadRestoreNetwork',
    why: "The isolated network a restore goes into: its DB subnet group (any of the region: the plan names it) and security groups (EC2's Describe* actions take no resource-level permissions: '*' is the only resource they accept).",
    actions: ['rds:DescribeDBSubnetGroups'],
    resources: [{ 'Fn::Sub': 'arn:aws:rds:${AWS::Region}:${AWS::AccountId}:subgrp:*' }],
  },
  { sid: 'DryRunReadRestoreSecurityGroupsAndSubnets', actions: ['ec2:DescribeSecurityGroups'], resources: ['*'] },
];

/** The statements of every RDS-family cluster type, per role part. */
export const clusterParts: Partial<Record<RolePart, readonly IamStatement[]>> = {
  dryRun: DB_RESTORE_NETWORK_DRY_RUN,
  validateRestore: [shared.describeDatabases('DescribeRestoredDatabases', restored)],
  prepareRestored: [
    {
      sid: 'TagDrillInstanceOnCreate',
      why: "CreateDBInstance with Tags is authorized on rds:AddTagsToResource too: the drill's instance, its keys only.",
      actions: ['rds:AddTagsToResource'],
      resources: [arns.createdDbInstance],
      condition: '${self:custom.drillTagKeysOnly}',
    },
    {
      sid: 'CreateDrillInstance',
      why: 'Aurora, DocumentDB and Neptune restores have no instance: the drill adds one (tagged at creation) to connect.',
      actions: ['rds:CreateDBInstance', 'rds:DescribeDBInstances'],
      resources: restored,
    },
    {
      sid: 'CreateDrillInstanceWithDefaultGroups',
      why:
        'CreateDBInstance is also authorized against the DB parameter group, option group, DB subnet group and DB ' +
        'security group the instance uses, defaults included (Service Authorization Reference: rds ' +
        'CreateDBInstance, resource types pg, og, subgrp, secgrp). The drill names none: the engine\'s default ' +
        "groups (default.<family>, default:<engine>-<version>), the restored cluster's subnet group, and " +
        "EC2-Classic's 'default' DB security group.",
      actions: ['rds:CreateDBInstance'],
      resources: [
        { 'Fn::Sub': 'arn:aws:rds:${AWS::Region}:${AWS::AccountId}:pg:default.*' },
        { 'Fn::Sub': 'arn:aws:rds:${AWS::Region}:${AWS::AccountId}:og:default:*' },
        { 'Fn::Sub': 'arn:aws:rds:${AWS::Region}:${AWS::AccountId}:secgrp:default' },
      ],
    },
    { sid: 'CreateDrillInstanceInTheIsolatedSubnetGroup', actions: ['rds:CreateDBInstance'], resources: '${self:custom.restoreDbSubnetGroups}' },
  ],
  deleteRestored: [shared.tagged('DeleteRestoredDatabasesTagged', ['rds:DeleteDBInstance', 'rds:DeleteDBCluster'], restored, "Deletes of what the restore created: the drill's name prefix AND the drill's tag.")],
  deleteCopy: [shared.tagged('DeleteCopiedSnapshotTagged', ['rds:DeleteDBClusterSnapshot'], [arns.recoveryPoints.clusterSnapshot.copied])],
  checkCleanup: [shared.describeDatabases('DescribeCreatedDatabases', restored)],
  markCreated: [
    shared.markNamed(['rds:AddTagsToResource'], restored),
    shared.markUnnamed(['backup:TagResource', 'rds:AddTagsToResource'], [arns.recoveryPoints.clusterSnapshot.copied]),
  ],
  sweep: [
    shared.describeDatabases('SweepDescribeDatabases', restored),
    { sid: 'SweepDescribeRecoveryPoints', actions: ['backup:DescribeRecoveryPoint'], resources: [arns.recoveryPoints.clusterSnapshot.copied] },
    shared.tagged('SweepDatabasesTagged', ['rds:DeleteDBInstance', 'rds:DeleteDBCluster'], restored),
    shared.tagged('SweepCopiedRecoveryPointsTagged', ['backup:DeleteRecoveryPoint', 'rds:DeleteDBClusterSnapshot'], [arns.recoveryPoints.clusterSnapshot.copied]),
  ],
  restoreTestingValidator: [shared.describeDatabases('DescribeRestoreTestDatabases', [arns.restoreTestCluster, arns.restoreTestDbInstance])],
};

/** What the example AWS Backup role needs to copy and restore a cluster snapshot of any of the three engines. */
export const clusterBackupRestoreRole: NonNullable<TypeIam['backupRestoreRole']> = {
  statements: [
    {
      sid: 'CopySnapshotRecoveryPoints',
      why: "Aurora, RDS and EBS recovery points are snapshots: AWS Backup copies them with the service's own call.",
      actions: ['rds:CopyDBClusterSnapshot', 'rds:DescribeDBClusterSnapshots', 'rds:AddTagsToResource', 'rds:ListTagsForResource'],
      resources: [{ 'Fn::Sub': 'arn:aws:rds:${PrimaryRegion}:${AWS::AccountId}:cluster-snapshot:awsbackup:*' }, { 'Fn::Sub': 'arn:aws:rds:${DrRegion}:${AWS::AccountId}:cluster-snapshot:awsbackup:*' }],
    },
    {
      sid: 'RestoreAuroraAndRds',
      why: "An Aurora, DocumentDB or Neptune restore creates the cluster (in the plan's isolated DB subnet group); dr-drill adds the instance itself.",
      actions: ['rds:RestoreDBClusterFromSnapshot', 'rds:DescribeDBClusters', 'rds:DescribeDBInstances', 'rds:AddTagsToResource'],
      resources: [{ 'Fn::Sub': 'arn:aws:rds:${DrRegion}:${AWS::AccountId}:cluster:${RestoredPrefix}*' }, { 'Fn::Sub': 'arn:aws:rds:${DrRegion}:${AWS::AccountId}:db:${RestoredPrefix}*' }, { 'Fn::Sub': 'arn:aws:rds:${DrRegion}:${AWS::AccountId}:cluster-snapshot:awsbackup:*' }, { 'Fn::Sub': 'arn:aws:rds:${DrRegion}:${AWS::AccountId}:subgrp:*' }, { 'Fn::Sub': 'arn:aws:rds:${DrRegion}:${AWS::AccountId}:cluster-pg:*' }, { 'Fn::Sub': 'arn:aws:rds:${DrRegion}:${AWS::AccountId}:pg:*' }, { 'Fn::Sub': 'arn:aws:rds:${DrRegion}:${AWS::AccountId}:og:*' }],
    },
  ],
  kmsViaServices: ['rds.${PrimaryRegion}.amazonaws.com', 'rds.${DrRegion}.amazonaws.com'],
};

/** A cluster type's IAM: the shared parts, plus what its own data checks and preparation need, appended per part. */
export function clusterIam(own: Partial<Record<RolePart, readonly IamStatement[]>> = {}): TypeIam {
  const parts: Partial<Record<RolePart, readonly IamStatement[]>> = { ...clusterParts };
  for (const [part, statements] of Object.entries(own) as [RolePart, readonly IamStatement[]][]) parts[part] = [...(parts[part] ?? []), ...statements];
  return { recoveryPoints: arns.recoveryPoints.clusterSnapshot, parts, backupRestoreRole: clusterBackupRestoreRole };
}
