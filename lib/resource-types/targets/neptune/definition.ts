// An Amazon Neptune cluster as a plan target: pure data and functions, no AWS SDK.
// Restore metadata: "Restore a Neptune cluster", AWS Backup Developer Guide
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-nep.html): the same keys as DocumentDB's, then
// `aws neptune create-db-instance ... --engine neptune --db-cluster-identifier ...`: the restored cluster has no
// instance. What it shares with Aurora and DocumentDB (restore block, metadata, the added instance) is
// ../rds-family-cluster.ts.
import { z } from 'zod';
import { validationTimeoutSeconds } from '../../../plan/validation-schema';
import { clusterArn, clusterCost, clusterDefinitionParts, clusterRestoreSchema, instanceClassOf, clusterInit } from '../rds-family-cluster';
import { targetBase } from '../schema-parts';
import type { TargetDefinition } from '../target-definition';

/**
 * Neptune's provisioned instance classes: T3 and T4G medium (burstable), R4, R5, R5D, R6G, R6I, X2G and X2IEDN
 * (large and up); which are offered depends on the region and engine version (DescribeOrderableDBInstanceOptions,
 * Engine neptune). db.serverless is refused: it needs the cluster's ServerlessV2ScalingConfiguration, which AWS
 * Backup's restore metadata for Neptune cannot set (https://docs.aws.amazon.com/neptune/latest/userguide/neptune-serverless.html).
 */
const neptuneInstanceClass = instanceClassOf(
  /^db\.(?:t3\.medium|t4g\.medium|(?:r4|r5|r5d|r6g|r6i|x2g|x2iedn)\.(?:large|\d*xlarge))$/,
  'must be a Neptune instance class (db.t4g.medium, db.t3.medium, db.r6g.large, db.r5.xlarge...); db.serverless cannot be added to a restored cluster',
);

// A label is written into the openCypher query between backquotes: letters, digits and "_" only keeps it a name.
export const neptuneGraphCheckSchema = z.strictObject({
  label: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'must be a node label (letters, digits and "_", not starting with a digit)')
    .optional()
    .describe('Count only the nodes with this label; without it, every node'),
  minNodes: z.number().int().nonnegative().describe('The restored graph must hold at least this many such nodes'),
});

export const neptuneValidationSchema = z
  .strictObject({
    timeoutSeconds: validationTimeoutSeconds,
    iamAuth: z
      .boolean()
      .default(false)
      .describe(
        'The cluster uses IAM database authentication (the restored cluster keeps the setting of its snapshot): the ' +
          'queries are then signed with Signature Version 4 (service neptune-db) as the validation function\'s role',
      ),
    graph: z
      .array(neptuneGraphCheckSchema)
      .min(1)
      .max(20)
      .describe('Node counts to check: openCypher MATCH (n) RETURN count(n) queries, read-only, over HTTPS'),
  })
  .describe('Data checks on the restored graph, beyond readiness: node counts, read-only');
export type NeptuneValidation = z.infer<typeof neptuneValidationSchema>;

export const neptuneTargetSchema = z.strictObject({
  ...targetBase,
  type: z.literal('neptune'),
  resourceArn: clusterArn('an Amazon Neptune cluster'),
  restore: clusterRestoreSchema(neptuneInstanceClass).describe('Where the restored cluster goes in the DR region, and the instance the drill adds to it'),
  validation: neptuneValidationSchema.optional().describe('Data checks on the restored graph, beyond readiness: node counts, read-only'),
});
export type NeptuneTarget = z.infer<typeof neptuneTargetSchema>;

/** The openCypher query of one graph check: the label is a checked name (neptuneGraphCheckSchema), quoted as one. */
export const nodeCountQuery = (label: string | undefined): string => (label ? `MATCH (n:\`${label}\`) RETURN count(n) AS c` : 'MATCH (n) RETURN count(n) AS c');

const cluster = clusterDefinitionParts<NeptuneTarget>('Neptune');

export const NEPTUNE = {
  type: 'neptune',
  schema: neptuneTargetSchema,
  backupResourceType: 'Neptune',
  ...cluster,
  init: clusterInit('node counts per label (validation: graph), as examples/fhir-imaging.yml does'),
  cost: clusterCost<NeptuneTarget>('neptune', 'backup.warm.neptune'),
  wouldDo: {
    ...cluster.wouldDo,
    dataChecks: (target) =>
      target.validation
        ? { count: target.validation.graph.length, how: ` (openCypher node counts over HTTPS${target.validation.iamAuth ? ', signed for IAM auth' : ''}, read-only)` }
        : { count: 0 },
  },
} as const satisfies TargetDefinition<NeptuneTarget>;
