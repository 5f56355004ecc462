import { CheckSetupError, type SqlEndpoint, type SqlSession } from '../../lib/checks/types';
import type { Plan, Target } from '../../lib/plan/schema';
import { SimAccount } from '../../local/sim/account';
import { SimClock } from '../../local/sim/clock';
import { copyAndRestore, errorOf, pollUntil } from '../../local/sim/drive';
import { examplePlanWithChecks } from '../../local/sim/example-plan';
import { parseFaults } from '../../local/sim/faults';

const START = Date.UTC(2025, 4, 4, 2, 0, 0);
const MIN = 60_000;
const DR = 'eu-west-1';
const SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:trust/appointments/drill-readonly-Ab12Cd';
const OPTIONS = { statementTimeoutMs: 30_000, connectTimeoutMs: 10_000 };
/** Starting PostgreSQL takes seconds, more on a busy machine. */
const ENGINE_START_MS = 60_000;
const AURORA_METADATA = { DBClusterIdentifier: 'appointments-drill', DBSubnetGroupName: 'dr-isolated-db', VpcSecurityGroupIds: 'sg-0a1b2c3d4e5f60718' };
type Json = Record<string, unknown>;

/** An Aurora PostgreSQL target restored with the instance a drill adds, as validation finds it. */
async function restoredAurora(faults: string[] = []) {
  const plan: Plan = examplePlanWithChecks();
  const clock = new SimClock(START);
  const account = new SimAccount({ clock, regions: ['eu-west-2', DR], faults: parseFaults(faults) });
  account.seedFromPlan(plan);
  const target = plan.targets.find((t) => t.id === 'appointments') as Target;
  const { recoveryPoint, restoreJob } = await copyAndRestore(account, clock, plan, target, AURORA_METADATA);
  await account.call(DR, 'rds', 'CreateDBInstance', {
    DBInstanceIdentifier: 'appointments-drill-db',
    DBClusterIdentifier: 'appointments-drill',
    DBInstanceClass: 'db.r6g.large',
    Engine: 'aurora-postgresql',
  });
  const { DBInstances } = await pollUntil(
    clock,
    () => account.call(DR, 'rds', 'DescribeDBInstances', { DBInstanceIdentifier: 'appointments-drill-db' }),
    (o) => (o.DBInstances as Json[])[0]!.DBInstanceStatus === 'available',
  );
  const { DBClusters } = await account.call(DR, 'rds', 'DescribeDBClusters', { DBClusterIdentifier: 'appointments-drill' });
  const secret = JSON.parse(String((await account.call(DR, 'secretsmanager', 'GetSecretValue', { SecretId: SECRET })).SecretString)) as Json;
  const instance = (DBInstances as Json[])[0]!.Endpoint as Json;
  const endpoint: SqlEndpoint = {
    engine: 'postgres',
    host: String(instance.Address),
    port: Number(instance.Port),
    database: 'appointments',
    user: String(secret.username),
    password: String(secret.password),
  };
  return { plan, clock, account, recoveryPoint, restoreJob, endpoint, cluster: (DBClusters as Json[])[0]!, secret };
}

/** Runs `work` in a session and always closes it, as the check runner does. */
async function withSession<T>(env: Awaited<ReturnType<typeof restoredAurora>>, work: (s: SqlSession) => Promise<T>, options = OPTIONS): Promise<T> {
  const session = await env.account.databases.connector(env.endpoint, options);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}

