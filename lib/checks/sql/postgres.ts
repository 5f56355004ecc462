// A PostgreSQL session for SQL checks (Aurora PostgreSQL, RDS PostgreSQL): one connection, a READ ONLY transaction,
// a per-statement timeout, rolled back on close.
import type { Client, QueryArrayConfig } from 'pg';
import { CheckSetupError, type SqlConnector, type SqlEndpoint, type SqlSession } from '../types';
import { openPostgres } from './pg-connect';
import {
  firstLine,
  messageOf,
  setupFailure,
  SqlQueryError,
  timeoutReason,
  withoutQuotedValues,
  withoutSecret,
} from './driver-errors';

const SAVEPOINT = 'dr_drill_check';
const NO_ACTIVE_TRANSACTION = '25P01';
const QUERY_CANCELED = '57014';

export const connectPostgres: SqlConnector = async (endpoint, { statementTimeoutMs, connectTimeoutMs }) => {
  const client = await openPostgres(endpoint, { connectTimeoutMs, applicationName: 'dr-drill' }, (message) => new CheckSetupError(message));

  try {
    await client.query(`SET statement_timeout = ${Math.max(1, Math.round(statementTimeoutMs))}`);
    // Also the default for any transaction started after ours, should a check end it.
    await client.query('SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY');
    await client.query('BEGIN TRANSACTION READ ONLY');
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new CheckSetupError(setupFailure(error, endpoint));
  }
  return postgresSession(client, endpoint, statementTimeoutMs);
};

function postgresSession(client: Client, endpoint: SqlEndpoint, statementTimeoutMs: number): SqlSession {
  let closed = false;

  // An error aborts a PostgreSQL transaction: each check runs after a savepoint so a failed one can be undone and
  // the next still runs. The savepoint also proves the check starts inside a transaction: if an earlier check
  // ended ours (COMMIT, ROLLBACK), a new READ ONLY one is begun, so no check ever runs outside one.
  async function enterSavepoint(): Promise<void> {
    try {
      await client.query(`SAVEPOINT ${SAVEPOINT}`);
    } catch (error) {
      if (codeOf(error) !== NO_ACTIVE_TRANSACTION) throw error;
      await client.query('BEGIN TRANSACTION READ ONLY');
      await client.query(`SAVEPOINT ${SAVEPOINT}`);
    }
  }

  function queryFailure(error: unknown): string {
    const code = codeOf(error);
    const message = firstLine(messageOf(error));
    if (code === QUERY_CANCELED && message.includes('statement timeout')) return timeoutReason(statementTimeoutMs);
    // Data exceptions (class 22) quote the value that failed, which is row data.
    const clean = code?.startsWith('22') ? withoutQuotedValues(message) : message;
    return withoutSecret(clean, endpoint.password) || 'the query failed';
  }

  return {
    async scalar(sql) {
      if (closed) throw new SqlQueryError('the session is closed');
      try {
        await enterSavepoint();
      } catch (error) {
        throw new SqlQueryError(queryFailure(error));
      }
      // The extended protocol takes one statement only, so a check cannot smuggle in "COMMIT; DELETE ...".
      const query: QueryArrayConfig & { queryMode: 'extended' } = { text: sql, rowMode: 'array', queryMode: 'extended' };
      try {
        const result = await client.query<unknown[]>(query);
        return { value: result.rows[0]?.[0] ?? null, rowCount: result.rows.length };
      } catch (error) {
        await client.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`).catch(() => undefined);
        throw new SqlQueryError(queryFailure(error));
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
