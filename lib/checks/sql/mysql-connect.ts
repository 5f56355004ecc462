// Opening a MySQL/MariaDB connection the way every dr-drill session does (checks read, the failover canary writes):
// a bounded connect, TLS verified unless told otherwise, one statement per call, a failure described in one line
// without the password. What the session then does is the caller's.
import { createConnection, type Connection } from 'mysql2/promise';
import type { SqlEndpoint } from '../types';
import { connectFailure } from './driver-errors';

export async function openMysql(endpoint: SqlEndpoint, options: { connectTimeoutMs: number }, fail: (message: string) => Error): Promise<Connection> {
  const connectTimeoutMs = Math.max(1, Math.round(options.connectTimeoutMs));
  let connection: Connection;
  try {
    connection = await createConnection({
      host: endpoint.host,
      port: endpoint.port,
      database: endpoint.database,
      user: endpoint.user,
      password: endpoint.password,
      connectTimeout: connectTimeoutMs,
      ssl: endpoint.tls ? { rejectUnauthorized: true } : undefined,
      // Counts beyond 2^53 come back as exact strings rather than rounded numbers.
      supportBigNumbers: true,
      multipleStatements: false,
    });
  } catch (error) {
    const timedOut = (error as { code?: unknown }).code === 'ETIMEDOUT';
    throw fail(connectFailure(error, endpoint, { timedOut, connectTimeoutMs }));
  }
  // Without a listener, a connection the server drops between statements would crash the process.
  connection.on('error', () => undefined);
  return connection;
}
