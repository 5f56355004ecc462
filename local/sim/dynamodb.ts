// Amazon DynamoDB: describe and delete tables (restored ones are CREATING until the restore job completes), and
// GetItem on the items the plan's checks name (content.ts seeds them).
import { itemKey } from './content';
import { str, type Handler, type Output, type SimContext } from './context';
import { RESERVED_WORDS } from './dynamodb-reserved-words';
import { SimAwsError, invalid, notFound } from './errors';
import { compact, exists, iso, phaseAt, type Item, type Table } from './world';

const SERVICE = 'dynamodb';

function tableIn(ctx: SimContext, nameOrArn: string | undefined): Table {
  const name = nameOrArn?.includes(':table/') ? nameOrArn.split(':table/')[1]! : nameOrArn;
  const table = name ? ctx.region.tables.get(name) : undefined;
  const sameRegion = !nameOrArn?.startsWith('arn:') || nameOrArn.split(':')[3] === ctx.region.name;
  if (!table || !sameRegion || !exists(table, ctx.now)) {
    throw notFound(SERVICE, 'ResourceNotFoundException', `Requested resource not found: Table: ${name ?? ''} not found`);
  }
  return table;
}

function status(ctx: SimContext, t: Table): string {
  const phase = phaseAt(t, ctx.now);
  return phase === 'creating' ? 'CREATING' : phase === 'deleting' ? 'DELETING' : t.readyStatus;
}

function tableOutput(ctx: SimContext, t: Table): Output {
  const s = status(ctx, t);
  return compact({
    TableName: t.name,
    TableArn: t.arn,
    TableId: t.tableId,
    TableStatus: s,
    CreationDateTime: iso(t.visibleAt),
    ItemCount: s === 'CREATING' ? 0 : t.itemCount,
    TableSizeBytes: s === 'CREATING' ? 0 : t.sizeBytes,
    AttributeDefinitions: t.keySchema.map((k) => ({ AttributeName: k.name, AttributeType: k.type })),
    KeySchema: t.keySchema.map((k) => ({ AttributeName: k.name, KeyType: k.keyType })),
    BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
    ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
    SSEDescription: t.kmsMasterKeyArn
      ? {
          Status: s === 'INACCESSIBLE_ENCRYPTION_CREDENTIALS' ? 'UPDATING' : 'ENABLED',
          SSEType: 'KMS',
          KMSMasterKeyArn: t.kmsMasterKeyArn,
          InaccessibleEncryptionDateTime: s === 'INACCESSIBLE_ENCRYPTION_CREDENTIALS' ? iso(t.readyAt) : undefined,
        }
      : undefined,
    DeletionProtectionEnabled: false,
  });
}

const describeTable: Handler = (ctx, input) => {
  const table = tableIn(ctx, str(input.TableName));
  ctx.attribute(table.targetId);
  return { Table: tableOutput(ctx, table) };
};

const deleteTable: Handler = (ctx, input) => {
  const table = tableIn(ctx, str(input.TableName));
  ctx.attribute(table.targetId);
  const s = status(ctx, table);
  if (s === 'CREATING' || s === 'DELETING') {
    const doing = s === 'CREATING' ? 'being created' : 'being deleted';
    throw invalid(SERVICE, 'ResourceInUseException', `Attempt to change a resource which is still in use: Table is ${doing}: ${table.name}`);
  }
  table.deleteRequestedAt = ctx.now;
  table.goneAt = ctx.now + ctx.random.minutes(1, 3, 'table-delete', table.arn, String(table.visibleAt));
  return { TableDescription: tableOutput(ctx, table) };
};

const validation = (message: string): SimAwsError => invalid(SERVICE, 'ValidationException', message);

function keyOf(table: Table, raw: unknown): string {
  const key = (raw ?? {}) as Record<string, Record<string, unknown>>;
  const names = Object.keys(key);
  const matches =
    names.length === table.keySchema.length &&
    table.keySchema.every((k) => {
      const value = key[k.name];
      return value !== undefined && Object.keys(value).length === 1 && typeof value[k.type] === 'string';
    });
  if (!matches) throw validation('The provided key element does not match the schema');
  return itemKey(key as Item, table.keySchema);
}

/** Top-level attribute names, given directly or as #placeholders; nested document paths are not simulated. */
function projectedNames(expression: string, placeholders: Record<string, string>): string[] {
  const used = new Set<string>();
  const names = expression.split(',').map((part) => {
    const path = part.trim();
    if (/[.[\]]/.test(path)) {
      throw new SimAwsError(SERVICE, 'SimulationNotImplemented', `dr-drill's simulated DynamoDB projects top-level attributes only, not "${path}"`);
    }
    if (!path) throw validation('Invalid ProjectionExpression: Syntax error; token: ",", near: ","');
    if (path.startsWith('#')) {
      const name = placeholders[path];
      if (name === undefined) {
        throw validation(`Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: ${path}`);
      }
      used.add(path);
      return name;
    }
    if (RESERVED_WORDS.has(path.toUpperCase())) {
      throw validation(`Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: ${path}`);
    }
    return path;
  });
  const unused = Object.keys(placeholders).filter((p) => !used.has(p));
  if (unused.length > 0) throw validation(`Value provided in ExpressionAttributeNames unused in expressions: keys: {${unused.join(', ')}}`);
  return names;
}

const getItem: Handler = (ctx, input) => {
  const table = tableIn(ctx, str(input.TableName));
  ctx.attribute(table.targetId);
  // A table that is still being created or already being deleted takes no reads.
  if (phaseAt(table, ctx.now) !== 'ready') {
    throw notFound(SERVICE, 'ResourceNotFoundException', `Requested resource not found: Table: ${table.name} not found`);
  }
  const key = keyOf(table, input.Key);
  const placeholders = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const projection = str(input.ProjectionExpression);
  const legacy = Array.isArray(input.AttributesToGet) ? (input.AttributesToGet as string[]) : undefined;
  const names = projection !== undefined ? projectedNames(projection, placeholders) : legacy;
  if (projection === undefined && Object.keys(placeholders).length > 0) {
    throw validation('ExpressionAttributeNames can only be specified when using expressions');
  }
  const item = table.items.get(key);
  if (!item) return {};
  return { Item: names ? Object.fromEntries(names.filter((n) => n in item).map((n) => [n, item[n]!])) : { ...item } };
};

export const dynamodbHandlers: Record<string, Handler> = {
  DescribeTable: describeTable,
  DeleteTable: deleteTable,
  GetItem: getItem,
};
