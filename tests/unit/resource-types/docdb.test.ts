// The docdb target type (lib/resource-types/targets/docdb/): its plan schema and restore metadata, its checks (the
// MongoDB driver behind the data port replaced by fakes: no MongoDB server can run here), the driver adapter with a
// fake at the driver boundary, and its simulated behaviour.
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MongoClientOptions } from 'mongodb';
import { planSchema } from '../../../lib/plan/schema';
import { DOCDB_CHECKS, DOCDB_NOT_RUN } from '../../../lib/resource-types/targets/docdb/checks';
import { DOCDB, docdbTargetSchema } from '../../../lib/resource-types/targets/docdb/definition';
import { documentDbDriver, type MongoLike } from '../../../lib/resource-types/targets/docdb/driver';
import type { DocumentDbEndpoint, DocumentDbPort } from '../../../lib/resource-types/targets/docdb/port';
import type { DataCheckInput } from '../../../lib/resource-types/targets/target-checks';
import { AURORA } from '../../../lib/resource-types/targets/aurora/definition';
import { EXTRA_TARGETS, testDeps } from '../functions/fixtures';
import { restoredCluster, type RestoredCluster } from './cluster-sim-fixture';

const rds = mockClient(RDSClient);
const secrets = mockClient(SecretsManagerClient);
beforeEach(() => {
  rds.reset();
  secrets.reset();
});

const target = () => docdbTargetSchema.parse(structuredClone(EXTRA_TARGETS.docdb));
const names = { sourceVault: 'src', drVault: 'dr', restored: 'drdrill-abc-fhir-store', instance: 'drdrill-abc-fhir-store-1' };
const HOST = 'drdrill-abc-fhir-store.cluster-abc.eu-west-2.docdb.amazonaws.com';

