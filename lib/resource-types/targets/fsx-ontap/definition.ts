// An Amazon FSx for NetApp ONTAP volume as a plan target: pure data and functions, no AWS SDK.
//
// AWS Backup protects ONTAP per volume: "Amazon FSx backups are per volume; that is, each backup contains only the
// data needed to create a new volume from the backup" (FSx for ONTAP User Guide, "Protecting your data with volume
// backups", https://docs.aws.amazon.com/fsx/latest/ONTAPGuide/using-backups.html). Its recovery point is an FSx backup
// (arn:aws:fsx:<region>:<account>:backup/backup-...), and its restore creates a NEW volume in an EXISTING storage
// virtual machine (fsx:CreateVolumeFromBackup): "Amazon FSx for NetApp ONTAP allows restoring a volume to an existing
// file system" ("Restore an FSx file system", AWS Backup Developer Guide,
// https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-fsx.html). The metadata it takes: "Name #name of
// volume to be created; OntapConfiguration: junctionPath, sizeInMegabytes, storageEfficiencyEnabled,
// storageVirtualMachineId, tieringPolicy" (same page); storageVirtualMachineId is "required for successful restore"
// ("Restore testing inferred metadata", same guide). The volume name takes letters, digits and underscores only, and
// the junction path must be unique in the SVM with a leading slash ("such as /vol3", CreateOntapVolumeConfiguration,
// Amazon FSx API Reference): both come from the drill's names.
//
// Why one region only: AWS Backup cannot copy ONTAP backups: "You can copy backups to multiple AWS accounts or AWS
// Regions … This feature is not yet available for Amazon FSx for NetApp ONTAP volumes" ("Copy a backup", AWS Backup
// Developer Guide, https://docs.aws.amazon.com/aws-backup/latest/devguide/recov-point-create-a-copy.html; read
// 2026-12-07 in its docs.amazonaws.cn copy). So the recovery point never reaches a DR vault, in another region or in
// the same one: the only drillable restore is the one a real recovery does, from the source vault in its own region,
// into an isolated SVM there. A one-region plan (lib/plan/one-region.ts) with drVault == sourceVault is exactly that
// (no copy: lib/drill/items.ts copyNeeded); planProblems refuses anything else, saying how to drill it.
//
// The drill deletes the restored volume with DeleteVolume OntapConfiguration.SkipFinalBackup true
// (lib/resource-types/fsx-volume.ts), never the standing file system or SVM.
import { z } from 'zod';
import { validationTimeoutSeconds } from '../../../plan/validation-schema';
import { arnResource } from '../../resource-type';
import { recordedConfiguration, withDefined } from '../restore-metadata';
import { targetBase } from '../schema-parts';
import type { TargetDefinition } from '../target-definition';

export const FSX_VOLUME_ARN = /^arn:aws[a-z-]*:fsx:[a-z0-9-]+:\d{12}:volume\/fs-[0-9a-f]{8,21}\/fsvol-[0-9a-f]{8,21}$/;

/** AWS's limitation and the way to drill it, for the plan check of an ONTAP target outside a one-region plan. */
export const ONTAP_ONE_REGION_ONLY =
  'an FSx for NetApp ONTAP volume can be drilled only from its source vault, in its own region: AWS Backup cannot copy ' +
  'ONTAP volume backups ("Copy a backup", AWS Backup Developer Guide: "This feature is not yet available for Amazon FSx ' +
  'for NetApp ONTAP volumes"), so no recovery point ever reaches another vault. Drill it in a one-region plan ' +
  '(regions.dr the same as regions.primary, under a residency policy that allows that one region) with drVault the ' +
  'same as sourceVault';

export const fsxOntapValidationSchema = z.strictObject({
  timeoutSeconds: validationTimeoutSeconds,
  minSizeGiB: z
    .number()
    .positive()
    .optional()
    .describe("The restored volume's size (DescribeVolumes OntapConfiguration.SizeInMegabytes) must be at least this many GiB"),
  minUsedGiB: z
    .number()
    .positive()
    .optional()
    .describe('At least this much data must be on the restored volume: CloudWatch AWS/FSx StorageUsed by FileSystemId and VolumeId'),
});
export type FsxOntapValidation = z.infer<typeof fsxOntapValidationSchema>;

