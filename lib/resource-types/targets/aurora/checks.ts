// Aurora: AWS Backup restores the DB cluster without a DB instance; the drill adds one (names.instance) and checks
// both. A restore test has no such instance, so the restore-testing validator can show the cluster only.
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, type DBCluster } from '@aws-sdk/client-rds';
import type { CheckResult } from '../../../drill/contracts';
import { AURORA_CLUSTER } from '../../aurora-cluster';
import { DB_INSTANCE } from '../../db-instance';
import { equalsCheck, NO_DATA_CHECKS, orMissing, presentCheck } from '../check-helpers';
import { DATABASE_CHECK_CLIENTS, databaseDataChecks, SQL_NOT_RUN } from '../database-checks';
import { dbSubnetGroupChecks } from '../network-checks';
import type { TargetChecks, TargetOf } from '../target-checks';

const clusterChecks = (cluster: DBCluster | undefined): CheckResult[] => [
  equalsCheck('cluster available', cluster?.Status, AURORA_CLUSTER.readyState, 'restored cluster'),
  presentCheck('cluster endpoint', cluster?.Endpoint, 'cluster writer endpoint'),
];

export const AURORA_CHECKS: TargetChecks<TargetOf<'aurora'>> = {
  clients: DATABASE_CHECK_CLIENTS,
  async readiness({ names, region, clients }) {
    const rds = clients.get('rds', region);
    const cluster = (await orMissing(rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: names.restored }))))?.DBClusters?.[0];
    const instance = (await orMissing(rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: names.instance }))))?.DBInstances?.[0];
    return [
      ...clusterChecks(cluster),
      equalsCheck('instance available', instance?.DBInstanceStatus, DB_INSTANCE.readyState, 'drill DB instance'),
      presentCheck('instance endpoint', instance?.Endpoint?.Address, 'DB instance endpoint'),
    ];
  },
  // Over a connection: the instance the drill created (the cluster has none of its own).
  dataChecks: async (input) => (input.target.validation ? databaseDataChecks(input, input.target.validation, input.names.instance) : NO_DATA_CHECKS),
  dryRunChecks: (reads, drill, target) => dbSubnetGroupChecks(reads, drill, target.restore),
  /** AWS Backup restores an Aurora cluster without a DB instance: the cluster itself is what a restore test can show. */
  async restoreTestingChecks({ target, id, region, clients }) {
    const cluster = (await orMissing(clients.get('rds', region).send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }))))?.DBClusters?.[0];
    return { checks: clusterChecks(cluster), notChecked: target.validation ? SQL_NOT_RUN : null };
  },
};
