// PutItem and Query on the deployment's own tables (the drills table): what Record Evidence and the watchdog use.
// Restored tables stay read-only here, as the drill never writes to them. Query supports the one key condition the
// project uses, `<partition key> = :value`, newest-first by the sort key with ScanIndexForward false, and Limit.
import { itemKey } from './content';
import { str, type Handler } from './context';
import { invalid, notFound } from './errors';
import { exists, type Item, type Table } from './world';

const SERVICE = 'dynamodb';
const validation = (message: string) => invalid(SERVICE, 'ValidationException', message);

function deploymentTable(ctx: Parameters<Handler>[0], name: string | undefined): Table {
  const table = name ? ctx.region.tables.get(name) : undefined;
  if (!table || !exists(table, ctx.now)) throw notFound(SERVICE, 'ResourceNotFoundException', `Requested resource not found: Table: ${name ?? ''} not found`);
  if (table.createdByDrill || table.targetId) throw validation(`dr-drill's simulation does not write to the restored table ${table.name}`);
  return table;
}

export const putItem: Handler = (ctx, input) => {
  const table = deploymentTable(ctx, str(input.TableName));
  const item = (input.Item ?? {}) as Item;
  for (const k of table.keySchema) {
    const value = item[k.name] as Record<string, unknown> | undefined;
    if (!value || typeof value[k.type] !== 'string') throw validation(`One of the required keys was not given a value: ${k.name}`);
  }
  const key = itemKey(item, table.keySchema);
  if (!table.items.has(key)) table.itemCount += 1;
  table.items.set(key, { ...item });
  return {};
};

export const query: Handler = (ctx, input) => {
  const table = deploymentTable(ctx, str(input.TableName));
  const hash = table.keySchema.find((k) => k.keyType === 'HASH')!;
  const range = table.keySchema.find((k) => k.keyType === 'RANGE');
  const match = /^\s*(\S+)\s*=\s*(:\w+)\s*$/.exec(str(input.KeyConditionExpression) ?? '');
  if (!match || match[1] !== hash.name) throw validation(`the simulation supports only "${hash.name} = :value" as KeyConditionExpression`);
  const wanted = JSON.stringify(((input.ExpressionAttributeValues ?? {}) as Record<string, unknown>)[match[2]!] ?? null);
  const sortValue = (item: Item) => String(Object.values((range ? item[range.name] : {}) ?? {})[0] ?? '');
  const items = [...table.items.values()]
    .filter((item) => JSON.stringify(item[hash.name] ?? null) === wanted)
    .sort((a, b) => sortValue(a).localeCompare(sortValue(b)));
  if (input.ScanIndexForward === false) items.reverse();
  const limit = typeof input.Limit === 'number' ? input.Limit : items.length;
  const page = items.slice(0, limit);
  return { Items: page, Count: page.length, ScannedCount: page.length };
};
