// The simulated behaviour the RDS-family cluster types share (Aurora, DocumentDB, Neptune): a production cluster with
// one writer, backed up as cluster snapshots, restored by AWS Backup as a cluster WITHOUT instances. Imported only by
// the types' sim.ts (and so only by local/): it must never reach a Lambda bundle.
//
// Restore metadata keys honoured (matched case-insensitively, see local/sim/restore.ts): DBClusterIdentifier, Engine,
// EngineVersion, Port, DatabaseName, DBSubnetGroupName, VpcSecurityGroupIds (JSON array or comma list), KmsKeyId,
// AvailabilityZones (ignored). The account has NO default VPC: a restore without a DB subnet group fails as RDS does
// without default subnets.
import { clusterHost } from '../../../local/sim/rds';
import { arnOf, fail, kmsProblem, networkProblem, parseList, restoresNew, taken } from '../../../local/sim/restore-helpers';
import { seeded, sourceDbNetwork } from '../../../local/sim/seed-helpers';
import type { PayloadBase, RestorePlan, RestoreRequest, SimDataAccess, SourceSeed } from '../../../local/sim/target-sim';
import { phaseAt, type ClusterStore, type DbCluster } from '../../../local/sim/world';

/** What a cluster's recovery point records of it, whatever its engine. */
export interface ClusterPayload extends PayloadBase {
  clusterId: string;
  engine: string;
  engineVersion: string;
  port: number;
  databaseName: string;
}

/** The cluster a target's ARN names (RDS stores identifiers in lower case). */
export const clusterIdOf = (target: { resourceArn: string }): string => target.resourceArn.split(':cluster:')[1]!.toLowerCase();

/**
 * Seeds the production cluster and its writer in the source region, in their own network, and returns the restore
 * metadata AWS Backup records for its snapshots. `extra` is what the type keeps on the cluster (its data).
 */
export function seedSourceCluster(seed: SourceSeed, targetId: string, arn: string, p: ClusterPayload, extra: Partial<DbCluster> = {}): { cluster: DbCluster; metadata: Record<string, string> } {
  const { world, random, region, azs } = seed;
  const r = region.name;
  const key = targetId;
  const { subnetGroup, sgs } = sourceDbNetwork(seed, targetId);
  const cluster: DbCluster = {
    ...seeded,
    id: p.clusterId,
    arn,
    region: r,
    resourceId: `cluster-${random.hex(26, 'res', key).toUpperCase()}`,
    engine: p.engine,
    engineVersion: p.engineVersion,
    port: p.port,
    databaseName: p.databaseName,
    subnetGroup,
    securityGroups: sgs,
    availabilityZones: azs,
    readyStatus: 'available',
    endpointHash: random.hex(12, 'endpoint', key),
    ...extra,
  };
  region.dbClusters.set(p.clusterId, cluster);
  const writer = `${p.clusterId}-instance-1`;
  region.dbInstances.set(writer, {
    ...seeded,
    id: writer,
    arn: `arn:aws:rds:${r}:${world.accountId}:db:${writer}`,
    region: r,
    resourceId: `db-${random.hex(26, 'res-writer', key).toUpperCase()}`,
    clusterId: p.clusterId,
    engine: p.engine,
    engineVersion: p.engineVersion,
    instanceClass: 'db.r6g.large',
    port: p.port,
    allocatedStorage: 1,
    subnetGroup,
    securityGroups: sgs,
    availabilityZone: azs[0]!,
    readyStatus: 'available',
    endpointHash: random.hex(12, 'endpoint-writer', key),
    publiclyAccessible: false,
  });
  const metadata = {
    DBClusterIdentifier: p.clusterId,
    Engine: p.engine,
    EngineVersion: p.engineVersion,
    EngineMode: 'provisioned',
    Port: String(p.port),
    DatabaseName: p.databaseName,
    DBSubnetGroupName: subnetGroup,
    VpcSecurityGroupIds: JSON.stringify(sgs),
    AvailabilityZones: JSON.stringify(azs),
    StorageEncrypted: 'true',
  };
  return { cluster, metadata };
}

