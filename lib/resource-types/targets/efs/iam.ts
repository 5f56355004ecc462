// The IAM an EFS target needs, per role part (../iam-statements.ts). Pure data: scripts/generate-iam.ts writes it
// into iam/generated/. File system ids are AWS-generated: the drill's tag is what scopes the deletes.
import { arns, shared, type TypeIam } from '../iam-statements';

const fs = [arns.fileSystems];
const copy = arns.recoveryPoints.backup.copied;

export const efsIam: TypeIam = {
  recoveryPoints: arns.recoveryPoints.backup,
  parts: {
    validateRestore: [{ sid: 'DescribeRestoredFileSystems', actions: ['elasticfilesystem:DescribeFileSystems'], resources: fs }],
    deleteRestored: [shared.tagged('DeleteRestoredFileSystemVolumeInstanceTagged', ['elasticfilesystem:DeleteFileSystem'], fs)],
    checkCleanup: [{ sid: 'DescribeCreatedFileSystems', actions: ['elasticfilesystem:DescribeFileSystems'], resources: fs }],
    markCreated: [
      { sid: 'DescribeMarkedFileSystems', actions: ['elasticfilesystem:DescribeFileSystems'], resources: fs },
      shared.markUnnamed(['elasticfilesystem:TagResource', 'backup:TagResource'], [arns.fileSystems, copy]),
    ],
    sweep: [
      { sid: 'SweepDescribeFileSystems', actions: ['elasticfilesystem:DescribeFileSystems'], resources: fs },
      { sid: 'SweepDescribeRecoveryPoints', actions: ['backup:DescribeRecoveryPoint'], resources: [copy] },
      shared.tagged('SweepFileSystemVolumeInstanceTagged', ['elasticfilesystem:DeleteFileSystem'], fs),
      shared.tagged('SweepCopiedRecoveryPointsTagged', ['backup:DeleteRecoveryPoint'], [copy]),
    ],
    restoreTestingValidator: [{ sid: 'DescribeRestoreTestFileSystems', actions: ['elasticfilesystem:DescribeFileSystems'], resources: fs }],
  },
  backupRestoreRole: {
    statements: [
      {
        sid: 'RestoreEfsFileSystems',
        why: "EFS and EBS ids are AWS-generated (no name to scope by): the DR region's file systems and volumes.",
        actions: ['elasticfilesystem:Restore', 'elasticfilesystem:DescribeFileSystems', 'elasticfilesystem:TagResource'],
        resources: [{ 'Fn::Sub': 'arn:aws:elasticfilesystem:${DrRegion}:${AWS::AccountId}:file-system/*' }],
      },
      {
        sid: 'CreateEfsFileSystems',
        why: "CreateFileSystem takes no resource-level permission; the region Deny bounds it to the plan's regions.",
        actions: ['elasticfilesystem:CreateFileSystem'],
        resources: ['*'],
      },
    ],
    kmsViaServices: ['elasticfilesystem.${DrRegion}.amazonaws.com'],
  },
};
