// The IAM an RDS (DB instance) target needs, per role part (../iam-statements.ts). Pure data: scripts/generate-iam.ts
// writes it into iam/generated/. The database statements share their sids with Aurora's.
import { arns, shared, type TypeIam } from '../iam-statements';
import { DB_RESTORE_NETWORK_DRY_RUN } from '../rds-family-cluster-iam';

// DescribeDBClusters is kept beside DescribeDBInstances (one statement with Aurora's): an instance may belong to
// a cluster the readiness check describes.
const restored = [arns.createdDbInstance];
const snapshot = arns.recoveryPoints.dbSnapshot.copied;

export const rdsIam: TypeIam = {
  recoveryPoints: arns.recoveryPoints.dbSnapshot,
  parts: {
    dryRun: DB_RESTORE_NETWORK_DRY_RUN,
    validateRestore: [shared.describeDatabases('DescribeRestoredDatabases', restored)],
    deleteRestored: [shared.tagged('DeleteRestoredDatabasesTagged', ['rds:DeleteDBInstance'], restored)],
    deleteCopy: [shared.tagged('DeleteCopiedSnapshotTagged', ['rds:DeleteDBSnapshot'], [snapshot])],
    checkCleanup: [shared.describeDatabases('DescribeCreatedDatabases', restored)],
    markCreated: [shared.markNamed(['rds:AddTagsToResource'], restored), shared.markUnnamed(['backup:TagResource', 'rds:AddTagsToResource'], [snapshot])],
    sweep: [
      shared.describeDatabases('SweepDescribeDatabases', restored),
      { sid: 'SweepDescribeRecoveryPoints', actions: ['backup:DescribeRecoveryPoint'], resources: [snapshot] },
      shared.tagged('SweepDatabasesTagged', ['rds:DeleteDBInstance'], restored),
      shared.tagged('SweepCopiedRecoveryPointsTagged', ['backup:DeleteRecoveryPoint', 'rds:DeleteDBSnapshot'], [snapshot]),
    ],
    restoreTestingValidator: [shared.describeDatabases('DescribeRestoreTestDatabases', [arns.restoreTestDbInstance])],
  },
  backupRestoreRole: {
    statements: [
      {
        sid: 'CopySnapshotRecoveryPoints',
        actions: ['rds:CopyDBSnapshot', 'rds:DescribeDBSnapshots', 'rds:AddTagsToResource', 'rds:ListTagsForResource'],
        resources: [{ 'Fn::Sub': 'arn:aws:rds:${PrimaryRegion}:${AWS::AccountId}:snapshot:awsbackup:*' }, { 'Fn::Sub': 'arn:aws:rds:${DrRegion}:${AWS::AccountId}:snapshot:awsbackup:*' }],
      },
      {
        sid: 'RestoreAuroraAndRds',
        actions: ['rds:RestoreDBInstanceFromDBSnapshot', 'rds:DescribeDBInstances', 'rds:AddTagsToResource'],
        resources: [{ 'Fn::Sub': 'arn:aws:rds:${DrRegion}:${AWS::AccountId}:db:${RestoredPrefix}*' }, { 'Fn::Sub': 'arn:aws:rds:${DrRegion}:${AWS::AccountId}:snapshot:awsbackup:*' }, { 'Fn::Sub': 'arn:aws:rds:${DrRegion}:${AWS::AccountId}:subgrp:*' }, { 'Fn::Sub': 'arn:aws:rds:${DrRegion}:${AWS::AccountId}:pg:*' }, { 'Fn::Sub': 'arn:aws:rds:${DrRegion}:${AWS::AccountId}:og:*' }],
      },
    ],
    kmsViaServices: ['rds.${PrimaryRegion}.amazonaws.com', 'rds.${DrRegion}.amazonaws.com'],
  },
};
