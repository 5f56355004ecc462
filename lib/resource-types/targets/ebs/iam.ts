// The IAM an EBS target needs, per role part (../iam-statements.ts). Pure data: scripts/generate-iam.ts writes it
// into iam/generated/. Volume ids are AWS-generated: the drill's tag is what scopes the deletes.
import { arns, shared, type TypeIam } from '../iam-statements';

const snapshot = arns.recoveryPoints.ec2Snapshot.copied;
const DELETE_UNNAMED_WHY =
  "No name to scope by: the drill's tag is what keeps these deletes off every other file system, volume and instance of the region.";

export const ebsIam: TypeIam = {
  recoveryPoints: arns.recoveryPoints.ec2Snapshot,
  parts: {
    validateRestore: [shared.describeEc2('DescribeRestoredVolumesAndInstances', ['ec2:DescribeVolumes'])],
    deleteRestored: [shared.tagged('DeleteRestoredFileSystemVolumeInstanceTagged', ['ec2:DeleteVolume'], [arns.volumes], DELETE_UNNAMED_WHY)],
    deleteCopy: [shared.tagged('DeleteCopiedSnapshotTagged', ['ec2:DeleteSnapshot'], [snapshot])],
    checkCleanup: [shared.describeEc2('DescribeCreatedVolumesAndInstances', ['ec2:DescribeVolumes'])],
    markCreated: [
      shared.describeEc2('DescribeMarkedVolumesAndInstances', ['ec2:DescribeVolumes']),
      shared.markUnnamed(['ec2:CreateTags', 'backup:TagResource'], [arns.volumes, snapshot]),
    ],
    sweep: [
      shared.describeEc2('SweepDescribeVolumesAndInstances', ['ec2:DescribeVolumes']),
      { sid: 'SweepDescribeRecoveryPoints', actions: ['backup:DescribeRecoveryPoint'], resources: [snapshot] },
      shared.tagged('SweepFileSystemVolumeInstanceTagged', ['ec2:DeleteVolume'], [arns.volumes]),
      shared.tagged('SweepCopiedRecoveryPointsTagged', ['backup:DeleteRecoveryPoint', 'ec2:DeleteSnapshot'], [snapshot]),
    ],
    restoreTestingValidator: [shared.describeEc2('DescribeRestoreTestVolumesAndInstances', ['ec2:DescribeVolumes'])],
  },
  backupRestoreRole: {
    statements: [
      {
        sid: 'CopyEbsSnapshots',
        actions: ['ec2:CopySnapshot'],
        resources: [{ 'Fn::Sub': 'arn:aws:ec2:${PrimaryRegion}::snapshot/*' }, { 'Fn::Sub': 'arn:aws:ec2:${DrRegion}::snapshot/*' }],
      },
      {
        sid: 'TagWhatCopyAndRestoreCreate',
        why: 'Tags only on the snapshots and volumes the copy or restore itself creates.',
        actions: ['ec2:CreateTags'],
        resources: [{ 'Fn::Sub': 'arn:aws:ec2:${DrRegion}::snapshot/*' }, { 'Fn::Sub': 'arn:aws:ec2:${DrRegion}:${AWS::AccountId}:volume/*' }],
        condition: { StringEquals: { 'ec2:CreateAction': ['CopySnapshot', 'CreateVolume'] } },
      },
      {
        sid: 'DescribeSnapshotsAndVolumes',
        why: "Describe calls take no resource-level permission: '*' is the only resource they accept.",
        actions: ['ec2:DescribeSnapshots', 'ec2:DescribeVolumes'],
        resources: ['*'],
      },
      {
        sid: 'RestoreEbsVolumes',
        actions: ['ec2:CreateVolume'],
        resources: [{ 'Fn::Sub': 'arn:aws:ec2:${DrRegion}::snapshot/*' }, { 'Fn::Sub': 'arn:aws:ec2:${DrRegion}:${AWS::AccountId}:volume/*' }],
      },
    ],
    kmsViaServices: ['ec2.${PrimaryRegion}.amazonaws.com', 'ec2.${DrRegion}.amazonaws.com'],
  },
};
