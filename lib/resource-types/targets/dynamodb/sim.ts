// DynamoDB's simulated behaviour: a table holding the items the plan's checks name (and an item count standing for
// the rest), backed up by AWS Backup and restored as a new table. Imported only by the local simulation
// (local/sim/target-sims.ts): it must never reach a Lambda bundle.
//
// Restore metadata keys honoured (matched case-insensitively, see local/sim/restore.ts): targetTableName,
// encryptionType, kmsMasterKeyArn, deletionProtection (ignored). Source: the restore-testing inferred-metadata table
// of the AWS Backup guide.
import { BACKUP_RESOURCE_TYPES } from '../../../drill/resource-types';
import { itemCountFor, itemKey, itemsAsOf, tableContent } from '../../../../local/sim/content';
import { arnOf, fail, kmsProblem, taken } from '../../../../local/sim/restore-helpers';
import { seeded } from '../../../../local/sim/seed-helpers';
import { backupRecoveryPointArn, type TargetOf, type TargetSim } from '../../../../local/sim/target-sim';
import type { KeyAttribute, SeededItem, Table } from '../../../../local/sim/world';

export interface DynamodbPayload {
  type: typeof BACKUP_RESOURCE_TYPES.dynamodb;
  tableName: string;
  itemCount: number;
  sizeBytes: number;
  keySchema: KeyAttribute[];
  /** The items the plan's `validation.keys` name, in the plan's order. */
  items: SeededItem[];
  freshnessAttribute: string;
  minItems?: number;
}

export const dynamodbSim: TargetSim<TargetOf<'dynamodb'>, DynamodbPayload> = {
  resourceType: BACKUP_RESOURCE_TYPES.dynamodb,
  continuous: false,
  restoreMinutes: [5, 15],

  seedSource({ random, region, now }, target) {
    const key = target.id;
    const tableName = target.resourceArn.split(':table/')[1]!;
    const content = tableContent(target, random);
    const itemCount = itemCountFor(random, key, content);
    const payload: DynamodbPayload = { type: 'DynamoDB', tableName, itemCount, sizeBytes: itemCount * random.int(200, 800, 'item-size', key), ...content };
    const items = itemsAsOf(content.items, content.freshnessAttribute, content.keySchema, now);
    region.tables.set(tableName, {
      ...seeded,
      name: tableName,
      arn: target.resourceArn,
      region: region.name,
      tableId: random.uuid('table', key).toLowerCase(),
      itemCount,
      sizeBytes: payload.sizeBytes,
      readyStatus: 'ACTIVE',
      keySchema: content.keySchema,
      items: new Map(items.map((item) => [itemKey(item, content.keySchema), item])),
    });
    return { payload, metadata: { targetTableName: tableName, encryptionType: 'Default', deletionProtection: 'false' } };
  },

  recoveryPointArn: backupRecoveryPointArn,
  inventedResourceArn: (at) => `arn:aws:dynamodb:${at.region}:${at.account}:table/${at.name}`,

  sizeBytes: (payload) => payload.sizeBytes,

  faultShowsInData: (p) => p.items.length > 0 || (p.minItems ?? 0) > 0,

  planRestore({ ctx, rp, payload: p, get, jobId, origin, dataFault, unhealthy }) {
    const name = get('targetTableName') ?? p.tableName;
    const existing = ctx.region.tables.get(name);
    if (taken(existing, ctx.now)) return fail(`Table already exists: ${name}`);
    const problem = kmsProblem(ctx, get('kmsMasterKeyArn'));
    if (problem) return fail(problem);
    const arn = arnOf.table(ctx, name);
    return {
      ok: true,
      created: { kind: 'dynamodb-table', id: name, arn },
      install: (visibleAt, readyAt) => {
        let items = itemsAsOf(p.items, p.freshnessAttribute, p.keySchema, rp.dataAsOf);
        let itemCount = p.itemCount;
        if (dataFault && items.length > 0) {
          // The last key the plan names is the one missing.
          items = items.slice(0, -1);
          itemCount -= 1;
        } else if (dataFault) {
          itemCount = Math.floor((p.minItems ?? 0) * 0.9);
        }
        const table: Table = {
          ...origin,
          name,
          arn,
          region: ctx.region.name,
          visibleAt,
          readyAt,
          tableId: ctx.random.uuid(jobId, 'table').toLowerCase(),
          itemCount,
          sizeBytes: Math.round((p.sizeBytes * itemCount) / Math.max(1, p.itemCount)),
          readyStatus: unhealthy ? 'INACCESSIBLE_ENCRYPTION_CREDENTIALS' : 'ACTIVE',
          kmsMasterKeyArn: get('kmsMasterKeyArn'),
          keySchema: p.keySchema,
          items: new Map(items.map((item) => [itemKey(item, p.keySchema), item])),
        };
        ctx.region.tables.set(name, table);
      },
    };
  },
};
