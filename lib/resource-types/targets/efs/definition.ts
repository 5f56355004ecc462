// An EFS file system as a plan target: pure data and functions, no AWS SDK.
// Restore metadata: AWS Backup Developer Guide, https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-efs.html.
import { z } from 'zod';
import { volumeValidationSchema } from '../../../plan/validation-schema';
import { withDefined } from '../restore-metadata';
import { kmsKeyArn, resourceArn, targetBase } from '../schema-parts';
import type { TargetDefinition } from '../target-definition';
import { storageLine } from '../../../cost/target-cost';
import { sizeDataChecks } from '../would-do-parts';

export const efsTargetSchema = z.strictObject({
  ...targetBase,
  type: z.literal('efs'),
  validation: volumeValidationSchema.optional().describe('Data checks on the restored copy, beyond readiness'),
  resourceArn: resourceArn('elasticfilesystem', 'file-system/fs-[0-9a-f]{8,17}', 'an EFS file system', 'file-system/fs-...'),
  restore: z
    .strictObject({
      performanceMode: z.enum(['generalPurpose', 'maxIO']).optional(),
      kmsKeyArn: kmsKeyArn.optional(),
    })
    .optional(),
});
export type EfsTarget = z.infer<typeof efsTargetSchema>;

export const EFS = {
  type: 'efs',
  schema: efsTargetSchema,
  backupResourceType: 'EFS',
  restoredKind: 'efs-file-system',
  restoreQuota: 30,
  // The creation token is the drill's name, but the file system's id (fs-...) is AWS's.
  namedByDrill: false,
  regionBoundKeys: ['KmsKeyId'],
  restoreMetadata: (target, names, metadata) =>
    withDefined(metadata, {
      newFileSystem: 'true',
      CreationToken: names.restored,
      Encrypted: 'true',
      KmsKeyId: target.restore?.kmsKeyArn,
      PerformanceMode: target.restore?.performanceMode,
    }),
  // Standard storage for what was restored while it exists, and AWS Backup's per-GB restore charge (AWS Backup pricing).
  cost: {
    backupStorage: 'backup.warm.efs',
    size: () => ({}),
    billed: (_size, restoredGb) => [
      storageLine('restored file system storage (Standard)', 'efs.standard', restoredGb),
      storageLine('AWS Backup restore of the file system', 'backup.restore.efs', restoredGb),
      { what: 'elastic throughput of the validation', notEstimated: 'billed per GB read and written, which the drill does not count' },
    ],
  },
  init: { needs: 'nothing', restore: () => ({ restore: null, choices: {} }), checks: 'the restored file system\'s size (validation: minSizeGiB)' },
  wouldDo: {
    restore: (_target, { dr, restored, kms }) => [`restore it in ${dr} as a new file system ${restored}${kms}`],
    created: (_target, { restored }) => [`file system ${restored}`],
    dataChecks: (target) => sizeDataChecks(target.validation),
  },
} as const satisfies TargetDefinition<EfsTarget>;
