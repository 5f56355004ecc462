// Several accounts in the simulation (issue 13). A plan that names its accounts (plan.accounts) makes the simulated
// account its RECOVERY account (world.accountId, where dr-drill is deployed and every restore runs) and adds what the
// other accounts hold and allow, as the operator would deploy it from resources/:
// - each source vault of another account is owned by it (Vault.accountId); a logically air-gapped one is shared with
//   the recovery account through AWS RAM (resources/air-gapped-vault-share.yml), its association ASSOCIATED;
// - a standard one has the role dr-drill assumes there (resources/central-backup-copy-role.yml, with the plan's
//   ExternalId), and the recovery account's DR vault the vault access policy that lets that account copy into it
//   (resources/recovery-vault-access-policy.yml).
// Every call is made by a principal of one account (SimContext.callerAccount); AWS's rules across accounts:
// - a standard vault accepts no cross-account call but backup:CopyIntoBackupVault ("Regardless of the AWS Backup
//   vault's access policy, cross-account access for any action other than backup:CopyIntoBackupVault will be
//   rejected", AWS Backup Developer Guide, "Vault access policies");
// - a logically air-gapped vault shared through RAM can be read and restored from by the account it is shared with
//   ("backups stored within the vault can be restored from an account with which the vault is shared", Developer
//   Guide, "Logically air-gapped vault"), only while the share is associated with that account;
// - a cross-account copy needs the destination vault's access policy to allow backup:CopyIntoBackupVault from the
//   source account and AWS Organizations' cross-account backup on; otherwise the copy job fails ("Access Denied" in
//   its status message: AWS re:Post, "Resolve the Access Denied error in AWS Backup").
import { join } from 'node:path';
import type { Plan } from '../../lib/plan/schema';
import { vaultRouteOf } from '../../lib/plan/accounts';
import type { PolicyDocument, Role, Statement } from '../stack/template';
import { loadStandaloneTemplate, parametersOf, resolvedProperties } from '../stack/standalone';
import { accessDenied } from './errors';
import { arnRegion, vaultNameOf, type AccountsWorld, type ShareStatus, type Vault, type World } from './world';

const PROJECT_ROOT = join(__dirname, '..', '..');

/** The 12-digit account an ARN names (IAM and STS ARNs included), or undefined. */
export const accountOfArn = (arn: string): string | undefined => {
  const account = arn.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
};

/** The account that owns a vault: the one its ARN names (the simulated account's own for one-account plans). */
export const ownerOf = (world: World, vault: Vault): string => vault.accountId ?? accountOfArn(vault.arn) ?? world.accountId;

/**
 * What AWS Backup lets the account a logically air-gapped vault is shared with do on it, through RAM's default
 * permission for backup:BackupVault, as the AWS Backup Developer Guide lists it ("Logically air-gapped vault", "Share a
 * logically air-gapped vault"): backup:DescribeBackupVault, DescribeRecoveryPoint, GetRecoveryPointRestoreMetadata,
 * ListProtectedResourcesByBackupVault, ListRecoveryPointsByBackupVault, ListTags and StartRestoreJob. No delete, no
 * tagging, and no copy out: "Accounts with which the vault has been shared have the ability to view or a restore a
 * backup, but not to create a copy" (same page, "Copy availability"). The vault stays its owner's.
 */
const SHARED_VAULT_OPERATIONS = new Set([
  'DescribeBackupVault',
  'DescribeRecoveryPoint',
  'GetRecoveryPointRestoreMetadata',
  'ListProtectedResourcesByBackupVault',
  'ListRecoveryPointsByBackupVault',
  'ListTags',
  'StartRestoreJob',
]);

/**
 * A call that names a vault shared with the caller by its name alone: AWS Backup looks the name up in the caller's own
 * account and answers "AccessDeniedException ... Insufficient privileges to perform this action" (Developer Guide,
 * "Logically air-gapped vault", Troubleshoot: the parameter --backup-vault-account-id was not included on
 * DescribeBackupVault, DescribeRecoveryPoint, GetRecoveryPointRestoreMetadata, ListProtectedResourcesByBackupVault or
 * ListRecoveryPointsByBackupVault). Undefined when the vault is not a logically air-gapped vault shared with the caller.
 */
