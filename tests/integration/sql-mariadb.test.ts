// SQL checks against the real MariaDB on this machine (the mysql connector), as the validation Lambda runs them on a
// restored RDS MariaDB or MySQL copy.
import type { Connection } from 'mysql2/promise';
import { connectMysql } from '../../lib/checks/sql/mysql';
import { runSqlChecks } from '../../lib/checks/sql/run-sql-checks';
import { CheckSetupError, type SqlEndpoint, type SqlSession } from '../../lib/checks/types';
import {
  adminMariadb,
  closedPort,
  createMariadbPatients,
  MARIADB,
  mariadbRowState,
  PATIENT_ROWS,
  silentServer,
  TIMEOUTS,
  uniqueSuffix,
} from './sql-fixtures';

const suffix = uniqueSuffix();
const patients = `patients_${suffix}`;
const stalePatients = `stale_patients_${suffix}`;
const user = `drdrill_test_${suffix}`;
const THREE_DAYS = 3 * 86_400;

let admin: Connection;
const sessions: SqlSession[] = [];

async function open(endpoint: Partial<SqlEndpoint> = {}, timeouts: Partial<typeof TIMEOUTS> = {}): Promise<SqlSession> {
  const session = await connectMysql({ ...MARIADB, ...endpoint }, { ...TIMEOUTS, ...timeouts });
  sessions.push(session);
  return session;
}

beforeAll(async () => {
  admin = await adminMariadb();
  await createMariadbPatients(admin, patients, 300);
  await createMariadbPatients(admin, stalePatients, THREE_DAYS, 10);
  await admin.query(`CREATE USER '${user}'@'127.0.0.1' IDENTIFIED BY 'right-password'`);
  await admin.query(`GRANT SELECT ON test.* TO '${user}'@'127.0.0.1'`);
});

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  if (!admin) return;
  await admin.query(`DROP TABLE IF EXISTS ${patients}, ${stalePatients}`);
  await admin.query(`DROP USER IF EXISTS '${user}'@'127.0.0.1'`);
  await admin.end();
});

