// Which networks of the DR region are isolated enough to restore a copy of production data into, and which of them
// `dr-drill plan init` writes into the plan. Pure: it reads what DescribeSubnets, DescribeRouteTables,
// DescribeSecurityGroups and DescribeDBSubnetGroups answered (lib/init/discover.ts), in the SDK's shapes.
//
// The rule: a subnet is isolated when the route table that applies to it sends nothing out of its VPC. The table that
// applies is the one explicitly associated with the subnet, else the VPC's main route table: "Each subnet in your VPC
// must be associated with a route table. If a subnet is not explicitly associated with any route table, it is
// implicitly associated with the main route table. This command does not return the subnet ID for implicit
// associations" (DescribeRouteTables, Amazon EC2 API Reference). A route out is one to an internet gateway (igw-), an
// egress-only internet gateway, a NAT gateway, a NAT instance or appliance (an instance or network interface), or
// another network (a virtual private gateway, transit gateway, peering connection, local, carrier or Cloud WAN
// gateway): the restored copy must reach neither the internet nor production. The local route and gateway endpoints
// (vpce-, to S3 or DynamoDB in the region) stay inside; a blackhole route goes nowhere.
import type { Route, RouteTable, SecurityGroup, Subnet } from '@aws-sdk/client-ec2';
import type { DBSubnetGroup } from '@aws-sdk/client-rds';
import type { InitNetwork } from '../resource-types/targets/target-definition';

/** Why traffic could leave the VPC by this route, or null when it cannot. */
export function routeOut(route: Route): string | null {
  if (route.State === 'blackhole') return null;
  const to = route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock ?? route.DestinationPrefixListId ?? 'a destination';
  const gateway = route.GatewayId;
  if (gateway?.startsWith('igw-')) return `${to} -> internet gateway ${gateway}`;
  if (gateway?.startsWith('vgw-')) return `${to} -> virtual private gateway ${gateway}`;
  if (route.EgressOnlyInternetGatewayId) return `${to} -> egress-only internet gateway ${route.EgressOnlyInternetGatewayId}`;
  if (route.NatGatewayId) return `${to} -> NAT gateway ${route.NatGatewayId}`;
  if (route.InstanceId) return `${to} -> instance ${route.InstanceId} (a NAT instance or appliance)`;
  if (route.NetworkInterfaceId) return `${to} -> network interface ${route.NetworkInterfaceId}`;
  if (route.TransitGatewayId) return `${to} -> transit gateway ${route.TransitGatewayId}`;
  if (route.VpcPeeringConnectionId) return `${to} -> peering connection ${route.VpcPeeringConnectionId}`;
  if (route.LocalGatewayId) return `${to} -> local gateway ${route.LocalGatewayId}`;
  if (route.CarrierGatewayId) return `${to} -> carrier gateway ${route.CarrierGatewayId}`;
  if (route.CoreNetworkArn) return `${to} -> Cloud WAN core network`;
  // "local" and gateway endpoints (vpce-) stay in the VPC and the region's AWS services.
  if (gateway && gateway !== 'local' && !gateway.startsWith('vpce-')) return `${to} -> ${gateway}`;
  return null;
}

/** The route table that applies to a subnet: its explicit association, else its VPC's main table; undefined if neither. */
export function routeTableOf(subnet: Pick<Subnet, 'SubnetId' | 'VpcId'>, tables: readonly RouteTable[]): RouteTable | undefined {
  const explicit = tables.find((t) => t.Associations?.some((a) => a.SubnetId === subnet.SubnetId && a.AssociationState?.State !== 'disassociated'));
  if (explicit) return explicit;
  return tables.find((t) => t.VpcId === subnet.VpcId && t.Associations?.some((a) => a.Main === true));
}

export interface SubnetVerdict {
  id: string;
  vpcId: string;
  availabilityZone: string;
  /** Why it is not isolated: its routes out, or that no route table applies to it. Empty: isolated. */
  routesOut: string[];
}

