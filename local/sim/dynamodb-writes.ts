// PutItem and Query on the deployment's own tables (the drills table): what Record Evidence and the watchdog use.
// Restored tables stay read-only here, as the drill never writes to them.
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

/**
 * Query as DynamoDB answers it (DynamoDB API Reference, Query): the key condition `<partition key> = :value` (names
 * through ExpressionAttributeNames), items in sort-key order (newest first with ScanIndexForward false), Limit counted
 * before the FilterExpression is applied (so a page may come back with fewer items, or none, and a
 * LastEvaluatedKey to go on from), Count after it and ScannedCount before, ProjectionExpression, ExclusiveStartKey.
 */
export const query: Handler = (ctx, input) => {
  const table = deploymentTable(ctx, str(input.TableName));
  const hash = table.keySchema.find((k) => k.keyType === 'HASH')!;
  const range = table.keySchema.find((k) => k.keyType === 'RANGE');
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
  const nameOf = (token: string): string => (token.startsWith('#') ? (names[token] ?? missing(token)) : token);
  const missing = (token: string): never => {
    throw validation(`Value provided in ExpressionAttributeNames unused or missing: ${token}`);
  };
  const valueOf = (token: string): string => {
    if (!(token in values)) throw validation(`An expression attribute value used in expression is not defined; attribute value: ${token}`);
    return JSON.stringify(values[token]);
  };
  const match = /^\s*(\S+)\s*=\s*(:\w+)\s*$/.exec(str(input.KeyConditionExpression) ?? '');
  if (!match || nameOf(match[1]!) !== hash.name) throw validation(`the simulation supports only "${hash.name} = :value" as KeyConditionExpression`);
  const wanted = valueOf(match[2]!);
  const sortValue = (item: Item) => String(Object.values((range ? item[range.name] : {}) ?? {})[0] ?? '');
  const items = [...table.items.values()]
    .filter((item) => JSON.stringify(item[hash.name] ?? null) === wanted)
    .sort((a, b) => sortValue(a).localeCompare(sortValue(b)));
  if (input.ScanIndexForward === false) items.reverse();
  const start = input.ExclusiveStartKey ? items.findIndex((item) => itemKey(item, table.keySchema) === itemKey(input.ExclusiveStartKey as Item, table.keySchema)) + 1 : 0;
  const limit = typeof input.Limit === 'number' ? input.Limit : items.length;
  const scanned = items.slice(start, start + limit);
  const filter = str(input.FilterExpression);
  const kept = filter ? scanned.filter((item) => matchesFilter(filter, item, nameOf, valueOf)) : scanned;
  const projection = str(input.ProjectionExpression)?.split(',').map((p) => nameOf(p.trim()));
  const shown = projection ? kept.map((item) => Object.fromEntries(projection.filter((p) => p in item).map((p) => [p, item[p]]))) : kept;
  const last = start + limit < items.length ? scanned[scanned.length - 1] : undefined;
  const lastKey = last ? Object.fromEntries(table.keySchema.map((k) => [k.name, last[k.name]])) : undefined;
  return { Items: shown, Count: shown.length, ScannedCount: scanned.length, ...(lastKey ? { LastEvaluatedKey: lastKey } : {}) };
};

/**
 * The filter expressions the project writes: comparisons `a = :v` and `a <> :v`, `attribute_exists(a)` and
 * `attribute_not_exists(a)`, joined by OR or AND (AND binds tighter, as in DynamoDB's grammar).
 */
function matchesFilter(expression: string, item: Item, nameOf: (token: string) => string, valueOf: (token: string) => string): boolean {
  const term = (text: string): boolean => {
    const fn = /^\s*attribute_(not_)?exists\(\s*(\S+?)\s*\)\s*$/.exec(text);
    if (fn) return (nameOf(fn[2]!) in item) !== Boolean(fn[1]);
    const cmp = /^\s*(\S+)\s*(=|<>)\s*(:\w+)\s*$/.exec(text);
    if (!cmp) throw validation(`the simulation does not support the filter expression term "${text.trim()}"`);
    const value = item[nameOf(cmp[1]!)];
    // How `<>` treats a missing attribute is not something this simulation has checked against DynamoDB: the
    // project's filters test attribute_not_exists / attribute_exists first, so an unguarded comparison is refused.
    if (value === undefined) throw validation(`the simulation does not compare the missing attribute ${nameOf(cmp[1]!)}: guard it with attribute_exists or attribute_not_exists`);
    return (JSON.stringify(value) === valueOf(cmp[3]!)) === (cmp[2] === '=');
  };
  return expression.split(/\s+OR\s+/i).some((alternative) => alternative.split(/\s+AND\s+/i).every(term));
}
