// The dry run's checks of the isolated network a restore goes into, shared by the types restored into one: a DB
// subnet group (Aurora, RDS) or a subnet (EC2), each with the plan's security groups. Reads only, each made once per
// dry run (lib/dry-run/reads.ts).
import type { SecurityGroup } from '@aws-sdk/client-ec2';
import type { DrillContext } from '../../drill/contracts';
import { checkOf, fail, pass, type Verdict } from '../../dry-run/check';
import type { DryRunCheck } from '../../dry-run/contracts';
import type { DryRunReads, Read } from '../../dry-run/reads';

/** Restored into a DB subnet group with the plan's security groups. */
export async function dbSubnetGroupChecks(
  reads: DryRunReads,
  drill: DrillContext,
  restore: { dbSubnetGroupName: string; vpcSecurityGroupIds: readonly string[] },
): Promise<DryRunCheck[]> {
  const { dbSubnetGroupName, vpcSecurityGroupIds } = restore;
  const [group, groups] = await Promise.all([reads.dbSubnetGroup(dbSubnetGroupName), reads.securityGroups(vpcSecurityGroupIds)]);
  const vpc = group.ok ? group.value?.VpcId : undefined;
  const subnetGroup = checkOf(
    'isolated DB subnet group',
    group,
    (g): Verdict => {
      if (!g) return fail(`DB subnet group ${dbSubnetGroupName} not found in ${drill.drRegion}`);
      if (g.DBSubnetGroupName?.toLowerCase() === 'default') return fail('the default DB subnet group is not an isolated network');
      const zones = [...new Set((g.Subnets ?? []).map((s) => s.SubnetAvailabilityZone?.Name).filter(Boolean))].join(', ');
      return pass(`${dbSubnetGroupName} in ${g.VpcId ?? 'an unknown VPC'}: ${g.Subnets?.length ?? 0} subnets (${zones})`);
    },
    `DB subnet group ${dbSubnetGroupName} not found in ${drill.drRegion}`,
  );
  return [subnetGroup, securityGroupsCheck(groups, vpcSecurityGroupIds, drill, vpc ? { vpc, of: `DB subnet group ${dbSubnetGroupName}` } : undefined)];
}

/** Launched into one subnet with the plan's security groups: the subnet must not hand out public IPs. */
export async function subnetChecks(reads: DryRunReads, drill: DrillContext, restore: { subnetId: string; securityGroupIds: readonly string[] }): Promise<DryRunCheck[]> {
  const { subnetId, securityGroupIds } = restore;
  const [subnet, groups] = await Promise.all([reads.subnet(subnetId), reads.securityGroups(securityGroupIds)]);
  const vpc = subnet.ok ? subnet.value?.VpcId : undefined;
  const subnetCheck = checkOf(
    'isolated subnet',
    subnet,
    (s): Verdict => {
      if (!s) return fail(`subnet ${subnetId} not found in ${drill.drRegion}`);
      if (s.MapPublicIpOnLaunch) return fail(`subnet ${subnetId} gives instances a public IP (MapPublicIpOnLaunch): not an isolated subnet`);
      return pass(`subnet ${subnetId} in ${s.VpcId ?? 'an unknown VPC'} (${s.AvailabilityZone ?? drill.drRegion}), no public IPs`);
    },
    `subnet ${subnetId} not found in ${drill.drRegion}`,
  );
  return [subnetCheck, securityGroupsCheck(groups, securityGroupIds, drill, vpc ? { vpc, of: `subnet ${subnetId}` } : undefined)];
}

/** A security group of another VPC than the network the plan names fails the restore itself: said here first. */
function securityGroupsCheck(read: Read<SecurityGroup[]>, ids: readonly string[], drill: DrillContext, network: { vpc: string; of: string } | undefined): DryRunCheck {
  return checkOf(
    'security groups',
    read,
    (groups): Verdict => {
      const elsewhere = network ? groups.filter((g) => g.VpcId && g.VpcId !== network.vpc) : [];
      if (elsewhere.length > 0) {
        return fail(elsewhere.map((g) => `${g.GroupId} is in ${g.VpcId}, not ${network!.vpc} of the ${network!.of}`).join('; '));
      }
      const found = new Set(groups.map((g) => g.GroupId));
      const absent = ids.filter((id) => !found.has(id));
      if (absent.length > 0) return fail(`security group ${absent.join(', ')} not found in ${drill.drRegion}`);
      const vpcs = [...new Set(groups.map((g) => g.VpcId).filter(Boolean))];
      return pass(`${ids.join(', ')} exist in ${drill.drRegion}${vpcs.length > 0 ? ` (${vpcs.join(', ')})` : ''}`);
    },
    (error) => `${error.message.replace(/\.$/, '')} in ${drill.drRegion}`,
  );
}

/** For a type restored into no network the dry run has nothing to check here. */
export const noNetworkChecks = async (): Promise<DryRunCheck[]> => [];
