// An S3 bucket as a plan target: pure data and functions, no AWS SDK.
// Restore metadata: AWS Backup Developer Guide, https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-s3.html.
import { z } from 'zod';
import { validationTimeoutSeconds } from '../../../plan/validation-schema';
import { withDefined } from '../restore-metadata';
import { kmsKeyArn, targetBase } from '../schema-parts';
import type { TargetDefinition } from '../target-definition';
import { storageLine } from '../../../cost/target-cost';

export const s3ValidationSchema = z.strictObject({
  timeoutSeconds: validationTimeoutSeconds,
  minObjects: z.number().int().nonnegative().optional(),
  objects: z
    .array(
      z.strictObject({
        key: z.string().min(1).max(1024),
        sha256: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'must be a base64 SHA-256 checksum (as S3 reports ChecksumSHA256)').optional(),
      }),
    )
    .max(1000)
    .optional()
    .describe('A manifest: objects that must be present, with an optional checksum'),
});
export type S3Validation = z.infer<typeof s3ValidationSchema>;

export const s3TargetSchema = z.strictObject({
  ...targetBase,
  type: z.literal('s3'),
  validation: s3ValidationSchema.optional().describe('Data checks on the restored copy, beyond readiness'),
  resourceArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket ARN (arn:aws:s3:::<bucket>)')
    .describe('The S3 bucket to drill (bucket ARNs name no region or account)'),
  restore: z.strictObject({ kmsKeyArn: kmsKeyArn.optional() }).optional(),
});
export type S3Target = z.infer<typeof s3TargetSchema>;

export const S3 = {
  type: 's3',
  schema: s3TargetSchema,
  backupResourceType: 'S3',
  restoredKind: 's3-bucket',
  restoreQuota: 30,
  namedByDrill: true,
  regionBoundKeys: ['KMSKey'],
  restoreMetadata: (target, names, metadata) =>
    withDefined(metadata, {
      DestinationBucketName: names.restored,
      NewBucket: 'true',
      Encrypted: 'true',
      EncryptionType: target.restore?.kmsKeyArn ? 'SSE-KMS' : 'SSE-S3',
      KMSKey: target.restore?.kmsKeyArn,
    }),
  // The drill names the bucket it restores (DestinationBucketName).
  restoredId: (_createdArn, names) => names.restored,
  // S3 Standard storage of the restored bucket while it exists. The restore writes every object (PUT requests) and
  // AWS Backup may bill the restore per GB: neither figure was found, so both say so.
  cost: {
    backupStorage: 'backup.warm.s3',
    size: () => ({}),
    billed: (_size, restoredGb) => [
      storageLine('restored bucket storage (Standard)', 's3.standard', restoredGb),
      { what: 'requests of the restore (one PUT per object)', notEstimated: 'the object count is not recorded' },
      { what: 'AWS Backup restore of the bucket', notEstimated: 'its per-GB price was not found for the price table (docs/cost.md)' },
    ],
  },
  init: { needs: 'nothing', restore: () => ({ restore: null, choices: {} }), checks: 'an object count and a manifest of objects with checksums (validation: minObjects, objects), as examples/nhs-patient-platform.yml does' },
  wouldDo: {
    restore: (_target, { dr, restored, kms }) => [`restore it in ${dr} into a new bucket ${restored}${kms}`],
    created: (_target, { restored }) => [`bucket ${restored} and every object version in it`],
    dataChecks: ({ validation: v }) => ({ count: v ? (v.minObjects !== undefined ? 1 : 0) + (v.objects?.length ?? 0) : 0 }),
  },
} as const satisfies TargetDefinition<S3Target>;
