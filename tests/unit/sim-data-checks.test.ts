import { CheckSetupError } from '../../lib/checks/types';
import { planSchema, type Plan, type Target } from '../../lib/plan/schema';
import { SimAccount } from '../../local/sim/account';
import { SimClock } from '../../local/sim/clock';
import { copyAndRestore, errorOf } from '../../local/sim/drive';
import { examplePlanInput, examplePlanWithChecks, exampleValidation } from '../../local/sim/example-plan';
import { parseFaults } from '../../local/sim/faults';

const START = Date.UTC(2025, 4, 4, 2, 0, 0);
const MIN = 60_000;
const GiB = 1024 ** 3;
const PRIMARY = 'eu-west-2';
const DR = 'eu-west-1';
const V = exampleValidation();
type Json = Record<string, unknown>;

const METADATA: Record<string, Record<string, string>> = {
  pharmacy: { DBInstanceIdentifier: 'pharmacy-drill', DBSubnetGroupName: 'dr-isolated-db', VpcSecurityGroupIds: 'sg-0a1b2c3d4e5f60718' },
  referrals: { targetTableName: 'referrals-drill' },
  'pacs-cache': { availabilityZone: 'eu-west-1a' },
  letters: { newFileSystem: 'true', CreationToken: 'letters-drill' },
  'discharge-exports': { DestinationBucketName: 'trust-discharge-exports-drill', NewBucket: 'true' },
};

/** Every non-Aurora target of `plan` restored in the DR region (no database engine is started). */
async function restoreAll(plan: Plan, faults: string[] = []) {
  const clock = new SimClock(START);
  const account = new SimAccount({ clock, regions: [PRIMARY, DR], faults: parseFaults(faults) });
  account.seedFromPlan(plan);
  const restored = new Map<string, { recoveryPoint: Json; restoreJob: Json }>();
  await Promise.all(
    plan.targets
      .filter((t) => METADATA[t.id])
      .map(async (t: Target) => restored.set(t.id, await copyAndRestore(account, clock, plan, t, METADATA[t.id]!))),
  );
  clock.dispose();
  const created = (id: string) => String(restored.get(id)!.restoreJob.CreatedResourceArn).split('/').pop()!;
  const dataAsOf = (id: string) => Date.parse(String(restored.get(id)!.recoveryPoint.CreationDate));
  return { account, restored, created, dataAsOf };
}

const keyOf = (key: Record<string, string>) => Object.fromEntries(Object.entries(key).map(([k, v]) => [k, { S: v }]));

