// The failover canary against the real PostgreSQL and MariaDB on this machine: the production CanaryStore with its
// connection resolution pointed at 127.0.0.1 instead of Secrets Manager and DescribeDBClusters. Each run makes its
// own tables and users and drops them after.
import type { Client } from 'pg';
import type { Connection } from 'mysql2/promise';
import { failoverCanary } from '../../functions/failover-canary/failover-canary';
import { sqlCanaryStore, type CanaryConnection } from '../../lib/failover/canary-sql';
import type { CanaryEndpoint, CanaryStore } from '../../lib/failover/ports';
import { failoverDeps, failoverItem } from '../unit/functions/failover-fixtures';
import { adminMariadb, adminPostgres, closedPort, uniqueSuffix } from './sql-fixtures';

const suffix = uniqueSuffix();
const TIMEOUTS = { connectTimeoutMs: 3_000, statementTimeoutMs: 5_000 };

/** A canary endpoint as the canary function builds it; only table, engine, database and region matter here. */
function endpoint(engine: 'postgres' | 'mysql', table: string, region = 'eu-west-1'): CanaryEndpoint {
  return {
    clusterArn: `arn:aws:rds:${region}:111122223333:cluster:patients-db`,
    region,
    engine,
    database: 'test',
    table,
    secretArn: `arn:aws:secretsmanager:${region}:111122223333:secret:canary-AbCdEf`,
    dataApi: false,
  };
}

/** The store Lambda uses, resolving every endpoint to the local server as `user`. */
function localStore(connection: Omit<CanaryConnection, 'tls'>): CanaryStore {
  return sqlCanaryStore({ resolve: async () => ({ ...connection, tls: false }), ...TIMEOUTS });
}

/** ISO times rounded outwards to whole milliseconds: the store reports milliseconds. */
const floorIso = (epochSeconds: number) => new Date(Math.floor(epochSeconds * 1000)).toISOString();
const ceilIso = (epochSeconds: number) => new Date(Math.ceil(epochSeconds * 1000)).toISOString();