describe('docdb definition', () => {
  it('takes a DocumentDB cluster ARN (an rds cluster ARN), an isolated network and a DocumentDB instance class', () => {
    expect(target().restore.instanceClass).toBe('db.t4g.medium');
    for (const instanceClass of ['db.t3.medium', 'db.r6g.large', 'db.r5.24xlarge', 'db.r6gd.xlarge']) {
      expect(docdbTargetSchema.safeParse({ ...EXTRA_TARGETS.docdb, restore: { ...EXTRA_TARGETS.docdb.restore, instanceClass } }).success).toBe(true);
    }
  });

  it.each(['db.serverless', 'db.t3.large', 'db.m5.large', 'r6g.large'])('refuses the instance class %s', (instanceClass) => {
    const parsed = docdbTargetSchema.safeParse({ ...EXTRA_TARGETS.docdb, restore: { ...EXTRA_TARGETS.docdb.restore, instanceClass } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/DocumentDB instance class/);
  });

  it('refuses a DB instance ARN, the default subnet group and a collection check without a minimum', () => {
    expect(docdbTargetSchema.safeParse({ ...EXTRA_TARGETS.docdb, resourceArn: 'arn:aws:rds:eu-west-1:111122223333:db:fhir' }).success).toBe(false);
    expect(docdbTargetSchema.safeParse({ ...EXTRA_TARGETS.docdb, restore: { ...EXTRA_TARGETS.docdb.restore, dbSubnetGroupName: 'default' } }).success).toBe(false);
    const noMin = { ...EXTRA_TARGETS.docdb.validation, collections: [{ database: 'fhir', collection: 'Patient' }] };
    expect(docdbTargetSchema.safeParse({ ...EXTRA_TARGETS.docdb, validation: noMin }).success).toBe(false);
  });

  it('is a member of the plan union, with a hover text on every field of its own (in the regenerated JSON Schema too)', () => {
    expect(planSchema.safeParse({}).success).toBe(false);
    const json = readFileSync(join(__dirname, '../../../schema/drill-plan.schema.json'), 'utf8');
    expect(json).toContain('DocumentDB secret format');
    expect(json).toContain('The restored collection must hold at least this many documents');
    const shape = docdbTargetSchema.shape;
    for (const key of ['resourceArn', 'restore', 'validation'] as const) expect(shape[key].description).toBeTruthy();
  });

  it("restores a cluster like Aurora's: the drill's name, the plan's network and key, no deletion protection, an instance added with the recorded engine", () => {
    const metadata = DOCDB.restoreMetadata(target(), names, { Engine: 'docdb', EngineVersion: '5.0.0' }, {});
    expect(metadata).toEqual({
      Engine: 'docdb',
      EngineVersion: '5.0.0',
      DBClusterIdentifier: names.restored,
      DBSubnetGroupName: 'dr-isolated-db',
      VpcSecurityGroupIds: '["sg-0a1b2c3d4e5f67890"]',
      DeletionProtection: 'false',
    });
    expect(DOCDB.addsDbInstance?.engine({ Engine: 'docdb' })).toBe('docdb');
    expect(DOCDB.regionBoundKeys).toEqual(AURORA.regionBoundKeys);
    expect(DOCDB.restoredKind).toBe('db-cluster');
  });

  it('says what a real run would do and how many data checks it runs', () => {
    const wouldDo = { dr: 'eu-west-2', restored: names.restored, instance: names.instance, kms: '' };
    expect(DOCDB.wouldDo.restore(target(), wouldDo)[0]).toMatch(/^restore it in eu-west-2 as DocumentDB cluster drdrill-abc-fhir-store in DB subnet group dr-isolated-db/);
    expect(DOCDB.wouldDo.created(target(), wouldDo)).toEqual([`instance ${names.instance}`, `cluster ${names.restored}`]);
    expect(DOCDB.wouldDo.dataChecks(target()).count).toBe(1);
  });
});

/** A fake of the driver port: counts per "database.collection", and what it was asked. */
function fakePort(counts: Record<string, number>, opts: { refuse?: Error; failCount?: Error } = {}) {
  const seen: { endpoint?: DocumentDbEndpoint; counted: string[]; closed: boolean } = { counted: [], closed: false };
  const port: DocumentDbPort = {
    async connect(endpoint) {
      seen.endpoint = endpoint;
      if (opts.refuse) throw opts.refuse;
      return {
        async countDocuments(database, collection) {
          seen.counted.push(`${database}.${collection}`);
          if (opts.failCount) throw opts.failCount;
          return counts[`${database}.${collection}`] ?? 0;
        },
        close: async () => void (seen.closed = true),
      };
    },
  };
  return { port, seen };
}

function dataInput(port: DocumentDbPort | undefined): DataCheckInput<ReturnType<typeof target>> {
  return { target: target(), names, restoredResourceArn: `arn:aws:rds:eu-west-2:111122223333:cluster:${names.restored}`, region: 'eu-west-2', clients: testDeps().clients, ports: port ? { docdb: port } : {}, now: new Date() };
}

function withClusterAndSecret(secret = { username: 'drill_reader', password: 'pw', engine: 'mongo', host: 'prod-host', port: 27017 }) {
  secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(secret) });
  rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ DBClusterIdentifier: names.restored, Status: 'available', Endpoint: HOST, Port: 27017 }] });
}

