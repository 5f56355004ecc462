// Seeds the failover side of the account from the plan's `failover` block: per target an Aurora global database
// whose members are the plan's primary cluster (writer) and DR cluster (reader), each with one instance; the canary
// table with one row from a previous drill 30 days ago and the two canary secrets; the regional apps the health URL
// leads to; the Route 53 health check on the primary app, or the ARC routing controls (primary On, DR Off).
// A member that the restore drill already seeded (the same cluster ARN as an aurora target) is reused.
import { addSubnets, placeSecurityGroups, productionVpc } from './vpc-network';
import type { Plan } from '../../lib/plan/schema';
import type { FailoverTarget } from '../../lib/plan/failover-schema';
import { secretNameOf } from './content';
import type { FailoverSite, FailoverWorld, GlobalDb, GlobalMember } from './failover-world';
import type { SimRandom } from './hash';
import { clusterHost } from './rds';
import { arnRegion, type DbCluster, type World } from './world';

const DAY = 24 * 3_600_000;
const LONG_AGO = Date.UTC(2020, 0, 1);
const seeded = { createdByDrill: false, visibleAt: LONG_AGO, readyAt: LONG_AGO };

/** The canary login both secrets hold (a global database shares its users across regions). */
export const CANARY_USERNAME = 'drill_canary';
/** The marker of the row a previous drill left in every canary table. */
export const PREVIOUS_DRILL_MARKER = 'previous-drill';

function regionOf(world: World, arn: string, what: string) {
  const region = world.regions.get(arnRegion(arn));
  if (!region) throw new Error(`seedFromPlan: ${what} ${arn} is in ${arnRegion(arn)}, which this simulated account does not have`);
  return region;
}

function ensureMember(world: World, random: SimRandom, arn: string, target: FailoverTarget): { member: GlobalMember; cluster: DbCluster } {
  const region = regionOf(world, arn, `failover target ${target.id}: cluster`);
  const id = arn.split(':cluster:')[1]!.toLowerCase();
  const member = { arn, id, region: region.name };
  const existing = region.dbClusters.get(id);
  if (existing) {
    if (existing.globalClusterId && existing.globalClusterId !== target.globalClusterIdentifier) {
      throw new Error(`seedFromPlan: cluster ${arn} cannot be in both ${existing.globalClusterId} and ${target.globalClusterIdentifier}`);
    }
    existing.globalClusterId = target.globalClusterIdentifier;
    return { member, cluster: existing };
  }
  const mysql = target.canary.engine === 'mysql';
  const key = `${target.id}:${id}`;
  const azs = ['a', 'b', 'c'].map((z) => `${region.name}${z}`);
  const subnetGroup = `${id}-db-subnets`;
  const sg = `sg-${random.hex(17, 'global-sg', key)}`;
  const vpcId = `vpc-${random.hex(17, 'prod-vpc', region.name)}`;
  const subnets = azs.map((az) => ({ id: `subnet-${random.hex(17, 'global-subnet', key, az)}`, availabilityZone: az }));
  region.dbSubnetGroups.set(subnetGroup, { vpcId, subnets: subnets.map((s) => s.id) });
  addSubnets(region, vpcId, subnets);
  productionVpc(region, random, vpcId);
  placeSecurityGroups(region, vpcId, [sg]);
  const cluster: DbCluster = {
    ...seeded,
    id,
    arn,
    region: region.name,
    resourceId: `cluster-${random.hex(26, 'res', key).toUpperCase()}`,
    engine: mysql ? 'aurora-mysql' : 'aurora-postgresql',
    engineVersion: mysql ? '8.0.mysql_aurora.3.08.0' : '15.4',
    port: mysql ? 3306 : 5432,
    databaseName: target.canary.database,
    subnetGroup,
    securityGroups: [sg],
    availabilityZones: azs,
    readyStatus: 'available',
    endpointHash: random.hex(12, 'endpoint', key),
    targetId: target.id,
    globalClusterId: target.globalClusterIdentifier,
  };
  region.dbClusters.set(id, cluster);
  const instanceId = `${id}-instance-1`;
  region.dbInstances.set(instanceId, {
    ...seeded,
    id: instanceId,
    arn: `arn:aws:rds:${region.name}:${world.accountId}:db:${instanceId}`,
    region: region.name,
    resourceId: `db-${random.hex(26, 'res-instance', key).toUpperCase()}`,
    clusterId: id,
    engine: cluster.engine,
    engineVersion: cluster.engineVersion,
    instanceClass: 'db.r6g.large',
    port: cluster.port,
    allocatedStorage: 1,
    subnetGroup,
    securityGroups: [sg],
    availabilityZone: azs[0]!,
    readyStatus: 'available',
    endpointHash: random.hex(12, 'endpoint-instance', key),
    publiclyAccessible: false,
    targetId: target.id,
  });
  return { member, cluster };
}

