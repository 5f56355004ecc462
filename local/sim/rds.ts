// Amazon RDS / Aurora: restored clusters (no instances), the instance a drill creates in one, deletions.
// Identifiers are case-insensitive and stored in lower case, as RDS does. Global databases: global-clusters.ts.
import { bool, str, type Handler, type Output, type SimContext } from './context';
import { invalid, notFound } from './errors';
import { globalOfCluster, writerAt } from './failover-world';
import { NO_DEFAULT_SUBNET, arnOf } from './restore-helpers';
import { compact, exists, iso, phaseAt, type DbCluster, type DbInstance, type DbSnapshot } from './world';

const SERVICE = 'rds';

const idOf = (identifierOrArn: string): string => {
  const match = /^arn:aws[a-z-]*:rds:[^:]*:\d*:(?:cluster|db):(.+)$/.exec(identifierOrArn);
  return (match ? match[1]! : identifierOrArn).toLowerCase();
};

function clusterIn(ctx: SimContext, identifier: string | undefined): DbCluster {
  const cluster = identifier ? ctx.region.dbClusters.get(idOf(identifier)) : undefined;
  if (!cluster || !exists(cluster, ctx.now)) throw notFound(SERVICE, 'DBClusterNotFoundFault', `DBCluster ${identifier ?? ''} not found.`);
  return cluster;
}

function instanceIn(ctx: SimContext, identifier: string | undefined): DbInstance {
  const instance = identifier ? ctx.region.dbInstances.get(idOf(identifier)) : undefined;
  if (!instance || !exists(instance, ctx.now)) throw notFound(SERVICE, 'DBInstanceNotFound', `DBInstance ${identifier ?? ''} not found.`);
  return instance;
}

const members = (ctx: SimContext, cluster: DbCluster): DbInstance[] =>
  [...ctx.region.dbInstances.values()]
    .filter((i) => i.clusterId === cluster.id && exists(i, ctx.now))
    .sort((a, b) => a.visibleAt - b.visibleAt);

const tagList = (ctx: SimContext, arn: string): Array<{ Key: string; Value: string }> =>
  [...(ctx.region.tags.get(arn) ?? [])].map(([Key, Value]) => ({ Key, Value }));

/** Endpoint host names, shared with the simulated databases (databases.ts) that answer on them. */
export const clusterHost = (c: DbCluster): string => `${c.id}.cluster-${c.endpointHash}.${c.region}.rds.amazonaws.com`;
export const clusterReaderHost = (c: DbCluster): string => `${c.id}.cluster-ro-${c.endpointHash}.${c.region}.rds.amazonaws.com`;
export const instanceHost = (i: DbInstance): string => `${i.id}.${i.endpointHash}.${i.region}.rds.amazonaws.com`;

const masterUsername = (engine: string): string => (engine.includes('postgres') ? 'postgres' : 'admin');

function clusterStatus(ctx: SimContext, c: DbCluster): string {
  const phase = phaseAt(c, ctx.now);
  return phase === 'creating' ? 'creating' : phase === 'deleting' ? 'deleting' : c.readyStatus;
}

/** A secondary of an Aurora global database has no writer instance: its instances only read. */
function isGlobalSecondary(ctx: SimContext, c: DbCluster): boolean {
  const g = c.globalClusterId && ctx.world.failover ? globalOfCluster(ctx.world.failover, c.arn) : undefined;
  return g !== undefined && writerAt(g, ctx.now).toLowerCase() !== c.arn.toLowerCase();
}

