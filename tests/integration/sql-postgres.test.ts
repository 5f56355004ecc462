// SQL checks against the real PostgreSQL on this machine, as the validation Lambda runs them on a restored copy.
import type { Client } from 'pg';
import { connectPostgres } from '../../lib/checks/sql/postgres';
import { runSqlChecks } from '../../lib/checks/sql/run-sql-checks';
import { CheckSetupError, type SqlEndpoint, type SqlSession } from '../../lib/checks/types';
import {
  adminPostgres,
  closedPort,
  createPostgresPatients,
  PATIENT_ROWS,
  POSTGRES,
  postgresRowState,
  silentServer,
  TIMEOUTS,
  uniqueSuffix,
} from './sql-fixtures';

const suffix = uniqueSuffix();
const patients = `patients_${suffix}`;
const stalePatients = `stale_patients_${suffix}`;
const role = `drdrill_test_${suffix}`;
const THREE_DAYS = 3 * 86_400;

let admin: Client;
const sessions: SqlSession[] = [];

async function open(endpoint: Partial<SqlEndpoint> = {}, timeouts: Partial<typeof TIMEOUTS> = {}): Promise<SqlSession> {
  const session = await connectPostgres({ ...POSTGRES, ...endpoint }, { ...TIMEOUTS, ...timeouts });
  sessions.push(session);
  return session;
}

beforeAll(async () => {
  admin = await adminPostgres();
  await createPostgresPatients(admin, patients, 300);
  await createPostgresPatients(admin, stalePatients, THREE_DAYS, 10);
  // Trust auth on 127.0.0.1 accepts any password, so the server refuses this role for another reason: no LOGIN.
  await admin.query(`CREATE ROLE ${role} NOLOGIN PASSWORD 'right-password'`);
});

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  if (!admin) return;
  await admin.query(`DROP TABLE IF EXISTS ${patients}, ${stalePatients}`);
  await admin.query(`DROP ROLE IF EXISTS ${role}`);
  await admin.end();
});

describe('SQL checks on PostgreSQL', () => {
  it('pass on a restored database in good shape: enough rows, fresh data, no nulls', async () => {
    const session = await open();

    const outcomes = await runSqlChecks(session, [
      { name: 'patients present', query: `SELECT count(*) FROM ${patients}`, expect: '>= 1000' },
      { name: 'recent updates', query: `SELECT extract(epoch FROM now() - max(updated_at)) FROM ${patients}`, expect: '<= 86400', freshness: true },
      { name: 'last update recorded', query: `SELECT max(updated_at) FROM ${patients}`, expect: 'not null' },
    ]);

    expect(outcomes.map((o) => o.result)).toEqual([
      { name: 'patients present', passed: true, value: PATIENT_ROWS, expected: '>= 1000', reason: `value ${PATIENT_ROWS} is >= 1000` },
      { name: 'recent updates', passed: true, value: expect.any(Number), expected: '<= 86400', reason: expect.stringMatching(/^value [\d.]+ is <= 86400$/) },
      { name: 'last update recorded', passed: true, value: '(text)', expected: 'not null', reason: 'value is not null' },
    ]);
    expect(outcomes[1]?.dataAgeSeconds).toBeGreaterThanOrEqual(300);
    expect(outcomes[1]?.dataAgeSeconds).toBeLessThan(300 + 60);
  });

  it('fails a check on a table that was not restored, saying which relation is missing', async () => {
    const session = await open();

    const [outcome] = await runSqlChecks(session, [{ name: 'appointments present', query: `SELECT count(*) FROM appointments_${suffix}`, expect: '>= 1' }]);

    expect(outcome?.result).toEqual({
      name: 'appointments present',
      passed: false,
      value: null,
      expected: '>= 1',
      reason: `query failed: relation "appointments_${suffix}" does not exist`,
    });
  });

  it('fails when there are too few rows, showing the count', async () => {
    const session = await open();

    const [outcome] = await runSqlChecks(session, [{ name: 'patients present', query: `SELECT count(*) FROM ${patients}`, expect: '>= 5000' }]);

    expect(outcome?.result).toMatchObject({ passed: false, value: PATIENT_ROWS, reason: `value ${PATIENT_ROWS} is not >= 5000` });
  });

  it('fails on stale data and reports how old the newest row is', async () => {
    const session = await open();

    const [outcome] = await runSqlChecks(session, [
      { name: 'recent updates', query: `SELECT extract(epoch FROM now() - max(updated_at)) FROM ${stalePatients}`, expect: '<= 86400', freshness: true },
    ]);

    expect(outcome?.result.passed).toBe(false);
    expect(outcome?.result.reason).toMatch(/^value [\d.]+ is not <= 86400$/);
    expect(outcome?.dataAgeSeconds).toBeGreaterThanOrEqual(THREE_DAYS);
    expect(outcome?.dataAgeSeconds).toBeLessThan(THREE_DAYS + 60);
  });

  it('refuses checks that write, and the data is unchanged afterwards', async () => {
    const session = await open();

    const outcomes = await runSqlChecks(session, [
      { name: 'insert', query: `INSERT INTO ${patients} VALUES (99999, 'Test Patient 9999', now())`, expect: 'null' },
      { name: 'update', query: `UPDATE ${patients} SET full_name = 'changed'`, expect: 'null' },
      { name: 'delete', query: `DELETE FROM ${patients}`, expect: 'null' },
      { name: 'drop', query: `DROP TABLE ${patients}`, expect: 'null' },
      { name: 'still counts', query: `SELECT count(*) FROM ${patients}`, expect: `= ${PATIENT_ROWS}` },
    ]);
    await session.close();

    expect(outcomes.map((o) => [o.result.name, o.result.passed, o.result.reason])).toEqual([
      ['insert', false, 'query failed: cannot execute INSERT in a read-only transaction'],
      ['update', false, 'query failed: cannot execute UPDATE in a read-only transaction'],
      ['delete', false, 'query failed: cannot execute DELETE in a read-only transaction'],
      ['drop', false, 'query failed: cannot execute DROP TABLE in a read-only transaction'],
      ['still counts', true, `value ${PATIENT_ROWS} is = ${PATIENT_ROWS}`],
    ]);
    expect(await postgresRowState(admin, patients)).toEqual({ rows: PATIENT_ROWS, untouched: PATIENT_ROWS });
  });

  it('keeps later checks read-only even after a check ends the transaction and asks for read-write', async () => {
    const session = await open();

    const outcomes = await runSqlChecks(session, [
      { name: 'commit', query: 'COMMIT', expect: 'null' },
      { name: 'read-write default', query: 'SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE', expect: 'null' },
      { name: 'commit again', query: 'COMMIT', expect: 'null' },
      { name: 'delete', query: `DELETE FROM ${patients}`, expect: 'null' },
    ]);
    await session.close();

    expect(outcomes[3]?.result.reason).toBe('query failed: cannot execute DELETE in a read-only transaction');
    expect(await postgresRowState(admin, patients)).toEqual({ rows: PATIENT_ROWS, untouched: PATIENT_ROWS });
  });

  it('runs one statement per check, so a second one cannot ride along', async () => {
    const session = await open();

    const [outcome] = await runSqlChecks(session, [{ name: 'smuggled', query: `SELECT 1; COMMIT; DELETE FROM ${patients}`, expect: '= 1' }]);
    await session.close();

    expect(outcome?.result.reason).toBe('query failed: cannot insert multiple commands into a prepared statement');
    expect(await postgresRowState(admin, patients)).toEqual({ rows: PATIENT_ROWS, untouched: PATIENT_ROWS });
  });

  it('cuts a slow query at the statement timeout, fails it with a timeout reason, and runs the next check', async () => {
    const session = await open({}, { statementTimeoutMs: 1_000 });
    const started = Date.now();

    const outcomes = await runSqlChecks(session, [
      { name: 'slow', query: 'SELECT count(*) FROM pg_sleep(5)', expect: '= 1' },
      { name: 'patients present', query: `SELECT count(*) FROM ${patients}`, expect: '>= 1000' },
    ]);

    expect(Date.now() - started).toBeLessThan(4_000);
    expect(outcomes.map((o) => [o.result.passed, o.result.reason])).toEqual([
      [false, 'query failed: cancelled: the query ran longer than the statement timeout (1 s)'],
      [true, `value ${PATIENT_ROWS} is >= 1000`],
    ]);
  });

  it('never puts a row value in a reason, even when the database error quotes one', async () => {
    const session = await open();

    const [outcome] = await runSqlChecks(session, [{ name: 'name as number', query: `SELECT full_name::int FROM ${patients} ORDER BY id`, expect: '>= 0' }]);

    expect(outcome?.result.reason).toBe('query failed: invalid input syntax for type integer: "…"');
    expect(JSON.stringify(outcome)).not.toContain('Test Patient');
  });

  it('can be closed twice, and refuses queries once closed', async () => {
    const session = await open();

    await session.close();
    await session.close();

    await expect(session.scalar('SELECT 1')).rejects.toThrow('the session is closed');
  });
});