describe('a restored Aurora PostgreSQL database', () => {
  let env: Awaited<ReturnType<typeof restoredAurora>>;

  beforeAll(async () => {
    env = await restoredAurora();
    // The first connection starts the database; every test after it shares the one engine.
    await withSession(env, async () => undefined);
  }, ENGINE_START_MS);

  afterAll(async () => {
    await env.account.databases.close();
    env.clock.dispose();
  });

  it('answers real SQL through the connector, with node-postgres value types', async () => {
    const { patients, appointments, orphans, fake } = await withSession(env, async (s) => ({
      patients: await s.scalar('SELECT count(*) FROM patients'),
      appointments: await s.scalar('SELECT count(*) FROM appointments;'),
      orphans: await s.scalar('SELECT count(*) FROM appointments a LEFT JOIN patients p ON p.id = a.patient_id WHERE p.id IS NULL'),
      fake: await s.scalar(
        "SELECT count(*) FROM patients WHERE nhs_number NOT LIKE 'TEST-999-%' OR given_name || ' ' || family_name NOT LIKE 'Test Patient %'",
      ),
    }));

    expect(patients).toEqual({ value: expect.stringMatching(/^3\d{3}$/), rowCount: 1 });
    expect(Number(appointments.value)).toBeGreaterThanOrEqual(6000);
    expect(orphans.value).toBe('0');
    expect(fake.value).toBe('0');
  });

  it('answers the RDS Data API only once the HTTP endpoint is enabled on the restored cluster, as a restore leaves it off', async () => {
    const resourceArn = String(env.cluster.DBClusterArn);
    const begin = () => env.account.call(DR, 'rdsdata', 'BeginTransaction', { resourceArn, secretArn: SECRET, database: 'appointments' });
    expect(env.cluster.HttpEndpointEnabled).toBe(false);

    const refused = await errorOf(begin());
    const enabled = await env.account.call(DR, 'rds', 'EnableHttpEndpoint', { ResourceArn: resourceArn });
    const { transactionId } = await begin();
    const count = await env.account.call(DR, 'rdsdata', 'ExecuteStatement', { resourceArn, secretArn: SECRET, database: 'appointments', sql: 'SELECT count(*) FROM patients', transactionId });
    await env.account.call(DR, 'rdsdata', 'RollbackTransaction', { resourceArn, secretArn: SECRET, transactionId });

    expect(refused).toMatchObject({ name: 'HttpEndpointNotEnabledException', message: `HttpEndpoint is not enabled for resource ${resourceArn}` });
    expect(enabled).toEqual({ ResourceArn: resourceArn, HttpEndpointEnabled: true });
    expect(count.records).toEqual([[{ stringValue: expect.stringMatching(/^3\d{3}$/) }]]);
  });

  it('shows the recovery point age, in simulated seconds, as the freshness of its newest row', async () => {
    const age = (env.clock.now() - Date.parse(String(env.recoveryPoint.CreationDate))) / 1000;

    const { freshness, newest, now } = await withSession(env, async (s) => ({
      freshness: Number((await s.scalar('SELECT extract(epoch FROM now() - max(updated_at)) FROM patients')).value),
      newest: (await s.scalar('SELECT max(updated_at) FROM patients')).value as Date,
      now: (await s.scalar('SELECT now()')).value as Date,
    }));

    expect(now.getTime()).toBe(env.clock.now());
    // The backup caught the last write 5-90 s after it happened.
    expect(freshness - age).toBeGreaterThanOrEqual(5);
    expect(freshness - age).toBeLessThanOrEqual(90);
    expect(newest.getTime()).toBeLessThan(Date.parse(String(env.recoveryPoint.CreationDate)));
    expect(age).toBeGreaterThan(2 * 3600);
  });

  it('follows the simulated clock from one session to the next', async () => {
    const before = Number(await withSession(env, async (s) => (await s.scalar('SELECT extract(epoch FROM now() - max(updated_at)) FROM patients')).value));

    await env.clock.sleep(30 * MIN);
    const after = Number(await withSession(env, async (s) => (await s.scalar('SELECT extract(epoch FROM now() - max(updated_at)) FROM patients')).value));

    expect(after - before).toBe(30 * 60);
  });

  it('refuses writes, even after the check ends the transaction', async () => {
    const insert = "INSERT INTO patients VALUES (999999, 'TEST-X', 'Patient X', 'Test', '2000-01-01', now())";

    const first = await withSession(env, (s) => errorOf(s.scalar(insert)));
    const afterCommit = await withSession(env, async (s) => {
      await s.scalar('COMMIT');
      return errorOf(s.scalar(insert));
    });

    expect(first?.message).toBe('cannot execute INSERT in a read-only transaction');
    expect(afterCommit?.message).toBe('cannot execute INSERT in a read-only transaction');
  });

  it('runs the checks as the secret\'s login, in the database the plan names', async () => {
    const { user, create } = await withSession(env, async (s) => ({
      user: (await s.scalar('SELECT current_user')).value,
      create: await errorOf(s.scalar('CREATE TABLE scratch (id integer)')),
    }));

    expect(user).toBe(env.secret.username);
    expect(create?.message).toBe('cannot execute CREATE TABLE in a read-only transaction');
  });

  it('fails a statement that ran past the statement timeout, as PostgreSQL cancels it', async () => {
    const { timeout, next } = await withSession(
      env,
      async (s) => ({
        timeout: await errorOf(s.scalar('SELECT count(*) FROM generate_series(1, 500000)')),
        next: await errorOf(s.scalar('SELECT 1')),
      }),
      { statementTimeoutMs: 1, connectTimeoutMs: 10_000 },
    );

    expect(timeout).toMatchObject({ message: 'canceling statement due to statement timeout', code: '57014' });
    expect(next).toMatchObject({ code: '25P02' });
  });

  it('serves the cluster endpoint and the instance endpoint from one database, started once', async () => {
    const viaCluster = { ...env.endpoint, host: String(env.cluster.Endpoint) };

    const [a, b] = await Promise.all([
      withSession(env, async (s) => (await s.scalar('SELECT count(*) FROM patients')).value),
      (async () => {
        const session = await env.account.databases.connector(viaCluster, OPTIONS);
        const value = (await session.scalar('SELECT count(*) FROM patients')).value;
        await session.close();
        await session.close();
        return value;
      })(),
    ]);

    expect(a).toBe(b);
    expect(env.account.databases.started).toBe(1);
  });

  it('refuses a wrong password, a wrong user and a wrong database as PostgreSQL does', async () => {
    const connect = (change: Partial<SqlEndpoint>) => errorOf(env.account.databases.connector({ ...env.endpoint, ...change }, OPTIONS));

    const errors = await Promise.all([connect({ password: 'guess' }), connect({ user: 'postgres' }), connect({ database: 'postgres' })]);

    expect(errors.map((e) => e instanceof CheckSetupError && e.message)).toEqual([
      `password authentication failed for user "${env.endpoint.user}"`,
      'password authentication failed for user "postgres"',
      'database "postgres" does not exist',
    ]);
  });

  it('refuses endpoints it cannot serve with one clear line', async () => {
    const connect = (change: Partial<SqlEndpoint>) => errorOf(env.account.databases.connector({ ...env.endpoint, ...change }, OPTIONS));
    const production = await env.account.call('eu-west-2', 'rds', 'DescribeDBClusters', { DBClusterIdentifier: 'appointments-prod' });

    const unknown = await connect({ host: 'nope.cluster-abc.eu-west-1.rds.amazonaws.com' });
    const wrongPort = await connect({ port: 3306 });
    const prod = await connect({ host: String((production.DBClusters as Json[])[0]!.Endpoint) });
    const mysql = await connect({ engine: 'mysql' });

    expect(unknown).toEqual(new CheckSetupError('getaddrinfo ENOTFOUND nope.cluster-abc.eu-west-1.rds.amazonaws.com'));
    expect(wrongPort?.message).toBe(`connect ECONNREFUSED ${env.endpoint.host}:3306`);
    expect(prod?.message).toMatch(/^connect ETIMEDOUT .*appointments-prod\.cluster-.*eu-west-2.*restored resources\)$/);
    expect(mysql).toBeInstanceOf(CheckSetupError);
    expect(mysql?.message).toMatch(/the local simulation has no MySQL engine/);
    expect(env.account.databases.connections.filter((c) => !c.ok).every((c) => c.error)).toBe(true);
  });

  it('records where each connection went and as whom', () => {
    const ok = env.account.databases.connections.filter((c) => c.ok);

    expect(new Set(ok.map((c) => `${c.region} ${c.targetId} ${c.user}@${c.database}`))).toEqual(
      new Set([`${DR} appointments ${env.endpoint.user}@appointments`]),
    );
  });
});