function clusterOutput(ctx: SimContext, c: DbCluster): Output {
  const status = clusterStatus(ctx, c);
  const writer = isGlobalSecondary(ctx, c) ? undefined : members(ctx, c)[0];
  return compact({
    DBClusterIdentifier: c.id,
    DBClusterArn: c.arn,
    DbClusterResourceId: c.resourceId,
    Status: status,
    Engine: c.engine,
    EngineVersion: c.engineVersion,
    EngineMode: 'provisioned',
    Port: c.port,
    DatabaseName: c.databaseName,
    MasterUsername: masterUsername(c.engine),
    AllocatedStorage: 1,
    StorageType: 'aurora',
    BackupRetentionPeriod: 1,
    DBSubnetGroup: c.subnetGroup,
    VpcSecurityGroups: c.securityGroups.map((id) => ({ VpcSecurityGroupId: id, Status: 'active' })),
    DBClusterMembers: members(ctx, c).map((i) => ({
      DBInstanceIdentifier: i.id,
      IsClusterWriter: i === writer,
      DBClusterParameterGroupStatus: 'in-sync',
      PromotionTier: 1,
    })),
    AvailabilityZones: c.availabilityZones,
    MultiAZ: false,
    Endpoint: status === 'available' ? clusterHost(c) : undefined,
    ReaderEndpoint: status === 'available' ? clusterReaderHost(c) : undefined,
    HostedZoneId: 'Z1TTGA775OQIYO',
    ClusterCreateTime: iso(c.visibleAt),
    StorageEncrypted: true,
    KmsKeyId: c.kmsKeyId,
    IAMDatabaseAuthenticationEnabled: c.store?.iamAuth === true,
    DeletionProtection: false,
    CopyTagsToSnapshot: false,
    CrossAccountClone: false,
    AutoMinorVersionUpgrade: true,
    NetworkType: 'IPV4',
    TagList: tagList(ctx, c.arn),
    GlobalClusterIdentifier: c.globalClusterId,
    HttpEndpointEnabled: c.httpEndpointEnabled === true,
  });
}

function instanceStatus(ctx: SimContext, i: DbInstance): string {
  const phase = phaseAt(i, ctx.now);
  return phase === 'creating' ? 'creating' : phase === 'deleting' ? 'deleting' : i.readyStatus;
}

function instanceOutput(ctx: SimContext, i: DbInstance): Output {
  const status = instanceStatus(ctx, i);
  const group = ctx.region.dbSubnetGroups.get(i.subnetGroup);
  return compact({
    DBInstanceIdentifier: i.id,
    DBInstanceArn: i.arn,
    DbiResourceId: i.resourceId,
    DBInstanceClass: i.instanceClass,
    Engine: i.engine,
    EngineVersion: i.engineVersion,
    DBInstanceStatus: status,
    MasterUsername: masterUsername(i.engine),
    Endpoint:
      status === 'available'
        ? { Address: instanceHost(i), Port: i.port, HostedZoneId: 'Z1TTGA775OQIYO' }
        : undefined,
    AllocatedStorage: i.allocatedStorage,
    InstanceCreateTime: ctx.now >= i.readyAt ? iso(i.readyAt) : undefined,
    AvailabilityZone: i.availabilityZone,
    DBSubnetGroup: group
      ? {
          DBSubnetGroupName: i.subnetGroup,
          DBSubnetGroupDescription: `dr-drill isolated subnets (${i.subnetGroup})`,
          VpcId: group.vpcId,
          SubnetGroupStatus: 'Complete',
          Subnets: group.subnets.map((id, n) => ({
            SubnetIdentifier: id,
            SubnetAvailabilityZone: { Name: `${i.region}${'abc'[n % 3]}` },
            SubnetStatus: 'Active',
          })),
        }
      : undefined,
    VpcSecurityGroups: i.securityGroups.map((id) => ({ VpcSecurityGroupId: id, Status: 'active' })),
    DBClusterIdentifier: i.clusterId,
    MultiAZ: false,
    PubliclyAccessible: i.publiclyAccessible,
    StorageEncrypted: true,
    StorageType: i.clusterId ? 'aurora' : 'gp3',
    KmsKeyId: i.kmsKeyId,
    DbInstancePort: 0,
    PromotionTier: 1,
    BackupRetentionPeriod: 1,
    CACertificateIdentifier: 'rds-ca-rsa2048-g1',
    IAMDatabaseAuthenticationEnabled: false,
    PerformanceInsightsEnabled: false,
    DeletionProtection: false,
    AutoMinorVersionUpgrade: true,
    CopyTagsToSnapshot: false,
    NetworkType: 'IPV4',
    TagList: tagList(ctx, i.arn),
  });
}

