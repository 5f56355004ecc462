// Neptune: readiness is the RDS-family cluster's (the restored cluster and the instance the drill added,
// ../rds-family-cluster-checks.ts). The data checks count nodes with read-only openCypher queries over HTTPS to the
// restored cluster's endpoint, signed when the plan says the cluster uses IAM auth. Only counts come back.
import type { CheckResult } from '../../../drill/contracts';
import { check, NO_DATA_CHECKS } from '../check-helpers';
import { RDSClient } from '@aws-sdk/client-rds';
import { portOf } from '../data-ports';
import { clusterDryRunChecks, clusterReadiness, clusterRestoreTestingChecks, describeCluster } from '../rds-family-cluster-checks';
import type { DataCheckInput, DataCheckOutcome, TargetChecks, TargetOf } from '../target-checks';
import { nodeCountQuery, type NeptuneValidation } from './definition';
import { NeptuneQueryError, type NeptunePort } from './port';

type NeptuneTarget = TargetOf<'neptune'>;
type GraphCheck = NeptuneValidation['graph'][number];

const QUERY_TIMEOUT_MS = 60_000;
/** Neptune's port ("https://{cluster-endpoint}:8182/openCypher"). */
const DEFAULT_PORT = 8182;

export const NEPTUNE_NOT_RUN = 'readiness only: node counts need a DB instance, which a restore test of a Neptune cluster does not have';

const nameOf = (g: GraphCheck) => `${g.label ?? 'all'} nodes`;
const what = (g: GraphCheck) => (g.label ? `nodes labelled ${g.label}` : 'nodes');

export async function neptuneDataChecks(input: DataCheckInput<NeptuneTarget>, validation: NeptuneValidation): Promise<DataCheckOutcome> {
  const port = portOf(input.ports, 'neptune');
  const cluster = await describeCluster(input.clients, input.region, input.names.restored);
  if (!cluster?.Endpoint) {
    const reason = `not run: cluster ${input.names.restored} has no endpoint to query`;
    return { checks: validation.graph.map((g) => check(nameOf(g), false, null, `>= ${g.minNodes}`, reason)), dataAgeSeconds: null };
  }
  const endpoint = { host: cluster.Endpoint, port: cluster.Port ?? DEFAULT_PORT, region: input.region, iamAuth: validation.iamAuth };
  // The cluster says whether it wants signed requests: a plan that disagrees gets Neptune's refusal, explained.
  const mismatch =
    cluster.IAMDatabaseAuthenticationEnabled === true && !validation.iamAuth
      ? ' (the restored cluster uses IAM database authentication: set validation.iamAuth: true)'
      : '';
  const checks: CheckResult[] = [];
  for (const g of validation.graph) checks.push(await countCheck(port, endpoint, g, mismatch));
  return { checks, dataAgeSeconds: null };
}

async function countCheck(port: NeptunePort, endpoint: { host: string; port: number; region: string; iamAuth: boolean }, g: GraphCheck, mismatch: string): Promise<CheckResult> {
  const expected = `>= ${g.minNodes}`;
  try {
    const { results } = await port.openCypher({ ...endpoint, query: nodeCountQuery(g.label), timeoutMs: QUERY_TIMEOUT_MS });
    const count = results[0]?.c;
    if (typeof count !== 'number') return check(nameOf(g), false, null, expected, 'Neptune answered without a count');
    const passed = count >= g.minNodes;
    return check(nameOf(g), passed, count, expected, `the graph holds ${count} ${what(g)}${passed ? '' : `, fewer than ${g.minNodes}`}`);
  } catch (error) {
    const reason = error instanceof NeptuneQueryError ? error.message : `${(error as Error).name}: ${(error as Error).message}`;
    return check(nameOf(g), false, null, expected, `query failed: ${reason}${mismatch}`);
  }
}

export const NEPTUNE_CHECKS: TargetChecks<NeptuneTarget> = {
  clients: { rds: RDSClient },
  readiness: clusterReadiness,
  dataChecks: async (input) => (input.target.validation ? neptuneDataChecks(input, input.target.validation) : NO_DATA_CHECKS),
  dryRunChecks: clusterDryRunChecks,
  restoreTestingChecks: (input) => clusterRestoreTestingChecks(input, input.target.validation ? NEPTUNE_NOT_RUN : null),
};
