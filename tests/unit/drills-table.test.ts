// DrillsTable.since: the plan's drills within a coverage window, read newest first page by page and stopped at the
// first older one, so Build Report reads a plan's window and not its years of history.
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { DrillsTable } from '../../lib/evidence/drills-table';
import type { DrillIndexEntry } from '../../lib/evidence/contracts';
import { drillIndexEntry } from '../drill-index-entry';
import { testDeps } from './functions/fixtures';

const dynamodb = mockClient(DynamoDBClient);
const TABLE = 'dr-drill-prod-DrillsTable-1X2Y3Z';

const entry = (startedAt: string): DrillIndexEntry =>
  drillIndexEntry({ planName: 'nhs', startedAt, drillId: `d-${startedAt.slice(0, 10)}`, executionArn: 'arn:aws:states:eu-west-2:111122223333:execution:dr-drill-prod-drill:x' });

beforeEach(() => dynamodb.reset());

describe('DrillsTable.since', () => {
  it('reads pages newest first and stops at the first drill older than the window, skipping items it cannot read', async () => {
    const lastKey = marshall({ planName: 'nhs', startedAt: '2025-02-20T02:00:00.000Z' });
    dynamodb
      .on(QueryCommand, { ExclusiveStartKey: undefined })
      .resolves({ Items: [marshall(entry('2025-03-04T02:00:00.000Z')), marshall({ planName: 'nhs', startedAt: '2025-03-01' }), marshall(entry('2025-02-20T02:00:00.000Z'))], LastEvaluatedKey: lastKey })
      .on(QueryCommand, { ExclusiveStartKey: lastKey })
      .resolves({ Items: [marshall(entry('2025-02-03T02:00:00.000Z')), marshall(entry('2025-01-06T02:00:00.000Z'))], LastEvaluatedKey: marshall({ planName: 'nhs', startedAt: '2025-01-06T02:00:00.000Z' }) });

    const found = await new DrillsTable(testDeps(), TABLE).since('nhs', '2025-02-02T03:00:00.000Z');

    expect(found.map((e) => e.startedAt)).toEqual(['2025-03-04T02:00:00.000Z', '2025-02-20T02:00:00.000Z', '2025-02-03T02:00:00.000Z']);
    // The second page reached past the window: no third page is asked for.
    expect(dynamodb).toHaveReceivedCommandTimes(QueryCommand, 2);
    expect(dynamodb).toHaveReceivedCommandWith(QueryCommand, { TableName: TABLE, KeyConditionExpression: 'planName = :plan', ScanIndexForward: false });
  });

  it('passes a throttle on as TransientAwsError, for the state machine to retry', async () => {
    dynamodb.on(QueryCommand).rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));

    await expect(new DrillsTable(testDeps(), TABLE).since('nhs', '2025-02-02T03:00:00.000Z')).rejects.toMatchObject({ name: 'TransientAwsError' });
  });
});