export const fsxOntapTargetSchema = z.strictObject({
  ...targetBase,
  type: z.literal('fsx-ontap'),
  validation: fsxOntapValidationSchema.optional().describe('Data checks on the restored volume, beyond its lifecycle'),
  resourceArn: z
    .string()
    .regex(FSX_VOLUME_ARN, 'must be an FSx for NetApp ONTAP volume ARN (arn:aws:fsx:<region>:<account>:volume/fs-.../fsvol-...)')
    .describe('The FSx for NetApp ONTAP volume to drill (AWS Backup backs ONTAP up per volume)'),
  restore: z
    .strictObject({
      storageVirtualMachineId: z
        .string()
        .regex(/^svm-[0-9a-f]{17,21}$/, 'must be a storage virtual machine id (svm-...)')
        .describe(
          "The existing storage virtual machine the volume is restored into: an isolated SVM in the plan's region, not production's (its network decides who can mount the copy)",
        ),
      sizeInMegabytes: z
        .number()
        .int()
        .positive()
        .optional()
        .describe("The restored volume's size in MiB (default: the backed-up volume's)"),
    })
    .describe("Where the restored volume goes: a new volume in an existing, isolated SVM (a junction path and name from the drill's names)"),
});
export type FsxOntapTarget = z.infer<typeof fsxOntapTargetSchema>;

/** ONTAP volume names take [A-Za-z0-9_] only (CreateVolume Name, Amazon FSx API Reference): the drill's name, with _. */
export const volumeNameOf = (restored: string): string => restored.replace(/[^A-Za-z0-9_]/g, '_');

// OntapConfiguration members that name the source's place (its SVM, its junction path) or its replication: the plan
// names the SVM, and the drill's name gives the junction path.
const ONTAP_REGION_BOUND = ['StorageVirtualMachineId', 'JunctionPath', 'UUID', 'FlexCacheEndpointType', 'OntapVolumeType'];

export const FSX_ONTAP = {
  type: 'fsx-ontap',
  schema: fsxOntapTargetSchema,
  // One AWS Backup resource type for every FSx file system type and ONTAP volume (StartRestoreJob ResourceType).
  backupResourceType: 'FSx',
  restoredKind: 'fsx-volume',
  // "Restore testing" quotas, AWS Backup Developer Guide (lib/plan/restore-quotas.ts): FSx 40.
  restoreQuota: 40,
  // Volume ids (fsvol-...) are AWS's; only the volume's Name is the drill's.
  namedByDrill: false,
  // Never copied (AWS Backup cannot), but its recovery points are FSx backups all the same.
  copiedRecoveryPoint: (arn) => arnResource(arn, 'fsx')?.type === 'backup',
  // The source volume, its SVM and file system, and the network of the file system it lives on.
  regionBoundKeys: ['VolumeId', 'FileSystemId', 'StorageVirtualMachineId', 'VpcId', 'SubnetIds', 'SecurityGroupIds', 'KmsKeyId', 'Name'],
  restoreMetadata: (target, names, metadata, recorded) => {
    const name = volumeNameOf(names.restored);
    return withDefined(metadata, {
      Name: name,
      OntapConfiguration: JSON.stringify({
        ...recordedConfiguration(recorded, 'OntapConfiguration', ONTAP_REGION_BOUND),
        StorageVirtualMachineId: target.restore.storageVirtualMachineId,
        JunctionPath: `/${name}`,
        ...(target.restore.sizeInMegabytes !== undefined ? { SizeInMegabytes: target.restore.sizeInMegabytes } : {}),
      }),
    });
  },
  planProblems: (target, { oneRegion }) =>
    oneRegion && target.drVault === target.sourceVault ? [] : [{ path: oneRegion ? ['drVault'] : ['resourceArn'], message: ONTAP_ONE_REGION_ONLY }],
  // A restored volume lives on the standing file system's storage virtual machine: that file system's SSD and
  // throughput are provisioned and billed whether or not the drill runs. What the volume adds (its share of capacity
  // pool storage, if tiered) is not recorded.
  cost: {
    backupStorage: 'backup.warm.fsx',
    size: () => ({}),
    billed: () => [{ what: 'the restored volume', notEstimated: "it uses the standing ONTAP file system's provisioned storage, billed with that file system" }],
  },
  init: {
    needs: 'nothing',
    restore: () => ({ cannot: 'an ONTAP volume is restored into an existing, isolated storage virtual machine (restore.storageVirtualMachineId) that plan init does not look for; add the target by hand, in a one-region plan from its source vault (see examples/uk-only-supplier.yml)' }),
    checks: 'size and used space (validation: minSizeGiB, minUsedGiB)',
  },
  wouldDo: {
    restore: (target, { restored }) => [
      `restore it from the source vault (AWS Backup cannot copy ONTAP backups) as a new volume ${volumeNameOf(restored)} at junction path /${volumeNameOf(restored)} in storage virtual machine ${target.restore.storageVirtualMachineId}`,
    ],
    created: () => ['the restored volume (deleted without a final backup)'],
    dataChecks: ({ validation: v }) => ({
      count: (v?.minSizeGiB !== undefined ? 1 : 0) + (v?.minUsedGiB !== undefined ? 1 : 0),
      ...(v?.minUsedGiB !== undefined ? { how: ' (used storage from CloudWatch AWS/FSx StorageUsed)' } : {}),
    }),
  },
} as const satisfies TargetDefinition<FsxOntapTarget>;
