// The two things the failover Lambdas do that are not AWS API calls: probe the application's health URL and
// write/read the canary marker in a database. Production implements them with fetch and SQL drivers
// (lib/failover/http-probe.ts, lib/failover/canary-sql.ts); local runs hand in the simulation's versions.

/** One GET of the health URL: a status when the server answered, an error (timeout, refused, DNS) when not. */
export type HttpGet = (url: string, options: { timeoutMs: number }) => Promise<{ status: number }>;

/** Where a canary marker is written or read: one member cluster of the global database, in its own region. */
export interface CanaryEndpoint {
  clusterArn: string;
  region: string;
  engine: 'postgres' | 'mysql';
  database: string;
  table: string;
  secretArn: string;
  dataApi: boolean;
}

export interface CanaryStore {
  /** Inserts (drill_id, written_at = the database's now()) and returns written_at as the database recorded it. */
  write(endpoint: CanaryEndpoint, marker: string): Promise<{ writtenAt: string }>;
  /** The marker's written_at (null when absent) and the newest written_at of any row (null when the table is empty). */
  read(endpoint: CanaryEndpoint, marker: string): Promise<{ writtenAt: string | null; newestWrittenAt: string | null }>;
}
