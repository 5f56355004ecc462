// A DynamoDB table AWS Backup restored. TableStatus: CREATING | UPDATING | DELETING | ACTIVE | ... (TableDescription,
// DynamoDB API Reference); DescribeTable answers ResourceNotFoundException once the table is gone.
import { DeleteTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { ResourceType } from './resource-type';

export const DYNAMODB_TABLE: ResourceType = {
  kind: 'dynamodb-table',
  async describe({ clients, region }, id) {
    const t = (await clients.get('dynamodb', region).send(new DescribeTableCommand({ TableName: id }))).Table;
    return t ? { state: t.TableStatus ?? 'unknown', createdAt: t.CreationDateTime ?? null } : null;
  },
  readyState: 'ACTIVE',
  deletingStates: new Set(['DELETING']),
  goneStates: new Set(),
  async remove({ clients, region }, id) {
    await clients.get('dynamodb', region).send(new DeleteTableCommand({ TableName: id }));
    return true;
  },
};