type Filter = { Name?: unknown; Values?: unknown };
const filterValues = (input: Record<string, unknown>, name: string): string[] | undefined => {
  const filters = Array.isArray(input.Filters) ? (input.Filters as Filter[]) : [];
  const f = filters.find((x) => x.Name === name);
  return f && Array.isArray(f.Values) ? (f.Values as unknown[]).map((v) => idOf(String(v))) : undefined;
};

const describeDBClusters: Handler = (ctx, input) => {
  const id = str(input.DBClusterIdentifier);
  if (id) {
    const cluster = clusterIn(ctx, id);
    ctx.attribute(cluster.targetId);
    return { DBClusters: [clusterOutput(ctx, cluster)] };
  }
  const ids = filterValues(input, 'db-cluster-id');
  const clusters = [...ctx.region.dbClusters.values()].filter((c) => exists(c, ctx.now) && (!ids || ids.includes(c.id)));
  return { DBClusters: clusters.map((c) => clusterOutput(ctx, c)) };
};

function finalSnapshot(ctx: SimContext, id: string, kind: DbSnapshot['kind'], targetId: string | undefined): void {
  const existing = ctx.region.dbSnapshots.get(id);
  if (existing && exists(existing, ctx.now)) {
    throw invalid(
      SERVICE,
      kind === 'db-cluster-snapshot' ? 'DBClusterSnapshotAlreadyExistsFault' : 'DBSnapshotAlreadyExists',
      `Cannot create the snapshot because a snapshot with the identifier ${id} already exists.`,
    );
  }
  const type = kind === 'db-cluster-snapshot' ? 'cluster-snapshot' : 'snapshot';
  ctx.region.dbSnapshots.set(id, {
    id,
    arn: `arn:aws:rds:${ctx.region.name}:${ctx.world.accountId}:${type}:${id}`,
    region: ctx.region.name,
    kind,
    visibleAt: ctx.now,
    readyAt: ctx.now + ctx.random.minutes(5, 15, 'final-snapshot', id),
    createdByDrill: true,
    targetId,
    createdBy: 'final snapshot on delete',
  });
}

const deleteDBCluster: Handler = (ctx, input) => {
  const cluster = clusterIn(ctx, str(input.DBClusterIdentifier));
  ctx.attribute(cluster.targetId);
  const phase = phaseAt(cluster, ctx.now);
  if (phase === 'deleting') throw invalid(SERVICE, 'InvalidDBClusterStateFault', `Cluster ${cluster.id} is already being deleted.`);
  if (phase === 'creating') throw invalid(SERVICE, 'InvalidDBClusterStateFault', `DB cluster ${cluster.id} is not in the available state.`);
  const live = members(ctx, cluster);
  if (live.some((i) => phaseAt(i, ctx.now) !== 'deleting')) {
    throw invalid(SERVICE, 'InvalidDBClusterStateFault', 'Cluster cannot be deleted, it still contains DB instances in non-deleting state.');
  }
  const snapshotId = str(input.FinalDBSnapshotIdentifier);
  if (bool(input.SkipFinalSnapshot) !== true && !snapshotId) {
    throw invalid(SERVICE, 'InvalidParameterCombination', 'FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.');
  }
  if (snapshotId) finalSnapshot(ctx, snapshotId, 'db-cluster-snapshot', cluster.targetId);
  const lastMemberGone = Math.max(0, ...live.map((i) => i.goneAt ?? 0));
  cluster.deleteRequestedAt = ctx.now;
  cluster.goneAt = Math.max(ctx.now + ctx.random.minutes(2, 5, 'cluster-delete', cluster.arn), lastMemberGone + 60_000);
  return { DBCluster: clusterOutput(ctx, cluster) };
};