describe('connecting to PostgreSQL', () => {
  const refusal = async (endpoint: Partial<SqlEndpoint>, timeouts: Partial<typeof TIMEOUTS> = {}): Promise<unknown> =>
    open(endpoint, timeouts).then(
      () => new Error('connected, but should not have'),
      (error: unknown) => error,
    );

  it('refuses a database that does not exist with one clean line', async () => {
    const error = await refusal({ database: `missing_${suffix}`, password: 'wrong-password' });

    expect(error).toBeInstanceOf(CheckSetupError);
    expect((error as Error).message).toBe(
      `cannot connect to postgres at 127.0.0.1:5432 (database missing_${suffix}, user postgres): database "missing_${suffix}" does not exist`,
    );
  });

  it('refuses a user the server will not let in, without showing the password', async () => {
    const error = await refusal({ user: role, password: 'wrong-password' });

    expect(error).toBeInstanceOf(CheckSetupError);
    expect((error as Error).message).toBe(`cannot connect to postgres at 127.0.0.1:5432 (database test, user ${role}): role "${role}" is not permitted to log in`);
    expect((error as Error).message).not.toContain('wrong-password');
  });

  it('says the connection was refused when nothing listens on the port', async () => {
    const port = await closedPort();

    const error = await refusal({ port });

    expect(error).toBeInstanceOf(CheckSetupError);
    expect((error as Error).message).toBe(
      `cannot connect to postgres at 127.0.0.1:${port} (database test, user postgres): connection refused (is the database running and listening on that port?)`,
    );
  });

  it('gives up on a server that never answers after the connect timeout', async () => {
    const silent = await silentServer();
    try {
      const error = await refusal({ port: silent.port }, { connectTimeoutMs: 500 });

      expect(error).toBeInstanceOf(CheckSetupError);
      expect((error as Error).message).toMatch(/: no answer within 0\.5 s$/);
    } finally {
      await silent.close();
    }
  });

  it('with TLS required, refuses a server that offers none', async () => {
    const error = await refusal({ tls: true });

    expect(error).toBeInstanceOf(CheckSetupError);
    expect((error as Error).message).toBe('cannot connect to postgres at 127.0.0.1:5432 (database test, user postgres): The server does not support SSL connections');
  });
});
