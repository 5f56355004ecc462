// RDS's simulated behaviour: a single-AZ DB instance, backed up as DB snapshots (continuously too), restored by AWS
// Backup as a new DB instance. Imported only by the local simulation (local/sim/target-sims.ts): it must never reach
// a Lambda bundle.
//
// Restore metadata keys honoured (matched case-insensitively, see local/sim/restore.ts): DBInstanceIdentifier,
// DBInstanceClass, Engine, DBSubnetGroupName, VpcSecurityGroupIds, AvailabilityZone, MultiAZ (ignored),
// PubliclyAccessible, KmsKeyId. The account has NO default VPC: a restore without a DB subnet group fails as RDS does
// without default subnets.
import { BACKUP_RESOURCE_TYPES } from '../../../drill/resource-types';
import { databaseContent } from '../../../../local/sim/content';
import { instanceHost } from '../../../../local/sim/rds';
import { arnOf, azProblem, fail, GiB, isTrue, kmsProblem, networkProblem, parseList, restoresNew, taken } from '../../../../local/sim/restore-helpers';
import { loginOf, seedDbRestoreNetwork, seeded, seedSecret, sourceDbNetwork } from '../../../../local/sim/seed-helpers';
import type { TargetOf, TargetSim } from '../../../../local/sim/target-sim';
import type { DatabaseContent, DbInstance } from '../../../../local/sim/world';

export interface RdsPayload {
  type: typeof BACKUP_RESOURCE_TYPES.rds;
  instanceId: string;
  engine: string;
  engineVersion: string;
  port: number;
  instanceClass: string;
  allocatedStorage: number;
  database?: DatabaseContent;
}

export const rdsSim: TargetSim<TargetOf<'rds'>, RdsPayload> = {
  resourceType: BACKUP_RESOURCE_TYPES.rds,
  continuous: true,
  restoreMinutes: [15, 25],
  seedRestoreNetwork: (dr, random, target) => seedDbRestoreNetwork(dr, random, target.restore),

  seedSource(seed, target) {
    const { world, random, region, azs } = seed;
    const r = region.name;
    const key = target.id;
    const secretArn = target.validation ? target.validation.secretArn : undefined;
    const login = secretArn ? loginOf(world, random, secretArn) : undefined;
    const instanceId = target.resourceArn.split(':db:')[1]!.toLowerCase();
    const { subnetGroup, sgs } = sourceDbNetwork(seed, target.id);
    const mysql = target.validation?.engine === 'mysql';
    const payload: RdsPayload = {
      type: 'RDS',
      instanceId,
      engine: mysql ? 'mysql' : 'postgres',
      engineVersion: mysql ? '8.0.40' : '16.4',
      port: mysql ? 3306 : 5432,
      instanceClass: 'db.t4g.medium',
      allocatedStorage: 100,
      database: login && databaseContent(target, login, random),
    };
    const instance: DbInstance = {
      ...seeded,
      id: instanceId,
      arn: target.resourceArn,
      region: r,
      resourceId: `db-${random.hex(26, 'res', key).toUpperCase()}`,
      engine: payload.engine,
      engineVersion: payload.engineVersion,
      instanceClass: payload.instanceClass,
      port: payload.port,
      allocatedStorage: payload.allocatedStorage,
      subnetGroup,
      securityGroups: sgs,
      availabilityZone: azs[0]!,
      readyStatus: 'available',
      endpointHash: random.hex(12, 'endpoint', key),
      publiclyAccessible: false,
    };
    region.dbInstances.set(instanceId, instance);
    if (secretArn && login) {
      seedSecret(world, random, secretArn, login, { engine: payload.engine, host: instanceHost(instance), port: payload.port, dbname: payload.database?.name });
    }
    return {
      payload,
      metadata: {
        DBInstanceIdentifier: instanceId,
        DBInstanceClass: payload.instanceClass,
        Engine: payload.engine,
        EngineVersion: payload.engineVersion,
        Port: String(payload.port),
        DBSubnetGroupName: subnetGroup,
        VpcSecurityGroupIds: JSON.stringify(sgs),
        AvailabilityZone: azs[0]!,
        MultiAZ: 'false',
        StorageType: 'gp3',
        AllocatedStorage: String(payload.allocatedStorage),
      },
    };
  },

  recoveryPointArn: (n) => `arn:aws:rds:${n.region}:${n.accountId}:snapshot:awsbackup:${n.madeBy}-${n.jobId.toLowerCase()}`,
  inventedResourceArn: (at) => `arn:aws:rds:${at.region}:${at.account}:db:${at.name}`,

  sizeBytes: (payload, random, key) => random.int(20, payload.allocatedStorage, 'size', key) * GiB,

  faultShowsInData: (p) => p.database !== undefined,

  planRestore({ ctx, payload: p, get, origin, hex, database, unhealthy }) {
    const id = (get('DBInstanceIdentifier') ?? p.instanceId).toLowerCase();
    const existing = ctx.region.dbInstances.get(id);
    if (taken(existing, ctx.now)) return fail(`DB instance already exists: ${id}`);
    const sgs = parseList(get('VpcSecurityGroupIds'));
    const subnet = get('DBSubnetGroupName');
    const az = get('AvailabilityZone');
    const problem = networkProblem(ctx, subnet, sgs) ?? azProblem(ctx, az) ?? kmsProblem(ctx, get('KmsKeyId'));
    if (problem) return fail(problem);
    const arn = arnOf.instance(ctx, id);
    return restoresNew<DbInstance>(ctx, { kind: 'db-instance', id, arn }, origin, ctx.region.dbInstances, () => ({
      resourceId: `db-${hex(26, 'res').toUpperCase()}`,
      engine: get('Engine') ?? p.engine,
      engineVersion: p.engineVersion,
      instanceClass: get('DBInstanceClass') ?? p.instanceClass,
      port: p.port,
      allocatedStorage: p.allocatedStorage,
      subnetGroup: subnet!,
      securityGroups: sgs,
      availabilityZone: az ?? `${ctx.region.name}a`,
      kmsKeyId: get('KmsKeyId'),
      readyStatus: unhealthy ? 'incompatible-restore' : 'available',
      endpointHash: hex(12, 'endpoint'),
      publiclyAccessible: isTrue(get('PubliclyAccessible')),
      database: database(p.database),
    }));
  },
};
