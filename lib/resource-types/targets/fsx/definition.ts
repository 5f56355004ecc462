// An Amazon FSx file system as a plan target: pure data and functions, no AWS SDK.
//
// FSx for Windows File Server is supported. AWS Backup's resource type is `FSx`, one type for Windows, ONTAP, Lustre
// and OpenZFS; its recovery point is a native FSx backup (arn:aws:fsx:<region>:<account>:backup/backup-...), and its
// restore creates a NEW file system: "When restoring Amazon FSx file systems, AWS Backup creates a new file system and
// populates it with the data" ("Restore an FSx file system", AWS Backup Developer Guide,
// https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-fsx.html).
//
// Restore metadata (same page, and "Restore testing inferred metadata",
// https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-inferred-metadata.html): for FSx for Windows,
// `SubnetIds` (a JSON array) and `WindowsConfiguration.ActiveDirectoryId` are "required for successful restore";
// `SecurityGroupIds`, `KmsKeyId`, `WindowsConfiguration.ThroughputCapacity` and `.PreferredSubnetId` may be given.
// WindowsConfiguration is itself a JSON object in a string (the page's CLI example). "You can't change the deployment
// type of a file system during restore" and "you can't change the type of Active Directory": so only an AWS Managed
// Microsoft AD in the DR region (`d-...`) is supported; a self-managed AD would put a password into restore metadata,
// which AWS Backup does not document.
//
// FSx for NetApp ONTAP volumes are their own plan type, `fsx-ontap` (../fsx-ontap/definition.ts): AWS Backup protects
// ONTAP per volume and restores it into an existing storage virtual machine, and it cannot copy ONTAP backups ("Copy a
// backup", AWS Backup Developer Guide: "This feature is not yet available for Amazon FSx for NetApp ONTAP volumes"), so
// they are drilled only in one-region plans, from the source vault. An ONTAP volume ARN given as `fsx` is refused here
// with a pointer to that type.
//
// Lustre and OpenZFS (not supported yet; their file-system ARNs look like Windows's, so the plan's required
// activeDirectoryId is what keeps them out) would need:
// - Lustre: `SubnetIds` (required), `SecurityGroupIds`, `LustreConfiguration` as recorded (AWS Backup restores only
//   persistent, not S3-linked file systems, with "the same deployment type, storage class, throughput capacity, storage
//   capacity, data compression type, and AWS Region as the original"); delete with LustreConfiguration.SkipFinalBackup
//   true (its default); readiness Lifecycle AVAILABLE; data checks from CloudWatch only (FreeDataStorageCapacity), as
//   a Lustre client cannot run in Lambda.
// - OpenZFS: `SubnetIds`, `SecurityGroupIds`, `OpenZFSConfiguration` {DeploymentType, ThroughputCapacity,
//   DiskIopsConfiguration}; delete with OpenZFSConfiguration.SkipFinalBackup true and Options
//   ['DELETE_CHILD_VOLUMES_AND_SNAPSHOTS']; readiness AVAILABLE; data checks from CloudWatch (UsedStorageCapacity)
//   or over NFS, which a Lambda could mount only with a userspace NFS client.
import { z } from 'zod';
import { validationTimeoutSeconds } from '../../../plan/validation-schema';
import { arnResource } from '../../resource-type';
import { FSX_VOLUME_ARN, ONTAP_ONE_REGION_ONLY } from '../fsx-ontap/definition';
import { recordedConfiguration, withDefined } from '../restore-metadata';
import { kmsKeyArn, securityGroupIds, targetBase } from '../schema-parts';
import type { TargetDefinition } from '../target-definition';
import { num, text, type BilledSize } from '../../../cost/target-cost';

// File systems and (to refuse them by name, below) ONTAP volumes; one pattern, so editors get it from the JSON Schema.
const FSX_ARN = /^arn:aws[a-z-]*:fsx:[a-z0-9-]+:\d{12}:(?:file-system\/fs-[0-9a-f]{8,21}|volume\/fs-[0-9a-f]{8,21}\/fsvol-[0-9a-f]{8,21})$/;

/** Why an ONTAP volume is not an `fsx` target, for the plan check. */
export const ONTAP_REFUSED = `is an FSx for NetApp ONTAP volume: give it type fsx-ontap (${ONTAP_ONE_REGION_ONLY})`;

