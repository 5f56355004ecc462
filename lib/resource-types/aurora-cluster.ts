// An Aurora DB cluster AWS Backup restored (without instances: the drill adds one, see db-instance.ts).
// DBCluster.Status values: "Viewing an Amazon Aurora DB cluster" (Aurora User Guide), including `deleting`;
// DescribeDBClusters answers DBClusterNotFoundFault once it is gone (RDS API Reference).
import { DeleteDBClusterCommand, DescribeDBClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import { firstOrNull, type ResourceType, idOfArn } from './resource-type';

export const AURORA_CLUSTER: ResourceType = {
  kind: 'db-cluster',
  clients: { rds: RDSClient },
  fromArn: (arn) => idOfArn(arn, 'rds', 'cluster'),
  deleteRank: 30,
  namedByDrill: true,
  async describe({ clients, region }, id) {
    const c = firstOrNull((await clients.get('rds', region).send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }))).DBClusters);
    return c ? { state: c.Status ?? 'unknown', createdAt: c.ClusterCreateTime ?? null } : null;
  },
  readyState: 'available',
  deletingStates: new Set(['deleting']),
  goneStates: new Set(),
  // "Cluster cannot be deleted, it still contains DB instances in non-deleting state": the last instance can take a
  // moment to detach after it is reported gone.
  busyErrors: new Set(['InvalidDBClusterStateFault']),
  async remove({ clients, region }, id) {
    // RDS refuses while a member instance lives: the sweeper deletes instances first (DELETE_ORDER).
    await clients.get('rds', region).send(new DeleteDBClusterCommand({ DBClusterIdentifier: id, SkipFinalSnapshot: true }));
    return true;
  },
};
