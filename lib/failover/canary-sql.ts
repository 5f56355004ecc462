// The production CanaryStore (lib/failover/ports.ts): one row (drill_id, written_at) inserted in the primary just
// before the switch and looked for in the new primary after it. Over a connection (pg, mysql2) or the RDS Data API.
// Where to connect and with which credentials is resolved by an injected function (Secrets Manager and
// DescribeDBClusters in Lambda, see canary-resolve.ts; a local server in tests). The table name comes from the plan:
// it is validated again and quoted per dialect; the marker is always a bound parameter.
import { openPostgres } from '../checks/sql/pg-connect';
import { openMysql } from '../checks/sql/mysql-connect';
import { ExecuteStatementCommand, type Field, type RDSDataClient } from '@aws-sdk/client-rds-data';
import { firstLine, messageOf, withoutSecret } from '../checks/sql/driver-errors';
import type { CanaryEndpoint, CanaryStore } from './ports';

/** Where the cluster's writer is reached, as the resolver found it. */
export interface CanaryConnection {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Verify the server certificate (Lambda trusts the Amazon RDS CAs); off only for local servers. */
  tls: boolean;
}

export type CanaryConnectionResolver = (endpoint: CanaryEndpoint) => Promise<CanaryConnection>;

export interface SqlCanaryOptions {
  resolve: CanaryConnectionResolver;
  /** The Data API client for a region, for endpoints with `dataApi: true`. */
  dataApi?: (region: string) => RDSDataClient;
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
}

/** A canary statement failed in the database: one clean line (no password), for CanaryWriteError or CanaryReadError. */
export class CanarySqlError extends Error {
  override readonly name = 'CanarySqlError';
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * `schema.table` quoted for the dialect. Quoted names keep their case in PostgreSQL: the plan must name the table as
 * it was created (an unquoted CREATE TABLE makes it lower-case).
 */
export function quoteTable(table: string, engine: CanaryEndpoint['engine']): string {
  const parts = table.split('.');
  if (parts.length > 2 || !parts.every((p) => IDENTIFIER.test(p))) throw new CanarySqlError(`"${table}" is not a table name`);
  const q = engine === 'postgres' ? '"' : '`';
  return parts.map((p) => `${q}${p}${q}`).join('.');
}

/** Seconds since the epoch as a number, whatever the column type: PostgreSQL and MySQL say it differently. */
const epoch = (expression: string, engine: CanaryEndpoint['engine']) =>
  engine === 'postgres' ? `extract(epoch FROM ${expression})::float8` : `UNIX_TIMESTAMP(${expression})`;

/** The statements, with placeholders in the style of whoever runs them ($1, ?, :marker). */
export function canaryStatements(table: string, engine: CanaryEndpoint['engine'], placeholder: string) {
  const t = quoteTable(table, engine);
  const written = engine === 'postgres' ? '"written_at"' : '`written_at`';
  const drillId = engine === 'postgres' ? '"drill_id"' : '`drill_id`';
  return {
    // The database's own clock: the same clock the new primary's rows are compared by.
    insert: `INSERT INTO ${t} (${drillId}, ${written}) VALUES (${placeholder}, ${engine === 'postgres' ? 'now()' : 'CURRENT_TIMESTAMP(6)'})`,
    writtenAt: `SELECT ${epoch(`max(${written})`, engine)} FROM ${t} WHERE ${drillId} = ${placeholder}`,
    read: `SELECT ${epoch(`max(CASE WHEN ${drillId} = ${placeholder} THEN ${written} END)`, engine)}, ${epoch(`max(${written})`, engine)} FROM ${t}`,
  };
}

/** A statement runner: positional parameters in, rows of values out. */
interface CanarySession {
  run(sql: string, params: string[]): Promise<unknown[][]>;
  close(): Promise<void>;
}

export function sqlCanaryStore(options: SqlCanaryOptions): CanaryStore {
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const statementTimeoutMs = options.statementTimeoutMs ?? 10_000;

  async function withSession<T>(endpoint: CanaryEndpoint, work: (session: CanarySession, placeholder: (n: number) => string) => Promise<T>): Promise<T> {
    if (endpoint.dataApi) {
      if (!options.dataApi) throw new CanarySqlError('this canary store has no RDS Data API client');
      return work(dataApiSession(options.dataApi(endpoint.region), endpoint), () => ':marker');
    }
    const connection = await options.resolve(endpoint);
    const session =
      endpoint.engine === 'postgres'
        ? await postgresSession(endpoint, connection, connectTimeoutMs, statementTimeoutMs)
        : await mysqlSession(endpoint, connection, connectTimeoutMs, statementTimeoutMs);
    try {
      return await work(session, (n) => (endpoint.engine === 'postgres' ? `$${n}` : '?'));
    } finally {
      await session.close();
    }
  }

  return {
    async write(endpoint, marker) {
      return withSession(endpoint, async (session, placeholder) => {
        const sql = canaryStatements(endpoint.table, endpoint.engine, placeholder(1));
        // Autocommit: the row is committed before the switch is asked for. Read back by its marker because MySQL has
        // no RETURNING; a retried write adds a second row with the same marker, which the reads treat as one.
        await session.run(sql.insert, [marker]);
        const rows = await session.run(sql.writtenAt, [marker]);
        const writtenAt = isoFromEpoch(rows[0]?.[0]);
        if (!writtenAt) throw new CanarySqlError('the marker was inserted but could not be read back');
        return { writtenAt };
      });
    },
    async read(endpoint, marker) {
      return withSession(endpoint, async (session, placeholder) => {
        const sql = canaryStatements(endpoint.table, endpoint.engine, placeholder(1));
        // Each statement names the marker once, so one value fits every placeholder style.
        const rows = await session.run(sql.read, [marker]);
        return { writtenAt: isoFromEpoch(rows[0]?.[0]), newestWrittenAt: isoFromEpoch(rows[0]?.[1]) };
      });
    },
  };
}

/** Epoch seconds (a number, or the exact decimal string drivers give) as ISO-8601; null for NULL. */
export function isoFromEpoch(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const seconds = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(seconds)) throw new CanarySqlError(`the database answered "${String(value)}" where a time was expected`);
  return new Date(Math.round(seconds * 1000)).toISOString();
}

