// Real PostgreSQL behind restored Aurora/RDS PostgreSQL endpoints, so a local drill runs its SQL checks for real.
//
// Each restored database is an in-memory PGlite (PostgreSQL compiled to WebAssembly, in a worker thread: see
// pglite-worker.ts), started on the first connection that gets past authentication (a start takes seconds) and at
// most once per restored resource. It holds what the recovery point held: synthetic, obviously fake patients
// ("Test Patient 0042", NHS-number-like ids "TEST-999-000-0042") and their appointments, deterministic per source
// and seed, the newest row written shortly before the backup. With the validation-failed fault the last
// MISSING_DAYS of writes are absent.
//
// Time. PGlite reads the real clock, the simulation runs on a virtual one, and the data is stamped in virtual time
// (the recovery point's CreationDate is what the AWS APIs report). So inside a session `now()` is the SIMULATED
// time at which the session began (PostgreSQL's now() is its transaction's start, and a session is one
// transaction), and so is `transaction_timestamp()`; `statement_timestamp()` and `clock_timestamp()` are the
// simulated time at which the statement was sent. `SELECT extract(epoch FROM now() - max(updated_at)) FROM
// patients` therefore gives the recovery point's age in simulated seconds (plus the 5-90 s between the last write
// and the backup). These four are functions in a schema put ahead of pg_catalog on the search_path; SQL keywords
// cannot be redirected, so CURRENT_TIMESTAMP, LOCALTIMESTAMP, CURRENT_DATE, 'now'::timestamptz and
// pg_catalog.now() still read the REAL clock: write freshness checks with now().
//
// A session is what a real server gives the check runner: `BEGIN TRANSACTION READ ONLY`, statement_timeout set, as
// the secret's read-only login (a role with SELECT only; current_user names it). The role is entered with SET ROLE
// on PGlite's one superuser connection, so it is no security boundary: what keeps the restored data unchanged is
// that every transaction is read-only, also after a check ends its own with COMMIT. PGlite ignores
// statement_timeout (it runs a statement synchronously, so PostgreSQL's timer never fires): the session enforces it
// instead, failing a statement that runs past it on time with PostgreSQL's error (57014, "canceling statement due
// to statement timeout") and leaving the transaction aborted, as a real cancel does; the engine finishes the
// statement in the background. Values are typed as node-postgres (the production driver) types them: bigint and
// numeric as strings. connectTimeoutMs does not cover the engine's start: a real server is already running.
//
// One database is one PGlite connection, so sessions on it take turns: a second connect waits for the first
// session's close(). Each engine holds about 600 MB until its resource is deleted (it is stopped at the next
// connection after that) or close() is called. MySQL endpoints have no engine here; the connector refuses them with
// a CheckSetupError.
import { CheckSetupError, type SqlConnector, type SqlEndpoint, type SqlSession } from '../../lib/checks/types';
import type { SimClock } from './clock';
import { SimRandom } from './hash';
import { PgliteWorker, pgError } from './pglite-worker';
import { clusterHost, clusterReaderHost, instanceHost } from './rds';
import { phaseAt, type DbCluster, type DbInstance, type RegionState, type RestoredDatabase, type World } from './world';

/** One connection attempt, for tests and the local run's record (where checks read data, and as whom). */
export interface ConnectionRecord {
  /** Virtual time of the attempt. */
  at: string;
  host: string;
  port: number;
  engine: SqlEndpoint['engine'];
  database: string;
  user: string;
  /** The region of the resource the host belongs to, when it names one. */
  region?: string;
  targetId?: string;
  ok: boolean;
  error?: string;
}

/** What a host name resolves to: the resource answering on it and the one whose data it serves. */
interface Resolved {
  region: RegionState;
  /** The restored cluster for an Aurora endpoint (cluster, reader or instance), the instance for RDS. */
  owner: DbCluster | DbInstance;
  engine: string;
  port: number;
  /** Why a connection is refused now (creating, deleting, no available instance), if it is. */
  refused?: string;
}

interface Engine {
  db: PgliteWorker;
  /** Resolves when the previous session on this database has closed. */
  tail: Promise<void>;
}

const CLOCK_SCHEMA = 'drdrill_clock';
const SEARCH_PATH = `${CLOCK_SCHEMA}, pg_catalog, public`;

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

const isPostgres = (engine: string): boolean => engine === 'postgres' || engine === 'aurora-postgresql';

export class SimDatabases {
  readonly connections: ConnectionRecord[] = [];
  private readonly engines = new Map<DbCluster | DbInstance, Promise<Engine>>();
  private startedCount = 0;

