// dynamodbChecks against dynalite, a DynamoDB API server on loopback: real requests, a real table, fake patients.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import dynalite from 'dynalite';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { dynamodbChecks } from '../../lib/checks/dynamodb';

const TABLE = 'awsbackup-restore-test-appointments';
/** When the checks run: the newest appointment below was updated 90 minutes earlier. */
const NOW = new Date('2025-03-09T04:00:00Z');

const FIRST = { clinicId: 'CL-LEEDS-01', appointmentId: 'APT-20250309-0001' };
const SECOND = { clinicId: 'CL-LEEDS-01', appointmentId: 'APT-20250308-0417' };
const UNKNOWN = { clinicId: 'CL-YORK-02', appointmentId: 'APT-20250309-9999' };

const ITEMS = [
  { ...FIRST, patientName: 'Alex Testpatient', nhsNumber: '9434765919', updatedAt: '2025-03-09T02:30:00Z', modifiedEpoch: 1741487400 },
  { ...SECOND, patientName: 'Sam Testpatient', nhsNumber: '9434765870', updatedAt: '2025-03-08T22:00:00+00:00', modifiedEpoch: 1741471200 },
  { clinicId: 'CL-YORK-01', appointmentId: 'APT-20250301-0002', patientName: 'Jo Testpatient', nhsNumber: '9434765838' },
];
/** Nothing of an item other than its existence and one age may come back. */
const CONTENTS = ['Testpatient', '9434765', '2025-03-09T02:30:00Z'];

let server: Server;
let client: DynamoDBClient;