describe('the canary on PostgreSQL', () => {
  const writer = `drdrill_canary_${suffix}`;
  const reader = `drdrill_canary_ro_${suffix}`;
  const table = `dr_drill_canary_${suffix}`;
  // Quoted on purpose: a mixed-case name only works if the store quotes it exactly as the plan names it.
  const mixedTable = `DrCanary_${suffix}`;
  const emptyTable = `dr_drill_canary_empty_${suffix}`;
  let admin: Client;
  const store = localStore({ host: '127.0.0.1', port: 5432, user: writer, password: 'unused-under-trust-auth' });
  const dbNow = async () => Number((await admin.query<{ t: number }>('SELECT extract(epoch FROM clock_timestamp())::float8 AS t')).rows[0]!.t);

  beforeAll(async () => {
    admin = await adminPostgres();
    await admin.query(`CREATE TABLE ${table} (drill_id text NOT NULL, written_at timestamptz NOT NULL)`);
    // timestamp WITHOUT time zone: the value depends on the session's zone, which this role sets far from UTC.
    await admin.query(`CREATE TABLE "${mixedTable}" (drill_id text NOT NULL, written_at timestamp NOT NULL)`);
    await admin.query(`CREATE TABLE ${emptyTable} (drill_id text NOT NULL, written_at timestamptz NOT NULL)`);
    await admin.query(`CREATE ROLE ${writer} LOGIN`);
    await admin.query(`ALTER ROLE ${writer} SET TimeZone = 'Pacific/Auckland'`);
    await admin.query(`CREATE ROLE ${reader} LOGIN`);
    await admin.query(`GRANT SELECT, INSERT ON ${table}, "${mixedTable}", ${emptyTable} TO ${writer}`);
    await admin.query(`GRANT SELECT ON ${table} TO ${reader}`);
  });

  afterAll(async () => {
    if (!admin) return;
    await admin.query(`DROP TABLE IF EXISTS ${table}, "${mixedTable}", ${emptyTable}`);
    await admin.query(`DROP ROLE IF EXISTS ${writer}`);
    await admin.query(`DROP ROLE IF EXISTS ${reader}`);
    await admin.end();
  });

  it('writes the marker with the database clock and finds it again', async () => {
    const before = await dbNow();
    const { writtenAt } = await store.write(endpoint('postgres', table), 'd0000001-patients-global');
    const after = await dbNow();

    const read = await store.read(endpoint('postgres', table, 'eu-west-2'), 'd0000001-patients-global');

    expect(writtenAt >= floorIso(before) && writtenAt <= ceilIso(after)).toBe(true);
    expect(read).toEqual({ writtenAt, newestWrittenAt: writtenAt });
    const { rows } = await admin.query(`SELECT drill_id FROM ${table}`);
    expect(rows).toEqual([{ drill_id: 'd0000001-patients-global' }]);
  });

  it('reads a missing marker as null beside the newest row there is, and an empty table as two nulls', async () => {
    await store.write(endpoint('postgres', table), 'd0000002-patients-global');

    const missing = await store.read(endpoint('postgres', table), 'd9999999-patients-global');
    const empty = await store.read(endpoint('postgres', emptyTable), 'd0000002-patients-global');

    expect(missing.writtenAt).toBeNull();
    expect(missing.newestWrittenAt).not.toBeNull();
    expect(empty).toEqual({ writtenAt: null, newestWrittenAt: null });
  });

  it('takes a retried write of the same marker as one, answering its newest time', async () => {
    const first = await store.write(endpoint('postgres', table), 'd0000003-patients-global');
    const second = await store.write(endpoint('postgres', table), 'd0000003-patients-global');

    const read = await store.read(endpoint('postgres', table), 'd0000003-patients-global');

    expect(second.writtenAt >= first.writtenAt).toBe(true);
    expect(read.writtenAt).toBe(second.writtenAt);
  });

  it('quotes a mixed-case table name exactly and writes UTC into a timestamp column whatever the role\'s time zone', async () => {
    const before = await dbNow();
    const { writtenAt } = await store.write(endpoint('postgres', `public.${mixedTable}`), 'd0000004-patients-global');
    const after = await dbNow();

    expect(writtenAt >= floorIso(before) && writtenAt <= ceilIso(after)).toBe(true);
    expect((await store.read(endpoint('postgres', mixedTable), 'd0000004-patients-global')).writtenAt).toBe(writtenAt);
  });

  it('refuses the write of a user without INSERT, and still lets it read', async () => {
    const readOnly = localStore({ host: '127.0.0.1', port: 5432, user: reader, password: '' });

    const write = readOnly.write(endpoint('postgres', table), 'd0000005-patients-global');

    await expect(write).rejects.toMatchObject({ name: 'CanarySqlError', message: `permission denied for table ${table}` });
    await expect(readOnly.read(endpoint('postgres', table), 'd0000005-patients-global')).resolves.toMatchObject({ writtenAt: null });
  });

  it('fails the canary function with CanaryWriteError naming the cluster when the write is refused', async () => {
    const item = failoverItem((i) => {
      i.target.canary.table = table;
      i.target.canary.database = 'test';
    });
    const deps = failoverDeps(undefined, { canary: localStore({ host: '127.0.0.1', port: 5432, user: reader, password: '' }) });

    const run = failoverCanary({ item, action: 'write' }, deps);

    await expect(run).rejects.toMatchObject({
      name: 'CanaryWriteError',
      message: `the canary marker could not be written in the primary cluster patients-db (eu-west-1): permission denied for table ${table}`,
    });
  });

  it('writes in the primary and reads back in the DR region through the canary function', async () => {
    const item = failoverItem((i) => {
      i.target.canary.table = table;
      i.target.canary.database = 'test';
    });
    const deps = failoverDeps(undefined, { canary: store });

    const written = await failoverCanary({ item, action: 'write' }, deps);
    const read = await failoverCanary({ item, action: 'read', region: 'eu-west-2' }, deps);

    expect(read).toMatchObject({ marker: written.marker, found: true, writtenAt: written.writtenAt, region: 'eu-west-2' });
  });

  it('says where it could not connect, without a password', async () => {
    const port = await closedPort();
    const nowhere = localStore({ host: '127.0.0.1', port, user: writer, password: 's3cret-pw' });

    const run = nowhere.write(endpoint('postgres', table), 'd0000006-patients-global');

    await expect(run).rejects.toMatchObject({
      name: 'CanarySqlError',
      message: `cannot connect to postgres at 127.0.0.1:${port} (database test, user ${writer}): connection refused (is the database running and listening on that port?)`,
    });
  });
});