  constructor(
    private readonly world: World,
    private readonly clock: SimClock,
  ) {}

  /** Connects to the restored database answering on endpoint.host, as the secret's login. */
  readonly connector: SqlConnector = (endpoint, options) => this.connect(endpoint, options.statementTimeoutMs);

  /** For Deps.sql: the one connector serves both engines (and refuses MySQL with a clear reason). */
  get sql(): Record<SqlEndpoint['engine'], SqlConnector> {
    return { postgres: this.connector, mysql: this.connector };
  }

  /** How many PostgreSQL engines have been started (each takes seconds). */
  get started(): number {
    return this.startedCount;
  }

  /** Stops every engine; sessions still open fail from then on. */
  async close(): Promise<void> {
    const engines = [...this.engines.values()];
    this.engines.clear();
    await Promise.all(engines.map(async (e) => (await e.catch(() => undefined))?.db.close()));
  }

  private async connect(endpoint: SqlEndpoint, statementTimeoutMs: number): Promise<SqlSession> {
    const { host, port, database, user } = endpoint;
    const record: ConnectionRecord = { at: this.clock.nowIso(), host, port, engine: endpoint.engine, database, user, ok: false };
    this.connections.push(record);
    try {
      if (endpoint.engine === 'mysql') {
        throw new CheckSetupError(`the local simulation has no MySQL engine: ${host} cannot be checked locally (MySQL checks are proven against a real server)`);
      }
      const found = this.resolve(host);
      if (!found) throw new CheckSetupError(`getaddrinfo ENOTFOUND ${host}`);
      record.region = found.region.name;
      record.targetId = found.owner.targetId;
      if (port !== found.port) throw new CheckSetupError(`connect ECONNREFUSED ${host}:${port}`);
      if (found.refused) throw new CheckSetupError(`connect ECONNREFUSED ${host}:${port} (${found.refused})`);
      if (!isPostgres(found.engine)) throw new CheckSetupError(`${host}:${port} is a ${found.engine} endpoint: a PostgreSQL client cannot talk to it`);
      if (!found.owner.createdByDrill) {
        throw new CheckSetupError(`connect ETIMEDOUT ${host}:${port} (the simulation serves databases only for restored resources)`);
      }
      const data = found.owner.database;
      // PostgreSQL authenticates before it looks for the database, and never says whether the user exists.
      if (!data || user !== data.username || endpoint.password !== data.password) {
        throw new CheckSetupError(`password authentication failed for user "${user}"`);
      }
      if (database !== data.name) throw new CheckSetupError(`database "${database}" does not exist`);
      const session = await this.open(await this.engineFor(found.owner, data), data, statementTimeoutMs);
      record.ok = true;
      return session;
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  private resolve(host: string): Resolved | undefined {
    const now = this.clock.now();
    const live = (r: DbCluster | DbInstance): boolean => ['creating', 'ready', 'deleting'].includes(phaseAt(r, now));
    const available = (i: DbInstance): boolean => phaseAt(i, now) === 'ready' && i.readyStatus === 'available';
    for (const region of this.world.regions.values()) {
      for (const c of region.dbClusters.values()) {
        if (!live(c) || (clusterHost(c) !== host && clusterReaderHost(c) !== host)) continue;
        const serving = [...region.dbInstances.values()].some((i) => i.clusterId === c.id && available(i));
        const phase = phaseAt(c, now);
        const refused = phase !== 'ready' ? `the DB cluster is ${phase}` : serving ? undefined : 'the DB cluster has no available instance';
        return { region, owner: c, engine: c.engine, port: c.port, refused };
      }
      for (const i of region.dbInstances.values()) {
        if (!live(i) || instanceHost(i) !== host) continue;
        const cluster = i.clusterId ? region.dbClusters.get(i.clusterId) : undefined;
        const refused = available(i) ? undefined : `the DB instance is ${phaseAt(i, now) === 'ready' ? i.readyStatus : phaseAt(i, now)}`;
        return { region, owner: cluster ?? i, engine: i.engine, port: i.port, refused };
      }
    }
    return undefined;
  }

  private engineFor(owner: DbCluster | DbInstance, data: RestoredDatabase): Promise<Engine> {
    this.stopGone();
    let engine = this.engines.get(owner);
    if (!engine) {
      engine = this.start(data);
      this.engines.set(owner, engine);
      // A start that failed is retried by the next connection rather than remembered.
      engine.catch(() => this.engines.get(owner) === engine && this.engines.delete(owner));
    }
    return engine;
  }

  /** Deleted resources take their databases with them: at ~600 MB each, a long local run must not keep them. */
  private stopGone(): void {
    const now = this.clock.now();
    for (const [owner, engine] of this.engines) {
      if (phaseAt(owner, now) !== 'gone') continue;
      this.engines.delete(owner);
      void engine.then((e) => e.db.close()).catch(() => undefined);
    }
  }

  private async start(data: RestoredDatabase): Promise<Engine> {
    this.startedCount++;
    const db = await PgliteWorker.start();
    try {
      await populate(db, data);
    } catch (error) {
      await db.close();
      throw error;
    }
    return { db, tail: Promise.resolve() };
  }

  private async open(engine: Engine, data: RestoredDatabase, statementTimeoutMs: number): Promise<SqlSession> {
    const previous = engine.tail;
    let release!: () => void;
    engine.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    const { db } = engine;
    const at = this.clock.nowIso();
    try {
      await db.query('BEGIN TRANSACTION READ ONLY');
      await db.query(
        `SELECT pg_catalog.set_config('statement_timeout', $1, true), pg_catalog.set_config('search_path', $2, true),
                pg_catalog.set_config('drdrill.now', $3, true), pg_catalog.set_config('drdrill.statement_time', $3, true)`,
        [String(statementTimeoutMs), SEARCH_PATH, at],
      );
      await db.query(`SET LOCAL ROLE ${quoteIdent(data.username)}`);
    } catch (error) {
      await db.query('ROLLBACK').catch(() => undefined);
      release();
      throw error;
    }
    return new PgliteSession(db, this.clock, statementTimeoutMs, release);
  }
}

const TIMEOUT_RAISE = "DO $$ BEGIN RAISE EXCEPTION 'canceling statement due to statement timeout' USING ERRCODE = 'query_canceled'; END $$";

class PgliteSession implements SqlSession {
  private closed = false;
  private timedOut = false;

  constructor(
    private readonly db: PgliteWorker,
    private readonly clock: SimClock,
    private readonly statementTimeoutMs: number,
    private readonly release: () => void,
  ) {}

  async scalar(sql: string): Promise<{ value: unknown; rowCount: number }> {
    if (this.closed) throw new Error('the SQL session is closed');
    await this.db.query("SELECT pg_catalog.set_config('drdrill.statement_time', $1, true)", [this.clock.nowIso()]);
    const statement = this.db.query(sql);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.statementTimeoutMs)));
    try {
      const rows = await Promise.race([statement, timedOut]);
      if (rows === 'timeout') {
        this.timedOut = true;
        statement.catch(() => undefined);
        // Queued behind the running statement, the server's own error leaves the transaction aborted as a cancel does.
        void this.db.query(TIMEOUT_RAISE).catch(() => undefined);
        throw pgError({ message: 'canceling statement due to statement timeout', code: '57014', severity: 'ERROR' });
      }
      return { value: rows[0]?.[0] ?? null, rowCount: rows.length };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // The engine takes requests in order, so the next session's BEGIN already comes after this ROLLBACK.
    const rollback = this.db.query('ROLLBACK').catch(() => undefined);
    this.release();
    // After a timeout the ROLLBACK waits for the runaway statement; a real server would have cancelled it.
    if (!this.timedOut) await rollback;
  }
}

