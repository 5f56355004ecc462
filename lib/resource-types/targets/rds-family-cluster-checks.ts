// The checks the RDS-family cluster types share (Aurora, DocumentDB, Neptune): AWS Backup restores the DB cluster
// without a DB instance, the drill adds one (names.instance), and readiness looks at both. A restore test has no such
// instance, so the restore-testing validator can show the cluster only. SDK-using: DescribeDBClusters answers for
// all three engines (DocumentDB: "The Name=engine,Values=docdb filter parameter returns only Amazon DocumentDB
// clusters", https://docs.aws.amazon.com/documentdb/latest/developerguide/operational_tasks.html), by identifier here.
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, type DBCluster } from '@aws-sdk/client-rds';
import type { AwsClients } from '../../aws/clients';
import type { CheckResult } from '../../drill/contracts';
import type { DryRunCheck } from '../../dry-run/contracts';
import type { DryRunReads } from '../../dry-run/reads';
import type { DrillContext } from '../../drill/contracts';
import { AURORA_CLUSTER } from '../aurora-cluster';
import { DB_INSTANCE } from '../db-instance';
import { equalsCheck, orMissing, presentCheck } from './check-helpers';
import { dbSubnetGroupChecks } from './network-checks';
import type { ReadinessInput, RestoreTestCheckInput, RestoreTestCheckOutcome } from './target-checks';
import type { ClusterTarget } from './rds-family-cluster';
import type { Target } from '../../plan/schema';

type ClusterOf = Target & ClusterTarget;

/** The restored cluster, or undefined when RDS does not know it (it was not restored). */
export async function describeCluster(clients: AwsClients, region: string, id: string): Promise<DBCluster | undefined> {
  return (await orMissing(clients.get('rds', region).send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }))))?.DBClusters?.[0];
}

const clusterChecks = (cluster: DBCluster | undefined): CheckResult[] => [
  equalsCheck('cluster available', cluster?.Status, AURORA_CLUSTER.readyState, 'restored cluster'),
  presentCheck('cluster endpoint', cluster?.Endpoint, 'cluster writer endpoint'),
];

/** The restored cluster and the instance the drill added to it are available, with endpoints. */
export async function clusterReadiness({ names, region, clients }: ReadinessInput<ClusterOf>): Promise<CheckResult[]> {
  const cluster = await describeCluster(clients, region, names.restored);
  const instance = (await orMissing(clients.get('rds', region).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: names.instance }))))?.DBInstances?.[0];
  return [
    ...clusterChecks(cluster),
    equalsCheck('instance available', instance?.DBInstanceStatus, DB_INSTANCE.readyState, 'drill DB instance'),
    presentCheck('instance endpoint', instance?.Endpoint?.Address, 'DB instance endpoint'),
  ];
}

/** The isolated DB subnet group and security groups the cluster would be restored into. */
export const clusterDryRunChecks = (reads: DryRunReads, drill: DrillContext, target: ClusterTarget): Promise<DryRunCheck[]> => dbSubnetGroupChecks(reads, drill, target.restore);

/**
 * A restore test's cluster: AWS Backup restores it without a DB instance, so only the cluster can be shown. `notRun`
 * says which data checks the plan asks for that therefore do not run (null when it asks for none).
 */
export async function clusterRestoreTestingChecks({ id, region, clients }: RestoreTestCheckInput<ClusterOf>, notRun: string | null): Promise<RestoreTestCheckOutcome> {
  return { checks: clusterChecks(await describeCluster(clients, region, id)), notChecked: notRun };
}