/** An RDS cluster snapshot AWS Backup made (a backup job) or copied (a copy job). */
export const clusterSnapshotArn = (n: { region: string; accountId: string; madeBy: string; jobId: string }): string =>
  `arn:aws:rds:${n.region}:${n.accountId}:cluster-snapshot:awsbackup:${n.madeBy}-${n.jobId.toLowerCase()}`;

/** A restore job's cluster, without instances, in the plan's network. `extra` is what the type keeps on it (its data). */
export function planClusterRestore<P extends ClusterPayload>({ ctx, payload: p, get, origin, hex }: RestoreRequest<P>, extra: Partial<DbCluster> = {}): RestorePlan {
  const id = (get('DBClusterIdentifier') ?? p.clusterId).toLowerCase();
  const existing = ctx.region.dbClusters.get(id);
  if (taken(existing, ctx.now)) return fail(`DB cluster already exists: ${id}`);
  const sgs = parseList(get('VpcSecurityGroupIds'));
  const subnet = get('DBSubnetGroupName');
  const problem = networkProblem(ctx, subnet, sgs) ?? kmsProblem(ctx, get('KmsKeyId'));
  if (problem) return fail(problem);
  const arn = arnOf.cluster(ctx, id);
  return restoresNew<DbCluster>(ctx, { kind: 'db-cluster', id, arn }, origin, ctx.region.dbClusters, () => ({
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
    ...extra,
  }));
}

/** A connection refused or timed out, as a client sees an endpoint nothing answers on. */
export class SimUnreachableError extends Error {
  override readonly name = 'SimUnreachableError';
}

/** What a cluster of counted data records (DocumentDB's documents, Neptune's nodes): counts, and the plan's minimums. */
export interface CountedPayload {
  counts: Record<string, number>;
  minimums: Record<string, number>;
}

/** The plan checks counts against minimums: only a minimum above 0 can show the validation-failed fault. */
export const countsChecked = (p: CountedPayload): boolean => Object.values(p.minimums).some((m) => m > 0);

/**
 * The restored cluster's counted data: the recovery point's, or under the validation-failed fault (dataFault) each
 * count the plan sets a minimum for drops to half that minimum, so every such check falls short.
 */
export function restoredCounts(p: CountedPayload, dataFault: boolean): Pick<ClusterStore, 'counts' | 'checked'> {
  const counts = Object.fromEntries(Object.entries(p.counts).map(([k, n]) => [k, dataFault && (p.minimums[k] ?? 0) > 0 ? Math.floor(p.minimums[k]! / 2) : n]));
  return { counts, checked: countsChecked(p) };
}

/** The region in a simulated cluster endpoint (local/sim/rds.ts clusterHost: <id>.cluster-<hash>.<region>.rds.amazonaws.com). */
export const regionOfHost = (host: string): string => host.split('.')[2] ?? 'unknown';

/** The target a restored cluster at this endpoint belongs to, for the call record; undefined when none answers there. */
export function targetAt(access: SimDataAccess, host: string, port: number): string | undefined {
  try {
    return reachableCluster(access, host, port).targetId;
  } catch {
    return undefined;
  }
}

/**
 * The cluster a data port's request reaches at host:port: one of the world's clusters, available, with an available
 * instance (a cluster endpoint answers only through an instance). Anything else is unreachable, as on a network.
 */
export function reachableCluster({ world, now }: SimDataAccess, host: string, port: number): DbCluster {
  const at = now();
  for (const region of world.regions.values()) {
    for (const c of region.dbClusters.values()) {
      if (clusterHost(c) !== host || c.port !== port) continue;
      const instance = [...region.dbInstances.values()].some((i) => i.clusterId === c.id && phaseAt(i, at) === 'ready' && i.readyStatus === 'available');
      if (phaseAt(c, at) === 'ready' && instance) return c;
      break;
    }
  }
  throw new SimUnreachableError(`connect ETIMEDOUT ${host}:${port}`);
}
