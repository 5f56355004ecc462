// The reads a dry run makes and a drill does not: does each thing the plan names exist? Vaults (backup), the backup
// role (IAM, global), the isolated DB subnet groups, security groups and subnets of the DR region (rds, ec2) and the
// secrets (secretsmanager). Read-only, answered from what seed.ts and failover-seed.ts created; a name the account
// lacks gets the error AWS gives for it.
import { str, type Handler } from './context';
import { checkVaultAccess, ownerOf, sharedVaultWithoutAccount } from './cross-account';
import { notFound } from './errors';
import { secretIn } from './secretsmanager';
import { compact, exists, iso } from './world';

const SEEDED_AT = Date.UTC(2020, 0, 1);

const describeBackupVault: Handler = (ctx, input) => {
  const name = str(input.BackupVaultName) ?? '';
  const vault = ctx.region.vaults.get(name);
  const unnamedOwner = vault && str(input.BackupVaultAccountId) === undefined ? sharedVaultWithoutAccount(ctx.world, vault, ctx.callerAccount, 'DescribeBackupVault') : undefined;
  if (unnamedOwner) throw unnamedOwner;
  // A name is looked up in the caller's account unless BackupVaultAccountId names another (a vault shared with it).
  const account = str(input.BackupVaultAccountId) ?? ctx.callerAccount;
  if (!vault || ownerOf(ctx.world, vault) !== account) throw notFound('backup', 'ResourceNotFoundException', `Backup vault ${name} does not exist in ${ctx.region.name}.`);
  checkVaultAccess(ctx.world, vault, ctx.callerAccount, 'DescribeBackupVault');
  const points = [...ctx.region.recoveryPoints.values()].filter((rp) => rp.vaultName === name && exists(rp, ctx.now));
  return {
    BackupVaultName: vault.name,
    BackupVaultArn: vault.arn,
    VaultType: vault.vaultType ?? 'BACKUP_VAULT',
    EncryptionKeyArn: vault.encryptionKeyArn,
    CreationDate: iso(SEEDED_AT),
    NumberOfRecoveryPoints: points.length,
    Locked: false,
  };
};

/** GetRole takes the role's name, never its path; the trust policy comes back URL-encoded, as IAM returns it. */
const getRole: Handler = (ctx, input) => {
  const name = str(input.RoleName) ?? '';
  const role = ctx.world.roles.get(name);
  if (!role) throw notFound('iam', 'NoSuchEntity', `The role with name ${name} cannot be found.`);
  const trust = {
    Version: '2012-10-17',
    Statement: role.trustedServices.map((service) => ({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' })),
  };
  return {
    Role: {
      Path: role.path,
      RoleName: role.name,
      RoleId: role.roleId,
      Arn: role.arn,
      CreateDate: iso(role.createdAt),
      AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)),
      MaxSessionDuration: 3600,
    },
  };
};

const describeDBSubnetGroups: Handler = (ctx, input) => {
  const wanted = str(input.DBSubnetGroupName);
  const names = wanted === undefined ? [...ctx.region.dbSubnetGroups.keys()] : [wanted.toLowerCase()];
  const groups = names.map((name) => {
    const group = ctx.region.dbSubnetGroups.get(name);
    if (!group) throw notFound('rds', 'DBSubnetGroupNotFoundFault', `DB Subnet group '${name}' not found.`);
    return compact({
      DBSubnetGroupName: name,
      DBSubnetGroupDescription: `subnets of ${name}`,
      VpcId: group.vpcId,
      SubnetGroupStatus: 'Complete',
      Subnets: group.subnets.map((id, n) => ({ SubnetIdentifier: id, SubnetAvailabilityZone: { Name: `${ctx.region.name}${'abc'[n % 3]}` }, SubnetStatus: 'Active' })),
      DBSubnetGroupArn: `arn:aws:rds:${ctx.region.name}:${ctx.world.accountId}:subgrp:${name}`,
    });
  });
  return { DBSubnetGroups: groups };
};

const idsOf = (input: Record<string, unknown>, member: string): string[] =>
  Array.isArray(input[member]) ? (input[member] as unknown[]).filter((v): v is string => typeof v === 'string') : [];

/** EC2 names the first id it lacks, as "InvalidGroup.NotFound"; a group's VPC is given when the simulation knows it (vpc-network.ts). */
const describeSecurityGroups: Handler = (ctx, input) => {
  const ids = idsOf(input, 'GroupIds');
  const missing = ids.find((id) => !ctx.region.securityGroups.has(id));
  if (missing) throw notFound('ec2', 'InvalidGroup.NotFound', `The security group '${missing}' does not exist`);
  const all = ids.length > 0 ? ids : [...ctx.region.securityGroups];
  return {
    SecurityGroups: all.map((id) => compact({ GroupId: id, GroupName: id, Description: `security group ${id}`, OwnerId: ctx.world.accountId, VpcId: ctx.region.securityGroupVpcs.get(id) })),
  };
};

const describeSubnets: Handler = (ctx, input) => {
  const ids = idsOf(input, 'SubnetIds');
  const missing = ids.find((id) => !ctx.region.subnets.has(id));
  if (missing) throw notFound('ec2', 'InvalidSubnetID.NotFound', `The subnet ID '${missing}' does not exist`);
  const all = ids.length > 0 ? ids : [...ctx.region.subnets.keys()];
  return {
    Subnets: all.map((id) => {
      const subnet = ctx.region.subnets.get(id)!;
      return { SubnetId: id, VpcId: subnet.vpcId, AvailabilityZone: subnet.availabilityZone, State: 'available', MapPublicIpOnLaunch: false, OwnerId: ctx.world.accountId };
    }),
  };
};

const describeSecret: Handler = (ctx, input) => {
  const secret = secretIn(ctx, str(input.SecretId));
  return {
    ARN: secret.arn,
    Name: secret.name,
    CreatedDate: iso(secret.createdAt),
    LastChangedDate: iso(secret.createdAt),
    VersionIdsToStages: { [secret.versionId]: ['AWSCURRENT'] },
  };
};

/** By Step Functions service name, as account.ts keys every group of handlers. */
export const dryRunHandlers: Record<string, Record<string, Handler>> = {
  backup: { DescribeBackupVault: describeBackupVault },
  iam: { GetRole: getRole },
  rds: { DescribeDBSubnetGroups: describeDBSubnetGroups },
  ec2: { DescribeSecurityGroups: describeSecurityGroups, DescribeSubnets: describeSubnets },
  secretsmanager: { DescribeSecret: describeSecret },
};
