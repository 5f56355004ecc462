// The production canary store's parts that need no database: table quoting, the statements per dialect, the Data API
// path, and how Lambda resolves where to connect (Secrets Manager and DescribeDBClusters in the endpoint's region).
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ExecuteStatementCommand, RDSDataClient } from '@aws-sdk/client-rds-data';
import { DescribeDBClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AwsClients } from '../../lib/aws/clients';
import { ALL_CLIENTS } from '../../lib/aws/all-clients';
import { awsCanaryConnections, awsCanaryStore } from '../../lib/failover/canary-resolve';
import { canaryStatements, quoteTable } from '../../lib/failover/canary-sql';
import type { CanaryEndpoint } from '../../lib/failover/ports';
import { regionsOf } from './functions/fixtures';
import { DR, DR_CLUSTER_ARN, DR_SECRET, PRIMARY, PRIMARY_CLUSTER_ARN, PRIMARY_SECRET } from './functions/failover-fixtures';

const rdsData = mockClient(RDSDataClient);
const rds = mockClient(RDSClient);
const secrets = mockClient(SecretsManagerClient);

const PRIMARY_ENDPOINT: CanaryEndpoint = {
  clusterArn: PRIMARY_CLUSTER_ARN,
  region: PRIMARY,
  engine: 'postgres',
  database: 'patients',
  table: 'dr_drill_canary',
  secretArn: PRIMARY_SECRET,
  dataApi: true,
};

beforeEach(() => {
  rdsData.reset();
  rds.reset();
  secrets.reset();
});

describe('quoteTable', () => {
  it('quotes each part for the dialect', () => {
    expect(quoteTable('dr_drill_canary', 'postgres')).toBe('"dr_drill_canary"');
    expect(quoteTable('ops.DrCanary', 'postgres')).toBe('"ops"."DrCanary"');
    expect(quoteTable('ops.order', 'mysql')).toBe('`ops`.`order`');
  });

  it.each(['canary; DROP TABLE patients', 'a"b', 'a.b.c', '', '1canary'])('refuses %j as a table name', (table) => {
    expect(() => quoteTable(table, 'postgres')).toThrow(expect.objectContaining({ name: 'CanarySqlError' }));
  });
});

describe('canaryStatements', () => {
  it('binds the marker and uses the database clock in PostgreSQL', () => {
    expect(canaryStatements('dr_drill_canary', 'postgres', '$1')).toEqual({
      insert: 'INSERT INTO "dr_drill_canary" ("drill_id", "written_at") VALUES ($1, now())',
      writtenAt: 'SELECT extract(epoch FROM max("written_at"))::float8 FROM "dr_drill_canary" WHERE "drill_id" = $1',
      read: 'SELECT extract(epoch FROM max(CASE WHEN "drill_id" = $1 THEN "written_at" END))::float8, extract(epoch FROM max("written_at"))::float8 FROM "dr_drill_canary"',
    });
  });

  it('binds the marker and uses the database clock in MySQL', () => {
    expect(canaryStatements('dr_drill_canary', 'mysql', '?')).toEqual({
      insert: 'INSERT INTO `dr_drill_canary` (`drill_id`, `written_at`) VALUES (?, CURRENT_TIMESTAMP(6))',
      writtenAt: 'SELECT UNIX_TIMESTAMP(max(`written_at`)) FROM `dr_drill_canary` WHERE `drill_id` = ?',
      read: 'SELECT UNIX_TIMESTAMP(max(CASE WHEN `drill_id` = ? THEN `written_at` END)), UNIX_TIMESTAMP(max(`written_at`)) FROM `dr_drill_canary`',
    });
  });
});