describe('docdb checks', () => {
  it('is ready when the restored cluster and the added instance are available', async () => {
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Status: 'available', Endpoint: HOST }] });
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'available', Endpoint: { Address: 'i.host' } }] });
    const checks = await DOCDB_CHECKS.readiness(dataInput(undefined));
    expect(checks.map((c) => [c.name, c.passed])).toEqual([
      ['cluster available', true],
      ['cluster endpoint', true],
      ['instance available', true],
      ['instance endpoint', true],
    ]);
    expect(rds.commandCalls(DescribeDBInstancesCommand)[0]!.args[0].input).toEqual({ DBInstanceIdentifier: names.instance });
  });

  it("counts each collection on the restored cluster's endpoint, as the secret's user (not the secret's host), and passes at the minimum", async () => {
    withClusterAndSecret();
    const { port, seen } = fakePort({ 'fhir.Patient': 1000 });
    const { checks, dataAgeSeconds } = await DOCDB_CHECKS.dataChecks(dataInput(port));
    expect(seen.endpoint).toEqual({ host: HOST, port: 27017, username: 'drill_reader', password: 'pw' });
    expect(checks).toEqual([{ name: 'fhir.Patient documents', passed: true, value: 1000, expected: '>= 1000', reason: 'fhir.Patient holds 1000 documents' }]);
    expect(dataAgeSeconds).toBeNull();
    expect(seen.closed).toBe(true);
  });

  it('fails a collection with fewer documents than the minimum, saying how many', async () => {
    withClusterAndSecret();
    const { checks } = await DOCDB_CHECKS.dataChecks(dataInput(fakePort({ 'fhir.Patient': 999 }).port));
    expect(checks[0]).toMatchObject({ passed: false, value: 999, reason: 'fhir.Patient holds 999 documents, fewer than 1000' });
  });

  it('fails every check with the reason when the login is refused, without the password in it', async () => {
    withClusterAndSecret();
    const refused = Object.assign(new Error('Authentication failed.'), { name: 'MongoServerError' });
    const { port } = fakePort({}, { refuse: refused });
    const { checks } = await DOCDB_CHECKS.dataChecks(dataInput(port));
    expect(checks).toEqual([{ name: 'fhir.Patient documents', passed: false, value: null, expected: '>= 1000', reason: 'not run: could not connect: MongoServerError: Authentication failed.' }]);
    expect(JSON.stringify(checks)).not.toContain('pw');
  });

  it('fails a count the server refuses, and still closes the connection', async () => {
    withClusterAndSecret();
    const { port, seen } = fakePort({}, { failCount: Object.assign(new Error('operation exceeded time limit'), { name: 'MongoServerError' }) });
    const { checks } = await DOCDB_CHECKS.dataChecks(dataInput(port));
    expect(checks[0]).toMatchObject({ passed: false, reason: 'count failed: MongoServerError: operation exceeded time limit' });
    expect(seen.closed).toBe(true);
  });

  it('says the checks did not run when the secret has no username and password', async () => {
    withClusterAndSecret({ engine: 'mongo' } as never);
    const { port, seen } = fakePort({});
    const { checks } = await DOCDB_CHECKS.dataChecks(dataInput(port));
    expect(checks[0]!.reason).toMatch(/^not run: the secret .* has no "username" and "password"/);
    expect(seen.endpoint).toBeUndefined();
  });

  it('needs the DocumentDB data port, and runs nothing when the plan asks for no data checks', async () => {
    withClusterAndSecret();
    await expect(DOCDB_CHECKS.dataChecks(dataInput(undefined))).rejects.toThrow('no docdb data port was given to the validation function');
    const { validation: _v, ...bare } = target();
    expect(await DOCDB_CHECKS.dataChecks({ ...dataInput(undefined), target: bare })).toEqual({ checks: [], dataAgeSeconds: null });
  });

  it('shows a restore test the cluster only, and says the counts were not run', async () => {
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Status: 'available', Endpoint: HOST }] });
    const outcome = await DOCDB_CHECKS.restoreTestingChecks({ ...dataInput(undefined), id: 'awsbackup-restore-test-1', names: { ...names, restored: 'awsbackup-restore-test-1' } });
    expect(outcome.checks.map((c) => c.name)).toEqual(['cluster available', 'cluster endpoint']);
    expect(outcome.notChecked).toBe(DOCDB_NOT_RUN);
  });
});