async function postgresSession(endpoint: CanaryEndpoint, c: CanaryConnection, connectTimeoutMs: number, statementTimeoutMs: number): Promise<CanarySession> {
  const where = { engine: endpoint.engine, host: c.host, port: c.port, database: endpoint.database, user: c.user, password: c.password, tls: c.tls };
  const client = await openPostgres(where, { connectTimeoutMs, statementTimeoutMs, applicationName: 'dr-drill canary' }, (message) => new CanarySqlError(message));
  try {
    // now() into a timestamp-without-time-zone column is written in the session's zone: UTC, as it is read back.
    await client.query("SET TIME ZONE 'UTC'");
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new CanarySqlError(withoutSecret(`connected to ${c.host}:${c.port} but could not set the session up: ${firstLine(messageOf(error))}`, c.password));
  }
  return {
    async run(sql, params) {
      try {
        return (await client.query<unknown[]>({ text: sql, values: params, rowMode: 'array' })).rows;
      } catch (error) {
        throw new CanarySqlError(withoutSecret(firstLine(messageOf(error)), c.password) || 'the statement failed');
      }
    },
    close: () => client.end().catch(() => undefined),
  };
}

async function mysqlSession(endpoint: CanaryEndpoint, c: CanaryConnection, connectTimeoutMs: number, statementTimeoutMs: number): Promise<CanarySession> {
  const where = { engine: endpoint.engine, host: c.host, port: c.port, database: endpoint.database, user: c.user, password: c.password, tls: c.tls };
  const connection = await openMysql(where, { connectTimeoutMs }, (message) => new CanarySqlError(message));
  try {
    // The session writes and reads times in UTC, so a DATETIME column means the same as a TIMESTAMP one.
    await connection.query("SET time_zone = '+00:00'");
  } catch (error) {
    connection.destroy();
    throw new CanarySqlError(withoutSecret(`connected to ${c.host}:${c.port} but could not set the session up: ${firstLine(messageOf(error))}`, c.password));
  }
  return {
    async run(sql, params) {
      try {
        const [rows] = await connection.query({ sql, values: params, rowsAsArray: true, timeout: statementTimeoutMs });
        return Array.isArray(rows) ? (rows as unknown[][]) : [];
      } catch (error) {
        throw new CanarySqlError(withoutSecret(firstLine(messageOf(error)), c.password) || 'the statement failed');
      }
    },
    close: () => connection.end().catch(() => connection.destroy()),
  };
}

/**
 * The Data API runs each statement on its own (autocommit) with the cluster's own time zone setting, which is UTC
 * unless a parameter group changed it. AWS SDK errors (throttling, a resuming cluster) are passed on unchanged so
 * the caller can tell transient ones apart; a statement the database refused becomes a CanarySqlError.
 */
function dataApiSession(client: RDSDataClient, endpoint: CanaryEndpoint): CanarySession {
  return {
    async run(sql, params) {
      const out = await client.send(
        new ExecuteStatementCommand({
          resourceArn: endpoint.clusterArn,
          secretArn: endpoint.secretArn,
          database: endpoint.database,
          sql,
          parameters: [{ name: 'marker', value: { stringValue: params[0] ?? '' } }],
        }),
      ).catch((error: unknown) => {
        if ((error as Error).name === 'DatabaseErrorException' || (error as Error).name === 'BadRequestException') {
          throw new CanarySqlError(firstLine(messageOf(error)) || 'the statement failed');
        }
        throw error;
      });
      return (out.records ?? []).map((record) => record.map(fieldValue));
    },
    close: async () => undefined,
  };
}

function fieldValue(field: Field): unknown {
  if (field.isNull) return null;
  return field.doubleValue ?? field.longValue ?? field.stringValue ?? null;
}