describe('awsCanaryStore through the RDS Data API', () => {
  it('inserts then reads the marker back in the endpoint\'s region, with the plan\'s secret and a bound parameter', async () => {
    rdsData.on(ExecuteStatementCommand).resolvesOnce({ numberOfRecordsUpdated: 1 }).resolvesOnce({ records: [[{ doubleValue: 1741057200.25 }]] });
    const store = awsCanaryStore(new AwsClients(ALL_CLIENTS));

    const result = await store.write(PRIMARY_ENDPOINT, 'd1a2b3c4-patients-global');

    expect(result).toEqual({ writtenAt: '2025-03-04T03:00:00.250Z' });
    const calls = rdsData.commandCalls(ExecuteStatementCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      {
        resourceArn: PRIMARY_CLUSTER_ARN,
        secretArn: PRIMARY_SECRET,
        database: 'patients',
        sql: 'INSERT INTO "dr_drill_canary" ("drill_id", "written_at") VALUES (:marker, now())',
        parameters: [{ name: 'marker', value: { stringValue: 'd1a2b3c4-patients-global' } }],
      },
      expect.objectContaining({ sql: 'SELECT extract(epoch FROM max("written_at"))::float8 FROM "dr_drill_canary" WHERE "drill_id" = :marker' }),
    ]);
    expect(await regionsOf(rdsData.calls())).toEqual([PRIMARY, PRIMARY]);
    // No secret read, no cluster described: the Data API takes the secret ARN itself.
    expect(secrets.calls()).toHaveLength(0);
    expect(rds.calls()).toHaveLength(0);
  });

  it('reads a missing marker as null beside the newest row (a MySQL decimal comes back as a string)', async () => {
    rdsData.on(ExecuteStatementCommand).resolves({ records: [[{ isNull: true }, { stringValue: '1738465200.000000' }]] });
    const store = awsCanaryStore(new AwsClients(ALL_CLIENTS));

    const result = await store.read({ ...PRIMARY_ENDPOINT, engine: 'mysql', region: DR, clusterArn: DR_CLUSTER_ARN, secretArn: DR_SECRET }, 'd1a2b3c4-patients-global');

    expect(result).toEqual({ writtenAt: null, newestWrittenAt: '2025-02-02T03:00:00.000Z' });
    expect(await regionsOf(rdsData.calls())).toEqual([DR]);
  });

  it('turns a statement the database refused into CanarySqlError, and passes AWS throttling on unchanged', async () => {
    const store = awsCanaryStore(new AwsClients(ALL_CLIENTS));
    rdsData
      .on(ExecuteStatementCommand)
      .rejectsOnce(Object.assign(new Error('ERROR: permission denied for table dr_drill_canary; SQLState: 42501'), { name: 'DatabaseErrorException', $metadata: { httpStatusCode: 400 } }))
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } }));

    await expect(store.write(PRIMARY_ENDPOINT, 'm')).rejects.toMatchObject({ name: 'CanarySqlError', message: 'ERROR: permission denied for table dr_drill_canary; SQLState: 42501' });
    await expect(store.write(PRIMARY_ENDPOINT, 'm')).rejects.toMatchObject({ name: 'ThrottlingException' });
  });
});

describe('awsCanaryConnections', () => {
  it('takes the credentials from the secret and the writer endpoint from the cluster, both in the endpoint\'s region, with TLS', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: 'drill_canary', password: 'correct horse', engine: 'postgres' }) });
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Endpoint: 'patients-db-london.cluster-c0ffee.eu-west-2.rds.amazonaws.com', Port: 5432 }] });

    const connection = await awsCanaryConnections(new AwsClients(ALL_CLIENTS))({ ...PRIMARY_ENDPOINT, region: DR, clusterArn: DR_CLUSTER_ARN, secretArn: DR_SECRET, dataApi: false });

    expect(connection).toEqual({ host: 'patients-db-london.cluster-c0ffee.eu-west-2.rds.amazonaws.com', port: 5432, user: 'drill_canary', password: 'correct horse', tls: true });
    expect(secrets).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: DR_SECRET });
    expect(rds).toHaveReceivedCommandWith(DescribeDBClustersCommand, { DBClusterIdentifier: DR_CLUSTER_ARN });
    expect(await regionsOf([...secrets.calls(), ...rds.calls()])).toEqual([DR, DR]);
  });

  it('refuses a secret without username and password, without repeating what it holds', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'postgres://drill:hunter2@db/patients' });
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Endpoint: 'db', Port: 5432 }] });

    const run = awsCanaryConnections(new AwsClients(ALL_CLIENTS))({ ...PRIMARY_ENDPOINT, dataApi: false });

    await expect(run).rejects.toMatchObject({ name: 'CanarySqlError', message: `the secret ${PRIMARY_SECRET} has no "username" and "password" (as an RDS-managed secret has)` });
    await expect(run).rejects.not.toMatchObject({ message: expect.stringContaining('hunter2') });
  });
});