export function judgeSubnet(subnet: Subnet, tables: readonly RouteTable[]): SubnetVerdict {
  const table = routeTableOf(subnet, tables);
  const routesOut = table
    ? (table.Routes ?? []).map(routeOut).filter((r): r is string => r !== null).map((r) => `${r} (route table ${table.RouteTableId})`)
    : [`no route table applies to it, so its routes cannot be read`];
  return { id: subnet.SubnetId ?? '', vpcId: subnet.VpcId ?? '', availabilityZone: subnet.AvailabilityZone ?? '', routesOut };
}

export interface SubnetGroupVerdict {
  name: string;
  vpcId: string;
  zones: string[];
  /** Why it is not isolated, subnet by subnet. Empty: every subnet of it is isolated. */
  problems: string[];
}

/** A DB subnet group is isolated when every one of its subnets is; "default" never is a choice (the plan refuses it). */
export function judgeSubnetGroup(group: DBSubnetGroup, subnets: ReadonlyMap<string, SubnetVerdict>): SubnetGroupVerdict {
  const name = group.DBSubnetGroupName ?? '';
  const ids = (group.Subnets ?? []).map((s) => s.SubnetIdentifier ?? '');
  const problems = name.toLowerCase() === 'default' ? ['it is the default DB subnet group, which a plan may not name'] : [];
  if (ids.length === 0) problems.push('it has no subnets');
  for (const id of ids) {
    const subnet = subnets.get(id);
    if (!subnet) problems.push(`subnet ${id} was not described`);
    else problems.push(...subnet.routesOut.map((r) => `subnet ${id}: ${r}`));
  }
  const zones = [...new Set((group.Subnets ?? []).map((s) => s.SubnetAvailabilityZone?.Name ?? subnets.get(s.SubnetIdentifier ?? '')?.availabilityZone ?? ''))].filter(Boolean).sort();
  return { name, vpcId: group.VpcId ?? '', zones, problems };
}

/** One choice plan init made, with what else it could have chosen: the words of its `# CHOOSE:` comment. */
export interface Chosen<T> {
  value: T;
  why: string;
}

/** What plan init found in the DR region and chose, for the types' restore blocks and the plan's comments. */
export interface NetworkChoice {
  network: InitNetwork;
  /**
   * Why each network value was chosen, by InitChoice name; security groups by the network they go with
   * (`security-groups:db-subnet-group`, `security-groups:subnet`), which may be different VPCs.
   */
  why: Record<string, string>;
  /** Every candidate refused, in words (for the summary and the plan's header). */
  refused: string[];
}

