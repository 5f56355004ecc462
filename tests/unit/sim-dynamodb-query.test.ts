// The simulated drills table answers Query as DynamoDB does for the expressions the project sends: Record Evidence's
// trend, the CLI's list and the watchdog (expression names, a filter applied after Limit, a projection, pages).
import { SimAccount } from '../../local/sim/account';
import { SimClock } from '../../local/sim/clock';

const REGION = 'eu-west-2';
const TABLE = 'dr-drill-dev-DrillsTable-ABC123';

function table(): SimAccount {
  const account = new SimAccount({ clock: new SimClock(Date.UTC(2026, 5, 1)), regions: [REGION] });
  account.createTable(TABLE, REGION, { partition: 'planName', sort: 'startedAt' });
  return account;
}

async function put(account: SimAccount, startedAt: string, extra: Record<string, { S: string }> = {}): Promise<void> {
  await account.call(REGION, 'dynamodb', 'PutItem', {
    TableName: TABLE,
    Item: { planName: { S: 'nhs' }, startedAt: { S: startedAt }, drillId: { S: `d-${startedAt}` }, verdict: { S: 'PASSED' }, ...extra },
  });
}

const WATCHDOG = {
  TableName: TABLE,
  KeyConditionExpression: '#plan = :plan',
  FilterExpression: 'attribute_not_exists(#kind) OR #kind <> :dryRun',
  ExpressionAttributeNames: { '#plan': 'planName', '#kind': 'kind', '#started': 'startedAt', '#id': 'drillId', '#verdict': 'verdict' },
  ExpressionAttributeValues: { ':plan': { S: 'nhs' }, ':dryRun': { S: 'dry-run' } },
  ProjectionExpression: '#started, #id, #verdict',
  ScanIndexForward: false,
};

describe('Query on the simulated drills table', () => {
  it('reads the newest first, through expression names, with only the projected attributes', async () => {
    const account = table();
    await put(account, '2026-05-03T02:00:00Z');
    await put(account, '2026-06-07T02:00:00Z', { kind: { S: 'drill' } });

    const out = await account.call(REGION, 'dynamodb', 'Query', WATCHDOG);

    expect(out.Items).toEqual([
      { startedAt: { S: '2026-06-07T02:00:00Z' }, drillId: { S: 'd-2026-06-07T02:00:00Z' }, verdict: { S: 'PASSED' } },
      { startedAt: { S: '2026-05-03T02:00:00Z' }, drillId: { S: 'd-2026-05-03T02:00:00Z' }, verdict: { S: 'PASSED' } },
    ]);
    expect(out.LastEvaluatedKey).toBeUndefined();
  });

  it('applies Limit before the filter: a page of dry runs comes back empty, with where to go on from', async () => {
    const account = table();
    await put(account, '2026-05-03T02:00:00Z');
    await put(account, '2026-06-06T02:00:00Z', { kind: { S: 'dry-run' } });
    await put(account, '2026-06-07T02:00:00Z', { kind: { S: 'dry-run' } });

    const first = await account.call(REGION, 'dynamodb', 'Query', { ...WATCHDOG, Limit: 2 });
    expect(first).toMatchObject({ Items: [], Count: 0, ScannedCount: 2, LastEvaluatedKey: { planName: { S: 'nhs' }, startedAt: { S: '2026-06-06T02:00:00Z' } } });

    const second = await account.call(REGION, 'dynamodb', 'Query', { ...WATCHDOG, Limit: 2, ExclusiveStartKey: first.LastEvaluatedKey });
    expect(second).toMatchObject({ Count: 1, ScannedCount: 1, Items: [{ startedAt: { S: '2026-05-03T02:00:00Z' } }] });
    expect(second.LastEvaluatedKey).toBeUndefined();
  });

  it('refuses an expression name it was not given, as DynamoDB does', async () => {
    const account = table();
    await expect(account.call(REGION, 'dynamodb', 'Query', { ...WATCHDOG, ExpressionAttributeNames: { '#plan': 'planName' } })).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});
