// Amazon EC2 (EBS): describe and delete volumes. EC2's error codes are not in the SDK model: InvalidVolume.NotFound,
// IncorrectState, as the EC2 API returns them.
import { str, type Handler, type Output, type SimContext } from './context';
import { invalid, notFound } from './errors';
import { compact, exists, iso, phaseAt, type Volume } from './world';

const SERVICE = 'ec2';

function volumeState(ctx: SimContext, v: Volume): string {
  const phase = phaseAt(v, ctx.now);
  return phase === 'creating' ? 'creating' : phase === 'deleting' ? 'deleting' : v.readyState;
}

function volumeOutput(ctx: SimContext, v: Volume): Output {
  const tags = [...(ctx.region.tags.get(v.arn) ?? [])].map(([Key, Value]) => ({ Key, Value }));
  return compact({
    VolumeId: v.id,
    Size: v.sizeGiB,
    SnapshotId: v.snapshotId,
    AvailabilityZone: v.availabilityZone,
    State: volumeState(ctx, v),
    CreateTime: iso(v.visibleAt),
    Attachments: [],
    Encrypted: v.encrypted,
    KmsKeyId: v.kmsKeyId,
    VolumeType: v.volumeType,
    Iops: v.iops,
    Throughput: v.throughput,
    MultiAttachEnabled: false,
    Tags: tags.length > 0 ? tags : undefined,
  });
}

const volumeNotFound = (id: string): Error => notFound(SERVICE, 'InvalidVolume.NotFound', `The volume '${id}' does not exist.`);

const describeVolumes: Handler = (ctx, input) => {
  const ids = Array.isArray(input.VolumeIds) ? (input.VolumeIds as string[]) : undefined;
  if (ids) {
    const volumes = ids.map((id) => {
      const v = ctx.region.volumes.get(id);
      if (!v || !exists(v, ctx.now)) throw volumeNotFound(id);
      ctx.attribute(v.targetId);
      return v;
    });
    return { Volumes: volumes.map((v) => volumeOutput(ctx, v)) };
  }
  return { Volumes: [...ctx.region.volumes.values()].filter((v) => exists(v, ctx.now)).map((v) => volumeOutput(ctx, v)) };
};

const deleteVolume: Handler = (ctx, input) => {
  const id = str(input.VolumeId) ?? '';
  const v = ctx.region.volumes.get(id);
  if (!v || !exists(v, ctx.now)) throw volumeNotFound(id);
  ctx.attribute(v.targetId);
  const state = volumeState(ctx, v);
  if (state === 'creating' || state === 'deleting') {
    throw invalid(SERVICE, 'IncorrectState', `The volume '${id}' is '${state}'.`);
  }
  v.deleteRequestedAt = ctx.now;
  v.goneAt = ctx.now + ctx.random.minutes(1, 2, 'volume-delete', v.arn);
  return {};
};

export const ec2Handlers: Record<string, Handler> = {
  DescribeVolumes: describeVolumes,
  DeleteVolume: deleteVolume,
};