beforeAll(async () => {
  server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = new DynamoDBClient({
    region: 'eu-west-2',
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      KeySchema: [
        { AttributeName: 'clinicId', KeyType: 'HASH' },
        { AttributeName: 'appointmentId', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'clinicId', AttributeType: 'S' },
        { AttributeName: 'appointmentId', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  for (const item of ITEMS) await client.send(new PutItemCommand({ TableName: TABLE, Item: marshall(item) }));
});

afterAll(async () => {
  client?.destroy();
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

describe('dynamodbChecks against dynalite', () => {
  it('passes a table holding the named items whose newest update is within the limit, and reports its age', async () => {
    const outcome = await dynamodbChecks(client, TABLE, { keys: [FIRST, SECOND], freshness: { attribute: 'updatedAt', maxAgeSeconds: 3 * 3600 } }, NOW);

    expect(outcome).toEqual({
      checks: [
        { name: 'keys present', passed: true, value: 2, expected: '= 2', reason: 'all 2 keys found' },
        { name: 'data freshness', passed: true, value: 5400, expected: '<= 10800', reason: 'the newest updatedAt among 2 items is 5400 s old' },
      ],
      dataAgeSeconds: 5400,
    });
    for (const text of CONTENTS) expect(JSON.stringify(outcome)).not.toContain(text);
  });

  it('asks GetItem for the key attributes and the freshness attribute only, with a strongly consistent read', async () => {
    const sent: unknown[] = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'GetItemCommand') sent.push(args.input);
        return next(args);
      },
      { step: 'initialize', name: 'recordGetItem' },
    );
    try {
      await dynamodbChecks(client, TABLE, { keys: [FIRST], freshness: { attribute: 'updatedAt', maxAgeSeconds: 600 } }, NOW);
    } finally {
      client.middlewareStack.remove('recordGetItem');
    }

    expect(sent).toEqual([
      {
        TableName: TABLE,
        Key: { clinicId: { S: FIRST.clinicId }, appointmentId: { S: FIRST.appointmentId } },
        ProjectionExpression: '#a0, #a1, #a2',
        ExpressionAttributeNames: { '#a0': 'clinicId', '#a1': 'appointmentId', '#a2': 'updatedAt' },
        ConsistentRead: true,
      },
    ]);
  });

  it('fails minItems on dynalite, which like a table DynamoDB has not recounted yet reports ItemCount 0', async () => {
    // dynalite never maintains ItemCount (its README lists "size info for tables" as to do): three items, count 0.
    // A restored table in AWS can show the same until DynamoDB's refresh, about every six hours.
    const { checks } = await dynamodbChecks(client, TABLE, { minItems: 3 }, NOW);

    expect(checks).toEqual([
      {
        name: 'minimum items',
        passed: false,
        value: 0,
        expected: '>= 3',
        reason: 'DynamoDB reports 0 items, fewer than 3; ItemCount is refreshed about every 6 hours, so recent writes may not be counted yet',
      },
    ]);
  });

  it('names a missing key by its place in the plan and its attribute names, never by its values', async () => {
    const { checks } = await dynamodbChecks(client, TABLE, { keys: [FIRST, UNKNOWN, SECOND] }, NOW);

    expect(checks).toEqual([
      { name: 'keys present', passed: false, value: 2, expected: '= 3', reason: '1 of 3 keys missing: keys[1] (clinicId, appointmentId)' },
    ]);
    expect(JSON.stringify(checks)).not.toContain('CL-YORK-02');
  });

  it('fails data older than the limit and still reports how old it is', async () => {
    const outcome = await dynamodbChecks(client, TABLE, { keys: [FIRST, SECOND], freshness: { attribute: 'updatedAt', maxAgeSeconds: 600 } }, NOW);

    expect(outcome.checks[1]).toEqual({
      name: 'data freshness',
      passed: false,
      value: 5400,
      expected: '<= 600',
      reason: 'the newest updatedAt among 2 items is 5400 s old, more than 600 s',
    });
    expect(outcome.dataAgeSeconds).toBe(5400);
  });

  it('reads a freshness attribute held as epoch seconds', async () => {
    const outcome = await dynamodbChecks(client, TABLE, { keys: [SECOND], freshness: { attribute: 'modifiedEpoch', maxAgeSeconds: 86_400 } }, NOW);

    // SECOND was modified at 2025-03-08T22:00:00Z, six hours before NOW.
    expect(outcome).toMatchObject({ checks: [{ passed: true }, { name: 'data freshness', passed: true, value: 21_600 }], dataAgeSeconds: 21_600 });
  });

  it('fails freshness, measuring nothing, when no named item carries the attribute', async () => {
    const third = { clinicId: 'CL-YORK-01', appointmentId: 'APT-20250301-0002' };

    const outcome = await dynamodbChecks(client, TABLE, { keys: [third], freshness: { attribute: 'updatedAt', maxAgeSeconds: 600 } }, NOW);

    expect(outcome.checks[1]).toMatchObject({
      passed: false,
      value: null,
      reason: 'none of the 1 items found has a usable updatedAt (an ISO-8601 string or epoch seconds)',
    });
    expect(outcome.dataAgeSeconds).toBeNull();
  });

  it("fails a key that does not match the table's key schema as a check, not an exception", async () => {
    const { checks } = await dynamodbChecks(client, TABLE, { keys: [{ clinicId: 'CL-LEEDS-01' }] }, NOW);

    expect(checks).toEqual([
      { name: 'keys present', passed: false, value: 0, expected: '= 1', reason: "1 not matching the table's key schema: keys[0] (clinicId)" },
    ]);
  });

  it('fails every check it was asked for, without an exception, when the restored table does not exist', async () => {
    const outcome = await dynamodbChecks(
      client,
      'awsbackup-restore-test-missing',
      { minItems: 1, keys: [FIRST], freshness: { attribute: 'updatedAt', maxAgeSeconds: 600 } },
      NOW,
    );

    const reason = 'the restored table awsbackup-restore-test-missing does not exist';
    expect(outcome).toEqual({
      checks: [
        { name: 'minimum items', passed: false, value: null, expected: '>= 1', reason },
        { name: 'keys present', passed: false, value: null, expected: '= 1', reason },
        { name: 'data freshness', passed: false, value: null, expected: '<= 600', reason },
      ],
      dataAgeSeconds: null,
    });
  });
});
