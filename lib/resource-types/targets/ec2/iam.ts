// The IAM an EC2 (instance) target needs, per role part (../iam-statements.ts). Pure data: scripts/generate-iam.ts
// writes it into iam/generated/. Instance ids are AWS-generated: the drill's tag is what scopes the deletes.
import { arns, shared, type TypeIam } from '../iam-statements';

const image = arns.recoveryPoints.ec2Image.copied;

export const ec2Iam: TypeIam = {
  recoveryPoints: arns.recoveryPoints.ec2Image,
  parts: {
    dryRun: [
      {
        sid: 'DryRunReadRestoreSecurityGroupsAndSubnets',
        why: "The isolated subnet and security groups a restored instance goes into: EC2's Describe* actions take no resource-level permissions, '*' is the only resource they accept.",
        actions: ['ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups'],
        resources: ['*'],
      },
    ],
    validateRestore: [shared.describeEc2('DescribeRestoredVolumesAndInstances', ['ec2:DescribeInstances', 'ec2:DescribeInstanceStatus'])],
    // The state machine waits for the restored instance's status checks (Wait For EC2 Instance) before validation.
    prepareRestored: [
      {
        sid: 'DescribeRestoredInstanceStatus',
        why: "DescribeInstanceStatus takes no resource-level permission: '*' is the only resource it accepts.",
        actions: ['ec2:DescribeInstanceStatus'],
        resources: ['*'],
      },
    ],
    deleteRestored: [
      shared.tagged('DeleteRestoredFileSystemVolumeInstanceTagged', ['ec2:TerminateInstances'], [arns.instances]),
      {
        sid: 'DescribeRestoredInstanceBeforeTerminating',
        why: "DescribeInstances reads the restored instance's volumes before it is terminated; it takes no resource-level permission: '*' is the only resource it accepts.",
        actions: ['ec2:DescribeInstances'],
        resources: ['*'],
      },
      shared.tagged(
        'KeepNoVolumeOfRestoredInstanceTagged',
        ['ec2:ModifyInstanceAttribute'],
        [arns.instances],
        "A restored instance's data volume survives termination unless its DeleteOnTermination is set first " +
          '(ModifyInstanceAttribute BlockDeviceMappings). The Service Authorization Reference requires the instance ' +
          "and lists the volume as optional: the instance must carry the drill's tag, and that is the scope; the " +
          "volume (when AWS evaluates it) is the instance's own, untagged, so it gets no tag condition. The " +
          'action cannot reach a volume without naming the tagged instance it is attached to.',
      ),
      { sid: 'KeepNoVolumeOfRestoredInstanceUntaggedVolumeException', actions: ['ec2:ModifyInstanceAttribute'], resources: [arns.volumes] },
    ],
    deleteCopy: [shared.tagged('DeleteCopiedSnapshotTagged', ['ec2:DeregisterImage'], [image])],
    checkCleanup: [shared.describeEc2('DescribeCreatedVolumesAndInstances', ['ec2:DescribeInstances', 'ec2:DescribeInstanceStatus'])],
    markCreated: [
      shared.describeEc2('DescribeMarkedVolumesAndInstances', ['ec2:DescribeInstances']),
      shared.markUnnamed(['ec2:CreateTags', 'backup:TagResource'], [arns.instances, image]),
    ],
    sweep: [
      shared.describeEc2('SweepDescribeVolumesAndInstances', ['ec2:DescribeInstances']),
      { sid: 'SweepDescribeRecoveryPoints', actions: ['backup:DescribeRecoveryPoint'], resources: [image] },
      shared.tagged('SweepFileSystemVolumeInstanceTagged', ['ec2:TerminateInstances'], [arns.instances]),
      shared.tagged(
        'SweepVolumesWithInstanceTagged',
        ['ec2:ModifyInstanceAttribute'],
        [arns.instances],
        'Before terminating an instance the sweeper sets every volume to be deleted with it, as Delete Restored Resource ' +
          "does (lib/resource-types/ec2-instance.ts): scoped by the instance's tag, the volume being the instance's own.",
      ),
      { sid: 'SweepVolumesWithInstanceUntaggedVolumeException', actions: ['ec2:ModifyInstanceAttribute'], resources: [arns.volumes] },
      shared.tagged('SweepCopiedRecoveryPointsTagged', ['backup:DeleteRecoveryPoint', 'ec2:DeregisterImage'], [image]),
    ],
    restoreTestingValidator: [shared.describeEc2('DescribeRestoreTestVolumesAndInstances', ['ec2:DescribeInstances', 'ec2:DescribeInstanceStatus'])],
  },
};
