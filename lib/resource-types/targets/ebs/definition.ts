// An EBS volume as a plan target: pure data and functions, no AWS SDK.
// Restore metadata: the AWS Backup Developer Guide's page on restoring an EBS volume (under "Restore a backup").
import { z } from 'zod';
import { volumeValidationSchema } from '../../../plan/validation-schema';
import { withDefined } from '../restore-metadata';
import { kmsKeyArn, resourceArn, targetBase } from '../schema-parts';
import type { TargetDefinition } from '../target-definition';
import { num, pick, text } from '../../../cost/target-cost';
import { sizeDataChecks } from '../would-do-parts';
import { isEc2Snapshot } from '../copied-recovery-points';

export const ebsTargetSchema = z.strictObject({
  ...targetBase,
  type: z.literal('ebs'),
  validation: volumeValidationSchema.optional().describe('Data checks on the restored copy, beyond readiness'),
  resourceArn: resourceArn('ec2', 'volume/vol-[0-9a-f]{8,17}', 'an EBS volume', 'volume/vol-...'),
  restore: z.strictObject({
    availabilityZone: z
      .string()
      .regex(/^[a-z]{2}-[a-z]+-\d[a-z]$/, 'must be an availability zone such as eu-west-2a')
      .describe('The availability zone in the DR region for the restored volume'),
    volumeType: z.enum(['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1']).optional(),
    kmsKeyArn: kmsKeyArn.optional(),
  }),
});
export type EbsTarget = z.infer<typeof ebsTargetSchema>;

export const EBS = {
  type: 'ebs',
  schema: ebsTargetSchema,
  backupResourceType: 'EBS',
  restoredKind: 'ebs-volume',
  restoreQuota: 100,
  namedByDrill: false,
  copiedRecoveryPoint: isEc2Snapshot,
  regionBoundKeys: ['availabilityZone', 'kmsKeyId'],
  restoreMetadata: (target, _names, metadata) =>
    withDefined(metadata, {
      availabilityZone: target.restore.availabilityZone,
      volumeType: target.restore.volumeType,
      encrypted: 'true',
      kmsKeyId: target.restore.kmsKeyArn,
    }),
  // A volume lives in one zone; the plan names it, so the residency check reads it (lib/plan/residency.ts).
  restoreZones: (target) => [{ path: ['restore', 'availabilityZone'], zone: target.restore.availabilityZone }],
  // A volume is billed for what is provisioned (size and type in the restore metadata: AWS Backup's volumeSize and
  // volumeType), per second with a 60-second minimum (Amazon EBS pricing); gp3 includes 3,000 IOPS and 125 MB/s.
  cost: {
    backupStorage: 'backup.warm.ebs',
    size: (target, metadata) => ({ ...pick(metadata, ['volumeSize', 'volumeType', 'iops', 'throughput']), ...(target.restore.volumeType ? { volumeType: target.restore.volumeType } : {}) }),
    billed: (size) => {
      const gib = num(size, 'volumeSize');
      const type = text(size, 'volumeType');
      const lines = [
        gib === undefined || !type
          ? { what: 'the restored volume', notEstimated: 'its size or type is not in the restore metadata' }
          : { what: `${gib} GiB ${type} volume`, price: `ebs.${type}`, amount: gib },
      ];
      const iops = num(size, 'iops');
      if (type === 'io1' || type === 'io2' || (type === 'gp3' && iops !== undefined && iops > 3000) || (type === 'gp3' && (num(size, 'throughput') ?? 0) > 125)) {
        lines.push({ what: 'provisioned IOPS and throughput above the baseline', notEstimated: 'not in the price table' });
      }
      return lines;
    },
  },
  // A volume is not on a network: only its zone is chosen (the chosen isolated subnet's, so an instance there can attach it).
  init: {
    needs: 'zone',
    restore: (network) => ({ restore: { availabilityZone: network.availabilityZone }, choices: { availabilityZone: 'availability-zone' } }),
    checks: "the restored volume's size (validation: minSizeGiB)",
  },
  wouldDo: {
    restore: (target, { kms }) => [`restore it as a ${target.restore.volumeType ?? 'volume of the backed-up type'} volume in ${target.restore.availabilityZone}${kms}`],
    created: () => ['the restored volume'],
    dataChecks: (target) => sizeDataChecks(target.validation),
  },
} as const satisfies TargetDefinition<EbsTarget>;