describe('SQL checks on MariaDB', () => {
  it('pass on a restored database in good shape: enough rows, fresh data, no nulls', async () => {
    const session = await open();

    const outcomes = await runSqlChecks(session, [
      { name: 'patients present', query: `SELECT count(*) FROM ${patients}`, expect: '>= 1000' },
      { name: 'recent updates', query: `SELECT timestampdiff(SECOND, max(updated_at), now()) FROM ${patients}`, expect: '<= 86400', freshness: true },
      { name: 'last update recorded', query: `SELECT max(updated_at) FROM ${patients}`, expect: 'not null' },
    ]);

    expect(outcomes.map((o) => o.result)).toEqual([
      { name: 'patients present', passed: true, value: PATIENT_ROWS, expected: '>= 1000', reason: `value ${PATIENT_ROWS} is >= 1000` },
      { name: 'recent updates', passed: true, value: expect.any(Number), expected: '<= 86400', reason: expect.stringMatching(/^value \d+ is <= 86400$/) },
      { name: 'last update recorded', passed: true, value: '(text)', expected: 'not null', reason: 'value is not null' },
    ]);
    expect(outcomes[1]?.dataAgeSeconds).toBeGreaterThanOrEqual(300);
    expect(outcomes[1]?.dataAgeSeconds).toBeLessThan(300 + 60);
  });

  it('pass for a user that may only read', async () => {
    const session = await open({ user, password: 'right-password' });

    const [outcome] = await runSqlChecks(session, [{ name: 'patients present', query: `SELECT count(*) FROM ${patients}`, expect: '>= 1000' }]);

    expect(outcome?.result.passed).toBe(true);
  });

  it('fails a check on a table that was not restored, saying which table is missing', async () => {
    const session = await open();

    const [outcome] = await runSqlChecks(session, [{ name: 'appointments present', query: `SELECT count(*) FROM appointments_${suffix}`, expect: '>= 1' }]);

    expect(outcome?.result).toEqual({
      name: 'appointments present',
      passed: false,
      value: null,
      expected: '>= 1',
      reason: `query failed: Table 'test.appointments_${suffix}' doesn't exist`,
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
      { name: 'recent updates', query: `SELECT timestampdiff(SECOND, max(updated_at), now()) FROM ${stalePatients}`, expect: '<= 86400', freshness: true },
    ]);

    expect(outcome?.result.passed).toBe(false);
    expect(outcome?.result.reason).toMatch(/^value \d+ is not <= 86400$/);
    expect(outcome?.dataAgeSeconds).toBeGreaterThanOrEqual(THREE_DAYS);
    expect(outcome?.dataAgeSeconds).toBeLessThan(THREE_DAYS + 60);
  });

  it('refuses checks that write or drop, and the data is unchanged afterwards', async () => {
    const session = await open();

    const outcomes = await runSqlChecks(session, [
      { name: 'insert', query: `INSERT INTO ${patients} VALUES (99999, 'Test Patient 9999', now())`, expect: 'null' },
      { name: 'update', query: `UPDATE ${patients} SET full_name = 'changed'`, expect: 'null' },
      { name: 'delete', query: `DELETE FROM ${patients}`, expect: 'null' },
      // DROP commits a READ ONLY transaction implicitly and would then run: only the session default stops it.
      { name: 'drop', query: `DROP TABLE ${patients}`, expect: 'null' },
      { name: 'truncate', query: `TRUNCATE TABLE ${patients}`, expect: 'null' },
      { name: 'still counts', query: `SELECT count(*) FROM ${patients}`, expect: `= ${PATIENT_ROWS}` },
    ]);
    await session.close();

    const refused = 'query failed: Cannot execute statement in a READ ONLY transaction';
    expect(outcomes.map((o) => [o.result.name, o.result.passed, o.result.reason])).toEqual([
      ['insert', false, refused],
      ['update', false, refused],
      ['delete', false, refused],
      ['drop', false, refused],
      ['truncate', false, refused],
      ['still counts', true, `value ${PATIENT_ROWS} is = ${PATIENT_ROWS}`],
    ]);
    expect(await mariadbRowState(admin, patients)).toEqual({ rows: PATIENT_ROWS, untouched: PATIENT_ROWS });
  });

  it('keeps later checks read-only even after a check commits and asks for read-write', async () => {
    const session = await open();

    const outcomes = await runSqlChecks(session, [
      { name: 'commit', query: 'COMMIT', expect: 'null' },
      { name: 'read-write default', query: 'SET SESSION TRANSACTION READ WRITE', expect: 'null' },
      { name: 'drop', query: `DROP TABLE ${patients}`, expect: 'null' },
    ]);
    await session.close();

    expect(outcomes[2]?.result.reason).toBe('query failed: Cannot execute statement in a READ ONLY transaction');
    expect(await mariadbRowState(admin, patients)).toEqual({ rows: PATIENT_ROWS, untouched: PATIENT_ROWS });
  });

  it('runs one statement per check, so a second one cannot ride along', async () => {
    const session = await open();

    const [outcome] = await runSqlChecks(session, [{ name: 'smuggled', query: `SELECT 1; COMMIT; DELETE FROM ${patients}`, expect: '= 1' }]);
    await session.close();

    expect(outcome?.result.reason).toMatch(/^query failed: You have an error in your SQL syntax/);
    expect(await mariadbRowState(admin, patients)).toEqual({ rows: PATIENT_ROWS, untouched: PATIENT_ROWS });
  });

  it('cuts a slow query at the statement timeout, fails it with a timeout reason, and runs the next check', async () => {
    const session = await open({}, { statementTimeoutMs: 1_000 });
    const started = Date.now();

    const outcomes = await runSqlChecks(session, [
      { name: 'slow', query: 'SELECT SLEEP(5)', expect: '= 0' },
      { name: 'patients present', query: `SELECT count(*) FROM ${patients}`, expect: '>= 1000' },
    ]);

    expect(Date.now() - started).toBeLessThan(4_000);
    expect(outcomes.map((o) => [o.result.passed, o.result.reason])).toEqual([
      [false, 'query failed: cancelled: the query ran longer than the statement timeout (1 s)'],
      [true, `value ${PATIENT_ROWS} is >= 1000`],
    ]);
  });

  it('can be closed twice, and refuses queries once closed', async () => {
    const session = await open();

    await session.close();
    await session.close();

    await expect(session.scalar('SELECT 1')).rejects.toThrow('the session is closed');
  });
});

describe('connecting to MariaDB', () => {
  const refusal = async (endpoint: Partial<SqlEndpoint>, timeouts: Partial<typeof TIMEOUTS> = {}): Promise<unknown> =>
    open(endpoint, timeouts).then(
      () => new Error('connected, but should not have'),
      (error: unknown) => error,
    );

  it('refuses a wrong password with one clean line that does not show it', async () => {
    const error = await refusal({ user, password: 'wrong-password' });

    expect(error).toBeInstanceOf(CheckSetupError);
    expect((error as Error).message).toBe(
      `cannot connect to mysql at 127.0.0.1:3306 (database test, user ${user}): Access denied for user '${user}'@'127.0.0.1' (using password: YES)`,
    );
    expect((error as Error).message).not.toContain('wrong-password');
  });

  it('refuses a database that does not exist', async () => {
    const error = await refusal({ database: `missing_${suffix}` });

    expect(error).toBeInstanceOf(CheckSetupError);
    expect((error as Error).message).toBe(`cannot connect to mysql at 127.0.0.1:3306 (database missing_${suffix}, user root): Unknown database 'missing_${suffix}'`);
  });

  it('says the connection was refused when nothing listens on the port', async () => {
    const port = await closedPort();

    const error = await refusal({ port });

    expect((error as Error).message).toBe(
      `cannot connect to mysql at 127.0.0.1:${port} (database test, user root): connection refused (is the database running and listening on that port?)`,
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
    expect((error as Error).message).toBe('cannot connect to mysql at 127.0.0.1:3306 (database test, user root): TLS: Server does not support secure connection');
  });
});
