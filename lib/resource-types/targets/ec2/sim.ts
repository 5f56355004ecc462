// EC2's simulated behaviour: an instance with a root and a data volume, backed up as an AMI, restored by AWS Backup
// as a new instance launched from it into the subnet the metadata names. Imported only by the local simulation
// (local/sim/target-sims.ts): it must never reach a Lambda bundle.
//
// Restore metadata keys honoured (matched case-insensitively, see local/sim/restore.ts): subnetId (required: no
// default VPC), securityGroupIds (JSON array or comma list), instanceType, iamInstanceProfileName,
// disableApiTermination, requireImdsV2 (ignored).
import { addSubnets, isolatedVpc, placeSecurityGroups } from '../../../../local/sim/vpc-network';
import { BACKUP_RESOURCE_TYPES } from '../../../drill/resource-types';
import { arnOf, fail, GiB, parseList } from '../../../../local/sim/restore-helpers';
import { LONG_AGO, seeded } from '../../../../local/sim/seed-helpers';
import type { TargetOf, TargetSim } from '../../../../local/sim/target-sim';
import type { Instance, InstanceVolume, Volume } from '../../../../local/sim/world';

export interface Ec2Payload {
  type: typeof BACKUP_RESOURCE_TYPES.ec2;
  instanceId: string;
  instanceType: string;
  imageId: string;
  volumes: InstanceVolume[];
}

export const ec2Sim: TargetSim<TargetOf<'ec2'>, Ec2Payload> = {
  resourceType: BACKUP_RESOURCE_TYPES.ec2,
  continuous: false,
  restoreMinutes: [10, 20],

  seedRestoreNetwork(dr, random, target) {
    const vpcId = `vpc-${random.hex(17, 'dr-vpc', dr.name)}`;
    addSubnets(dr, vpcId, [{ id: target.restore.subnetId, availabilityZone: `${dr.name}a` }]);
    isolatedVpc(dr, random, vpcId);
    placeSecurityGroups(dr, vpcId, target.restore.securityGroupIds);
  },

  seedSource({ random, region, azs }, target) {
    const r = region.name;
    const key = target.id;
    const instanceId = target.resourceArn.split('instance/')[1]!;
    // A root volume attached at launch (deleted with the instance) and a data volume attached after launch
    // (preserved): EC2's defaults ("Preserve data when an instance is terminated"), which the AMI records.
    const payload: Ec2Payload = {
      type: 'EC2',
      instanceId,
      instanceType: 'm6i.large',
      imageId: `ami-${random.hex(17, 'source-ami', key)}`,
      volumes: [
        { deviceName: '/dev/xvda', sizeGiB: random.int(8, 30, 'root-size', key), deleteOnTermination: true },
        { deviceName: '/dev/sdf', sizeGiB: random.int(50, 200, 'data-size', key), deleteOnTermination: false },
      ],
    };
    const subnetId = `subnet-${random.hex(17, 'prod-subnet', key)}`;
    const vpcId = `vpc-${random.hex(17, 'prod-vpc', r)}`;
    const sg = `sg-${random.hex(17, 'prod-sg', key)}`;
    region.instances.set(instanceId, {
      ...seeded,
      id: instanceId,
      arn: target.resourceArn,
      region: r,
      imageId: payload.imageId,
      instanceType: payload.instanceType,
      subnetId,
      vpcId,
      availabilityZone: azs[0]!,
      securityGroups: [sg],
      privateIpAddress: '127.0.0.1',
      iamInstanceProfileName: `${target.id}-prod-profile`,
      statusSettledAt: LONG_AGO,
      settledStatus: 'ok',
    });
    // Shaped like the RunInstances settings AWS Backup records: every network setting names the source's VPC.
    return {
      payload,
      metadata: {
        InstanceType: payload.instanceType,
        SubnetId: subnetId,
        SecurityGroupIds: JSON.stringify([sg]),
        AvailabilityZone: azs[0]!,
        Placement: JSON.stringify({ AvailabilityZone: azs[0]!, Tenancy: 'default' }),
        KeyName: `${target.id}-prod-key`,
        IamInstanceProfileName: `${target.id}-prod-profile`,
        NetworkInterfaces: JSON.stringify([{ DeviceIndex: 0, SubnetId: subnetId, Groups: [sg], AssociatePublicIpAddress: true }]),
        DisableApiTermination: 'true',
        EbsOptimized: 'true',
      },
    };
  },

  recoveryPointArn: (n) => `arn:aws:ec2:${n.region}::image/ami-${n.hex(17, 'ami')}`,
  inventedResourceArn: (at) => `arn:aws:ec2:${at.region}:${at.account}:instance/i-${at.hex}`,

  sizeBytes: (_payload, random, key) => random.int(8, 100, 'size', key) * GiB,

  // Status checks are readiness, not data: the fault shows as an impaired instance.
  faultShowsInData: () => false,

  planRestore({ ctx, rp, payload: p, get, jobId, origin, hex, unhealthy }) {
    // Without a subnet EC2 launches into the default VPC, which this account does not have.
    const subnetId = get('subnetId');
    if (!subnetId) return fail('No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.');
    const subnet = ctx.region.subnets.get(subnetId);
    if (!subnet) return fail(`The subnet ID '${subnetId}' does not exist`);
    const sgs = parseList(get('securityGroupIds'));
    const missing = sgs.find((sg) => !ctx.region.securityGroups.has(sg));
    if (missing) return fail(`The security group '${missing}' does not exist in VPC '${subnet.vpcId}'`);
    const id = `i-${hex(17, 'instance')}`;
    const arn = arnOf.ec2Instance(ctx, id);
    return {
      ok: true,
      created: { kind: 'ec2-instance', id, arn },
      install: (visibleAt, jobEndAt) => {
        // The job completes once the instance is launched; it boots, then its status checks settle.
        const runningAt = jobEndAt + ctx.random.minutes(1, 3, 'instance-boot', jobId);
        const instance: Instance = {
          ...origin,
          id,
          arn,
          region: ctx.region.name,
          visibleAt,
          readyAt: runningAt,
          imageId: rp.arn.split('image/')[1] ?? `ami-${hex(17, 'ami')}`,
          instanceType: get('instanceType') ?? p.instanceType,
          subnetId,
          vpcId: subnet.vpcId,
          availabilityZone: subnet.availabilityZone,
          securityGroups: sgs,
          // Loopback: nothing in the simulation may look like a reachable address of a real network.
          privateIpAddress: '127.0.0.1',
          iamInstanceProfileName: get('iamInstanceProfileName'),
          statusSettledAt: runningAt + ctx.random.minutes(2, 5, 'status-checks', jobId),
          settledStatus: unhealthy ? 'impaired' : 'ok',
        };
        ctx.region.instances.set(id, instance);
        // Launched from the backup's AMI: one volume per block device mapping, with the AMI's DeleteOnTermination.
        for (const bdm of p.volumes) {
          const volumeId = `vol-${hex(17, 'instance-volume', bdm.deviceName)}`;
          const volume: Volume = {
            ...origin,
            id: volumeId,
            arn: arnOf.volume(ctx, volumeId),
            region: ctx.region.name,
            visibleAt,
            readyAt: visibleAt,
            availabilityZone: subnet.availabilityZone,
            sizeGiB: bdm.sizeGiB,
            volumeType: 'gp3',
            iops: 3000,
            throughput: 125,
            encrypted: true,
            readyState: 'available',
            attachment: { instanceId: id, deviceName: bdm.deviceName, deleteOnTermination: bdm.deleteOnTermination },
          };
          ctx.region.volumes.set(volumeId, volume);
        }
      },
    };
  },
};
