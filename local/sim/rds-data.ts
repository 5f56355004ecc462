// The RDS Data API (rds-data) on restored Aurora PostgreSQL clusters: BeginTransaction, ExecuteStatement inside it,
// RollbackTransaction and CommitTransaction, each statement run on the restored cluster's simulated database
// (databases.ts) as the login in the secret the call names.
//
// The HTTP endpoint is off on a cluster until EnableHttpEndpoint turns it on (rds.ts); a restored cluster never has
// it. Every call on such a cluster is refused with HttpEndpointNotEnabledException, "The HTTP endpoint for using RDS
// Data API isn't enabled for the DB cluster" (SDK model of @aws-sdk/client-rds-data, listed for BeginTransaction and
// ExecuteStatement), with the message AWS sends, "HttpEndpoint is not enabled for resource <arn>".
//
// A result carries the first column of each row only, which is what a check reads (the first row's value, and the
// row count): integers as longValue, other numbers as doubleValue, booleans, and text (node-postgres's bigint and
// numeric strings included) as stringValue.
import type { SqlSession } from '../../lib/checks/types';
import type { Input, Output } from './context';
import type { SimDatabases } from './databases';
import { SimAwsError } from './errors';
import type { SimRandom } from './hash';
import { clusterHost } from './rds';
import { exists, type DbCluster, type RegionState } from './world';

const SERVICE = 'rdsdata';

const badRequest = (message: string): SimAwsError => new SimAwsError(SERVICE, 'BadRequestException', message, { httpStatus: 400 });

interface Transaction {
  session: SqlSession;
  resourceArn: string;
}

/** A statement may run this long; the API's own limit for a synchronous ExecuteStatement is 45 s. */
const STATEMENT_TIMEOUT_MS = 45_000;

export class SimDataApi {
  private readonly transactions = new Map<string, Transaction>();
  private count = 0;

  constructor(
    private readonly databases: SimDatabases,
    private readonly random: SimRandom,
  ) {}

  /** One Data API call in a region at `now`; `attribute` records the target the cluster belongs to. */
  async handle(region: RegionState, now: number, action: string, input: Input, attribute: (targetId: string | undefined) => void): Promise<Output> {
    const resourceArn = typeof input.resourceArn === 'string' ? input.resourceArn : '';
    const cluster = [...region.dbClusters.values()].find((c) => c.arn === resourceArn && exists(c, now));
    if (!cluster) throw badRequest(`Invalid resource ARN: no DB cluster ${resourceArn} in ${region.name}`);
    attribute(cluster.targetId);
    if (cluster.httpEndpointEnabled !== true) {
      throw new SimAwsError(SERVICE, 'HttpEndpointNotEnabledException', `HttpEndpoint is not enabled for resource ${resourceArn}`, { httpStatus: 400 });
    }
    switch (action) {
      case 'BeginTransaction':
        return this.begin(region, cluster, input);
      case 'ExecuteStatement':
        return this.execute(resourceArn, input);
      case 'RollbackTransaction':
      case 'CommitTransaction': {
        const transaction = this.transaction(resourceArn, input);
        this.transactions.delete(String(input.transactionId));
        // The restored database only ever holds read-only transactions (databases.ts): a commit changes nothing.
        await transaction.session.close();
        return { transactionStatus: action === 'CommitTransaction' ? 'Transaction Committed' : 'Rollback Complete' };
      }
      default:
        throw new SimAwsError(SERVICE, 'SimulationNotImplemented', `dr-drill's simulated account does not implement rdsdata:${action}`);
    }
  }

  private async begin(region: RegionState, cluster: DbCluster, input: Input): Promise<Output> {
    const secret = region.secrets.get(String(input.secretArn ?? ''));
    if (!secret) throw badRequest(`Error fetching secret ${String(input.secretArn ?? '')}: it does not exist in ${region.name}`);
    const login = JSON.parse(secret.secretString) as { username?: string; password?: string };
    const session = await this.databases.sql.postgres(
      {
        engine: 'postgres',
        host: clusterHost(cluster),
        port: cluster.port,
        database: String(input.database ?? cluster.databaseName),
        user: login.username ?? '',
        password: login.password ?? '',
        tls: true,
      },
      { statementTimeoutMs: STATEMENT_TIMEOUT_MS, connectTimeoutMs: STATEMENT_TIMEOUT_MS },
    ).catch((error: Error) => {
      throw badRequest(error.message);
    });
    const transactionId = this.random.hex(32, 'data-api-transaction', cluster.arn, String(this.count++));
    this.transactions.set(transactionId, { session, resourceArn: cluster.arn });
    return { transactionId };
  }

  private transaction(resourceArn: string, input: Input): Transaction {
    const transaction = this.transactions.get(String(input.transactionId ?? ''));
    if (!transaction || transaction.resourceArn !== resourceArn) throw badRequest(`Transaction ${String(input.transactionId ?? '')} is not found`);
    return transaction;
  }

  private async execute(resourceArn: string, input: Input): Promise<Output> {
    if (input.transactionId === undefined) throw new SimAwsError(SERVICE, 'SimulationNotImplemented', 'the simulated Data API runs statements inside a transaction only');
    const { session } = this.transaction(resourceArn, input);
    const out = await session.scalar(String(input.sql ?? '')).catch((error: Error) => {
      throw badRequest(`ERROR: ${error.message}`);
    });
    const records = Array.from({ length: out.rowCount }, (_, i) => [i === 0 ? field(out.value) : { isNull: true }]);
    return { records, numberOfRecordsUpdated: 0 };
  }
}

function field(value: unknown): Output {
  if (value === null || value === undefined) return { isNull: true };
  if (typeof value === 'number') return Number.isInteger(value) ? { longValue: value } : { doubleValue: value };
  if (typeof value === 'boolean') return { booleanValue: value };
  if (value instanceof Date) return { stringValue: value.toISOString() };
  return { stringValue: typeof value === 'string' ? value : JSON.stringify(value) };
}
