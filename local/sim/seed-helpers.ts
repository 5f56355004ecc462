// What seeding several types shares: the production network of a database, the DR network a database restore
// names, and the database secret the plan's SQL checks read. Used by seed.ts and the types' sim.ts
// (lib/resource-types/targets/*/sim.ts).
import { newLogin, secretNameOf, type DatabaseLogin } from './content';
import type { SimRandom } from './hash';
import type { SourceSeed } from './target-sim';
import { addSubnets, isolatedVpc, placeSecurityGroups, productionVpc } from './vpc-network';
import { arnRegion, type RegionState, type World } from './world';

export const LONG_AGO = Date.UTC(2020, 0, 1);

/** Lifecycle and origin of a production resource: there long before the drill, and not the drill's to remove. */
export const seeded = { createdByDrill: false, visibleAt: LONG_AGO, readyAt: LONG_AGO };

export function regionOf(world: World, region: string, what: string): RegionState {
  const state = world.regions.get(region);
  if (!state) {
    throw new Error(`seedFromPlan: ${what} is in ${region}, which this simulated account does not have (regions: ${[...world.regions.keys()].join(', ')})`);
  }
  return state;
}

/** A production database's DB subnet group (one subnet per AZ) and security group, in its own region. */
export function sourceDbNetwork(seed: SourceSeed, targetId: string): { subnetGroup: string; sgs: string[] } {
  const { region, random, azs } = seed;
  const subnetGroup = `${targetId}-prod-db-subnets`;
  const sgs = [`sg-${random.hex(17, 'prod-sg', targetId)}`];
  const vpcId = `vpc-${random.hex(17, 'prod-vpc', region.name)}`;
  const subnets = azs.map((az) => ({ id: `subnet-${random.hex(17, 'prod-subnet', targetId, az)}`, availabilityZone: az }));
  region.dbSubnetGroups.set(subnetGroup, { vpcId, subnets: subnets.map((s) => s.id) });
  addSubnets(region, vpcId, subnets);
  productionVpc(region, random, vpcId);
  placeSecurityGroups(region, vpcId, sgs);
  return { subnetGroup, sgs };
}

/** The isolated DB subnet group and security groups a database restore names, in the DR region. */
export function seedDbRestoreNetwork(dr: RegionState, random: SimRandom, restore: { dbSubnetGroupName: string; vpcSecurityGroupIds: string[] }): void {
  const vpcId = `vpc-${random.hex(17, 'dr-vpc', dr.name)}`;
  const subnets = ['a', 'b', 'c'].map((z) => ({ id: `subnet-${random.hex(17, 'dr-subnet', restore.dbSubnetGroupName, z)}`, availabilityZone: `${dr.name}${z}` }));
  dr.dbSubnetGroups.set(restore.dbSubnetGroupName, { vpcId, subnets: subnets.map((s) => s.id) });
  addSubnets(dr, vpcId, subnets);
  isolatedVpc(dr, random, vpcId);
  placeSecurityGroups(dr, vpcId, restore.vpcSecurityGroupIds);
}

/** Two targets may share a secret: the second gets the login the first one's secret already holds. */
export function loginOf(world: World, random: SimRandom, secretArn: string): DatabaseLogin {
  const existing = world.regions.get(arnRegion(secretArn))?.secrets.get(secretArn);
  if (!existing) return newLogin(random, secretArn);
  const { username, password } = JSON.parse(existing.secretString) as DatabaseLogin;
  return { username, password };
}

/** Where a database secret points: the production endpoint of the database. */
export interface SecretConnection {
  /** The database's engine as RDS names it (aurora-mysql, postgres…). */
  engine: string;
  host: string;
  port: number;
  dbname: string | undefined;
  /** The secret's own engine field when it is not RDS's mysql/postgres: DocumentDB's secret format says "mongo". */
  secretEngine?: string;
}

/**
 * The secret the plan's SQL checks read, shaped like the one RDS's console creates for a database. Its host is the
 * production endpoint, as in a real account: the checks connect to the restored endpoint with its credentials.
 */
export function seedSecret(world: World, random: SimRandom, arn: string, login: DatabaseLogin, connection: SecretConnection): void {
  const region = regionOf(world, arnRegion(arn), `secret ${arn}`);
  if (region.secrets.has(arn)) return;
  const secretString = JSON.stringify({
    username: login.username,
    password: login.password,
    engine: connection.secretEngine ?? (connection.engine.includes('mysql') ? 'mysql' : 'postgres'),
    host: connection.host,
    port: connection.port,
    dbname: connection.dbname,
  });
  region.secrets.set(arn, { arn, name: secretNameOf(arn), versionId: random.uuid('secret-version', arn).toLowerCase(), secretString, createdAt: LONG_AGO });
}
