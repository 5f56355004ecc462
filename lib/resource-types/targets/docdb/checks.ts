// DocumentDB: readiness is the RDS-family cluster's (the restored cluster and the instance the drill added,
// ../rds-family-cluster-checks.ts). The data checks count documents in the plan's collections over a TLS connection
// to the restored cluster's endpoint, as the user of the plan's secret (the restored cluster keeps its snapshot's
// users: RestoreDBClusterFromSnapshot takes no new master password). Only counts come back, never a document.
import { CheckSetupError } from '../../../checks/types';
import type { CheckResult } from '../../../drill/contracts';
import { check, NO_DATA_CHECKS } from '../check-helpers';
import { DATABASE_CHECK_CLIENTS, readSecret } from '../database-checks';
import { portOf } from '../data-ports';
import { clusterDryRunChecks, clusterReadiness, clusterRestoreTestingChecks, describeCluster } from '../rds-family-cluster-checks';
import type { DataCheckInput, DataCheckOutcome, TargetChecks, TargetOf } from '../target-checks';
import type { DocdbValidation } from './definition';
import type { DocumentDbSession } from './port';

type DocdbTarget = TargetOf<'docdb'>;

const CONNECT_TIMEOUT_MS = 10_000;
/** Each count is cancelled on the server after this long (maxTimeMS). */
const COUNT_TIMEOUT_MS = 60_000;
/** DocumentDB's default port. */
const DEFAULT_PORT = 27017;

export const DOCDB_NOT_RUN = 'readiness only: document counts need a DB instance, which a restore test of a DocumentDB cluster does not have';

const nameOf = (c: DocdbValidation['collections'][number]) => `${c.database}.${c.collection} documents`;

export async function docdbDataChecks(input: DataCheckInput<DocdbTarget>, validation: DocdbValidation): Promise<DataCheckOutcome> {
  const notRun = (reason: string): DataCheckOutcome => ({
    checks: validation.collections.map((c) => check(nameOf(c), false, null, `>= ${c.minDocuments}`, `not run: ${reason}`)),
    dataAgeSeconds: null,
  });
  const port = portOf(input.ports, 'docdb');
  let session: DocumentDbSession;
  try {
    const { username, password } = await readSecret(input.clients, input.region, validation.secretArn);
    const cluster = await describeCluster(input.clients, input.region, input.names.restored);
    if (!cluster?.Endpoint) return notRun(`cluster ${input.names.restored} has no endpoint to connect to`);
    session = await port.connect({ host: cluster.Endpoint, port: cluster.Port ?? DEFAULT_PORT, username, password }, { connectTimeoutMs: CONNECT_TIMEOUT_MS });
  } catch (error) {
    if (error instanceof CheckSetupError) return notRun(error.message);
    // The driver's reason (authentication failed, TLS, timeout): it names the endpoint, never the password.
    return notRun(`could not connect: ${(error as Error).name}: ${(error as Error).message}`);
  }
  try {
    const checks: CheckResult[] = [];
    for (const c of validation.collections) checks.push(await countCheck(session, c));
    return { checks, dataAgeSeconds: null };
  } finally {
    await session.close().catch(() => undefined);
  }
}

async function countCheck(session: DocumentDbSession, c: DocdbValidation['collections'][number]): Promise<CheckResult> {
  const expected = `>= ${c.minDocuments}`;
  try {
    const count = await session.countDocuments(c.database, c.collection, COUNT_TIMEOUT_MS);
    const passed = count >= c.minDocuments;
    return check(nameOf(c), passed, count, expected, `${c.database}.${c.collection} holds ${count} documents${passed ? '' : `, fewer than ${c.minDocuments}`}`);
  } catch (error) {
    return check(nameOf(c), false, null, expected, `count failed: ${(error as Error).name}: ${(error as Error).message}`);
  }
}

export const DOCDB_CHECKS: TargetChecks<DocdbTarget> = {
  clients: DATABASE_CHECK_CLIENTS,
  readiness: clusterReadiness,
  dataChecks: async (input) => (input.target.validation ? docdbDataChecks(input, input.target.validation) : NO_DATA_CHECKS),
  // The secret the checks read is checked by the dry run for every type whose validation names one.
  dryRunChecks: clusterDryRunChecks,
  restoreTestingChecks: (input) => clusterRestoreTestingChecks(input, input.target.validation ? DOCDB_NOT_RUN : null),
};