const createDBInstance: Handler = (ctx, input) => {
  const id = idOf(str(input.DBInstanceIdentifier) ?? '');
  const existing = ctx.region.dbInstances.get(id);
  if (existing && phaseAt(existing, ctx.now) !== 'gone') {
    throw invalid(SERVICE, 'DBInstanceAlreadyExists', 'DB instance already exists');
  }
  const engine = str(input.Engine) ?? '';
  const clusterId = str(input.DBClusterIdentifier);
  let cluster: DbCluster | undefined;
  let subnetGroup: string;
  let securityGroups: string[];
  if (clusterId) {
    cluster = clusterIn(ctx, clusterId);
    if (clusterStatus(ctx, cluster) !== 'available') {
      throw invalid(SERVICE, 'InvalidDBClusterStateFault', `DB cluster ${cluster.id} is not in the available state.`);
    }
    if (engine !== cluster.engine) {
      throw invalid(
        SERVICE,
        'InvalidParameterCombination',
        `The engine name requested for your DB instance (${engine}) doesn't match the engine name of your DB cluster (${cluster.engine}).`,
      );
    }
    subnetGroup = cluster.subnetGroup;
    securityGroups = cluster.securityGroups;
  } else {
    const requested = str(input.DBSubnetGroupName);
    if (!requested) throw invalid(SERVICE, 'InvalidSubnet', NO_DEFAULT_SUBNET);
    if (!ctx.region.dbSubnetGroups.has(requested)) {
      throw notFound(SERVICE, 'DBSubnetGroupNotFoundFault', `DBSubnetGroupName '${requested}' not found.`);
    }
    subnetGroup = requested;
    securityGroups = Array.isArray(input.VpcSecurityGroupIds) ? (input.VpcSecurityGroupIds as string[]) : [];
  }
  ctx.attribute(cluster?.targetId);
  // With SQL checks the validation-failed fault shows in the restored data instead (restore.ts): the instance is fine.
  const unhealthy = cluster?.targetId !== undefined && ctx.faults(cluster.targetId).has('validation-failed') && !cluster.database && !cluster.store?.checked;
  const arn = arnOf.instance(ctx, id);
  const instance: DbInstance = {
    id,
    arn,
    region: ctx.region.name,
    resourceId: `db-${ctx.random.hex(26, 'instance', arn, String(ctx.ordinal(`instance:${id}`))).toUpperCase()}`,
    clusterId: cluster?.id,
    engine,
    engineVersion: str(input.EngineVersion) ?? cluster?.engineVersion ?? '16.4',
    instanceClass: str(input.DBInstanceClass) ?? '',
    port: cluster?.port ?? 5432,
    allocatedStorage: cluster ? 1 : typeof input.AllocatedStorage === 'number' ? input.AllocatedStorage : 20,
    subnetGroup,
    securityGroups,
    availabilityZone: str(input.AvailabilityZone) ?? `${ctx.region.name}a`,
    kmsKeyId: cluster?.kmsKeyId ?? str(input.KmsKeyId),
    readyStatus: unhealthy ? 'incompatible-restore' : 'available',
    endpointHash: ctx.random.hex(12, 'endpoint', arn),
    publiclyAccessible: bool(input.PubliclyAccessible) ?? false,
    visibleAt: ctx.now,
    readyAt: ctx.now + ctx.random.minutes(8, 12, 'instance-create', arn, String(ctx.ordinal(`instance-time:${id}`))),
    createdByDrill: true,
    targetId: cluster?.targetId,
    createdBy: 'CreateDBInstance',
  };
  ctx.region.dbInstances.set(id, instance);
  const tags = Array.isArray(input.Tags) ? (input.Tags as Array<{ Key?: string; Value?: string }>) : [];
  if (tags.length > 0) ctx.region.tags.set(arn, new Map(tags.map((t) => [String(t.Key), String(t.Value ?? '')])));
  return { DBInstance: instanceOutput(ctx, instance) };
};

const describeDBInstances: Handler = (ctx, input) => {
  const id = str(input.DBInstanceIdentifier);
  if (id) {
    const known = ctx.region.dbInstances.get(idOf(id));
    ctx.attribute(known?.targetId);
    ctx.throttleOnce(known?.targetId);
    const instance = instanceIn(ctx, id);
    return { DBInstances: [instanceOutput(ctx, instance)] };
  }
  const clusterIds = filterValues(input, 'db-cluster-id');
  const instanceIds = filterValues(input, 'db-instance-id');
  const instances = [...ctx.region.dbInstances.values()].filter(
    (i) =>
      exists(i, ctx.now) &&
      (!clusterIds || (i.clusterId !== undefined && clusterIds.includes(i.clusterId))) &&
      (!instanceIds || instanceIds.includes(i.id)),
  );
  return { DBInstances: instances.map((i) => instanceOutput(ctx, i)) };
};