export function sharedVaultWithoutAccount(world: World, vault: Vault, callerAccount: string, operation: string): Error | undefined {
  const owner = ownerOf(world, vault);
  if (owner === callerAccount || vault.vaultType !== 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT') return undefined;
  if (world.accounts?.shares.get(vault.arn)?.get(callerAccount) !== 'ASSOCIATED') return undefined;
  return accessDenied(
    'backup',
    `Insufficient privileges to perform this action. (${operation}: vault ${vault.name} is account ${owner}'s, shared with account ${callerAccount}; name its owner in BackupVaultAccountId.)`,
  );
}

/** Refuses a call on `vault` by `callerAccount` that AWS would refuse across accounts; nothing for the owner's calls. */
export function checkVaultAccess(world: World, vault: Vault, callerAccount: string, operation: string): void {
  const owner = ownerOf(world, vault);
  if (owner === callerAccount) return;
  const principal = `arn:aws:iam::${callerAccount}:root`;
  if (vault.vaultType === 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT') {
    const status = world.accounts?.shares.get(vault.arn)?.get(callerAccount);
    if (status !== 'ASSOCIATED') {
      // AWS documents no error for a shared vault's recovery points read without the share: the caller is simply not
      // allowed on a resource of another account (AccessDeniedException, the API's 403).
      throw accessDenied(
        'backup',
        `${principal} is not authorized to perform: backup:${operation} on resource: ${vault.arn}: the logically air-gapped vault of account ${owner} is not shared with account ${callerAccount} through AWS RAM (resource share association: ${status ?? 'none'}); the recovery account must accept the share`,
      );
    }
    if (!SHARED_VAULT_OPERATIONS.has(operation)) {
      throw accessDenied('backup', `${principal} is not authorized to perform: backup:${operation} on resource: ${vault.arn}: a vault shared through AWS RAM stays its owner's (account ${owner}); the account it is shared with may only read it and restore from it`);
    }
    return;
  }
  throw accessDenied(
    'backup',
    `${principal} is not authorized to perform: backup:${operation} on resource: ${vault.arn}: AWS Backup rejects every cross-account call on a standard vault except backup:CopyIntoBackupVault (the vault belongs to account ${owner})`,
  );
}

/** AWS Backup's default vault in every account and region (its name). */
export const DEFAULT_VAULT = 'Default';

/** Why a copy from `sourceAccount` into `destination` (a vault of another account) fails, or undefined when it may. */
export function copyIntoRefusal(world: World, destination: Vault, sourceAccount: string): string | undefined {
  const owner = ownerOf(world, destination);
  if (owner === sourceAccount) return undefined;
  // "The destination vault cannot be the default vault. This is because the default vault is encrypted with a key that
  // cannot be shared with other accounts" (AWS Backup Developer Guide, "Creating backup copies across AWS accounts",
  // Security considerations). AWS documents no message for it: the copy job fails, as for the other refusals here.
  if (destination.name === DEFAULT_VAULT) {
    return `Access Denied while calling AWS Backup service: the destination vault ${destination.arn} is the default vault, whose key cannot be shared with other accounts, so account ${sourceAccount} cannot copy into it`;
  }
  if (!(world.accounts?.crossAccountBackup ?? false)) {
    return `Access Denied while calling AWS Backup service: cross-account backup is not enabled in the AWS Organizations management account (isCrossAccountBackupEnabled), so account ${sourceAccount} cannot copy into account ${owner}`;
  }
  if (!policyAllowsCopyInto(destination.accessPolicy, sourceAccount)) {
    return `Access Denied while calling AWS Backup service: the access policy of destination vault ${destination.arn} does not allow backup:CopyIntoBackupVault from account ${sourceAccount}`;
  }
  return undefined;
}

// A vault access policy is read for the one action a standard vault accepts across accounts. Principals are matched
// as AWS writes them for an account (its root ARN or its id) or "*"; a matching Deny wins. Conditions are not
// evaluated: a statement with one does not match (the templates' policy has none).
function policyAllowsCopyInto(policy: PolicyDocument | undefined, account: string): boolean {
  if (!policy) return false;
  const matches = (s: Statement & { Principal?: unknown }) => {
    const actions = ([] as string[]).concat(s.Action ?? []);
    if (!actions.includes('backup:CopyIntoBackupVault') || s.Condition) return false;
    const principal = s.Principal as string | { AWS?: string | string[] } | undefined;
    const names = principal === '*' ? ['*'] : ([] as string[]).concat(typeof principal === 'object' ? (principal.AWS ?? []) : []);
    return names.some((p) => p === '*' || p === account || p === `arn:aws:iam::${account}:root`);
  };
  const statements = policy.Statement as (Statement & { Principal?: unknown })[];
  if (statements.some((s) => s.Effect === 'Deny' && matches(s))) return false;
  return statements.some((s) => s.Effect === 'Allow' && matches(s));
}

/** Sets how far the share of a logically air-gapped vault reaches an account: a test's or a fault's "not accepted". */
export function setShareStatus(world: World, vaultArn: string, account: string, status: ShareStatus | undefined): void {
  const shares = world.accounts?.shares;
  if (!shares) throw new Error('setShareStatus: the simulated account has no other accounts (the plan names no accounts)');
  const byAccount = shares.get(vaultArn) ?? new Map<string, ShareStatus>();
  if (status) byAccount.set(account, status);
  else byAccount.delete(account);
  shares.set(vaultArn, byAccount);
}

function vaultByArn(world: World, arn: string): Vault {
  const vault = world.regions.get(arnRegion(arn))?.vaults.get(vaultNameOf(arn));
  if (!vault || vault.arn !== arn) {
    // Vaults are kept by name in each region: two accounts' vaults of one name in one region are not simulated.
    throw new Error(`seedAccounts: vault ${arn} was not seeded (another account's vault of the same name in ${arnRegion(arn)}?)`);
  }
  return vault;
}

/** The other accounts of a plan that names them; call after the vaults are seeded (seed.ts). */
export function seedAccounts(world: World, plan: Plan): void {
  const accounts = plan.accounts;
  if (!accounts) return;
  const state: AccountsWorld = { recovery: accounts.recovery, shares: new Map(), roles: new Map(), sessions: new Map(), crossAccountBackup: true };
  world.accounts = state;
  for (const entry of accounts.vaults) {
    const vault = vaultByArn(world, entry.arn);
    const owner = accountOfArn(entry.arn)!;
    vault.accountId = owner;
    if (entry.type === 'logically-air-gapped') {
      vault.vaultType = 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT';
      state.shares.set(entry.arn, new Map([[accounts.recovery, 'ASSOCIATED']]));
    } else {
      vault.vaultType = 'BACKUP_VAULT';
      const central = centralCopyRole(plan, entry.arn, entry.copy);
      state.roles.set(central.role.arn, central);
    }
  }
  // The recovery account's DR vaults that copies from other accounts land in, with the access policy that lets them.
  for (const target of plan.targets) {
    const route = vaultRouteOf(accounts, target);
    if (route?.kind !== 'cross-account-copy') continue;
    const dr = vaultByArn(world, target.drVault);
    const policy = recoveryVaultPolicy(target.drVault, route.ownerAccount, accounts.recovery, dr.encryptionKeyArn);
    dr.accessPolicy = dr.accessPolicy ? { ...dr.accessPolicy, Statement: [...dr.accessPolicy.Statement, ...policy.Statement] } : policy;
  }
}

function centralCopyRole(plan: Plan, vaultArn: string, copy: { assumeRoleArn: string; externalId: string; backupRoleArn: string }): { role: Role; trust: PolicyDocument } {
  const template = loadStandaloneTemplate(PROJECT_ROOT, 'central-backup-copy-role.yml');
  const owner = accountOfArn(vaultArn)!;
  const drVaultName = plan.targets.find((t) => t.sourceVault === vaultArn)?.drVault.split(':backup-vault:')[1] ?? '';
  const parameters = parametersOf(template, {
    RoleName: copy.assumeRoleArn.split(':role/')[1]!.split('/').pop()!,
    RecoveryAccountId: plan.accounts!.recovery,
    DrillStage: 'dev',
    DrRegion: plan.regions.dr,
    ExternalId: copy.externalId,
    SourceRegion: arnRegion(vaultArn),
    SourceVaultName: vaultNameOf(vaultArn),
    DrVaultName: drVaultName,
    BackupRoleName: copy.backupRoleArn.split(':role/')[1]!,
    AllowedRegions: plan.residency.allowedRegions.join(','),
  });
  const props = resolvedProperties<{ RoleName: string; AssumeRolePolicyDocument: PolicyDocument; Policies: { PolicyDocument: PolicyDocument }[] }>(
    template, 'CentralCopyRole', arnRegion(vaultArn), owner, parameters,
  );
  const arn = `arn:aws:iam::${owner}:role/${props.RoleName}`;
  return { role: { id: `central:${arn}`, arn, trustedBy: [], policies: props.Policies.map((p) => p.PolicyDocument), managedPolicyArns: [] }, trust: props.AssumeRolePolicyDocument };
}

function recoveryVaultPolicy(drVaultArn: string, centralAccount: string, recovery: string, keyArn: string): PolicyDocument {
  const template = loadStandaloneTemplate(PROJECT_ROOT, 'recovery-vault-access-policy.yml');
  // The seeded vault's key is a customer managed key of the recovery account, as the template requires.
  const parameters = parametersOf(template, { DrVaultName: vaultNameOf(drVaultArn), CentralBackupAccountId: centralAccount, EncryptionKeyArn: keyArn });
  return resolvedProperties<{ AccessPolicy: PolicyDocument }>(template, 'DrVault', arnRegion(drVaultArn), recovery, parameters).AccessPolicy;
}

/**
 * The resource-based policy AWS RAM gives a shared logically air-gapped vault for the accounts it is associated with:
 * their principals may make the shared operations on the vault and its recovery points. IAM evaluates it with the
 * caller's identity policy, as for any resource of another account. Undefined when `resourceArn` is not in a shared
 * vault, or the share is not associated with `callerAccount`.
 */
export function sharePolicyOf(world: World, resourceArn: string, callerAccount: string): PolicyDocument | undefined {
  const vault = sharedVaultHolding(world, resourceArn);
  if (!vault || world.accounts?.shares.get(vault.arn)?.get(callerAccount) !== 'ASSOCIATED') return undefined;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'RamShare',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${callerAccount}:root` },
        Action: [...SHARED_VAULT_OPERATIONS].map((op) => `backup:${op}`),
        Resource: '*',
      } as Statement,
    ],
  };
}

/** The vault an ARN names, or the vault of the recovery point it names. */
function vaultHolding(world: World, arn: string): Vault | undefined {
  const region = world.regions.get(arnRegion(arn));
  if (!region) return undefined;
  return [...region.vaults.values()].find((v) => v.arn === arn) ?? region.vaults.get(region.recoveryPoints.get(arn)?.vaultName ?? '');
}

function sharedVaultHolding(world: World, arn: string): Vault | undefined {
  const vault = vaultHolding(world, arn);
  return vault?.vaultType === 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT' ? vault : undefined;
}

/**
 * Why a call on a vault of another account (or one of its recovery points) is denied to `callerAccount`, for the
 * AccessDenied message: a standard vault accepts nothing across accounts but copies into it; a shared air-gapped
 * vault's share does not reach the caller (not accepted, disassociated). Undefined for any other resource.
 */
export function crossAccountReason(world: World, resourceArn: string, callerAccount: string): string | undefined {
  const vault = vaultHolding(world, resourceArn);
  if (!vault || ownerOf(world, vault) === callerAccount) return undefined;
  const owner = ownerOf(world, vault);
  if (vault.vaultType !== 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT') {
    return `AWS Backup rejects every cross-account call on a standard vault except backup:CopyIntoBackupVault (vault ${vault.arn} belongs to account ${owner})`;
  }
  const status = world.accounts?.shares.get(vault.arn)?.get(callerAccount);
  if (status === 'ASSOCIATED') return `a vault shared through AWS RAM stays its owner's (account ${owner}); the account it is shared with may only read it and restore from it`;
  return `the logically air-gapped vault ${vault.arn} of account ${owner} is not shared with account ${callerAccount} through AWS RAM (resource share association: ${status ?? 'none'}); the recovery account must accept the share`;
}
