// A DynamoDB table AWS Backup restored. TableStatus: CREATING | UPDATING | DELETING | ACTIVE | ... (TableDescription,
// DynamoDB API Reference); DescribeTable answers ResourceNotFoundException once the table is gone.
import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { idOfArn, type ResourceType } from './resource-type';

export const DYNAMODB_TABLE: ResourceType = {
  kind: 'dynamodb-table',
  clients: { dynamodb: DynamoDBClient },
  // A table's streams, indexes and exports have ARNs under table/<name>/...: not tables.
  fromArn: (arn) => {
    const id = idOfArn(arn, 'dynamodb', 'table');
    return id && !id.includes('/') ? id : null;
  },
  deleteRank: 40,
  namedByDrill: true,
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