const deleteDBInstance: Handler = (ctx, input) => {
  const instance = instanceIn(ctx, str(input.DBInstanceIdentifier));
  ctx.attribute(instance.targetId);
  if (phaseAt(instance, ctx.now) === 'deleting') {
    throw invalid(SERVICE, 'InvalidDBInstanceState', `Instance ${instance.id} is already being deleted.`);
  }
  const snapshotId = str(input.FinalDBSnapshotIdentifier);
  if (instance.clusterId) {
    if (snapshotId) {
      throw invalid(SERVICE, 'InvalidParameterCombination', 'FinalDBSnapshotIdentifier can not be specified when deleting a cluster instance.');
    }
  } else {
    if (bool(input.SkipFinalSnapshot) !== true && !snapshotId) {
      throw invalid(SERVICE, 'InvalidParameterCombination', 'FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.');
    }
    if (snapshotId) finalSnapshot(ctx, snapshotId, 'db-snapshot', instance.targetId);
  }
  instance.deleteRequestedAt = ctx.now;
  instance.goneAt = ctx.now + ctx.random.minutes(4, 8, 'instance-delete', instance.arn, String(instance.visibleAt));
  return { DBInstance: instanceOutput(ctx, instance) };
};

const listTagsForResource: Handler = (ctx, input) => {
  const arn = str(input.ResourceName) ?? '';
  if (arn.includes(':cluster:')) return { TagList: tagList(ctx, clusterIn(ctx, arn).arn) };
  if (arn.includes(':db:')) return { TagList: tagList(ctx, instanceIn(ctx, arn).arn) };
  const snapshot = [...ctx.region.dbSnapshots.values()].find((s) => s.arn === arn && exists(s, ctx.now));
  if (snapshot) return { TagList: tagList(ctx, snapshot.arn) };
  throw invalid(SERVICE, 'InvalidParameterValue', `The specified resource name does not match an RDS resource in this region: ${arn}`);
};

// EnableHttpEndpoint: "By default, the HTTP endpoint isn't enabled"; it "applies only to Aurora Serverless v2 and
// provisioned DB clusters" (SDK doc comment of EnableHttpEndpointCommand). A restored cluster starts without it: AWS's
// own CloudFormation provider enables it with this extra call after RestoreDBClusterFromSnapshot, which cannot
// (aws-cloudformation-resource-providers-rds pull request 496). Errors: ResourceNotFoundFault, InvalidResourceStateFault.
const enableHttpEndpoint: Handler = (ctx, input) => {
  const arn = str(input.ResourceArn) ?? '';
  const cluster = [...ctx.region.dbClusters.values()].find((c) => c.arn === arn && exists(c, ctx.now));
  if (!cluster) throw notFound(SERVICE, 'ResourceNotFoundFault', `The specified resource ARN ${arn} was not found.`);
  ctx.attribute(cluster.targetId);
  if (clusterStatus(ctx, cluster) !== 'available') {
    throw invalid(SERVICE, 'InvalidResourceStateFault', `The DB cluster ${cluster.id} is ${clusterStatus(ctx, cluster)}: the HTTP endpoint can be enabled only on an available cluster.`);
  }
  cluster.httpEndpointEnabled = true;
  return { ResourceArn: cluster.arn, HttpEndpointEnabled: true };
};

export const rdsHandlers: Record<string, Handler> = {
  EnableHttpEndpoint: enableHttpEndpoint,
  DescribeDBClusters: describeDBClusters,
  DeleteDBCluster: deleteDBCluster,
  CreateDBInstance: createDBInstance,
  DescribeDBInstances: describeDBInstances,
  DeleteDBInstance: deleteDBInstance,
  ListTagsForResource: listTagsForResource,
};