const fsxResourceArn = z
  .string()
  .regex(FSX_ARN, 'must be an FSx for Windows File Server file system ARN (arn:aws:fsx:<region>:<account>:file-system/fs-...)')
  .superRefine((arn, ctx) => {
    if (FSX_VOLUME_ARN.test(arn)) ctx.addIssue({ code: 'custom', message: `${arn} ${ONTAP_REFUSED}` });
  })
  .describe('The FSx for Windows File Server file system to drill, in the primary region');

const subnetId = z.string().regex(/^subnet-[0-9a-f]{8,17}$/, 'must be a subnet id (subnet-...)');

export const fsxValidationSchema = z.strictObject({
  timeoutSeconds: validationTimeoutSeconds,
  minStorageCapacityGiB: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("The restored file system's storage capacity (DescribeFileSystems StorageCapacity) must be at least this many GiB"),
  minUsedGiB: z
    .number()
    .positive()
    .optional()
    .describe(
      'At least this much data must be on the restored share: storage capacity less CloudWatch AWS/FSx FreeStorageCapacity (by FileSystemId)',
    ),
});
export type FsxValidation = z.infer<typeof fsxValidationSchema>;

export const fsxTargetSchema = z.strictObject({
  ...targetBase,
  type: z.literal('fsx'),
  validation: fsxValidationSchema.optional().describe('Data checks on the restored file system, beyond its lifecycle'),
  resourceArn: fsxResourceArn,
  restore: z
    .strictObject({
      subnetIds: z
        .array(subnetId)
        .min(1)
        .max(2)
        .describe(
          'Isolated subnets in the DR region for the restored file system: one for SINGLE_AZ deployments, exactly two for MULTI_AZ_1 (the first is the preferred file server)',
        ),
      securityGroupIds: securityGroupIds.describe('Security groups in the DR region for the restored file system: at least one'),
      activeDirectoryId: z
        .string()
        .regex(/^d-[0-9a-f]{10}$/, 'must be an AWS Directory Service directory id (d-...)')
        .describe('The AWS Managed Microsoft AD in the DR region the restored file system joins (the source\'s directory is in the primary region)'),
      throughputCapacity: z
        .number()
        .int()
        .refine((n) => [8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 6144, 9216, 12288].includes(n), 'must be an FSx for Windows throughput capacity in MB/s (8, 16, 32 … 12288)')
        .optional()
        .describe("The restored file system's throughput in MB/s (default: as recorded in the backup)"),
      kmsKeyArn: kmsKeyArn.optional(),
    })
    .describe('Where the restored file system goes in the DR region: an isolated network, never production\'s'),
});
export type FsxTarget = z.infer<typeof fsxTargetSchema>;

// WindowsConfiguration members that name primary-region or production things: the directory (the plan names the DR
// one), the preferred subnet (the plan's first subnet), DNS aliases (production's names: a restored copy must not
// answer for them) and the audit log destination (a primary-region log group or Firehose stream).
const WINDOWS_REGION_BOUND = ['ActiveDirectoryId', 'SelfManagedActiveDirectoryConfiguration', 'PreferredSubnetId', 'Aliases', 'AuditLogConfiguration'];

/** StorageCapacity, StorageType and the Windows configuration's DeploymentType and ThroughputCapacity, as sent. */
function fsxSize(metadata: Record<string, string>): BilledSize {
  let windows: Record<string, unknown> = {};
  try {
    windows = JSON.parse(metadata.WindowsConfiguration ?? '{}') as Record<string, unknown>;
  } catch {
    // Not JSON: no deployment type or throughput to read, and the estimate says so.
  }
  const size: BilledSize = {};
  for (const key of ['StorageCapacity', 'StorageType'] as const) if (metadata[key] !== undefined) size[key] = metadata[key];
  for (const key of ['DeploymentType', 'ThroughputCapacity'] as const) {
    const value = windows[key];
    if (typeof value === 'string' || typeof value === 'number') size[key] = value;
  }
  return size;
}

