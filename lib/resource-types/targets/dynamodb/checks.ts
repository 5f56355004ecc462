// DynamoDB: the restored table is ACTIVE and reports an item count; the data checks read the items the plan names.
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { dynamodbChecks } from '../../../checks/dynamodb';
import { DYNAMODB_TABLE } from '../../dynamodb-table';
import { check, equalsCheck, NO_DATA_CHECKS, orMissing, readinessAndDataChecks } from '../check-helpers';
import { noNetworkChecks } from '../network-checks';
import type { TargetChecks, TargetOf } from '../target-checks';

export const DYNAMODB_CHECKS: TargetChecks<TargetOf<'dynamodb'>> = {
  clients: { dynamodb: DynamoDBClient },
  async readiness({ names, region, clients }) {
    const table = (await orMissing(clients.get('dynamodb', region).send(new DescribeTableCommand({ TableName: names.restored }))))?.Table;
    return [
      equalsCheck('table active', table?.TableStatus, DYNAMODB_TABLE.readyState, 'restored table'),
      check('item count reported', typeof table?.ItemCount === 'number', table?.ItemCount ?? null, 'a number', 'DynamoDB reports an item count'),
    ];
  },
  dataChecks: async ({ target, names, region, clients, now }) =>
    target.validation ? dynamodbChecks(clients.get('dynamodb', region), names.restored, target.validation, now) : NO_DATA_CHECKS,
  dryRunChecks: noNetworkChecks,
  restoreTestingChecks: (input) => readinessAndDataChecks(DYNAMODB_CHECKS, input),
};
