// Amazon EC2: describe and delete EBS volumes; describe, check and terminate instances. EC2's error codes are not in
// the SDK model: InvalidVolume.NotFound, IncorrectState, InvalidInstanceID.NotFound, as the EC2 API returns them.
import { bool, str, type Handler, type Output, type SimContext } from './context';
import { invalid, notFound } from './errors';
import { HOUR } from './hash';
import { compact, exists, iso, phaseAt, type Instance, type Volume } from './world';

const SERVICE = 'ec2';

/** The instance a volume is attached to, while that instance exists (a terminated instance holds no volume). */
function attachedTo(ctx: SimContext, v: Volume): Instance | undefined {
  const instance = v.attachment && ctx.region.instances.get(v.attachment.instanceId);
  return instance && exists(instance, ctx.now) ? instance : undefined;
}

// A deleted volume answers InvalidVolume.NotFound at once. EC2 may also list it as `deleted` for a while (its
// volume-deleted waiter accepts either), but no AWS page says for how long, so the sim does not make one up; the
// drill counts both as gone (lib/resource-types/ebs-volume.ts).
function volumeState(ctx: SimContext, v: Volume): string {
  const phase = phaseAt(v, ctx.now);
  if (phase === 'creating' || phase === 'deleting') return phase;
  return attachedTo(ctx, v) ? 'in-use' : v.readyState;
}

/** The volumes attached to an instance now, by device. */
const volumesOf = (ctx: SimContext, i: Instance): Volume[] =>
  [...ctx.region.volumes.values()].filter((v) => v.attachment?.instanceId === i.id && exists(v, ctx.now));