export const FSX = {
  type: 'fsx',
  schema: fsxTargetSchema,
  backupResourceType: 'FSx',
  restoredKind: 'fsx-file-system',
  // "Restore testing" quotas, AWS Backup Developer Guide (lib/plan/restore-quotas.ts): FSx 40.
  restoreQuota: 40,
  // File system ids (fs-...) are AWS's.
  namedByDrill: false,
  // Its recovery points, copies included, are FSx backups (arn:aws:fsx:<region>:<account>:backup/backup-...).
  copiedRecoveryPoint: (arn) => arnResource(arn, 'fsx')?.type === 'backup',
  // The source's network, key and file system; WindowsConfiguration is rebuilt below without its region-bound members.
  regionBoundKeys: ['VpcId', 'SubnetIds', 'SecurityGroupIds', 'KmsKeyId', 'FileSystemId'],
  restoreMetadata: (target, _names, metadata, recorded) => {
    const windows = recordedConfiguration(recorded, 'WindowsConfiguration', WINDOWS_REGION_BOUND);
    const { subnetIds } = target.restore;
    return withDefined(metadata, {
      SubnetIds: JSON.stringify(subnetIds),
      SecurityGroupIds: JSON.stringify(target.restore.securityGroupIds),
      KmsKeyId: target.restore.kmsKeyArn,
      WindowsConfiguration: JSON.stringify({
        ...windows,
        ActiveDirectoryId: target.restore.activeDirectoryId,
        ...(target.restore.throughputCapacity !== undefined ? { ThroughputCapacity: target.restore.throughputCapacity } : {}),
        // MULTI_AZ_1 takes two subnets and the preferred file server's ("CreateFileSystemWindowsConfiguration",
        // Amazon FSx API Reference).
        ...(subnetIds.length === 2 ? { PreferredSubnetId: subnetIds[0] } : {}),
        // What AWS Backup's own restore tests infer: the copy takes no automatic daily backups of its own.
        AutomaticBackupRetentionDays: 0,
      }),
    });
  },
  // An FSx for Windows file system is billed for its provisioned SSD storage and throughput capacity (FSx for Windows
  // pricing), by deployment type; both come from the restore metadata (StorageCapacity, WindowsConfiguration).
  cost: {
    backupStorage: 'backup.warm.fsx',
    size: (_target, metadata) => fsxSize(metadata),
    billed: (size) => {
      const az = text(size, 'DeploymentType')?.startsWith('MULTI_AZ') ? 'multi-az' : 'single-az';
      const gib = num(size, 'StorageCapacity');
      const mbps = num(size, 'ThroughputCapacity');
      const storage = text(size, 'StorageType') ?? 'SSD';
      return [
        gib === undefined
          ? { what: 'storage capacity', notEstimated: 'StorageCapacity is not in the restore metadata' }
          : storage !== 'SSD'
          ? { what: `${gib} GiB ${storage} storage`, notEstimated: `${storage} storage is not in the price table` }
          : { what: `${gib} GiB SSD storage (${az})`, price: `fsx-windows.ssd.${az}`, amount: gib },
        mbps === undefined
          ? { what: 'throughput capacity', notEstimated: 'ThroughputCapacity is not in the restore metadata' }
          : { what: `${mbps} MB/s throughput capacity (${az})`, price: `fsx-windows.throughput.${az}`, amount: mbps },
      ];
    },
  },
  // The AWS Managed Microsoft AD the copy joins is in the DR region and is not something AWS Backup records: plan init
  // cannot name it, so it lists the file system for a person to add.
  init: {
    needs: 'subnet',
    restore: () => ({ cannot: 'an FSx for Windows restore joins an AWS Managed Microsoft AD in the DR region (restore.activeDirectoryId), which plan init does not look for; add the target by hand (see examples/fhir-imaging.yml)' }),
    checks: 'storage capacity and used space (validation: minStorageCapacityGiB, minUsedGiB)',
  },
  wouldDo: {
    restore: (target, { dr, kms }) => [
      `restore it in ${dr} as a new FSx for Windows file system in subnet${target.restore.subnetIds.length > 1 ? 's' : ''} ${target.restore.subnetIds.join(', ')} with security groups ${target.restore.securityGroupIds.join(', ')}, joined to directory ${target.restore.activeDirectoryId}${kms} (FSx restores take as long as creating a file system: tens of minutes)`,
    ],
    created: () => ['the restored file system (deleted without a final backup)'],
    dataChecks: ({ validation: v }) => ({
      count: (v?.minStorageCapacityGiB !== undefined ? 1 : 0) + (v?.minUsedGiB !== undefined ? 1 : 0),
      ...(v?.minUsedGiB !== undefined ? { how: ' (used storage from CloudWatch AWS/FSx FreeStorageCapacity)' } : {}),
    }),
  },
} as const satisfies TargetDefinition<FsxTarget>;