describe('the canary on MariaDB', () => {
  const writer = `drdrill_canary_${suffix}`;
  const reader = `drdrill_canary_ro_${suffix}`;
  const table = `dr_drill_canary_${suffix}`;
  let admin: Connection;
  const store = localStore({ host: '127.0.0.1', port: 3306, user: writer, password: `pw-${suffix}` });
  const dbNow = async () => {
    const [rows] = await admin.query('SELECT UNIX_TIMESTAMP(NOW(6)) AS t');
    return Number((rows as { t: string }[])[0]!.t);
  };

  beforeAll(async () => {
    admin = await adminMariadb();
    // DATETIME: like PostgreSQL's timestamp without time zone, its meaning depends on the session's time zone.
    await admin.query(`CREATE TABLE ${table} (drill_id varchar(80) NOT NULL, written_at datetime(6) NOT NULL) ENGINE=InnoDB`);
    for (const user of [writer, reader]) await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY 'pw-${suffix}'`);
    await admin.query(`GRANT SELECT, INSERT ON test.${table} TO '${writer}'@'%'`);
    await admin.query(`GRANT SELECT ON test.${table} TO '${reader}'@'%'`);
  });

  afterAll(async () => {
    if (!admin) return;
    await admin.query(`DROP TABLE IF EXISTS ${table}`);
    for (const user of [writer, reader]) await admin.query(`DROP USER IF EXISTS '${user}'@'%'`);
    await admin.end();
  });

  it('writes the marker with the database clock and finds it again', async () => {
    const before = await dbNow();
    const { writtenAt } = await store.write(endpoint('mysql', table), 'd0000001-patients-global');
    const after = await dbNow();

    const read = await store.read(endpoint('mysql', `test.${table}`, 'eu-west-2'), 'd0000001-patients-global');

    expect(writtenAt >= floorIso(before) && writtenAt <= ceilIso(after)).toBe(true);
    expect(read).toEqual({ writtenAt, newestWrittenAt: writtenAt });
  });

  it('reads a missing marker as null beside the newest row there is', async () => {
    const { writtenAt } = await store.write(endpoint('mysql', table), 'd0000002-patients-global');

    const missing = await store.read(endpoint('mysql', table), 'd9999999-patients-global');

    expect(missing).toEqual({ writtenAt: null, newestWrittenAt: writtenAt });
  });

  it('binds the marker as a value: quotes in it are data, not SQL', async () => {
    const odd = "d0000003'); DROP TABLE x; --";

    await store.write(endpoint('mysql', table), odd);

    const [rows] = await admin.query(`SELECT count(*) AS n FROM ${table} WHERE drill_id = ?`, [odd]);
    expect(Number((rows as { n: number }[])[0]!.n)).toBe(1);
  });

  it('refuses the write of a user without INSERT, and still lets it read', async () => {
    const readOnly = localStore({ host: '127.0.0.1', port: 3306, user: reader, password: `pw-${suffix}` });

    const write = readOnly.write(endpoint('mysql', table), 'd0000004-patients-global');

    await expect(write).rejects.toMatchObject({ name: 'CanarySqlError', message: expect.stringContaining(`INSERT command denied to user '${reader}'`) });
    await expect(readOnly.read(endpoint('mysql', table), 'd0000004-patients-global')).resolves.toMatchObject({ writtenAt: null });
  });
});
