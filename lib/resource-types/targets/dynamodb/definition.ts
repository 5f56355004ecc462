// A DynamoDB table as a plan target: pure data and functions, no AWS SDK.
// Restore metadata: the AWS Backup Developer Guide's page on restoring a DynamoDB table (under "Restore a backup").
import { z } from 'zod';
import { validationTimeoutSeconds } from '../../../plan/validation-schema';
import { withDefined } from '../restore-metadata';
import { kmsKeyArn, resourceArn, targetBase } from '../schema-parts';
import type { TargetDefinition } from '../target-definition';
import { storageLine } from '../../../cost/target-cost';

const keyValue = z.union([z.string().max(1024), z.number()]);
export const dynamodbValidationSchema = z.strictObject({
  timeoutSeconds: validationTimeoutSeconds,
  minItems: z.number().int().nonnegative().optional().describe('DescribeTable ItemCount (refreshed by DynamoDB about every 6 hours) must be at least this'),
  keys: z
    .array(z.record(z.string().min(1).max(255), keyValue))
    .max(100)
    .optional()
    .describe('Primary keys (attribute name to value) that must be present: GetItem for each'),
  freshness: z
    .strictObject({
      attribute: z.string().min(1).max(255).describe('An ISO-8601 or epoch-seconds attribute on the items named by `keys`'),
      maxAgeSeconds: z.number().int().positive(),
    })
    .optional(),
});
export type DynamodbValidation = z.infer<typeof dynamodbValidationSchema>;

export const dynamodbTargetSchema = z.strictObject({
  ...targetBase,
  type: z.literal('dynamodb'),
  validation: dynamodbValidationSchema.optional().describe('Data checks on the restored copy, beyond readiness'),
  resourceArn: resourceArn('dynamodb', 'table/[A-Za-z0-9_.-]{3,255}', 'a DynamoDB table', 'table/<name>'),
  restore: z.strictObject({ kmsKeyArn: kmsKeyArn.optional() }).optional(),
});
export type DynamodbTarget = z.infer<typeof dynamodbTargetSchema>;

export const DYNAMODB = {
  type: 'dynamodb',
  schema: dynamodbTargetSchema,
  backupResourceType: 'DynamoDB',
  restoredKind: 'dynamodb-table',
  restoreQuota: 40,
  namedByDrill: true,
  regionBoundKeys: ['kmsMasterKeyArn'],
  restoreMetadata: (target, names, metadata) =>
    withDefined(metadata, {
      targetTableName: names.restored,
      encryptionType: target.restore?.kmsKeyArn ? 'KMS' : 'Default',
      kmsMasterKeyArn: target.restore?.kmsKeyArn,
    }),
  // A restored table is billed for its storage while it exists, and AWS Backup bills the restore itself per GB
  // (AWS Backup pricing, "Restore"); the validation's reads are on-demand requests too few to price.
  cost: {
    backupStorage: 'backup.warm.dynamodb',
    size: () => ({}),
    billed: (_size, restoredGb) => [
      storageLine('restored table storage', 'dynamodb.storage', restoredGb),
      storageLine('AWS Backup restore of the table', 'backup.restore.dynamodb', restoredGb),
    ],
  },
  init: { needs: 'nothing', restore: () => ({ restore: null, choices: {} }), checks: 'items that must be there and how fresh they are (validation: minItems, keys, freshness), as examples/nhs-patient-platform.yml does' },
  wouldDo: {
    restore: (_target, { dr, restored, kms }) => [`restore it in ${dr} as table ${restored}${kms}`],
    created: (_target, { restored }) => [`table ${restored}`],
    dataChecks: ({ validation: v }) => ({ count: v ? (v.minItems !== undefined ? 1 : 0) + (v.keys?.length ?? 0) + (v.freshness ? 1 : 0) : 0 }),
  },
} as const satisfies TargetDefinition<DynamodbTarget>;
