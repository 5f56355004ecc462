// DocumentDB's simulated behaviour: a production cluster with one writer and the plan's collections filled, backed
// up as cluster snapshots (AWS Backup takes no continuous backups of DocumentDB), restored as a cluster without
// instances (../rds-family-cluster-sim.ts). The validation-failed fault shows in the data: the restored collections
// hold fewer documents than the plan's minimums. The data port answers document counts from the restored cluster, to
// the secret's user only. Imported only by the local simulation (local/sim/target-sims.ts).
import { BACKUP_RESOURCE_TYPES } from '../../../drill/resource-types';
import { clusterHost } from '../../../../local/sim/rds';
import { GiB } from '../../../../local/sim/restore-helpers';
import { loginOf, seedDbRestoreNetwork, seedSecret } from '../../../../local/sim/seed-helpers';
import type { TargetOf, TargetSim } from '../../../../local/sim/target-sim';
import type { ClusterStore } from '../../../../local/sim/world';
import { clusterIdOf, clusterSnapshotArn, countsChecked, planClusterRestore, reachableCluster, regionOfHost, restoredCounts, seedSourceCluster, targetAt, type ClusterPayload, type CountedPayload } from '../rds-family-cluster-sim';
import type { DocumentDbPort } from './port';

export interface DocdbPayload extends ClusterPayload, CountedPayload {
  type: typeof BACKUP_RESOURCE_TYPES.docdb;
  /** Documents per "database.collection" when the snapshot was taken. */
  counts: Record<string, number>;
  /** The plan's minimum per "database.collection": the validation-failed fault leaves fewer. */
  minimums: Record<string, number>;
  /** The user the plan's secret holds; a restored cluster keeps its snapshot's users. */
  login?: { username: string; password: string };
}

const keyOf = (database: string, collection: string) => `${database}.${collection}`;

/** As the driver reports a refused login. */
class SimMongoServerError extends Error {
  override readonly name = 'MongoServerError';
}

/** The restored copy lacks documents: half of each minimum the plan sets, so every such count falls short. */


export const docdbSim: TargetSim<TargetOf<'docdb'>, DocdbPayload> = {
  resourceType: BACKUP_RESOURCE_TYPES.docdb,
  continuous: false,
  restoreMinutes: [20, 30],
  seedRestoreNetwork: (dr, random, target) => seedDbRestoreNetwork(dr, random, target.restore),

  seedSource(seed, target) {
    const { world, random } = seed;
    const clusterId = clusterIdOf(target);
    const collections = target.validation?.collections ?? [];
    const secretArn = target.validation?.secretArn;
    const login = secretArn ? loginOf(world, random, secretArn) : undefined;
    const payload: DocdbPayload = {
      type: 'DocumentDB',
      clusterId,
      engine: 'docdb',
      engineVersion: '5.0.0',
      port: 27017,
      databaseName: clusterId,
      counts: Object.fromEntries(collections.map((c) => [keyOf(c.database, c.collection), c.minDocuments + random.int(1, 5000, 'documents', target.id, c.database, c.collection)])),
      minimums: Object.fromEntries(collections.map((c) => [keyOf(c.database, c.collection), c.minDocuments])),
      login,
    };
    const store: ClusterStore = { counts: payload.counts, login, checked: false };
    const { cluster, metadata } = seedSourceCluster(seed, target.id, target.resourceArn, payload, { store });
    // DocumentDB's secret format: {"engine": "mongo", "host", "port", "username", "password"}; its host is production's.
    if (secretArn && login) seedSecret(world, random, secretArn, login, { engine: 'docdb', secretEngine: 'mongo', host: clusterHost(cluster), port: payload.port, dbname: undefined });
    return { payload, metadata };
  },

  recoveryPointArn: clusterSnapshotArn,
  inventedResourceArn: (at) => `arn:aws:rds:${at.region}:${at.account}:cluster:${at.name}`,

  sizeBytes: (_payload, random, key) => random.int(10, 200, 'size', key) * GiB,

  faultShowsInData: countsChecked,

  planRestore: (request) =>
    planClusterRestore(request, { store: { ...restoredCounts(request.payload, request.dataFault), login: request.payload.login } }),

  // Calls are recorded as service "docdb-data" (the wire protocol, not the RDS API).
  dataPort: (access): DocumentDbPort => ({
    async connect(endpoint) {
      const { host, port } = endpoint;
      const region = regionOfHost(host);
      const target = () => targetAt(access, host, port);
      await access.record('docdb-data', 'Connect', region, async () => {
        const store = reachableCluster(access, host, port).store;
        if (!store?.login || store.login.username !== endpoint.username || store.login.password !== endpoint.password) {
          throw new SimMongoServerError('Authentication failed.');
        }
      }, target);
      return {
        // A collection that does not exist counts 0, as in MongoDB. The cluster may have gone meanwhile.
        countDocuments: (database, collection) =>
          access.record('docdb-data', 'CountDocuments', region, async () => reachableCluster(access, host, port).store?.counts[keyOf(database, collection)] ?? 0, target),
        close: async () => undefined,
      };
    },
  }),
};
