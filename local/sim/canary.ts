// The canary table of each global database (Deps.canary): one storage per global cluster, reached through the
// member in the endpoint's region. An INSERT succeeds only on the member that writes now, with no switch running;
// elsewhere it fails as the database would (PostgreSQL: "cannot execute INSERT in a read-only transaction").
// written_at is the simulated now. A secondary sees a row once the replication lag has passed, or once a switch that
// began after the write promoted it (a switchover syncs first). Rows a completed failover did not carry over (those
// written within the lag before it began; with canary-missing, the 120 s before any switch) are gone everywhere.
import type { CanaryEndpoint, CanaryStore } from '../../lib/failover/ports';
import type { CallRecord } from './account';
import { CANARY_USERNAME } from './failover-seed';
import { globalOfCluster, memberIn, replicationLagMs, switchAt, writerAt, type CanaryRow, type GlobalDb, type GlobalMember } from './failover-world';
import type { FaultName } from './faults';
import type { SimRandom } from './hash';
import type { World } from './world';

export interface CanaryEnv {
  world: World;
  random: SimRandom;
  now(): number;
  faults(targetId: string): ReadonlySet<FaultName>;
  /** Starts a call record (service "canary") that the store completes. */
  record(region: string, action: string): CallRecord;
}

type Dialect = 'postgres' | 'mysql';
type Failure = 'readOnly' | 'auth' | 'database' | 'table';

/** Errors shaped as each driver throws them: node-postgres (code = SQLSTATE) and mysql2 (code, errno). */
function dbError(dialect: Dialect, failure: Failure, what: string): Error {
  const pg: Record<Failure, [string, string]> = {
    readOnly: ['25006', 'cannot execute INSERT in a read-only transaction'],
    auth: ['28P01', `password authentication failed for user "${CANARY_USERNAME}"`],
    database: ['3D000', `database "${what}" does not exist`],
    table: ['42P01', `relation "${what}" does not exist`],
  };
  const my: Record<Failure, [string, number, string]> = {
    readOnly: ['ER_OPTION_PREVENTS_STATEMENT', 1290, 'The MySQL server is running with the --read-only option so it cannot execute this statement'],
    auth: ['ER_ACCESS_DENIED_ERROR', 1045, `Access denied for user '${CANARY_USERNAME}'@'10.0.0.1' (using password: YES)`],
    database: ['ER_BAD_DB_ERROR', 1049, `Unknown database '${what}'`],
    table: ['ER_NO_SUCH_TABLE', 1146, `Table '${what}' doesn't exist`],
  };
  if (dialect === 'postgres') {
    const [code, message] = pg[failure];
    return Object.assign(new Error(message), { name: 'error', code, severity: 'ERROR' });
  }
  const [code, errno, message] = my[failure];
  return Object.assign(new Error(message), { code, errno });
}

function unreachable(why: string): Error {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND (${why})`), { code: 'ENOTFOUND' });
}

function locate(env: CanaryEnv, endpoint: CanaryEndpoint, record: CallRecord): { g: GlobalDb; member: GlobalMember } {
  const fw = env.world.failover;
  const g = fw ? globalOfCluster(fw, endpoint.clusterArn) : undefined;
  if (!g) throw unreachable(`no simulated global database has the member ${endpoint.clusterArn}`);
  record.targetId = g.targetId;
  const member = memberIn(g, endpoint.region);
  if (!member) throw unreachable(`global database ${g.id} has no member in ${endpoint.region}`);
  const dialect = g.canary.engine;
  if (endpoint.engine !== dialect) throw unreachable(`${g.id} is ${g.engine}, not ${endpoint.engine}`);
  if (!g.canary.secretArns.includes(endpoint.secretArn)) throw dbError(dialect, 'auth', '');
  if (endpoint.database !== g.canary.database) throw dbError(dialect, 'database', endpoint.database);
  if (endpoint.table !== g.canary.table) throw dbError(dialect, 'table', dialect === 'mysql' ? `${endpoint.database}.${endpoint.table}` : endpoint.table);
  return { g, member };
}

function lost(g: GlobalDb, row: CanaryRow, now: number): boolean {
  return g.switches.some((s) => s.outcome === 'completed' && s.endAt <= now && s.lostFrom !== undefined && row.writtenAt >= s.lostFrom && row.writtenAt <= s.requestedAt);
}

function reached(env: CanaryEnv, g: GlobalDb, member: GlobalMember, row: CanaryRow, now: number): boolean {
  const arn = member.arn.toLowerCase();
  if (row.writerArn.toLowerCase() === arn) return true;
  if (g.switches.some((s) => s.outcome === 'completed' && s.endAt <= now && s.toArn.toLowerCase() === arn && s.requestedAt >= row.writtenAt)) return true;
  return now >= row.writtenAt + replicationLagMs(env.random, member.arn, row.writtenAt, env.faults(g.targetId).has('lag-too-high'));
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());
const newest = (rows: CanaryRow[]): number | undefined => (rows.length === 0 ? undefined : Math.max(...rows.map((r) => r.writtenAt)));

export function simulatedCanary(env: CanaryEnv): CanaryStore {
  async function recorded<T>(endpoint: CanaryEndpoint, action: string, work: (record: CallRecord) => T): Promise<T> {
    const record = env.record(endpoint.region, action);
    try {
      const result = work(record);
      record.ok = true;
      return result;
    } catch (error) {
      const e = error as Error & { code?: string };
      record.error = e.code ?? e.name;
      throw error;
    }
  }
  return {
    write: (endpoint, marker) =>
      recorded(endpoint, 'WriteCanary', (record) => {
        const { g, member } = locate(env, endpoint, record);
        const now = env.now();
        const writes = writerAt(g, now).toLowerCase() === member.arn.toLowerCase() && switchAt(g, now) === undefined;
        if (!writes) throw dbError(g.canary.engine, 'readOnly', '');
        g.canary.rows.push({ marker, writtenAt: now, writerArn: member.arn });
        return { writtenAt: iso(now)! };
      }),
    read: (endpoint, marker) =>
      recorded(endpoint, 'ReadCanary', (record) => {
        const { g, member } = locate(env, endpoint, record);
        const now = env.now();
        const rows = g.canary.rows.filter((row) => !lost(g, row, now) && reached(env, g, member, row, now));
        return { writtenAt: iso(newest(rows.filter((r) => r.marker === marker))), newestWrittenAt: iso(newest(rows)) };
      }),
  };
}
