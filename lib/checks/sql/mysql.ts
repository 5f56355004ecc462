// A MySQL or MariaDB session for SQL checks (Aurora MySQL, RDS MySQL, RDS MariaDB): one connection, READ ONLY
// transactions, a per-statement timeout, rolled back on close.
import type { Connection } from 'mysql2/promise';
import { openMysql } from './mysql-connect';
import { CheckSetupError, type SqlConnector, type SqlEndpoint, type SqlSession } from '../types';
import {
  firstLine,
  messageOf,
  setupFailure,
  SqlQueryError,
  timeoutReason,
  withoutQuotedValues,
  withoutSecret,
} from './driver-errors';

const ER_STATEMENT_TIMEOUT_MARIADB = 1969;
const ER_QUERY_TIMEOUT_MYSQL = 3024;
// Errors whose messages quote the value that failed (row data), beyond SQLSTATE classes 22 and 23.
const VALUE_ERRNOS = new Set([1062, 1292, 1366, 1367, 1411, 1525]);

export const connectMysql: SqlConnector = async (endpoint, { statementTimeoutMs, connectTimeoutMs }) => {
  const connection = await openMysql(endpoint, { connectTimeoutMs }, (message) => new CheckSetupError(message));

  try {
    const [rows] = await connection.query({ sql: 'SELECT VERSION()', rowsAsArray: true });
    const version = String((rows as unknown[][])[0]?.[0] ?? '');
    // MariaDB and MySQL name and measure the limit differently; Aurora MySQL reports a MySQL version.
    await connection.query(
      /mariadb/i.test(version)
        ? `SET SESSION max_statement_time = ${Math.max(0.001, Number((statementTimeoutMs / 1000).toFixed(3)))}`
        : `SET SESSION max_execution_time = ${Math.max(1, Math.round(statementTimeoutMs))}`,
    );
    await enterReadOnlyTransaction(connection);
  } catch (error) {
    connection.destroy();
    throw new CheckSetupError(setupFailure(error, endpoint));
  }
  return mysqlSession(connection, endpoint, statementTimeoutMs);
};

// A READ ONLY transaction alone does not stop DDL: DROP TABLE commits it implicitly and then runs in autocommit
// mode. The session's default must be READ ONLY too. Both are set again before every check, so a check that
// ended the transaction or changed the default (COMMIT, SET SESSION TRANSACTION READ WRITE) cannot open the way
// for the next one. Each check then reads in its own transaction, which a restored copy nobody writes to allows.
async function enterReadOnlyTransaction(connection: Connection): Promise<void> {
  await connection.query('SET SESSION TRANSACTION READ ONLY');
  await connection.query('START TRANSACTION READ ONLY');
}

function mysqlSession(connection: Connection, endpoint: SqlEndpoint, statementTimeoutMs: number): SqlSession {
  let closed = false;

  function queryFailure(error: unknown): string {
    const { errno, sqlState } = error as { errno?: unknown; sqlState?: unknown };
    if (errno === ER_STATEMENT_TIMEOUT_MARIADB || errno === ER_QUERY_TIMEOUT_MYSQL) return timeoutReason(statementTimeoutMs);
    const message = firstLine(messageOf(error));
    const quotesValue = (typeof sqlState === 'string' && /^2[23]/.test(sqlState)) || (typeof errno === 'number' && VALUE_ERRNOS.has(errno));
    return withoutSecret(quotesValue ? withoutQuotedValues(message) : message, endpoint.password) || 'the query failed';
  }

  return {
    async scalar(sql) {
      if (closed) throw new SqlQueryError('the session is closed');
      try {
        await enterReadOnlyTransaction(connection);
        const [rows] = await connection.query({ sql, rowsAsArray: true });
        // A statement that returns no result set (SET, DO) gives a header object instead of rows.
        const list = Array.isArray(rows) ? (rows as unknown[]) : [];
        const first = list[0];
        return { value: Array.isArray(first) ? (first[0] ?? null) : null, rowCount: list.length };
      } catch (error) {
        // Unlike PostgreSQL, MySQL keeps the transaction usable after an error: nothing to undo.
        throw new SqlQueryError(queryFailure(error));
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await connection.query('ROLLBACK').catch(() => undefined);
      await connection.end().catch(() => connection.destroy());
    },
  };
}
