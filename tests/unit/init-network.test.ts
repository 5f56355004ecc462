// plan init's isolation rule (lib/init/network.ts): a subnet's route table is its explicit association, else its VPC's
// main table (DescribeRouteTables, EC2 API Reference); any route out of the VPC (internet, NAT, another network)
// disqualifies it; a DB subnet group is isolated only when every subnet is. Shapes as the EC2 and RDS SDKs type them.
import type { RouteTable, SecurityGroup, Subnet } from '@aws-sdk/client-ec2';
import type { DBSubnetGroup } from '@aws-sdk/client-rds';
import { chooseNetwork, chooseSecurityGroups, judgeSubnet, routeOut, routeTableOf } from '../../lib/init/network';

const LOCAL = { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' as const };
const subnet = (id: string, vpc: string, az = 'eu-west-2a'): Subnet => ({ SubnetId: id, VpcId: vpc, AvailabilityZone: az });
const table = (id: string, vpc: string, opts: { main?: boolean; subnets?: string[]; routes?: RouteTable['Routes'] }): RouteTable => ({
  RouteTableId: id,
  VpcId: vpc,
  Associations: [...(opts.main ? [{ Main: true, RouteTableId: id }] : []), ...(opts.subnets ?? []).map((s) => ({ Main: false, RouteTableId: id, SubnetId: s }))],
  Routes: [LOCAL, ...(opts.routes ?? [])],
});
const group = (name: string, vpc: string, subnets: [string, string][]): DBSubnetGroup => ({
  DBSubnetGroupName: name,
  VpcId: vpc,
  Subnets: subnets.map(([id, az]) => ({ SubnetIdentifier: id, SubnetAvailabilityZone: { Name: az } })),
});
const sg = (id: string, vpc: string, name = id, rules = 0): SecurityGroup => ({ GroupId: id, VpcId: vpc, GroupName: name, IpPermissions: Array.from({ length: rules }, () => ({ IpProtocol: 'tcp' })) });

describe('which route table applies to a subnet', () => {
  const tables = [table('rtb-main', 'vpc-a', { main: true }), table('rtb-own', 'vpc-a', { subnets: ['subnet-1'] }), table('rtb-other-main', 'vpc-b', { main: true })];

  it('is its explicit association when it has one', () => {
    expect(routeTableOf(subnet('subnet-1', 'vpc-a'), tables)?.RouteTableId).toBe('rtb-own');
  });

  it("is its VPC's main route table when it has none (DescribeRouteTables does not name implicit associations)", () => {
    expect(routeTableOf(subnet('subnet-2', 'vpc-a'), tables)?.RouteTableId).toBe('rtb-main');
    expect(routeTableOf(subnet('subnet-3', 'vpc-b'), tables)?.RouteTableId).toBe('rtb-other-main');
  });

  it('is unknown when its VPC has no main table among those read', () => {
    expect(routeTableOf(subnet('subnet-4', 'vpc-c'), tables)).toBeUndefined();
    expect(judgeSubnet(subnet('subnet-4', 'vpc-c'), tables).routesOut).toEqual(['no route table applies to it, so its routes cannot be read']);
  });
});

describe('a route out of the VPC', () => {
  it.each([
    [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0a1' }, '0.0.0.0/0 -> internet gateway igw-0a1'],
    [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0b2' }, '0.0.0.0/0 -> NAT gateway nat-0b2'],
    [{ DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: 'eigw-0c3' }, '::/0 -> egress-only internet gateway eigw-0c3'],
    [{ DestinationCidrBlock: '0.0.0.0/0', InstanceId: 'i-0d4', NetworkInterfaceId: 'eni-0d4' }, '0.0.0.0/0 -> instance i-0d4 (a NAT instance or appliance)'],
    [{ DestinationCidrBlock: '10.1.0.0/16', VpcPeeringConnectionId: 'pcx-0e5' }, '10.1.0.0/16 -> peering connection pcx-0e5'],
    [{ DestinationCidrBlock: '10.2.0.0/16', TransitGatewayId: 'tgw-0f6' }, '10.2.0.0/16 -> transit gateway tgw-0f6'],
    [{ DestinationCidrBlock: '10.3.0.0/16', GatewayId: 'vgw-0a7' }, '10.3.0.0/16 -> virtual private gateway vgw-0a7'],
  ])('%j leaves it', (route, why) => {
    expect(routeOut(route)).toBe(why);
  });

  it.each([
    [LOCAL],
    [{ DestinationPrefixListId: 'pl-6da54004', GatewayId: 'vpce-0123' }],
    [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-deleted', State: 'blackhole' as const }],
  ])('%j stays inside (or goes nowhere)', (route) => {
    expect(routeOut(route)).toBeNull();
  });
});

describe('choosing the isolated network', () => {
  // vpc-dr: isolated (main table local only); vpc-prod: private subnets through a NAT gateway (main table), one public
  // subnet with its own table to an internet gateway.
  const facts = {
    region: 'eu-west-2',
    subnets: [
      subnet('subnet-dr-a', 'vpc-dr', 'eu-west-2a'),
      subnet('subnet-dr-b', 'vpc-dr', 'eu-west-2b'),
      subnet('subnet-dr-c', 'vpc-dr', 'eu-west-2c'),
      subnet('subnet-prod-a', 'vpc-prod', 'eu-west-2a'),
      subnet('subnet-prod-b', 'vpc-prod', 'eu-west-2b'),
      subnet('subnet-public', 'vpc-prod', 'eu-west-2a'),
    ],
    routeTables: [
      table('rtb-dr', 'vpc-dr', { main: true }),
      table('rtb-prod', 'vpc-prod', { main: true, routes: [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' }] }),
      table('rtb-public', 'vpc-prod', { subnets: ['subnet-public'], routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1' }] }),
    ],
    securityGroups: [sg('sg-dr-default', 'vpc-dr', 'default'), sg('sg-dr-busy', 'vpc-dr', 'dr-busy', 3), sg('sg-dr-quiet', 'vpc-dr', 'dr-quiet', 1), sg('sg-prod', 'vpc-prod')],
    dbSubnetGroups: [
      group('app-db', 'vpc-prod', [['subnet-prod-a', 'eu-west-2a'], ['subnet-prod-b', 'eu-west-2b']]),
      group('default', 'vpc-dr', [['subnet-dr-a', 'eu-west-2a'], ['subnet-dr-b', 'eu-west-2b']]),
      group('dr-two-zones', 'vpc-dr', [['subnet-dr-a', 'eu-west-2a'], ['subnet-dr-b', 'eu-west-2b']]),
      group('dr-three-zones', 'vpc-dr', [['subnet-dr-a', 'eu-west-2a'], ['subnet-dr-b', 'eu-west-2b'], ['subnet-dr-c', 'eu-west-2c']]),
    ],
  };

  it('takes the isolated DB subnet group covering the most zones, never "default", and a quiet non-default group of its VPC', () => {
    const { network, why, refused } = chooseNetwork(facts);
    expect(network.dbSubnetGroup).toEqual({ name: 'dr-three-zones', securityGroupIds: ['sg-dr-quiet'] });
    expect(why['db-subnet-group']).toContain('one of 2 isolated DB subnet groups in eu-west-2: dr-three-zones');
    expect(why['db-subnet-group']).toContain('others: dr-two-zones');
    expect(refused).toEqual([
      'DB subnet group app-db: subnet subnet-prod-a: 0.0.0.0/0 -> NAT gateway nat-1 (route table rtb-prod) (and 1 more)',
      'DB subnet group default: it is the default DB subnet group, which a plan may not name',
      'subnet subnet-public: 0.0.0.0/0 -> internet gateway igw-1 (route table rtb-public)',
    ]);
  });

  it("takes an isolated subnet in the DB subnet group's VPC, and its zone for a volume", () => {
    const { network } = chooseNetwork(facts);
    expect(network.subnet).toEqual({ id: 'subnet-dr-a', availabilityZone: 'eu-west-2a', securityGroupIds: ['sg-dr-quiet'] });
    expect(network.availabilityZone).toBe('eu-west-2a');
  });

  it('finds nothing when every subnet routes out: a subnet using the main table inherits its NAT route', () => {
    const prodOnly = { ...facts, subnets: facts.subnets.filter((s) => s.VpcId === 'vpc-prod'), dbSubnetGroups: facts.dbSubnetGroups.slice(0, 1) };
    const { network, refused } = chooseNetwork(prodOnly);
    expect(network.dbSubnetGroup).toBeNull();
    expect(network.subnet).toBeNull();
    expect(network.availabilityZone).toBe('eu-west-2a');
    expect(refused).toContain('subnet subnet-public: 0.0.0.0/0 -> internet gateway igw-1 (route table rtb-public)');
  });

  it('a subnet explicitly associated with an isolated table is isolated even in a VPC whose main table has a NAT route', () => {
    const tables = [...facts.routeTables, table('rtb-quarantine', 'vpc-prod', { subnets: ['subnet-prod-b'] })];
    expect(judgeSubnet(subnet('subnet-prod-b', 'vpc-prod'), tables).routesOut).toEqual([]);
    expect(judgeSubnet(subnet('subnet-prod-a', 'vpc-prod'), tables).routesOut).toEqual(['0.0.0.0/0 -> NAT gateway nat-1 (route table rtb-prod)']);
  });

  it("uses a VPC's default security group only when it has no other", () => {
    expect(chooseSecurityGroups('vpc-x', [sg('sg-x', 'vpc-x', 'default')])?.value).toEqual(['sg-x']);
    expect(chooseSecurityGroups('vpc-x', [sg('sg-x', 'vpc-x', 'default')])?.why).toContain('its default group: the VPC has no other');
    expect(chooseSecurityGroups('vpc-y', [sg('sg-x', 'vpc-x')])).toBeNull();
  });
});
