// The contracts between the validation Lambda and the check runners, so each runner can be tested on its own
// (against real servers, dynalite or mocked clients) and the local simulation can plug in its own databases.
import type { CheckResult } from '../drill/contracts';
import type { SqlCheck } from '../plan/validation-schema';

export type { CheckResult };

/** Where to connect for SQL checks: the restored endpoint plus the credentials from the plan's secret. */
export interface SqlEndpoint {
  engine: 'postgres' | 'mysql';
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** Verify the server's certificate (Lambda's Node.js runtimes trust the Amazon RDS CAs); off for local servers. */
  tls?: boolean;
}

/**
 * An open session inside a READ ONLY transaction with a per-statement timeout. `query` returns the first column of
 * the first row (what expectations compare) and the row count; rows themselves never leave the runner.
 */
export interface SqlSession {
  scalar(sql: string): Promise<{ value: unknown; rowCount: number }>;
  /** Rolls back and disconnects; safe to call twice. */
  close(): Promise<void>;
}

export type SqlConnector = (endpoint: SqlEndpoint, options: { statementTimeoutMs: number; connectTimeoutMs: number }) => Promise<SqlSession>;

/** A failure to even start checking (bad credentials, unreachable host): one clear line, never a stack trace. */
export class CheckSetupError extends Error {
  override readonly name = 'CheckSetupError';
}

export type { SqlCheck };

/** A SQL check's outcome, plus the data's own age when the check measures freshness (seconds). */
export interface SqlCheckOutcome {
  result: CheckResult;
  dataAgeSeconds: number | null;
}
