// EBS's simulated behaviour: a gp3 volume, backed up as EBS snapshots, restored by AWS Backup as a new volume in the
// availability zone the metadata names. Imported only by the local simulation (local/sim/target-sims.ts): it must
// never reach a Lambda bundle.
//
// Restore metadata keys honoured (matched case-insensitively, see local/sim/restore.ts): availabilityZone (must be in
// the restore region), encrypted, kmsKeyId, volumeType, volumeSize, iops, throughput. Source: the restore-testing
// inferred-metadata table of the AWS Backup guide.
import { BACKUP_RESOURCE_TYPES } from '../../../drill/resource-types';
import { atLeastGiB } from '../../../../local/sim/content';
import { arnOf, azProblem, fail, GiB, isTrue, kmsProblem, restoresNew } from '../../../../local/sim/restore-helpers';
import { seeded } from '../../../../local/sim/seed-helpers';
import type { TargetOf, TargetSim } from '../../../../local/sim/target-sim';
import type { Volume } from '../../../../local/sim/world';

export interface EbsPayload {
  type: typeof BACKUP_RESOURCE_TYPES.ebs;
  volumeId: string;
  sizeGiB: number;
  volumeType: string;
  iops: number;
  throughput: number;
  minSizeGiB?: number;
}

/** The smallest EBS volume is 1 GiB: below a minimum of 1 GiB there is nothing smaller to restore. */
const smallerVolumeGiB = (minSizeGiB: number): number | undefined => {
  const size = Math.max(1, Math.floor(minSizeGiB / 2));
  return size < minSizeGiB ? size : undefined;
};

export const ebsSim: TargetSim<TargetOf<'ebs'>, EbsPayload> = {
  resourceType: BACKUP_RESOURCE_TYPES.ebs,
  continuous: false,
  restoreMinutes: [3, 10],

  seedSource({ random, region, azs }, target) {
    const key = target.id;
    const volumeId = target.resourceArn.split('volume/')[1]!;
    const minSizeGiB = target.validation?.minSizeGiB;
    const sizeGiB = atLeastGiB(random.int(50, 500, 'volume-size', key), minSizeGiB);
    const payload: EbsPayload = { type: 'EBS', volumeId, sizeGiB, volumeType: 'gp3', iops: 3000, throughput: 125, minSizeGiB };
    region.volumes.set(volumeId, {
      ...seeded,
      id: volumeId,
      arn: target.resourceArn,
      region: region.name,
      availabilityZone: azs[0]!,
      sizeGiB,
      volumeType: 'gp3',
      iops: 3000,
      throughput: 125,
      encrypted: true,
      readyState: 'available',
    });
    return {
      payload,
      metadata: { availabilityZone: azs[0]!, encrypted: 'true', volumeType: 'gp3', volumeSize: String(sizeGiB), iops: '3000', throughput: '125' },
    };
  },

  recoveryPointArn: (n) => `arn:aws:ec2:${n.region}::snapshot/snap-${n.hex(17, 'snap')}`,
  inventedResourceArn: (at) => `arn:aws:ec2:${at.region}:${at.account}:volume/vol-${at.hex}`,

  sizeBytes: (payload) => Math.round(payload.sizeGiB * 0.6 * GiB),

  // A minimum of 1 GiB cannot be missed (there is no smaller volume): the fault then shows as an unhealthy volume.
  faultShowsInData: (p) => p.minSizeGiB !== undefined && smallerVolumeGiB(p.minSizeGiB) !== undefined,

  planRestore({ ctx, rp, payload: p, get, origin, hex, dataFault, unhealthy }) {
    const az = get('availabilityZone');
    if (!az) return fail('The request must contain the parameter AvailabilityZone');
    const problem = azProblem(ctx, az) ?? kmsProblem(ctx, get('kmsKeyId'));
    if (problem) return fail(problem);
    const id = `vol-${hex(17, 'volume')}`;
    const arn = arnOf.volume(ctx, id);
    return restoresNew<Volume>(ctx, { kind: 'ebs-volume', id, arn }, origin, ctx.region.volumes, () => ({
      availabilityZone: az,
      sizeGiB: dataFault && p.minSizeGiB !== undefined ? smallerVolumeGiB(p.minSizeGiB)! : Number(get('volumeSize') ?? p.sizeGiB),
      volumeType: get('volumeType') ?? p.volumeType,
      iops: Number(get('iops') ?? p.iops),
      throughput: Number(get('throughput') ?? p.throughput),
      encrypted: get('encrypted') === undefined ? true : isTrue(get('encrypted')),
      kmsKeyId: get('kmsKeyId'),
      snapshotId: rp.arn.split('snapshot/')[1],
      readyState: unhealthy ? 'error' : 'available',
    }));
  },
};
