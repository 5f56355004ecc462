// Neptune's simulated behaviour: a production cluster with one writer and a graph with the plan's node labels, backed
// up as cluster snapshots (AWS Backup takes no continuous backups of Neptune), restored as a cluster without instances
// (../rds-family-cluster-sim.ts), keeping its snapshot's IAM database authentication. The validation-failed fault
// shows in the data: the restored graph holds fewer nodes than the plan's minimums. The data port answers openCypher
// node counts, and refuses an unsigned request to a cluster with IAM auth as Neptune does. Imported only by the local
// simulation (local/sim/target-sims.ts).
import { BACKUP_RESOURCE_TYPES } from '../../../drill/resource-types';
import { GiB } from '../../../../local/sim/restore-helpers';
import { seedDbRestoreNetwork } from '../../../../local/sim/seed-helpers';
import type { TargetOf, TargetSim } from '../../../../local/sim/target-sim';
import { clusterIdOf, clusterSnapshotArn, countsChecked, planClusterRestore, reachableCluster, regionOfHost, restoredCounts, seedSourceCluster, targetAt, type ClusterPayload, type CountedPayload } from '../rds-family-cluster-sim';
import { NeptuneQueryError, type NeptunePort } from './port';

export interface NeptunePayload extends ClusterPayload, CountedPayload {
  type: typeof BACKUP_RESOURCE_TYPES.neptune;
  /** Nodes per label when the snapshot was taken; ALL for every node. */
  counts: Record<string, number>;
  /** The plan's minimum per label (ALL: without a label): the validation-failed fault leaves fewer. */
  minimums: Record<string, number>;
  iamAuth: boolean;
}

const ALL = '*';
/** The queries the checks send (definition.ts nodeCountQuery): the simulation answers these only. */
const COUNT_QUERY = /^MATCH \(n(?::`([A-Za-z_][A-Za-z0-9_]*)`)?\) RETURN count\(n\) AS c$/;



export const neptuneSim: TargetSim<TargetOf<'neptune'>, NeptunePayload> = {
  resourceType: BACKUP_RESOURCE_TYPES.neptune,
  continuous: false,
  restoreMinutes: [20, 30],
  seedRestoreNetwork: (dr, random, target) => seedDbRestoreNetwork(dr, random, target.restore),

  seedSource(seed, target) {
    const { random } = seed;
    const clusterId = clusterIdOf(target);
    const graph = target.validation?.graph ?? [];
    const labelled = graph.filter((g) => g.label !== undefined);
    const counts: Record<string, number> = Object.fromEntries(labelled.map((g) => [g.label!, g.minNodes + random.int(1, 20_000, 'nodes', target.id, g.label!)]));
    const minimums: Record<string, number> = Object.fromEntries(graph.map((g) => [g.label ?? ALL, g.minNodes]));
    counts[ALL] = Math.max(minimums[ALL] ?? 0, 0) + Object.values(counts).reduce((a, b) => a + b, 0) + random.int(1, 5000, 'nodes', target.id, ALL);
    const payload: NeptunePayload = {
      type: 'Neptune',
      clusterId,
      engine: 'neptune',
      engineVersion: '1.3.2.1',
      port: 8182,
      databaseName: clusterId,
      counts,
      minimums,
      iamAuth: target.validation?.iamAuth ?? false,
    };
    const { metadata } = seedSourceCluster(seed, target.id, target.resourceArn, payload, { store: { counts, iamAuth: payload.iamAuth, checked: false } });
    return { payload, metadata: { ...metadata, EnableIAMDatabaseAuthentication: String(payload.iamAuth) } };
  },

  recoveryPointArn: clusterSnapshotArn,
  inventedResourceArn: (at) => `arn:aws:rds:${at.region}:${at.account}:cluster:${at.name}`,

  sizeBytes: (_payload, random, key) => random.int(10, 300, 'size', key) * GiB,

  faultShowsInData: countsChecked,

  planRestore: (request) =>
    planClusterRestore(request, { store: { ...restoredCounts(request.payload, request.dataFault), iamAuth: request.payload.iamAuth } }),

  // Calls are recorded as service "neptune-db" (Neptune's data plane, not the RDS API).
  dataPort: (access): NeptunePort => ({
    openCypher: (request) =>
      access.record(
        'neptune-db',
        'OpenCypher',
        regionOfHost(request.host),
        async () => {
          const store = reachableCluster(access, request.host, request.port).store;
          if (store?.iamAuth && !request.iamAuth) throw new NeptuneQueryError(403, 'AccessDeniedException', 'Neptune answered 403 AccessDeniedException: Missing Authentication Token');
          const match = COUNT_QUERY.exec(request.query);
          if (!match) throw new NeptuneQueryError(400, 'MalformedQueryException', 'Neptune answered 400 MalformedQueryException: the simulation answers node counts only');
          return { results: [{ c: store?.counts[match[1] ?? ALL] ?? 0 }] };
        },
        () => targetAt(access, request.host, request.port),
      ),
  }),
};