describe('docdb driver (the MongoDB client behind the port)', () => {
  function fakeMongo(count: number, opts: { failConnect?: Error } = {}) {
    const made: { url: string; options: MongoClientOptions; asked: { db: string; coll: string; maxTimeMS: number }[]; closed: number } = { url: '', options: {}, asked: [], closed: 0 };
    const factory = (url: string, options: MongoClientOptions): MongoLike => {
      made.url = url;
      made.options = options;
      return {
        connect: async () => {
          if (opts.failConnect) throw opts.failConnect;
        },
        db: (db) => ({ collection: (coll) => ({ countDocuments: async (_filter, { maxTimeMS }) => (made.asked.push({ db, coll, maxTimeMS }), count) }) }),
        close: async () => void made.closed++,
      };
    };
    return { factory, made };
  }

  it('connects with TLS verified against the RDS certificate authorities, no retryable writes, credentials out of the URL', async () => {
    const { factory, made } = fakeMongo(7);
    const session = await documentDbDriver(factory).connect({ host: HOST, port: 27017, username: 'u', password: 'secret-pw' }, { connectTimeoutMs: 5000 });
    expect(made.url).toBe(`mongodb://${HOST}:27017/`);
    expect(made.options).toMatchObject({ tls: true, retryWrites: false, directConnection: true, connectTimeoutMS: 5000, serverSelectionTimeoutMS: 5000, auth: { username: 'u', password: 'secret-pw' } });
    expect(made.options.tlsAllowInvalidCertificates).toBeUndefined();
    expect(Array.isArray(made.options.ca) && (made.options.ca as string[]).length).toBeGreaterThan(10);
    expect((made.options.ca as string[])[0]).toContain('BEGIN CERTIFICATE');
    expect(await session.countDocuments('fhir', 'Patient', 60_000)).toBe(7);
    expect(made.asked).toEqual([{ db: 'fhir', coll: 'Patient', maxTimeMS: 60_000 }]);
    await session.close();
    expect(made.closed).toBe(1);
  });

  it('closes the client when the connection fails, and rejects with the driver error', async () => {
    const { factory, made } = fakeMongo(0, { failConnect: Object.assign(new Error('Server selection timed out'), { name: 'MongoServerSelectionError' }) });
    await expect(documentDbDriver(factory).connect({ host: HOST, port: 27017, username: 'u', password: 'p' }, { connectTimeoutMs: 10 })).rejects.toThrow('Server selection timed out');
    expect(made.closed).toBe(1);
  });
});

async function secretOf(r: RestoredCluster): Promise<{ username: string; password: string; engine: string }> {
  const SecretId = (r.target as ReturnType<typeof target>).validation!.secretArn;
  const { SecretString } = await r.account.call(r.plan.regions.dr, 'secretsmanager', 'GetSecretValue', { SecretId });
  return JSON.parse(String(SecretString)) as { username: string; password: string; engine: string };
}

describe('docdb sim', () => {
  jest.setTimeout(30_000);

  it('restores the cluster without an instance, and its data port counts the collections, to the secret\'s user only', async () => {
    const r = await restoredCluster('fhir-store');
    expect(r.restoreJob.Status).toBe('COMPLETED');
    expect(r.cluster).toMatchObject({ Engine: 'docdb', Port: 27017, Status: 'available' });
    const login = await secretOf(r);
    expect(login.engine).toBe('mongo');
    const port = r.account.dataPorts.docdb!;
    const endpoint = { host: String(r.cluster.Endpoint), port: 27017, username: login.username, password: login.password };
    const session = await port.connect(endpoint, { connectTimeoutMs: 1000 });
    expect(await session.countDocuments('fhir', 'Patient', 1000)).toBeGreaterThanOrEqual(250_000);
    expect(await session.countDocuments('fhir', 'Nothing', 1000)).toBe(0);
    await expect(port.connect({ ...endpoint, password: 'wrong' }, { connectTimeoutMs: 1000 })).rejects.toThrow('Authentication failed.');
    await expect(port.connect({ ...endpoint, host: 'elsewhere.example' }, { connectTimeoutMs: 1000 })).rejects.toThrow(/ETIMEDOUT/);
    const recorded = r.account.calls.filter((c) => c.service === 'docdb-data');
    expect(recorded.map((c) => [c.action, c.ok, c.targetId])).toEqual([
      ['Connect', true, 'fhir-store'],
      ['CountDocuments', true, 'fhir-store'],
      ['CountDocuments', true, 'fhir-store'],
      ['Connect', false, 'fhir-store'],
      ['Connect', false, undefined],
    ]);
  });

  it('shows the validation-failed fault in the data: fewer documents than the minimums', async () => {
    const r = await restoredCluster('fhir-store', ['validation-failed:fhir-store']);
    const { username, password } = await secretOf(r);
    const session = await r.account.dataPorts.docdb!.connect({ host: String(r.cluster.Endpoint), port: 27017, username, password }, { connectTimeoutMs: 1000 });
    expect(await session.countDocuments('fhir', 'Patient', 1000)).toBeLessThan(250_000);
    expect(await session.countDocuments('fhir', 'ImagingStudy', 1000)).toBeLessThan(1_000_000);
  });
});
