// What a restore target needs in the account, checked with reads only: the recovery point it would copy (found
// exactly as Find Latest Recovery Point finds it, and its age against the RPO), both vaults, the role AWS Backup
// would assume, the isolated network it would restore into, and the secret its data checks would read.
import type { DescribeBackupVaultCommandOutput } from '@aws-sdk/client-backup';
import type { SecurityGroup } from '@aws-sdk/client-ec2';
import type { Role } from '@aws-sdk/client-iam';
import type { DrillContext } from '../../lib/drill/contracts';
import type { DryRunCheck } from '../../lib/dry-run/contracts';
import { checkOf, fail, pass, type Verdict } from '../../lib/dry-run/check';
import { settle, type DryRunReads, type Read } from '../../lib/dry-run/reads';
import { itemFor } from '../../lib/drill/items';
import type { Deps } from '../../lib/lambda/deps';
import { formatDuration } from '../../lib/measure/durations';
import { measureRpo } from '../../lib/measure/rto-rpo';
import { regionOfArn } from '../../lib/plan/residency';
import type { Plan, Target } from '../../lib/plan/schema';
import { findRecoveryPoint, type RecoveryPointFound } from '../find-recovery-point/find-recovery-point';

export interface RestoreFindings {
  checks: DryRunCheck[];
  /** What a real run would copy, when there is one now. */
  recoveryPoint: RecoveryPointFound | null;
}

export async function restoreChecks(deps: Deps, reads: DryRunReads, plan: Plan, drill: DrillContext, target: Target): Promise<RestoreFindings> {
  const item = itemFor(plan, target, drill.id);
  const { names } = item;
  const [point, source, dr, role] = await Promise.all([
    settle(() => findRecoveryPoint({ drill, target, names }, deps)),
    reads.vault(target.sourceVault, names.sourceVault),
    reads.vault(target.drVault, names.drVault),
    reads.role(target.backupRoleArn),
  ]);
  const checks = [
    recoveryPointCheck(point, drill, item.objectives.rpoMinutes, names.sourceVault),
    vaultCheck('source vault', source, target.sourceVault, names.sourceVault),
    vaultCheck('DR vault', dr, target.drVault, names.drVault),
    roleCheck(role, target.backupRoleArn),
    ...(await networkChecks(reads, drill, target)),
  ];
  const secretArn = target.validation && 'secretArn' in target.validation ? target.validation.secretArn : undefined;
  if (secretArn) checks.push(secretCheck('validation secret', await reads.secret(secretArn), secretArn));
  return { checks, recoveryPoint: point.ok ? point.value : null };
}

const lastPart = (arn: string) => arn.split(/[:/]/).pop() ?? arn;

function recoveryPointCheck(read: Read<RecoveryPointFound>, drill: DrillContext, rpoMinutes: number, vault: string): DryRunCheck {
  const name = 'latest recovery point';
  if (!read.ok && (read.error as Error).name === 'NoRecoveryPointError') return { name, passed: false, detail: (read.error as Error).message };
  return checkOf(
    name,
    read,
    (rp) => {
      // Its age at the dry run's start, as a drill measures the RPO at its own start.
      const rpo = measureRpo({ drillStartedAt: drill.startedAt, recoveryPointCreatedAt: rp.createdAt }, rpoMinutes);
      const age = `recovery point ${lastPart(rp.arn)} created ${formatDuration(rpo.measuredMinutes ?? 0)} ago`;
      return rpo.met ? pass(`${age} (RPO ${formatDuration(rpoMinutes)})`) : fail(`${age}: older than the RPO objective ${formatDuration(rpoMinutes)}`);
    },
    `source vault ${vault} not found in ${drill.sourceRegion}: there is no recovery point to copy`,
  );
}

function vaultCheck(name: string, read: Read<DescribeBackupVaultCommandOutput>, arn: string, vault: string): DryRunCheck {
  const region = regionOfArn(arn);
  return checkOf(
    name,
    read,
    (out) =>
      out.BackupVaultArn && out.BackupVaultArn !== arn
        ? fail(`vault ${vault} in ${region} is ${out.BackupVaultArn}, not the plan's ${arn}`)
        : pass(`vault ${vault} exists in ${region} (${out.NumberOfRecoveryPoints ?? 0} recovery points)`),
    `vault ${vault} not found in ${region}`,
  );
}

function roleCheck(read: Read<Role | undefined>, arn: string): DryRunCheck {
  const name = lastPart(arn);
  const missing = `role ${name} not found (${arn})`;
  return checkOf(
    'backup role',
    read,
    (role): Verdict => {
      if (!role) return fail(missing);
      if (role.Arn !== arn) return fail(`role ${name} is ${role.Arn}, not the plan's ${arn}`);
      if (!trustsService(role.AssumeRolePolicyDocument, 'backup.amazonaws.com')) {
        return fail(`role ${name} does not trust backup.amazonaws.com: AWS Backup could not assume it to copy or restore`);
      }
      return pass(`role ${name} exists and trusts backup.amazonaws.com`);
    },
    missing,
  );
}

type Statement = { Effect?: string; Principal?: { Service?: string | string[] }; Action?: string | string[] };

/** IAM returns the trust policy URL-encoded; an Allow of sts:AssumeRole to the service principal is what counts. */
export function trustsService(document: string | undefined, service: string): boolean {
  if (!document) return false;
  try {
    const policy = JSON.parse(decodeURIComponent(document)) as { Statement?: Statement | Statement[] };
    const statements = Array.isArray(policy.Statement) ? policy.Statement : policy.Statement ? [policy.Statement] : [];
    const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
    return statements.some((s) => s.Effect === 'Allow' && list(s.Principal?.Service).includes(service) && list(s.Action).some((a) => a === 'sts:AssumeRole' || a === 'sts:*'));
  } catch {
    return false;
  }
}

/** Aurora and RDS restore into a DB subnet group, EC2 into a subnet; both with the plan's security groups. */
async function networkChecks(reads: DryRunReads, drill: DrillContext, target: Target): Promise<DryRunCheck[]> {
  if (target.type === 'aurora' || target.type === 'rds') {
    const { dbSubnetGroupName, vpcSecurityGroupIds } = target.restore;
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
  if (target.type === 'ec2') {
    const { subnetId, securityGroupIds } = target.restore;
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
  return [];
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

export function secretCheck(name: string, read: Read<{ Name?: string; DeletedDate?: Date }>, arn: string): DryRunCheck {
  const region = regionOfArn(arn);
  const secret = arn.split(':secret:')[1] ?? arn;
  return checkOf(
    name,
    read,
    (out) =>
      out.DeletedDate
        ? fail(`secret ${out.Name ?? secret} in ${region} is scheduled for deletion (since ${new Date(out.DeletedDate).toISOString()})`)
        : pass(`secret ${out.Name ?? secret} exists in ${region}`),
    `secret ${secret} not found in ${region}`,
  );
}
