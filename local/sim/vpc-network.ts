// The VPCs of the simulated account, as far as `dr-drill plan init` reads them: each VPC's route tables (its main one,
// and any explicitly associated with a subnet), the subnets of its DB subnet groups, and the VPC of each security
// group. A network the plan restores into is isolated (its main route table has only the local route); a production
// network has a NAT gateway route in its main table and a public subnet whose own table routes to an internet gateway,
// as a usual three-tier VPC does. Seeding helpers only: the reads are init-reads.ts and dry-run-reads.ts.
import type { SimRandom } from './hash';
import type { RegionState, SimRouteTable } from './world';

const LOCAL = { destination: '10.0.0.0/16', target: { GatewayId: 'local' } };

/** Subnets of a VPC, as DescribeSubnets lists them. */
export function addSubnets(region: RegionState, vpcId: string, subnets: readonly { id: string; availabilityZone: string }[]): void {
  for (const s of subnets) if (!region.subnets.has(s.id)) region.subnets.set(s.id, { vpcId, availabilityZone: s.availabilityZone });
}

export function placeSecurityGroups(region: RegionState, vpcId: string, groups: readonly string[]): void {
  for (const sg of groups) {
    region.securityGroups.add(sg);
    if (!region.securityGroupVpcs.has(sg)) region.securityGroupVpcs.set(sg, vpcId);
  }
}

function mainTableOf(region: RegionState, vpcId: string): SimRouteTable | undefined {
  return [...region.routeTables.values()].find((t) => t.vpcId === vpcId && t.main);
}

/** A VPC with no way out: its main route table holds the local route only. */
export function isolatedVpc(region: RegionState, random: SimRandom, vpcId: string): void {
  if (mainTableOf(region, vpcId)) return;
  const id = `rtb-${random.hex(17, 'rtb-main', vpcId)}`;
  region.routeTables.set(id, { id, vpcId, main: true, subnetIds: [], routes: [LOCAL] });
}

/**
 * A production VPC: private subnets (the main table) reach the internet through a NAT gateway, and one public subnet,
 * explicitly associated with its own table, through an internet gateway.
 */
export function productionVpc(region: RegionState, random: SimRandom, vpcId: string): void {
  if (mainTableOf(region, vpcId)) return;
  const nat = `nat-${random.hex(17, 'nat', vpcId)}`;
  const igw = `igw-${random.hex(17, 'igw', vpcId)}`;
  const main = `rtb-${random.hex(17, 'rtb-main', vpcId)}`;
  region.routeTables.set(main, { id: main, vpcId, main: true, subnetIds: [], routes: [LOCAL, { destination: '0.0.0.0/0', target: { NatGatewayId: nat } }] });
  const publicSubnet = `subnet-${random.hex(17, 'public-subnet', vpcId)}`;
  addSubnets(region, vpcId, [{ id: publicSubnet, availabilityZone: `${region.name}a` }]);
  const publicTable = `rtb-${random.hex(17, 'rtb-public', vpcId)}`;
  region.routeTables.set(publicTable, { id: publicTable, vpcId, main: false, subnetIds: [publicSubnet], routes: [LOCAL, { destination: '0.0.0.0/0', target: { GatewayId: igw } }] });
}
