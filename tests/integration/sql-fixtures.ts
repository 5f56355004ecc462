// The real PostgreSQL and MariaDB on this machine, and restored-looking tables in them. Every run makes its own
// uniquely named tables and users (other runs may share the servers) and drops them after. The rows are obviously
// fake: "Test Patient 0001".
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { Client } from 'pg';
import { createConnection, type Connection } from 'mysql2/promise';
import type { SqlEndpoint } from '../../lib/checks/types';

export const PATIENT_ROWS = 1200;

export const POSTGRES: SqlEndpoint = { engine: 'postgres', host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres', password: '' };
export const MARIADB: SqlEndpoint = { engine: 'mysql', host: '127.0.0.1', port: 3306, database: 'test', user: 'root', password: '' };

export const TIMEOUTS = { statementTimeoutMs: 5_000, connectTimeoutMs: 3_000 };

const START_POSTGRES = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';
const START_MARIADB = 'start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd';

/** A suffix for this run's tables and users: lower-case, so it needs no quoting in either dialect. */
export const uniqueSuffix = (): string => randomBytes(4).toString('hex');

/** A normal (read-write) connection for setting up and for looking at the data behind the checks' back. */
export async function adminPostgres(): Promise<Client> {
  const client = new Client({ host: POSTGRES.host, port: POSTGRES.port, database: POSTGRES.database, user: POSTGRES.user, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    // Fail, not skip: a suite that silently skips its database tests proves nothing.
    throw new Error(`PostgreSQL is not reachable at 127.0.0.1:5432 (${(error as Error).message}); start it with: ${START_POSTGRES}`);
  }
  return client;
}

export async function adminMariadb(): Promise<Connection> {
  try {
    return await createConnection({ host: MARIADB.host, port: MARIADB.port, database: MARIADB.database, user: MARIADB.user, connectTimeout: 3_000 });
  } catch (error) {
    throw new Error(`MariaDB is not reachable at 127.0.0.1:3306 (${(error as Error).message}); start it with: ${START_MARIADB}`);
  }
}

/** Patient-like rows last updated `ageSeconds` ago. */
export async function createPostgresPatients(admin: Client, table: string, ageSeconds: number, rows = PATIENT_ROWS): Promise<void> {
  await admin.query(`CREATE TABLE ${table} (id integer PRIMARY KEY, full_name text NOT NULL, updated_at timestamptz NOT NULL)`);
  await admin.query(
    `INSERT INTO ${table} SELECT i, 'Test Patient ' || lpad(i::text, 4, '0'), now() - make_interval(secs => $1) FROM generate_series(1, $2) AS i`,
    [ageSeconds, rows],
  );
}

export async function createMariadbPatients(admin: Connection, table: string, ageSeconds: number, rows = PATIENT_ROWS): Promise<void> {
  await admin.query(`CREATE TABLE ${table} (id int PRIMARY KEY, full_name varchar(40) NOT NULL, updated_at datetime NOT NULL) ENGINE=InnoDB`);
  await admin.query(
    `INSERT INTO ${table} SELECT seq, concat('Test Patient ', lpad(seq, 4, '0')), now() - INTERVAL ? SECOND FROM seq_1_to_${rows}`,
    [ageSeconds],
  );
}

/** What the checks must not have changed: how many rows there are, and how many still have their original name. */
export async function postgresRowState(admin: Client, table: string): Promise<{ rows: number; untouched: number }> {
  const { rows } = await admin.query<{ rows: string; untouched: string }>(
    `SELECT count(*) AS rows, count(*) FILTER (WHERE full_name = 'Test Patient ' || lpad(id::text, 4, '0')) AS untouched FROM ${table}`,
  );
  return { rows: Number(rows[0]?.rows), untouched: Number(rows[0]?.untouched) };
}

export async function mariadbRowState(admin: Connection, table: string): Promise<{ rows: number; untouched: number }> {
  const [rows] = await admin.query(
    `SELECT count(*) AS \`rows\`, sum(full_name = concat('Test Patient ', lpad(id, 4, '0'))) AS untouched FROM ${table}`,
  );
  const row = (rows as { rows: number | string; untouched: number | string }[])[0];
  return { rows: Number(row?.rows), untouched: Number(row?.untouched) };
}

/** A TCP server that accepts connections and never says a word: a database that hangs. */
export async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      // close() alone would wait for the hung sockets.
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A port nothing listens on: one the OS just handed out and took back. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
