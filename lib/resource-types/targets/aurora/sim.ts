// Aurora's simulated behaviour: a provisioned cluster with one writer, backed up as cluster snapshots (continuously
// too), restored by AWS Backup as a cluster without instances (../rds-family-cluster-sim.ts, shared with DocumentDB
// and Neptune, lists the restore metadata keys honoured). Its data is a SQL database. Imported only by the local
// simulation (local/sim/target-sims.ts): it must never reach a Lambda bundle.
import { BACKUP_RESOURCE_TYPES } from '../../../drill/resource-types';
import { databaseContent } from '../../../../local/sim/content';
import { clusterHost } from '../../../../local/sim/rds';
import { GiB } from '../../../../local/sim/restore-helpers';
import { loginOf, seedDbRestoreNetwork, seedSecret } from '../../../../local/sim/seed-helpers';
import type { TargetOf, TargetSim } from '../../../../local/sim/target-sim';
import type { DatabaseContent } from '../../../../local/sim/world';
import { clusterIdOf, clusterSnapshotArn, planClusterRestore, seedSourceCluster, type ClusterPayload } from '../rds-family-cluster-sim';

export interface AuroraPayload extends ClusterPayload {
  type: typeof BACKUP_RESOURCE_TYPES.aurora;
  database?: DatabaseContent;
}

export const auroraSim: TargetSim<TargetOf<'aurora'>, AuroraPayload> = {
  resourceType: BACKUP_RESOURCE_TYPES.aurora,
  continuous: true,
  restoreMinutes: [20, 30],
  seedRestoreNetwork: (dr, random, target) => seedDbRestoreNetwork(dr, random, target.restore),

  seedSource(seed, target) {
    const { world, random } = seed;
    const secretArn = target.validation ? target.validation.secretArn : undefined;
    const login = secretArn ? loginOf(world, random, secretArn) : undefined;
    const clusterId = clusterIdOf(target);
    const mysql = target.validation?.engine === 'mysql';
    const payload: AuroraPayload = {
      type: 'Aurora',
      clusterId,
      engine: mysql ? 'aurora-mysql' : 'aurora-postgresql',
      engineVersion: mysql ? '8.0.mysql_aurora.3.08.0' : '15.4',
      port: mysql ? 3306 : 5432,
      databaseName: target.validation?.database ?? clusterId.replace(/-/g, '_'),
      database: login && databaseContent(target, login, random),
    };
    const { cluster, metadata } = seedSourceCluster(seed, target.id, target.resourceArn, payload);
    if (secretArn && login) {
      seedSecret(world, random, secretArn, login, { engine: payload.engine, host: clusterHost(cluster), port: payload.port, dbname: payload.database?.name });
    }
    return { payload, metadata };
  },

  recoveryPointArn: clusterSnapshotArn,
  inventedResourceArn: (at) => `arn:aws:rds:${at.region}:${at.account}:cluster:${at.name}`,

  sizeBytes: (_payload, random, key) => random.int(50, 500, 'size', key) * GiB,

  faultShowsInData: (p) => p.database !== undefined,

  planRestore: (request) => planClusterRestore(request, { database: request.database(request.payload.database) }),
};
