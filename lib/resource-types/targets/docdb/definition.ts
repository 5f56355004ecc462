// An Amazon DocumentDB (instance-based) cluster as a plan target: pure data and functions, no AWS SDK.
// Restore metadata: "Restoring a DocumentDB cluster", AWS Backup Developer Guide
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-docdb.html): the restore creates the cluster
// ("Instance class and number of instances cannot be configured during the restore process"), then "attach your
// restored Amazon DocumentDB cluster to an Amazon RDS instance using create-db-instance" with --engine docdb. What it
// shares with Aurora and Neptune (restore block, metadata, the added instance) is ../rds-family-cluster.ts.
import { z } from 'zod';
import { validationTimeoutSeconds } from '../../../plan/validation-schema';
import { clusterArn, clusterCost, clusterDefinitionParts, clusterRestoreSchema, instanceClassOf, clusterInit } from '../rds-family-cluster';
import { targetBase } from '../schema-parts';
import type { TargetDefinition } from '../target-definition';

/**
 * The instance classes DocumentDB supports ("Supported instance types", Quotas and limits,
 * https://docs.aws.amazon.com/documentdb/latest/developerguide/limits.html): R6GD, R6G, R5, R4 (large and up),
 * T4G and T3 (medium). db.serverless is refused: a serverless instance needs the cluster's
 * ServerlessV2ScalingConfiguration, which AWS Backup's restore metadata for DocumentDB cannot set.
 */
const docdbInstanceClass = instanceClassOf(
  /^db\.(?:t3\.medium|t4g\.medium|(?:r4|r5|r6g)\.(?:large|\d*xlarge)|r6gd\.\d*xlarge)$/,
  'must be a DocumentDB instance class (db.t4g.medium, db.t3.medium, db.r6g.large, db.r5.xlarge...); db.serverless cannot be added to a restored cluster',
);

// MongoDB's naming rules: database names have no "/\. \"$" and at most 63 characters here (DocumentDB's limit);
// collection names do not start with "system." and have no "$".
const databaseName = z
  .string()
  .regex(/^[^/\\. "$*<>:|?]{1,63}$/, 'must be a DocumentDB database name (no / \\ . space " $ * < > : | ?, at most 63 characters)')
  .describe('The database that holds the collection');
const collectionName = z
  .string()
  .regex(/^(?!system\.)[^$\0]{1,255}$/, 'must be a collection name (no "$", not a system. collection)')
  .describe('The collection whose documents are counted');

export const docdbCollectionCheckSchema = z.strictObject({
  database: databaseName,
  collection: collectionName,
  minDocuments: z.number().int().nonnegative().describe('The restored collection must hold at least this many documents'),
});

const secretArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/, 'must be a Secrets Manager secret ARN')
  .describe(
    'A secret in the DR region in the DocumentDB secret format ({"engine": "mongo", "username", "password", "host", "port"}): ' +
      'a user that may read the collections. Only "username" and "password" are used; the host is the restored cluster\'s',
  );

export const docdbValidationSchema = z
  .strictObject({
    timeoutSeconds: validationTimeoutSeconds,
    secretArn,
    collections: z
      .array(docdbCollectionCheckSchema)
      .min(1)
      .max(50)
      .describe('Collections to count documents in (countDocuments, read-only, over TLS with the RDS certificate authorities)'),
  })
  .describe('Data checks on the restored cluster, beyond readiness: document counts, read-only');
export type DocdbValidation = z.infer<typeof docdbValidationSchema>;

export const docdbTargetSchema = z.strictObject({
  ...targetBase,
  type: z.literal('docdb'),
  resourceArn: clusterArn('an Amazon DocumentDB cluster'),
  restore: clusterRestoreSchema(docdbInstanceClass).describe('Where the restored cluster goes in the DR region, and the instance the drill adds to it'),
  validation: docdbValidationSchema.optional().describe('Data checks on the restored cluster, beyond readiness: document counts, read-only'),
});
export type DocdbTarget = z.infer<typeof docdbTargetSchema>;

const cluster = clusterDefinitionParts<DocdbTarget>('DocumentDB');

export const DOCDB = {
  type: 'docdb',
  schema: docdbTargetSchema,
  backupResourceType: 'DocumentDB',
  ...cluster,
  init: clusterInit('document counts per collection (validation: secretArn, collections), as examples/fhir-imaging.yml does'),
  cost: clusterCost<DocdbTarget>('docdb', 'backup.warm.docdb'),
  wouldDo: {
    ...cluster.wouldDo,
    dataChecks: (target) =>
      target.validation ? { count: target.validation.collections.length, how: ' (document counts over TLS with the secret\'s user, read-only)' } : { count: 0 },
  },
} as const satisfies TargetDefinition<DocdbTarget>;
