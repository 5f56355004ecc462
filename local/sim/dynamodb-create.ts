// CreateTable, for `dr-drill smoke`: a throwaway on-demand table with a string or number key schema, its tags stored
// where IAM and the Tagging API read them. PutItem on it is dynamodb-writes.ts's (the table is not a restored one).
// Shapes: the SDK model of CreateTableCommand (AttributeDefinitions, KeySchema, BillingMode, Tags; returns
// TableDescription with TableStatus CREATING). An on-demand table is ACTIVE within seconds.
import { str, type Handler } from './context';
import { invalid } from './errors';
import { compact, exists, iso, type KeyAttribute } from './world';

const SERVICE = 'dynamodb';
const TABLE_READY_MS = 20_000;

const createTable: Handler = (ctx, input) => {
  const name = str(input.TableName) ?? '';
  const existing = ctx.region.tables.get(name);
  if (existing && exists(existing, ctx.now)) throw invalid(SERVICE, 'ResourceInUseException', `Table already exists: ${name}`);
  if (input.BillingMode !== 'PAY_PER_REQUEST') throw invalid(SERVICE, 'ValidationException', "dr-drill's simulation creates on-demand tables only (BillingMode PAY_PER_REQUEST)");
  const definitions = (input.AttributeDefinitions ?? []) as { AttributeName: string; AttributeType: string }[];
  const keySchema: KeyAttribute[] = ((input.KeySchema ?? []) as { AttributeName: string; KeyType: string }[]).map((k) => {
    const type = definitions.find((d) => d.AttributeName === k.AttributeName)?.AttributeType;
    if (type !== 'S' && type !== 'N') throw invalid(SERVICE, 'ValidationException', `One or more parameter values were invalid: no S or N definition for key ${k.AttributeName}`);
    return { name: k.AttributeName, type, keyType: k.KeyType === 'RANGE' ? 'RANGE' : 'HASH' };
  });
  if (keySchema.filter((k) => k.keyType === 'HASH').length !== 1) throw invalid(SERVICE, 'ValidationException', 'One or more parameter values were invalid: exactly one HASH key');
  const arn = `arn:aws:dynamodb:${ctx.region.name}:${ctx.world.accountId}:table/${name}`;
  const tableId = ctx.random.uuid('created-table', arn, String(ctx.ordinal('created-table'))).toLowerCase();
  ctx.region.tables.set(name, {
    name, arn, region: ctx.region.name, tableId, itemCount: 0, sizeBytes: 0, readyStatus: 'ACTIVE', keySchema, items: new Map(),
    createdByDrill: false, createdBy: 'CreateTable', visibleAt: ctx.now, readyAt: ctx.now + TABLE_READY_MS,
  });
  const tags = (input.Tags ?? []) as { Key: string; Value: string }[];
  if (tags.length > 0) ctx.region.tags.set(arn, new Map(tags.map((t) => [t.Key, t.Value])));
  return {
    TableDescription: compact({
      TableName: name,
      TableArn: arn,
      TableId: tableId,
      TableStatus: 'CREATING',
      CreationDateTime: iso(ctx.now),
      ItemCount: 0,
      TableSizeBytes: 0,
      AttributeDefinitions: keySchema.map((k) => ({ AttributeName: k.name, AttributeType: k.type })),
      KeySchema: keySchema.map((k) => ({ AttributeName: k.name, KeyType: k.keyType })),
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
      DeletionProtectionEnabled: false,
    }),
  };
};

export const dynamodbCreateHandlers: Record<string, Handler> = { CreateTable: createTable };