describe('data the plan checks, after a healthy restore', () => {
  let env: Awaited<ReturnType<typeof restoreAll>>;

  beforeAll(async () => {
    env = await restoreAll(examplePlanWithChecks());
  });

  it('keeps each database secret in its own region, shaped like the one RDS creates', async () => {
    const arn = V.appointments.secretArn;

    const byArn = await env.account.call(DR, 'secretsmanager', 'GetSecretValue', { SecretId: arn });
    const byName = await env.account.call(DR, 'secretsmanager', 'GetSecretValue', { SecretId: 'trust/appointments/drill-readonly' });
    const byPartialArn = await env.account.call(DR, 'secretsmanager', 'GetSecretValue', { SecretId: arn.slice(0, -'-Ab12Cd'.length) });
    const elsewhere = await errorOf(env.account.call(PRIMARY, 'secretsmanager', 'GetSecretValue', { SecretId: arn }));
    const previous = await errorOf(env.account.call(DR, 'secretsmanager', 'GetSecretValue', { SecretId: arn, VersionStage: 'AWSPREVIOUS' }));
    const production = await env.account.call(PRIMARY, 'rds', 'DescribeDBClusters', { DBClusterIdentifier: 'appointments-prod' });
    const secret = JSON.parse(String(byArn.SecretString)) as Json;

    expect(byArn).toMatchObject({ ARN: arn, Name: 'trust/appointments/drill-readonly', VersionStages: ['AWSCURRENT'] });
    expect(byName).toEqual(byArn);
    expect(byPartialArn).toEqual(byArn);
    expect(Object.keys(secret).sort()).toEqual(['dbname', 'engine', 'host', 'password', 'port', 'username']);
    expect(secret).toMatchObject({ engine: 'postgres', port: 5432, dbname: 'appointments', host: (production.DBClusters as Json[])[0]!.Endpoint });
    expect(elsewhere).toMatchObject({ name: 'ResourceNotFoundException', sfnName: 'SecretsManager.ResourceNotFoundException' });
    expect(previous).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('holds every key the plan names, its freshness attribute written a few minutes before the backup', async () => {
    const { Table } = await env.account.call(DR, 'dynamodb', 'DescribeTable', { TableName: 'referrals-drill' });
    const backup = env.dataAsOf('referrals');

    const items = await Promise.all(
      V.referrals.keys.map((key) =>
        env.account.call(DR, 'dynamodb', 'GetItem', {
          TableName: 'referrals-drill',
          Key: keyOf(key),
          ProjectionExpression: '#a0, #a1, #a2',
          ExpressionAttributeNames: { '#a0': 'pk', '#a1': 'sk', '#a2': 'updatedAt' },
          ConsistentRead: true,
        }),
      ),
    );

    expect(Table).toMatchObject({
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      ItemCount: expect.any(Number),
    });
    expect((Table as Json).ItemCount).toBeGreaterThanOrEqual(V.referrals.minItems);
    for (const [i, { Item }] of items.entries()) {
      const item = Item as Record<string, { S: string }>;
      expect(Object.keys(item).sort()).toEqual(['pk', 'sk', 'updatedAt']);
      expect(item.pk).toEqual({ S: V.referrals.keys[i]!.pk });
      const ageMinutes = (backup - Date.parse(item.updatedAt!.S)) / MIN;
      expect(ageMinutes).toBeGreaterThanOrEqual(2);
      expect(ageMinutes).toBeLessThanOrEqual(9);
    }
  });

  it('answers GetItem as DynamoDB does: no Item for an absent key, refusals for what it refuses', async () => {
    const get = (input: Json) => env.account.call(DR, 'dynamodb', 'GetItem', { TableName: 'referrals-drill', ...input });
    const key = keyOf(V.referrals.keys[0]);

    const whole = await get({ Key: key });
    const absent = await get({ Key: keyOf({ pk: 'PATIENT#TEST-999-000-9999', sk: 'REFERRAL#0001' }) });
    const reserved = await errorOf(get({ Key: key, ProjectionExpression: 'pk, status' }));
    const partialKey = await errorOf(get({ Key: { pk: key.pk } }));
    const unused = await errorOf(get({ Key: key, ProjectionExpression: 'pk', ExpressionAttributeNames: { '#s': 'status' } }));

    expect(Object.keys(whole.Item as Json).sort()).toEqual(['clinic', 'patient', 'pk', 'sk', 'status', 'updatedAt']);
    expect((whole.Item as Json).patient).toEqual({ S: 'Test Patient 0001' });
    expect(absent).toEqual({});
    expect(reserved).toMatchObject({ name: 'ValidationException', message: expect.stringContaining('reserved keyword: status') });
    expect(partialKey).toMatchObject({ name: 'ValidationException', message: 'The provided key element does not match the schema' });
    expect(unused).toMatchObject({ name: 'ValidationException', message: expect.stringContaining('unused in expressions: keys: {#s}') });
  });

  it('restores the manifest objects with their SHA-256 checksums, given by ChecksumMode only', async () => {
    const head = (key: string, checksum = true) =>
      env.account.call(DR, 's3', 'HeadObject', { Bucket: 'trust-discharge-exports-drill', Key: key, ...(checksum ? { ChecksumMode: 'ENABLED' } : {}) });
    const [given, madeUp] = V['discharge-exports'].objects;

    const withGiven = await head(given.key);
    const withMadeUp = await head(madeUp.key);
    const plain = await head(given.key, false);
    const missing = await errorOf(head('discharges/TEST-999-000-9999/summary.pdf'));
    const listing = await env.account.call(DR, 's3', 'ListObjectsV2', { Bucket: 'trust-discharge-exports-drill' });

    expect(withGiven).toMatchObject({ ChecksumSHA256: given.sha256, ChecksumType: 'FULL_OBJECT', ContentLength: expect.any(Number) });
    expect(withMadeUp.ChecksumSHA256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(plain.ChecksumSHA256).toBeUndefined();
    expect(missing).toMatchObject({ name: 'NotFound', httpStatus: 404 });
    expect(listing.KeyCount).toBeGreaterThanOrEqual(V['discharge-exports'].minObjects);
  });

  it('restores volumes and file systems at least as large as the plan asks', async () => {
    const { Volumes } = await env.account.call(DR, 'ec2', 'DescribeVolumes', { VolumeIds: [env.created('pacs-cache')] });
    const { FileSystems } = await env.account.call(DR, 'efs', 'DescribeFileSystems', { FileSystemId: env.created('letters') });

    expect((Volumes as Json[])[0]).toMatchObject({ State: 'available' });
    expect((Volumes as Json[])[0]!.Size).toBeGreaterThanOrEqual(V['pacs-cache'].minSizeGiB);
    expect(((FileSystems as Json[])[0]!.SizeInBytes as Json).Value).toBeGreaterThanOrEqual(V.letters.minSizeGiB * GiB);
  });

  it('restores a MySQL source as MySQL, which the local connector refuses without starting anything', async () => {
    const { DBInstances } = await env.account.call(DR, 'rds', 'DescribeDBInstances', { DBInstanceIdentifier: 'pharmacy-drill' });
    const instance = (DBInstances as Json[])[0]!;
    const endpoint = instance.Endpoint as Json;
    const secret = JSON.parse(String((await env.account.call(DR, 'secretsmanager', 'GetSecretValue', { SecretId: V.pharmacy.secretArn })).SecretString));

    const refused = await errorOf(
      env.account.databases.connector(
        { engine: 'mysql', host: String(endpoint.Address), port: Number(endpoint.Port), database: 'pharmacy', user: secret.username, password: secret.password },
        { statementTimeoutMs: 30_000, connectTimeoutMs: 10_000 },
      ),
    );

    expect(instance).toMatchObject({ Engine: 'mysql', DBInstanceStatus: 'available', MasterUsername: 'admin' });
    expect(endpoint.Port).toBe(3306);
    expect(secret).toMatchObject({ engine: 'mysql', port: 3306, dbname: 'pharmacy' });
    expect(refused).toBeInstanceOf(CheckSetupError);
    expect(refused?.message).toMatch(/^the local simulation has no MySQL engine: pharmacy-drill\./);
    expect(env.account.databases.started).toBe(0);
  });
});

describe('fault: validation-failed on targets with data checks', () => {
  let healthy: Awaited<ReturnType<typeof restoreAll>>;
  let faulty: Awaited<ReturnType<typeof restoreAll>>;

  beforeAll(async () => {
    const plan = examplePlanWithChecks();
    [healthy, faulty] = await Promise.all([
      restoreAll(plan),
      restoreAll(plan, ['validation-failed:referrals', 'validation-failed:discharge-exports', 'validation-failed:pacs-cache', 'validation-failed:letters', 'validation-failed:pharmacy']),
    ]);
  });

  it('loses the last key the plan names from an ACTIVE table', async () => {
    const get = (key: Record<string, string>) => faulty.account.call(DR, 'dynamodb', 'GetItem', { TableName: 'referrals-drill', Key: keyOf(key) });
    const [first, last] = V.referrals.keys;
    const { Table } = await faulty.account.call(DR, 'dynamodb', 'DescribeTable', { TableName: 'referrals-drill' });
    const { Table: healthyTable } = await healthy.account.call(DR, 'dynamodb', 'DescribeTable', { TableName: 'referrals-drill' });

    expect((await get(first)).Item).toBeDefined();
    expect((await get(last)).Item).toBeUndefined();
    expect(Table).toMatchObject({ TableStatus: 'ACTIVE', ItemCount: (healthyTable as Json).ItemCount as number - 1 });
  });

  it('loses the last manifest object from the restored bucket', async () => {
    const head = (key: string) => faulty.account.call(DR, 's3', 'HeadObject', { Bucket: 'trust-discharge-exports-drill', Key: key });
    const [first, last] = V['discharge-exports'].objects;

    expect(await head(first.key)).toMatchObject({ ETag: expect.any(String) });
    expect(await errorOf(head(last.key))).toMatchObject({ name: 'NotFound' });
  });

  it('restores the volume and the file system available but below minSizeGiB', async () => {
    const { Volumes } = await faulty.account.call(DR, 'ec2', 'DescribeVolumes', { VolumeIds: [faulty.created('pacs-cache')] });
    const { FileSystems } = await faulty.account.call(DR, 'efs', 'DescribeFileSystems', { FileSystemId: faulty.created('letters') });
    const fs = (FileSystems as Json[])[0]!;

    expect((Volumes as Json[])[0]).toMatchObject({ State: 'available', Size: 50 });
    expect(fs).toMatchObject({ LifeCycleState: 'available' });
    expect((fs.SizeInBytes as Json).Value).toBeLessThan(V.letters.minSizeGiB * GiB);
  });

  it('brings a database with SQL checks up available: the fault is in its data', async () => {
    const { DBInstances } = await faulty.account.call(DR, 'rds', 'DescribeDBInstances', { DBInstanceIdentifier: 'pharmacy-drill' });

    expect((DBInstances as Json[])[0]).toMatchObject({ DBInstanceStatus: 'available' });
  });
});

describe('fault: validation-failed on checks that name nothing in particular', () => {
  it('restores fewer items and objects than the minimum, and an unhealthy volume where nothing smaller exists', async () => {
    const input = examplePlanInput();
    const only: Record<string, unknown> = { referrals: { minItems: 50_000 }, 'discharge-exports': { minObjects: 30 }, 'pacs-cache': { minSizeGiB: 1 } };
    const plan = planSchema.parse({ ...input, targets: (input.targets ?? []).map((t) => ({ ...t, validation: only[t.id] })) });
    const faulty = await restoreAll(plan, ['validation-failed:referrals', 'validation-failed:discharge-exports', 'validation-failed:pacs-cache']);

    const { Table } = await faulty.account.call(DR, 'dynamodb', 'DescribeTable', { TableName: 'referrals-drill' });
    const listing = await faulty.account.call(DR, 's3', 'ListObjectsV2', { Bucket: 'trust-discharge-exports-drill' });
    const { Volumes } = await faulty.account.call(DR, 'ec2', 'DescribeVolumes', { VolumeIds: [faulty.created('pacs-cache')] });

    expect(Table).toMatchObject({ TableStatus: 'ACTIVE', ItemCount: 45_000 });
    expect(listing.KeyCount).toBe(29);
    expect((Volumes as Json[])[0]).toMatchObject({ State: 'error' });
  });
});