const list = (items: readonly string[], max = 4) => (items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`);

/**
 * Security groups for a restore in `vpcId`: a group of that VPC other than its default group (which lets every member
 * talk to every other, production's too when production shares the VPC), the one with the fewest inbound rules; the
 * default group only when the VPC has no other.
 */
export function chooseSecurityGroups(vpcId: string, groups: readonly SecurityGroup[]): Chosen<string[]> | null {
  const inVpc = groups.filter((g) => g.VpcId === vpcId && g.GroupId);
  const own = inVpc.filter((g) => g.GroupName !== 'default');
  const pool = own.length > 0 ? own : inVpc;
  const ranked = [...pool].sort((a, b) => (a.IpPermissions?.length ?? 0) - (b.IpPermissions?.length ?? 0) || (a.GroupId! < b.GroupId! ? -1 : 1));
  const best = ranked[0];
  if (!best) return null;
  const others = ranked.slice(1).map((g) => g.GroupId!);
  const name = best.GroupName && best.GroupName !== best.GroupId ? ` (${best.GroupName})` : '';
  const why =
    `security group ${best.GroupId}${name} of ${vpcId}, ${best.GroupName === 'default' ? 'its default group: the VPC has no other' : 'the one with the fewest inbound rules'}` +
    (others.length ? `; also in that VPC: ${list(others)}` : '');
  return { value: [best.GroupId!], why };
}

export interface NetworkFacts {
  region: string;
  subnets: readonly Subnet[];
  routeTables: readonly RouteTable[];
  securityGroups: readonly SecurityGroup[];
  dbSubnetGroups: readonly DBSubnetGroup[];
}

/**
 * The isolated network plan init writes: the isolated DB subnet group covering the most zones (then by name), an
 * isolated subnet in the same VPC (else any isolated subnet), security groups of that VPC, and the chosen subnet's
 * zone. Null parts were not found; `refused` says why each candidate was not isolated.
 */
export function chooseNetwork(facts: NetworkFacts): NetworkChoice {
  const verdicts = new Map(facts.subnets.filter((s) => s.SubnetId).map((s) => [s.SubnetId!, judgeSubnet(s, facts.routeTables)]));
  const groups = facts.dbSubnetGroups.map((g) => judgeSubnetGroup(g, verdicts));
  const isolatedGroups = groups.filter((g) => g.problems.length === 0).sort((a, b) => b.zones.length - a.zones.length || (a.name < b.name ? -1 : 1));
  const refused = [
    ...groups.filter((g) => g.problems.length > 0).map((g) => `DB subnet group ${g.name}: ${g.problems[0]}${g.problems.length > 1 ? ` (and ${g.problems.length - 1} more)` : ''}`),
    // Subnets of a refused group are named under it.
    ...[...verdicts.values()]
      .filter((s) => s.routesOut.length > 0 && !facts.dbSubnetGroups.some((g) => g.Subnets?.some((m) => m.SubnetIdentifier === s.id)))
      .map((s) => `subnet ${s.id}: ${s.routesOut[0]}`),
  ];
  const why: NetworkChoice['why'] = { 'availability-zone': '' };

  const group = isolatedGroups[0];
  const groupSgs = group ? chooseSecurityGroups(group.vpcId, facts.securityGroups) : null;
  if (group && groupSgs) {
    const others = isolatedGroups.slice(1).map((g) => g.name);
    why['db-subnet-group'] =
      `${others.length ? `one of ${isolatedGroups.length}` : 'the only'} isolated DB subnet group${others.length ? 's' : ''} in ${facts.region}: ${group.name} ` +
      `(${group.vpcId}, zones ${group.zones.join(', ')}; no subnet routes out of the VPC)${others.length ? `; others: ${list(others)}` : ''}`;
  }

  const isolatedSubnets = [...verdicts.values()]
    .filter((s) => s.routesOut.length === 0)
    .sort((a, b) => Number(b.vpcId === group?.vpcId) - Number(a.vpcId === group?.vpcId) || (a.availabilityZone + a.id < b.availabilityZone + b.id ? -1 : 1));
  const subnet = isolatedSubnets[0];
  const subnetSgs = subnet ? (subnet.vpcId === group?.vpcId && groupSgs ? groupSgs : chooseSecurityGroups(subnet.vpcId, facts.securityGroups)) : null;
  if (subnet && subnetSgs) {
    why.subnet =
      `${isolatedSubnets.length > 1 ? `one of ${isolatedSubnets.length}` : 'the only'} isolated subnet${isolatedSubnets.length > 1 ? 's' : ''} in ${facts.region}: ${subnet.id} ` +
      `(${subnet.vpcId}, ${subnet.availabilityZone}; no route out of the VPC)${isolatedSubnets.length > 1 ? `; others: ${list(isolatedSubnets.slice(1).map((s) => s.id))}` : ''}`;
  }
  if (groupSgs) why['security-groups:db-subnet-group'] = groupSgs.why;
  if (subnetSgs) why['security-groups:subnet'] = subnetSgs.why;

  const zone = subnet?.availabilityZone || group?.zones[0] || `${facts.region}a`;
  why['availability-zone'] = subnet?.availabilityZone
    ? `the zone of the isolated subnet ${subnet.id}, so an instance there can attach the restored volume`
    : `the first zone of ${facts.region}; a volume is on no network, but an instance that reads it must be in this zone`;
  return {
    network: {
      dbSubnetGroup: group && groupSgs ? { name: group.name, securityGroupIds: groupSgs.value } : null,
      subnet: subnet && subnetSgs ? { id: subnet.id, availabilityZone: subnet.availabilityZone, securityGroupIds: subnetSgs.value } : null,
      availabilityZone: zone,
    },
    why,
    refused,
  };
}