function volumeOutput(ctx: SimContext, v: Volume): Output {
  const tags = [...(ctx.region.tags.get(v.arn) ?? [])].map(([Key, Value]) => ({ Key, Value }));
  return compact({
    VolumeId: v.id,
    Size: v.sizeGiB,
    SnapshotId: v.snapshotId,
    AvailabilityZone: v.availabilityZone,
    State: volumeState(ctx, v),
    CreateTime: iso(v.visibleAt),
    Attachments:
      v.attachment && attachedTo(ctx, v)
        ? [
            {
              VolumeId: v.id,
              InstanceId: v.attachment.instanceId,
              Device: v.attachment.deviceName,
              State: 'attached',
              AttachTime: iso(v.visibleAt),
              DeleteOnTermination: v.attachment.deleteOnTermination,
            },
          ]
        : [],
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
  if (state === 'in-use') throw invalid(SERVICE, 'VolumeInUse', `Volume ${id} is currently attached to ${v.attachment!.instanceId}`);
  v.deleteRequestedAt = ctx.now;
  v.goneAt = ctx.now + ctx.random.minutes(1, 2, 'volume-delete', v.arn);
  return {};
};

// EC2 documents these codes for InstanceState.
const STATE_CODES = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48 } as const;
type InstanceStateName = keyof typeof STATE_CODES;

/** EC2 keeps describing a terminated instance for about an hour. */
const TERMINATED_VISIBLE_MS = HOUR;

function instanceState(ctx: SimContext, i: Instance): InstanceStateName | undefined {
  switch (phaseAt(i, ctx.now)) {
    case 'absent':
      return undefined;
    case 'creating':
      return 'pending';
    case 'ready':
      return 'running';
    case 'deleting':
      return 'shutting-down';
    case 'gone':
      return ctx.now < (i.goneAt ?? 0) + TERMINATED_VISIBLE_MS ? 'terminated' : undefined;
  }
}

const stateOutput = (name: InstanceStateName): Output => ({ Code: STATE_CODES[name], Name: name });

const instanceNotFound = (id: string): Error => notFound(SERVICE, 'InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);

/** The instances the call names, each described or the whole call refused, as EC2 does. */
function namedInstances(ctx: SimContext, input: Record<string, unknown>): [Instance, InstanceStateName][] {
  const ids = Array.isArray(input.InstanceIds) ? (input.InstanceIds as string[]) : undefined;
  if (!ids) {
    return [...ctx.region.instances.values()].flatMap((i) => {
      const state = instanceState(ctx, i);
      return state ? [[i, state] as [Instance, InstanceStateName]] : [];
    });
  }
  return ids.map((id) => {
    const i = ctx.region.instances.get(id);
    const state = i && instanceState(ctx, i);
    if (!i || !state) throw instanceNotFound(id);
    ctx.attribute(i.targetId);
    return [i, state];
  });
}

function instanceOutput(ctx: SimContext, i: Instance, state: InstanceStateName): Output {
  const tags = [...(ctx.region.tags.get(i.arn) ?? [])].map(([Key, Value]) => ({ Key, Value }));
  const live = state === 'pending' || state === 'running';
  return compact({
    InstanceId: i.id,
    ImageId: i.imageId,
    InstanceType: i.instanceType,
    State: stateOutput(state),
    LaunchTime: iso(i.visibleAt),
    Placement: { AvailabilityZone: i.availabilityZone, Tenancy: 'default' },
    // A terminated instance has lost its network interface and with it its address and subnet.
    PrivateIpAddress: live ? i.privateIpAddress : undefined,
    SubnetId: live ? i.subnetId : undefined,
    VpcId: live ? i.vpcId : undefined,
    SecurityGroups: i.securityGroups.map((GroupId) => ({ GroupId, GroupName: GroupId })),
    IamInstanceProfile: i.iamInstanceProfileName
      ? { Arn: `arn:aws:iam::${ctx.world.accountId}:instance-profile/${i.iamInstanceProfileName}`, Id: `AIPA${ctx.random.hex(17, 'profile', i.id).toUpperCase()}` }
      : undefined,
    Architecture: 'x86_64',
    RootDeviceType: 'ebs',
    RootDeviceName: '/dev/xvda',
    BlockDeviceMappings: live
      ? volumesOf(ctx, i).map((v) => ({
          DeviceName: v.attachment!.deviceName,
          Ebs: { AttachTime: iso(v.visibleAt), DeleteOnTermination: v.attachment!.deleteOnTermination, Status: 'attached', VolumeId: v.id },
        }))
      : [],
    VirtualizationType: 'hvm',
    Hypervisor: 'xen',
    Tags: tags.length > 0 ? tags : undefined,
  });
}

const describeInstances: Handler = (ctx, input) => {
  const found = namedInstances(ctx, input);
  return {
    Reservations: found.map(([i, state]) => ({
      ReservationId: `r-${ctx.random.hex(17, 'reservation', i.id)}`,
      OwnerId: ctx.world.accountId,
      Groups: [],
      Instances: [instanceOutput(ctx, i, state)],
    })),
  };
};

/** Status checks run only on a running instance: "initializing" until they settle, then ok or impaired. */
function statusSummary(ctx: SimContext, i: Instance, state: InstanceStateName): Output {
  if (state !== 'running') return { Status: 'not-applicable' };
  const status = ctx.now < i.statusSettledAt ? 'initializing' : i.settledStatus;
  const detail = status === 'ok' ? 'passed' : status === 'impaired' ? 'failed' : 'initializing';
  return compact({
    Status: status,
    Details: [compact({ Name: 'reachability', Status: detail, ImpairedSince: status === 'impaired' ? iso(i.statusSettledAt) : undefined })],
  });
}

const describeInstanceStatus: Handler = (ctx, input) => {
  const all = bool(input.IncludeAllInstances) === true;
  const found = namedInstances(ctx, input).filter(([, state]) => all || state === 'running');
  return {
    InstanceStatuses: found.map(([i, state]) => ({
      InstanceId: i.id,
      AvailabilityZone: i.availabilityZone,
      InstanceState: stateOutput(state),
      InstanceStatus: statusSummary(ctx, i, state),
      SystemStatus: statusSummary(ctx, i, state),
    })),
  };
};

const terminateInstances: Handler = (ctx, input) => {
  const found = namedInstances(ctx, input);
  return {
    TerminatingInstances: found.map(([i, previous]) => {
      if (previous === 'pending' || previous === 'running') {
        i.deleteRequestedAt = ctx.now;
        i.goneAt = ctx.now + ctx.random.minutes(1, 3, 'instance-terminate', i.arn);
        // Only the volumes whose DeleteOnTermination is true go with it; the others stay, detached and available
        // ("Preserve data when an instance is terminated", EC2 User Guide).
        for (const v of volumesOf(ctx, i)) {
          if (!v.attachment!.deleteOnTermination) continue;
          v.deleteRequestedAt = i.goneAt;
          v.goneAt = i.goneAt + ctx.random.minutes(1, 2, 'volume-delete', v.arn);
        }
      }
      return { InstanceId: i.id, PreviousState: stateOutput(previous), CurrentState: stateOutput(instanceState(ctx, i) ?? 'terminated') };
    }),
  };
};

/**
 * ModifyInstanceAttribute with BlockDeviceMappings: "To modify the DeleteOnTermination attribute for volumes that are
 * currently attached" (EC2 API reference); each device named must be attached to the instance. One attribute per call.
 */
const modifyInstanceAttribute: Handler = (ctx, input) => {
  const id = str(input.InstanceId) ?? '';
  const instance = ctx.region.instances.get(id);
  if (!instance || !exists(instance, ctx.now)) throw instanceNotFound(id);
  ctx.attribute(instance.targetId);
  const mappings = Array.isArray(input.BlockDeviceMappings) ? (input.BlockDeviceMappings as { DeviceName?: string; Ebs?: { DeleteOnTermination?: boolean } }[]) : undefined;
  if (!mappings) throw invalid(SERVICE, 'InvalidParameterCombination', 'The simulated ModifyInstanceAttribute changes BlockDeviceMappings only');
  const volumes = volumesOf(ctx, instance);
  for (const m of mappings) {
    const volume = volumes.find((v) => v.attachment!.deviceName === m.DeviceName);
    if (!volume) throw invalid(SERVICE, 'InvalidInstanceAttributeValue', `No device named ${m.DeviceName ?? ''} is mapped to instance ${id}`);
    if (typeof m.Ebs?.DeleteOnTermination === 'boolean') volume.attachment!.deleteOnTermination = m.Ebs.DeleteOnTermination;
  }
  return {};
};

export const ec2Handlers: Record<string, Handler> = {
  ModifyInstanceAttribute: modifyInstanceAttribute,
  DescribeVolumes: describeVolumes,
  DeleteVolume: deleteVolume,
  DescribeInstances: describeInstances,
  DescribeInstanceStatus: describeInstanceStatus,
  TerminateInstances: terminateInstances,
};
