// Coverage Check (daily, issue 14): the deployed plan's coverage as of this morning, from its vaults (AWS Backup, the
// primary region) and the drills table (the DR region), published as the drill publishes it, plus OldestUnprovenDays.
// The handler is built as Lambda builds it (makeHandler), with the deployed plan it bundles; the SDK is mocked.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { BackupClient, ListProtectedResourcesByBackupVaultCommand } from '@aws-sdk/client-backup';
import { DynamoDBClient, QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { makeHandler } from '../../../functions/coverage-check/handler';
import { drillIndexEntry } from '../../drill-index-entry';
import { logger } from '../../../lib/lambda/wrap';
import { drillMetrics } from '../../../lib/observe/metrics';
import { ACCOUNT, regionsOf, testDeps } from './fixtures';

const backup = mockClient(BackupClient);
const dynamodb = mockClient(DynamoDBClient);

const PLAN_TEXT = readFileSync(join(__dirname, '..', '..', '..', 'deployed', 'plan.yml'), 'utf8');
const TABLE = 'dr-drill-prod-drills';
const NOW = '2026-12-07T06:30:00.000Z';
const DAY = 86_400_000;
const daysBefore = (days: number) => new Date(Date.parse(NOW) - days * DAY).toISOString();
const VAULT = `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:nhs-patient-platform`;
const PATIENTS = `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:patients-db`;
const APPOINTMENTS = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/appointments`;
const AUDIT = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/audit-log`;

function entry(drillId: string, startedAt: string, proven: string[], failed: string[] = []): Record<string, AttributeValue> {
  const line = drillIndexEntry({
    planName: 'nhs-patient-platform',
    startedAt,
    drillId,
    executionArn: `arn:aws:states:eu-west-2:${ACCOUNT}:execution:dr-drill-prod-drill:${drillId}`,
    verdict: failed.length ? 'FAILED' : 'PASSED',
    headline: '',
    coverage: { proven, failed, windowDays: 30, maxUnprovenDays: 30, region: 'eu-west-1', vaults: [VAULT], protectedCount: 3, provenCount: proven.length, line: '' },
  });
  return marshall(line, { removeUndefinedValues: true });
}

const ENV = ['POWERTOOLS_DEV', 'POWERTOOLS_METRICS_DISABLED'] as const;
const saved: Partial<Record<(typeof ENV)[number], string>> = {};
let printed: jest.SpyInstance;

beforeAll(() => logger.setLogLevel('SILENT'));
beforeEach(() => {
  backup.reset();
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
const check = () =>
  makeHandler({ ...testDeps([NOW]), drillsTable: TABLE, metrics: drillMetrics(), deployedPlan: { source: 'deployed/plan.yml', text: PLAN_TEXT } })();
const protectedResources = (...arns: [string, string][]) => ({ Results: arns.map(([ResourceArn, ResourceType]) => ({ ResourceArn, ResourceType })) });

describe('coverageCheck (Coverage Check, daily)', () => {
  it("publishes the deployed plan's coverage as of now, counting a resource never proven as the whole history read", async () => {
    backup.on(ListProtectedResourcesByBackupVaultCommand).resolves(protectedResources([PATIENTS, 'Aurora'], [APPOINTMENTS, 'DynamoDB'], [AUDIT, 'DynamoDB']));
    // Newest first, as the table answers: appointments proven 3 days ago, patients 40 days ago (past the 30-day limit).
    dynamodb.on(QueryCommand).resolves({ Items: [entry('d-recent', daysBefore(3), [APPOINTMENTS]), entry('d-old', daysBefore(40), [PATIENTS])] });

    const result = await check();

    // patients' 40-day-old drill is outside the 30 days read, so it counts as never proven: 30 days, at least.
    expect(result).toEqual({
      planName: 'nhs-patient-platform',
      line: '1/3 protected resources proven in the last 30 days; not drilled: audit-log, patients-db; 2 unproven for more than 30 days',
      protectedCount: 3,
      provenCount: 1,
      overLimitCount: 2,
      oldestUnprovenDays: 30,
      scopeError: null,
    });
    const [emf, ...more] = published();
    expect(more).toEqual([]);
    expect(emf).toMatchObject({ PlanName: 'nhs-patient-platform', service: 'dr-drill', ProtectedResources: 3, ProvenResources: 1, UnprovenOverLimit: 2, OldestUnprovenDays: 30 });
    // The dimensions the CoverageUnproven and CoverageUnknown alarms name, nothing more.
    expect(emf!._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'DrDrill', Dimensions: [['service', 'PlanName']] });
    expect(backup).toHaveReceivedCommandWith(ListProtectedResourcesByBackupVaultCommand, { BackupVaultName: 'nhs-patient-platform', BackupVaultAccountId: ACCOUNT });
    expect(await regionsOf(backup.calls())).toEqual(['eu-west-1']);
    expect(dynamodb).toHaveReceivedCommandWith(QueryCommand, { TableName: TABLE, ExpressionAttributeValues: { ':plan': { S: 'nhs-patient-platform' } }, ScanIndexForward: false });
    expect(await regionsOf(dynamodb.calls())).toEqual(['eu-west-2']);
  });

  it('says how many days the oldest proof is when every resource was proven within the history read', async () => {
    backup.on(ListProtectedResourcesByBackupVaultCommand).resolves(protectedResources([PATIENTS, 'Aurora'], [APPOINTMENTS, 'DynamoDB']));
    dynamodb.on(QueryCommand).resolves({ Items: [entry('d-recent', daysBefore(3), [APPOINTMENTS]), entry('d-older', daysBefore(12.5), [PATIENTS, APPOINTMENTS])] });

    const result = await check();

    expect(result).toMatchObject({ protectedCount: 2, provenCount: 2, overLimitCount: 0, oldestUnprovenDays: 12 });
    expect(published()[0]).toMatchObject({ UnprovenOverLimit: 0, OldestUnprovenDays: 12 });
  });

  it('publishes nothing when a vault cannot be listed: the coverage is unknown, never a count', async () => {
    backup.on(ListProtectedResourcesByBackupVaultCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }));
    dynamodb.on(QueryCommand).resolves({ Items: [] });

    const result = await check();

    expect(result).toMatchObject({ protectedCount: null, overLimitCount: null, oldestUnprovenDays: null, scopeError: 'AccessDeniedException' });
    expect(result.line).toMatch(/^coverage unknown: /);
    expect(printed).not.toHaveBeenCalled();
  });

  it('publishes nothing when the drills table cannot be read, naming it', async () => {
    backup.on(ListProtectedResourcesByBackupVaultCommand).resolves(protectedResources([PATIENTS, 'Aurora']));
    dynamodb.on(QueryCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }));

    const result = await check();

    expect(result).toMatchObject({ protectedCount: null, scopeError: 'drills table: AccessDeniedException' });
    expect(printed).not.toHaveBeenCalled();
  });

  it('fails on a throttled read as TransientAwsError, so Lambda retries the scheduled invocation, publishing nothing', async () => {
    backup.on(ListProtectedResourcesByBackupVaultCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }));
    dynamodb.on(QueryCommand).resolves({ Items: [] });

    await expect(check()).rejects.toMatchObject({ name: 'TransientAwsError' });
    expect(printed).not.toHaveBeenCalled();
  });

  it('refuses to start without its table or with a deployed plan that does not parse', () => {
    const deps = { ...testDeps([NOW]), metrics: drillMetrics(), deployedPlan: { source: 'deployed/plan.yml', text: PLAN_TEXT } };
    expect(() => makeHandler(deps)).toThrow('DRILLS_TABLE is not set: the coverage check cannot read the proofs of earlier drills');
    expect(() => makeHandler({ ...deps, drillsTable: TABLE, deployedPlan: { source: 'deployed/plan.yml', text: 'name: x\n' } })).toThrow(/^deployed\/plan\.yml is not a valid plan: /);
  });

  it('starts cold inside Lambda with the deployed plan it bundles, and fails that start without DRILLS_TABLE', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_LAMBDA_FUNCTION_NAME: 'dr-drill-prod-coverageCheck', AWS_REGION: 'eu-west-2', DRILLS_TABLE: TABLE });
    // Inside Lambda the dependencies are built when the module loads: the cold start itself succeeds or fails.
    const load = () =>
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require('../../../functions/coverage-check/handler');
      });
    try {
      expect(load).not.toThrow();
      delete process.env.DRILLS_TABLE;
      expect(load).toThrow('DRILLS_TABLE is not set: the coverage check cannot read the proofs of earlier drills');
    } finally {
      process.env = saved;
    }
  });
});
