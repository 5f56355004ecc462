// Opening a PostgreSQL connection the way every dr-drill session does (checks read, the failover canary writes):
// a bounded connect, TLS verified against the Amazon RDS CAs unless told otherwise, and a failure described in
// one line without the password. What the session then does is the caller's.
import { Client } from 'pg';
import type { SqlEndpoint } from '../types';
import { connectFailure } from './driver-errors';

/** pg reports its own connect timeout as "Connection terminated unexpectedly": only the clock tells them apart. */
const CLOCK_SLACK_MS = 5;

export async function openPostgres(
  endpoint: SqlEndpoint,
  options: { connectTimeoutMs: number; applicationName: string; statementTimeoutMs?: number },
  fail: (message: string) => Error,
): Promise<Client> {
  const connectTimeoutMs = Math.max(1, Math.round(options.connectTimeoutMs));
  const client = new Client({
    host: endpoint.host,
    port: endpoint.port,
    database: endpoint.database,
    user: endpoint.user,
    password: endpoint.password,
    connectionTimeoutMillis: connectTimeoutMs,
    ...(options.statementTimeoutMs !== undefined ? { statement_timeout: options.statementTimeoutMs } : {}),
    ssl: endpoint.tls ? { rejectUnauthorized: true } : false,
    application_name: options.applicationName,
  });
  // Without a listener, a connection the server drops between statements would crash the process; the next
  // statement fails instead, and its caller reports it.
  client.on('error', () => undefined);
  const started = Date.now();
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    const timedOut = Date.now() - started >= connectTimeoutMs - CLOCK_SLACK_MS;
    throw fail(connectFailure(error, endpoint, { timedOut, connectTimeoutMs }));
  }
  return client;
}
