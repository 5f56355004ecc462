// Amazon DynamoDB: describe and delete tables (restored ones are CREATING until the restore job completes).
import { str, type Handler, type Output, type SimContext } from './context';
import { invalid, notFound } from './errors';
import { compact, exists, iso, phaseAt, type Table } from './world';

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
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
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

export const dynamodbHandlers: Record<string, Handler> = {
  DescribeTable: describeTable,
  DeleteTable: deleteTable,
};
