// The three things the failover Lambdas do that are not AWS API calls: probe the application's health URL,
// write/read the canary marker in a database, and resolve a DNS record as the application's clients do. Production
// implements them with fetch, SQL drivers and node:dns (lib/failover/http-probe.ts, lib/failover/canary-sql.ts,
// lib/failover/dns-resolver.ts); local runs hand in the simulation's versions.

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

export type DnsRecordType = 'A' | 'AAAA' | 'CNAME';

/** What one lookup got: the records (addresses or the CNAME's target), how long the resolver will keep them, the outcome. */
export interface DnsLookup {
  records: string[];
  /** Seconds the resolver still caches the answer (what it reports as the TTL); null when it does not say (CNAME in Node). */
  ttlSeconds: number | null;
  /** NOERROR (records may be empty: the name has no record of that type), NXDOMAIN, or the resolver's failure (ESERVFAIL, ETIMEOUT...). */
  responseCode: string;
}

/**
 * One lookup through the resolver the function is given. In a Lambda attached to a VPC that is the VPC's Route 53
 * Resolver: it answers for the private hosted zones associated with the VPC and caches each answer for its TTL, as
 * it does for the application's clients there.
 */
export type DnsResolver = (name: string, type: DnsRecordType) => Promise<DnsLookup>;
