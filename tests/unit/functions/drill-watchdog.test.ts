import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { drillWatchdog, watchdogConfig } from '../../../functions/drill-watchdog/drill-watchdog';
import { logger } from '../../../lib/lambda/wrap';
import { drillMetrics } from '../../../lib/observe/metrics';
import { regionsOf, testDeps } from './fixtures';

const dynamodb = mockClient(DynamoDBClient);
const CONFIG = { drillsTable: 'dr-drill-prod-drills', planName: 'nhs-patient-platform' };
const NOW = '2025-03-04T06:00:00.000Z';

const entry = (startedAt: string, drillId: string, verdict = 'PASSED') => marshall({ startedAt, drillId, verdict });

const ENV = ['POWERTOOLS_DEV', 'POWERTOOLS_METRICS_DISABLED'] as const;
const saved: Partial<Record<(typeof ENV)[number], string>> = {};
let printed: jest.SpyInstance;

beforeAll(() => logger.setLogLevel('SILENT'));

beforeEach(() => {
  dynamodb.reset();
  for (const key of ENV) saved[key] = process.env[key];
  // Powertools' own way to read what Metrics publishes: through the global console, publishing on.
  process.env.POWERTOOLS_DEV = 'true';
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  printed = jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => {
  printed.mockRestore();
  for (const key of ENV) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

const published = () => printed.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] } });

describe('drillWatchdog (Drill Watchdog)', () => {
  it('publishes the days since the newest drill of the plan, asking the drills table newest first', async () => {
    dynamodb.on(QueryCommand).resolves({ Items: [entry('2025-02-02T02:00:00.000Z', 'd0a1b2c3d', 'FAILED')] });

    const result = await drillWatchdog(testDeps([NOW]), CONFIG, drillMetrics());

    expect(result).toEqual({ planName: 'nhs-patient-platform', lastDrill: { drillId: 'd0a1b2c3d', startedAt: '2025-02-02T02:00:00.000Z', verdict: 'FAILED' }, daysSinceLastDrill: 30.2 });
    const [emf, ...more] = published();
    expect(more).toEqual([]);
    expect(emf).toMatchObject({ DaysSinceLastDrill: 30.2, PlanName: 'nhs-patient-platform', service: 'dr-drill' });
    expect(emf!._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'DrDrill', Dimensions: [['service', 'PlanName']] });
    expect(dynamodb).toHaveReceivedCommandWith(QueryCommand, {
      TableName: 'dr-drill-prod-drills',
      KeyConditionExpression: '#plan = :plan',
      ExpressionAttributeValues: { ':plan': { S: 'nhs-patient-platform' }, ':dryRun': { S: 'dry-run' } },
      ScanIndexForward: false,
    });
    expect(await regionsOf(dynamodb.calls())).toEqual(['eu-west-2']);
  });

  it('skips dry runs: a page the filter emptied is followed by the next one', async () => {
    dynamodb
      .on(QueryCommand)
      .resolvesOnce({ Items: [], LastEvaluatedKey: marshall({ planName: 'nhs-patient-platform', startedAt: '2025-03-01T02:00:00.000Z' }) })
      .resolvesOnce({ Items: [entry('2025-01-05T02:00:00.000Z', 'd11111111')] });

    const result = await drillWatchdog(testDeps([NOW]), CONFIG, drillMetrics());

    expect(result.daysSinceLastDrill).toBe(58.2);
    expect(dynamodb).toHaveReceivedCommandTimes(QueryCommand, 2);
    expect(dynamodb.commandCalls(QueryCommand)[1]!.args[0].input.ExclusiveStartKey).toEqual(marshall({ planName: 'nhs-patient-platform', startedAt: '2025-03-01T02:00:00.000Z' }));
  });

  it('publishes nothing for a plan never drilled, so the alarm treats it like a dead watchdog', async () => {
    dynamodb.on(QueryCommand).resolves({ Items: [] });

    const result = await drillWatchdog(testDeps([NOW]), CONFIG, drillMetrics());

    expect(result).toEqual({ planName: 'nhs-patient-platform', lastDrill: null, daysSinceLastDrill: null });
    expect(printed).not.toHaveBeenCalled();
  });

  it('fails on a throttled read as TransientAwsError, publishing nothing', async () => {
    dynamodb.on(QueryCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }));

    await expect(drillWatchdog(testDeps([NOW]), CONFIG, drillMetrics())).rejects.toMatchObject({ name: 'TransientAwsError' });
    expect(printed).not.toHaveBeenCalled();
  });

  it('reads its table and plan from the environment, naming a missing one', () => {
    expect(watchdogConfig({ DRILLS_TABLE: 't', PLAN_NAME: 'p' })).toEqual({ drillsTable: 't', planName: 'p' });
    expect(() => watchdogConfig({ PLAN_NAME: 'p' })).toThrow('DRILLS_TABLE is not set: the watchdog cannot read the drills table');
    expect(() => watchdogConfig({ DRILLS_TABLE: 't' })).toThrow('PLAN_NAME is not set: the watchdog does not know which plan to watch');
  });

  it('fails its cold start inside Lambda when DRILLS_TABLE is missing', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_LAMBDA_FUNCTION_NAME: 'dr-drill-prod-drillWatchdog', AWS_REGION: 'eu-west-2', PLAN_NAME: 'nhs-patient-platform' });
    delete process.env.DRILLS_TABLE;
    try {
      // Inside Lambda the dependencies are built when the module loads: the cold start itself fails.
      const load = () =>
        jest.isolateModules(() => {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          require('../../../functions/drill-watchdog/handler');
        });
      expect(load).toThrow('DRILLS_TABLE is not set: the watchdog cannot read the drills table');
    } finally {
      process.env = saved;
    }
  });
});