/** Patients and appointments as of `data.dataAsOf`, the login's role, and the simulated clock's functions. */
async function populate(db: PgliteWorker, data: RestoredDatabase): Promise<void> {
  const random = new SimRandom(data.dataKey);
  const patients = random.int(3000, 3999, 'patients');
  // The backup caught the last write this many seconds after it happened.
  const lastWriteLagSeconds = random.int(5, 90, 'last-write', String(data.dataAsOf));
  const asOf = new Date(data.dataAsOf).toISOString();
  const role = quoteIdent(data.username);
  await db.exec(`
    CREATE SCHEMA drdrill_seed;
    CREATE FUNCTION drdrill_seed.unit(key text) RETURNS double precision LANGUAGE sql IMMUTABLE
      AS $$ SELECT ('x' || substr(md5(key), 1, 8))::bit(32)::bigint / 4294967296.0 $$;

    CREATE TABLE patients (
      id integer PRIMARY KEY,
      nhs_number text NOT NULL UNIQUE,
      family_name text NOT NULL,
      given_name text NOT NULL,
      birth_date date NOT NULL,
      updated_at timestamptz NOT NULL
    );
    CREATE TABLE appointments (
      id integer PRIMARY KEY,
      patient_id integer NOT NULL REFERENCES patients (id),
      clinic text NOT NULL,
      starts_at timestamptz NOT NULL,
      status text NOT NULL,
      updated_at timestamptz NOT NULL
    );
    CREATE INDEX patients_updated_at ON patients (updated_at);
    CREATE INDEX appointments_updated_at ON appointments (updated_at);
    CREATE INDEX appointments_patient_id ON appointments (patient_id);

    CREATE SCHEMA ${CLOCK_SCHEMA};
    CREATE FUNCTION ${CLOCK_SCHEMA}.now() RETURNS timestamptz LANGUAGE sql STABLE
      AS $$ SELECT pg_catalog.current_setting('drdrill.now')::timestamptz $$;
    CREATE FUNCTION ${CLOCK_SCHEMA}.transaction_timestamp() RETURNS timestamptz LANGUAGE sql STABLE
      AS $$ SELECT pg_catalog.current_setting('drdrill.now')::timestamptz $$;
    CREATE FUNCTION ${CLOCK_SCHEMA}.statement_timestamp() RETURNS timestamptz LANGUAGE sql STABLE
      AS $$ SELECT pg_catalog.current_setting('drdrill.statement_time')::timestamptz $$;
    CREATE FUNCTION ${CLOCK_SCHEMA}.clock_timestamp() RETURNS timestamptz LANGUAGE sql VOLATILE
      AS $$ SELECT pg_catalog.current_setting('drdrill.statement_time')::timestamptz $$;
  `);
  // $1 data key, $2 backup time, $3 seconds from the last write to the backup, $4 patients.
  const params = [data.dataKey, asOf, lastWriteLagSeconds, patients];
  await db.query(
    `INSERT INTO patients (id, nhs_number, family_name, given_name, birth_date, updated_at)
     SELECT i,
            'TEST-999-' || lpad((i / 10000)::text, 3, '0') || '-' || lpad((i % 10000)::text, 4, '0'),
            'Patient ' || lpad(i::text, 4, '0'),
            'Test',
            date '1930-01-01' + floor(drdrill_seed.unit($1::text || ':dob:' || i) * 34000)::integer,
            $2::timestamptz - $3::integer * interval '1 second'
              - CASE WHEN i = $4::integer THEN interval '0' ELSE drdrill_seed.unit($1::text || ':updated:' || i) * interval '730 days' END
     FROM generate_series(1, $4::integer) AS i`,
    params,
  );
  await db.query(
    `INSERT INTO appointments (id, patient_id, clinic, starts_at, status, updated_at)
     SELECT id, patient_id, clinic, starts_at,
            CASE WHEN starts_at > $2::timestamptz THEN 'booked'
                 WHEN outcome < 0.08 THEN 'did-not-attend'
                 WHEN outcome < 0.15 THEN 'cancelled'
                 ELSE 'attended' END,
            least(starts_at + interval '2 hours', $2::timestamptz - $3::integer * interval '1 second')
              - drdrill_seed.unit($1::text || ':appointment-updated:' || id) * interval '60 days'
     FROM (
       SELECT i AS id,
              1 + floor(drdrill_seed.unit($1::text || ':appointment-patient:' || i) * $4::integer)::integer AS patient_id,
              (ARRAY['Test Cardiology', 'Test Dermatology', 'Test Diabetes', 'Test Fracture', 'Test Maternity', 'Test Respiratory'])
                [1 + floor(drdrill_seed.unit($1::text || ':clinic:' || i) * 6)::integer] AS clinic,
              $2::timestamptz - interval '365 days' + drdrill_seed.unit($1::text || ':starts:' || i) * interval '455 days' AS starts_at,
              drdrill_seed.unit($1::text || ':outcome:' || i) AS outcome
       FROM generate_series(1, 2 * $4::integer) AS i
     ) AS a`,
    params,
  );
  if (data.missingDays > 0) {
    const cutoff = [new Date(data.dataAsOf - data.missingDays * 86_400_000).toISOString()];
    await db.query(
      `DELETE FROM appointments WHERE updated_at > $1::timestamptz
         OR patient_id IN (SELECT id FROM patients WHERE updated_at > $1::timestamptz)`,
      cutoff,
    );
    await db.query('DELETE FROM patients WHERE updated_at > $1::timestamptz', cutoff);
  }
  await db.exec(`
    DROP SCHEMA drdrill_seed CASCADE;
    CREATE ROLE ${role} LOGIN;
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role};
    GRANT USAGE ON SCHEMA ${CLOCK_SCHEMA} TO ${role};
    -- A check that ends the transaction (COMMIT) must still find every later one read-only.
    SET default_transaction_read_only = on;
  `);
}