/** Secrets shaped like RDS's, pointing at the member cluster in their own region. */
function seedCanarySecret(world: World, random: SimRandom, arn: string, g: GlobalDb, clusters: DbCluster[], password: string): void {
  const region = regionOf(world, arn, `failover target ${g.targetId}: canary secret`);
  if (region.secrets.has(arn)) return;
  const cluster = clusters.find((c) => c.region === region.name) ?? clusters[0]!;
  const secretString = JSON.stringify({
    username: CANARY_USERNAME,
    password,
    engine: g.canary.engine,
    host: clusterHost(cluster),
    port: cluster.port,
    dbname: g.canary.database,
  });
  region.secrets.set(arn, { arn, name: secretNameOf(arn), versionId: random.uuid('secret-version', arn).toLowerCase(), secretString, createdAt: LONG_AGO });
}

/** ARC targets name no DNS answers: their regional apps get names of the same form as the health URL's host. */
function regionalName(host: string, region: string): string {
  const [first, ...rest] = host.split('.');
  return [`${first}-${region}`, ...rest].join('.');
}

export function seedFailover(world: World, plan: Plan, random: SimRandom, now: number): void {
  if (!plan.failover) return;
  const fw: FailoverWorld = { globals: new Map(), sites: [], controls: new Map(), resolverCache: new Map(), vpcResolverCache: new Map() };
  for (const target of plan.failover.targets) {
    const primary = ensureMember(world, random, target.primaryClusterArn, target);
    const dr = ensureMember(world, random, target.drClusterArn, target);
    const globalId = target.globalClusterIdentifier.toLowerCase();
    const g: GlobalDb = {
      id: target.globalClusterIdentifier,
      arn: `arn:aws:rds::${world.accountId}:global-cluster:${target.globalClusterIdentifier}`,
      resourceId: `cluster-${random.hex(24, 'global-res', target.id)}`,
      engine: target.canary.engine === 'mysql' ? 'aurora-mysql' : 'aurora-postgresql',
      engineVersion: primary.cluster.engineVersion,
      endpointHash: random.hex(12, 'global-endpoint', target.id),
      targetId: target.id,
      members: [primary.member, dr.member],
      initialWriterArn: primary.member.arn,
      switches: [],
      canary: {
        engine: target.canary.engine,
        database: target.canary.database,
        table: target.canary.table,
        secretArns: [target.canary.secretArn, target.canary.drSecretArn],
        rows: [{ marker: PREVIOUS_DRILL_MARKER, writtenAt: now - 30 * DAY, writerArn: primary.member.arn }],
      },
    };
    fw.globals.set(globalId, g);
    const password = random.hex(32, 'canary-password', globalId);
    for (const arn of g.canary.secretArns) seedCanarySecret(world, random, arn, g, [primary.cluster, dr.cluster], password);

    const url = new URL(target.healthUrl);
    const site: FailoverSite = {
      targetId: target.id,
      globalId,
      healthHost: url.hostname.toLowerCase(),
      healthPath: url.pathname,
      primary: { region: primary.member.region, answer: target.dns?.primaryAnswer ?? regionalName(url.hostname, primary.member.region) },
      dr: { region: dr.member.region, answer: target.dns?.drAnswer ?? regionalName(url.hostname, dr.member.region) },
      healthCheck: { id: random.uuid('health-check', target.id).toLowerCase(), offsetMs: random.int(0, 9, 'health-check-offset', target.id) * 1000 },
    };
    if (target.dns) {
      site.dns = {
        hostedZoneId: target.dns.hostedZoneId,
        recordName: target.dns.recordName.replace(/\.$/, ''),
        recordType: target.dns.recordType,
        privateZone: target.dns.zone === 'private',
      };
    }
    if (target.routingControls) {
      const rc = target.routingControls;
      site.routing = { primaryControlArn: rc.primaryControlArn, drControlArn: rc.drControlArn, endpoints: rc.clusterEndpoints };
      fw.controls.set(rc.primaryControlArn, { arn: rc.primaryControlArn, name: `${target.id}-${primary.member.region}`, state: 'On', targetId: target.id });
      fw.controls.set(rc.drControlArn, { arn: rc.drControlArn, name: `${target.id}-${dr.member.region}`, state: 'Off', targetId: target.id });
    }
    fw.sites.push(site);
  }
  world.failover = fw;
}
