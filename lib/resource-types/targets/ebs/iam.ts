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
};
