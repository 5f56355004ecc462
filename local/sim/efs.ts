// Amazon EFS: describe and delete file systems (restored ones are `creating` until the restore job completes).
import { num, str, type Handler, type Output, type SimContext } from './context';
import { invalid, notFound } from './errors';
import { compact, exists, iso, phaseAt, type FileSystem } from './world';

const SERVICE = 'efs';

// Once deleted, a file system is not listed as `deleted`: "If you pass file system ID or creation token for the deleted
// file system, the DescribeFileSystems returns a 404 FileSystemNotFound error" (DeleteFileSystem, Amazon EFS API
// Reference). The drill counts a `deleted` listing as gone too (lib/resource-types/efs-file-system.ts).
function lifeCycleState(ctx: SimContext, fs: FileSystem): string {
  const phase = phaseAt(fs, ctx.now);
  return phase === 'creating' ? 'creating' : phase === 'deleting' ? 'deleting' : fs.readyState;
}

function fileSystemOutput(ctx: SimContext, fs: FileSystem): Output {
  const tags = [...(ctx.region.tags.get(fs.arn) ?? [])].map(([Key, Value]) => ({ Key, Value }));
  return compact({
    OwnerId: ctx.world.accountId,
    CreationToken: fs.creationToken,
    FileSystemId: fs.id,
    FileSystemArn: fs.arn,
    CreationTime: iso(fs.visibleAt),
    LifeCycleState: lifeCycleState(ctx, fs),
    NumberOfMountTargets: 0,
    SizeInBytes: { Value: ctx.now >= fs.readyAt ? fs.sizeBytes : 0, Timestamp: iso(ctx.now) },
    PerformanceMode: fs.performanceMode,
    Encrypted: fs.encrypted,
    KmsKeyId: fs.kmsKeyId,
    ThroughputMode: 'bursting',
    Tags: tags,
  });
}

const fileSystemIn = (ctx: SimContext, id: string | undefined): FileSystem => {
  const fs = id ? ctx.region.fileSystems.get(id) : undefined;
  if (!fs || !exists(fs, ctx.now)) throw notFound(SERVICE, 'FileSystemNotFound', `File system '${id ?? ''}' does not exist.`);
  return fs;
};

const describeFileSystems: Handler = (ctx, input) => {
  const id = str(input.FileSystemId);
  if (id) {
    const fs = fileSystemIn(ctx, id);
    ctx.attribute(fs.targetId);
    return { FileSystems: [fileSystemOutput(ctx, fs)] };
  }
  const token = str(input.CreationToken);
  const all = [...ctx.region.fileSystems.values()].filter((fs) => exists(fs, ctx.now) && (!token || fs.creationToken === token));
  const start = Number(str(input.Marker) ?? 0) || 0;
  const max = num(input.MaxItems) ?? 100;
  return compact({
    FileSystems: all.slice(start, start + max).map((fs) => fileSystemOutput(ctx, fs)),
    Marker: str(input.Marker),
    NextMarker: start + max < all.length ? String(start + max) : undefined,
  });
};

const deleteFileSystem: Handler = (ctx, input) => {
  const fs = fileSystemIn(ctx, str(input.FileSystemId));
  ctx.attribute(fs.targetId);
  const state = lifeCycleState(ctx, fs);
  if (state === 'creating' || state === 'deleting') {
    throw invalid(SERVICE, 'IncorrectFileSystemLifeCycleState', `File system '${fs.id}' is in the ${state} state.`);
  }
  fs.deleteRequestedAt = ctx.now;
  fs.goneAt = ctx.now + ctx.random.minutes(1, 2, 'fs-delete', fs.arn);
  return {};
};

export const efsHandlers: Record<string, Handler> = {
  DescribeFileSystems: describeFileSystems,
  DeleteFileSystem: deleteFileSystem,
};
