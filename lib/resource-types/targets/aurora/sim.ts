// Aurora's simulated behaviour: a provisioned cluster with one writer, backed up as cluster snapshots (continuously
// too), restored by AWS Backup as a cluster without instances. Imported only by the local simulation
// (local/sim/target-sims.ts): it must never reach a Lambda bundle.
//
// Restore metadata keys honoured (matched case-insensitively, see local/sim/restore.ts): DBClusterIdentifier, Engine,
// EngineVersion, Port, DatabaseName, DBSubnetGroupName, VpcSecurityGroupIds (JSON array or comma list), KmsKeyId,
// AvailabilityZones (ignored). The account has NO default VPC: a restore without a DB subnet group fails as RDS does
// without default subnets.
import { BACKUP_RESOURCE_TYPES } from '../../../drill/resource-types';
import { databaseContent } from '../../../../local/sim/content';
import { clusterHost } from '../../../../local/sim/rds';
import { arnOf, fail, GiB, kmsProblem, networkProblem, parseList, taken } from '../../../../local/sim/restore-helpers';
import { loginOf, seedDbRestoreNetwork, seeded, seedSecret, sourceDbNetwork } from '../../../../local/sim/seed-helpers';
import type { TargetOf, TargetSim } from '../../../../local/sim/target-sim';
import type { DatabaseContent, DbCluster } from '../../../../local/sim/world';

export interface AuroraPayload {
  type: typeof BACKUP_RESOURCE_TYPES.aurora;
  clusterId: string;
  engine: string;
  engineVersion: string;
  port: number;
  databaseName: string;
  database?: DatabaseContent;
}

export const auroraSim: TargetSim<TargetOf<'aurora'>, AuroraPayload> = {
  resourceType: BACKUP_RESOURCE_TYPES.aurora,
  continuous: true,
  restoreMinutes: [20, 30],
  seedRestoreNetwork: (dr, random, target) => seedDbRestoreNetwork(dr, random, target.restore),

  seedSource(seed, target) {
    const { world, random, region, azs } = seed;
    const r = region.name;
    const key = target.id;
    const secretArn = target.validation ? target.validation.secretArn : undefined;
    const login = secretArn ? loginOf(world, random, secretArn) : undefined;
    const clusterId = target.resourceArn.split(':cluster:')[1]!.toLowerCase();
    const { subnetGroup, sgs } = sourceDbNetwork(seed, target.id);
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
    const cluster: DbCluster = {
      ...seeded,
      id: clusterId,
      arn: target.resourceArn,
      region: r,
      resourceId: `cluster-${random.hex(26, 'res', key).toUpperCase()}`,
      engine: payload.engine,
      engineVersion: payload.engineVersion,
      port: payload.port,
      databaseName: payload.databaseName,
      subnetGroup,
      securityGroups: sgs,
      availabilityZones: azs,
      readyStatus: 'available',
      endpointHash: random.hex(12, 'endpoint', key),
    };
    region.dbClusters.set(clusterId, cluster);
    const writer = `${clusterId}-instance-1`;
    region.dbInstances.set(writer, {
      ...seeded,
      id: writer,
      arn: `arn:aws:rds:${r}:${world.accountId}:db:${writer}`,
      region: r,
      resourceId: `db-${random.hex(26, 'res-writer', key).toUpperCase()}`,
      clusterId,
      engine: payload.engine,
      engineVersion: payload.engineVersion,
      instanceClass: 'db.r6g.large',
      port: payload.port,
      allocatedStorage: 1,
      subnetGroup,
      securityGroups: sgs,
      availabilityZone: azs[0]!,
      readyStatus: 'available',
      endpointHash: random.hex(12, 'endpoint-writer', key),
      publiclyAccessible: false,
    });
    if (secretArn && login) {
      seedSecret(world, random, secretArn, login, { engine: payload.engine, host: clusterHost(cluster), port: payload.port, dbname: payload.database?.name });
    }
    return {
      payload,
      metadata: {
        DBClusterIdentifier: clusterId,
        Engine: payload.engine,
        EngineVersion: payload.engineVersion,
        EngineMode: 'provisioned',
        Port: String(payload.port),
        DatabaseName: payload.databaseName,
        DBSubnetGroupName: subnetGroup,
        VpcSecurityGroupIds: JSON.stringify(sgs),
        AvailabilityZones: JSON.stringify(azs),
        StorageEncrypted: 'true',
      },
    };
  },

  recoveryPointArn: (n) => `arn:aws:rds:${n.region}:${n.accountId}:cluster-snapshot:awsbackup:${n.madeBy}-${n.jobId.toLowerCase()}`,

  sizeBytes: (_payload, random, key) => random.int(50, 500, 'size', key) * GiB,

  faultShowsInData: (p) => p.database !== undefined,

  planRestore({ ctx, payload: p, get, origin, hex, database }) {
    const id = (get('DBClusterIdentifier') ?? p.clusterId).toLowerCase();
    const existing = ctx.region.dbClusters.get(id);
    if (taken(existing, ctx.now)) return fail(`DB cluster already exists: ${id}`);
    const sgs = parseList(get('VpcSecurityGroupIds'));
    const subnet = get('DBSubnetGroupName');
    const problem = networkProblem(ctx, subnet, sgs) ?? kmsProblem(ctx, get('KmsKeyId'));
    if (problem) return fail(problem);
    const arn = arnOf.cluster(ctx, id);
    return {
      ok: true,
      created: { kind: 'db-cluster', id, arn },
      install: (visibleAt, readyAt) => {
        const cluster: DbCluster = {
          ...origin,
          id,
          arn,
          region: ctx.region.name,
          visibleAt,
          readyAt,
          resourceId: `cluster-${hex(26, 'res').toUpperCase()}`,
          engine: get('Engine') ?? p.engine,
          engineVersion: get('EngineVersion') ?? p.engineVersion,
          port: Number(get('Port') ?? p.port),
          databaseName: get('DatabaseName') ?? p.databaseName,
          subnetGroup: subnet!,
          securityGroups: sgs,
          availabilityZones: ['a', 'b', 'c'].map((z) => `${ctx.region.name}${z}`),
          kmsKeyId: get('KmsKeyId'),
          readyStatus: 'available',
          endpointHash: hex(12, 'endpoint'),
          database: database(p.database),
        };
        ctx.region.dbClusters.set(id, cluster);
      },
    };
  },
};