describe('a restored Aurora PostgreSQL database under the validation-failed fault', () => {
  let env: Awaited<ReturnType<typeof restoredAurora>>;

  beforeAll(async () => {
    env = await restoredAurora(['validation-failed:appointments']);
  }, ENGINE_START_MS);

  afterAll(async () => {
    await env.account.databases.close();
    env.clock.dispose();
  });

  it('starts no database for a connection that fails to authenticate', async () => {
    const refused = await errorOf(env.account.databases.connector({ ...env.endpoint, password: 'guess' }, OPTIONS));

    expect(refused).toBeInstanceOf(CheckSetupError);
    expect(env.account.databases.started).toBe(0);
  });

  it('comes up available but lacks its last 7 days of writes: the count check passes, the freshness check fails', async () => {
    const age = (env.clock.now() - Date.parse(String(env.recoveryPoint.CreationDate))) / 1000;

    const { patients, freshness } = await withSession(env, async (s) => ({
      patients: Number((await s.scalar('SELECT count(*) FROM patients')).value),
      freshness: Number((await s.scalar('SELECT extract(epoch FROM now() - max(updated_at)) FROM patients')).value),
    }));

    // The example plan's checks: "patients restored" >= 2500, "newest patient update" <= 86400.
    expect(patients).toBeGreaterThanOrEqual(2500);
    expect(freshness).toBeGreaterThan(age + 7 * 86_400);
    expect(freshness).toBeGreaterThan(86_400);
  }, ENGINE_START_MS);
});
