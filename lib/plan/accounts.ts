// The account rules of a plan that names its accounts (issue 13): every ARN in the account AWS would act in, and every
// source vault in another account reachable in a way AWS allows. Run with the residency rules on a plan that already
// has the right shape; a plan without `accounts` is a one-account plan and these rules do not apply.
import { formatPath, type Problem } from './problem';
import type { Accounts, OtherAccountVault } from './accounts-schema';
import type { Plan, Target } from './schema';

/** AWS Backup's default vault, the one vault of an account that cannot receive cross-account copies. */
const DEFAULT_VAULT_NAME = 'Default';

/** The 12-digit account an ARN names, or undefined when it names none (S3 buckets). */
function accountOf(arn: string): string | undefined {
  const account = arn.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

/**
 * How a target's recovery points reach the restore:
 * - `same-account`: the source vault is the recovery account's own (a one-account plan is always this);
 * - `shared-air-gapped`: a logically air-gapped vault of another account, shared with the recovery account through
 *   AWS RAM, restored where it is by the recovery account (StartRestoreJob on the shared vault's recovery point);
 * - `cross-account-copy`: a standard vault of another account; dr-drill assumes `copy.assumeRoleArn` there and starts
 *   the copy into the recovery account's drVault from that account.
 */
export type VaultRoute =
  | { kind: 'same-account' }
  | { kind: 'shared-air-gapped'; ownerAccount: string }
  | { kind: 'cross-account-copy'; ownerAccount: string; copy: Extract<OtherAccountVault, { type: 'standard' }>['copy'] };

/** The route of a target in a plan that already passed the checks; undefined for a plan without `accounts`. */
export function vaultRouteOf(accounts: Accounts | undefined, target: Pick<Target, 'sourceVault'>): VaultRoute | undefined {
  if (!accounts) return undefined;
  const owner = accountOf(target.sourceVault);
  if (!owner || owner === accounts.recovery) return { kind: 'same-account' };
  const vault = accounts.vaults.find((v) => v.arn === target.sourceVault);
  if (!vault) return undefined;
  return vault.type === 'logically-air-gapped'
    ? { kind: 'shared-air-gapped', ownerAccount: owner }
    : { kind: 'cross-account-copy', ownerAccount: owner, copy: vault.copy };
}

/** Every account a plan's drill calls in or reads from: the recovery account first, then the vaults' owners. */
export function accountsTouched(accounts: Accounts): string[] {
  return [...new Set([accounts.recovery, ...accounts.vaults.map((v) => accountOf(v.arn)).filter((a): a is string => a !== undefined)])];
}

/** True when a target's source vault is a shared logically air-gapped vault (restored in its own region, the DR region). */
export function isSharedAirGapped(accounts: Accounts | undefined, target: Pick<Target, 'sourceVault'>): boolean {
  return vaultRouteOf(accounts, target)?.kind === 'shared-air-gapped';
}

export function checkAccounts(plan: Plan): Problem[] {
  const accounts = plan.accounts;
  if (!accounts) return [];
  const problems: Problem[] = [];
  const add = (path: string, message: string | undefined) => {
    if (message) problems.push({ path, message });
  };
  const { recovery } = accounts;

  // An isolated recovery account is the point: restores into a workload account would land beside production, where
  // whatever attacked production can reach them (AWS Backup Developer Guide, "Logically air-gapped vault": restore
  // "from an account with which the vault is shared").
  accounts.workloads.forEach((account, i) => {
    if (account === recovery) {
      add(formatPath(['accounts', 'workloads', i]), `${account} is the recovery account: the recovery account must be separate from the workload accounts, so a restore never lands beside production`);
    }
  });

  const seenVaults = new Map<string, number>();
  accounts.vaults.forEach((vault, i) => {
    const at = (...rest: (string | number)[]) => formatPath(['accounts', 'vaults', i, ...rest]);
    const first = seenVaults.get(vault.arn);
    if (first === undefined) seenVaults.set(vault.arn, i);
    else add(at('arn'), `duplicate vault (also accounts.vaults[${first}])`);
    const owner = accountOf(vault.arn);
    if (owner === recovery) {
      add(at('arn'), `this vault is in the recovery account ${recovery}: list only vaults of other accounts here (the recovery account's own vaults need no route)`);
    }
    if (vault.type === 'standard' && owner) {
      // The copy is started in the vault's account with that account's role: a role of another account cannot act on
      // it ("cross-account access for any action other than backup:CopyIntoBackupVault will be rejected"), and
      // StartCopyJob's IamRoleArn is passed (iam:PassRole) in the calling account.
      const roleAccount = accountOf(vault.copy.assumeRoleArn);
      if (roleAccount !== owner) add(at('copy', 'assumeRoleArn'), `role of account ${roleAccount} cannot start a copy out of a vault of account ${owner}: name a role in ${owner}`);
      const backupAccount = accountOf(vault.copy.backupRoleArn);
      if (backupAccount !== owner) add(at('copy', 'backupRoleArn'), `StartCopyJob in account ${owner} passes an AWS Backup role of that account, not of ${backupAccount}`);
    }
    if (!plan.targets.some((t) => t.sourceVault === vault.arn)) add(at('arn'), 'no target takes its recovery points from this vault: remove it, or check the sourceVault of the targets');
  });

  plan.targets.forEach((target, i) => checkTarget(accounts, target, i, add));

  // Tag conditions are read with tag:GetResources, which answers for "the calling account" only (SDK doc comment of
  // GetResourcesCommand, @aws-sdk/client-resource-groups-tagging-api): from the recovery account a workload account's
  // resource has no tags, so stringEquals would match nothing and stringNotEquals everything.
  plan.selections?.forEach((selection, i) => {
    // Check Plan lists a selection's vault with its own role; a standard vault of another account refuses it ("Regardless
    // of the AWS Backup vault's access policy, cross-account access for any action other than backup:CopyIntoBackupVault
    // will be rejected", AWS Backup Developer Guide, "Vault access policies").
    if (vaultRouteOf(accounts, selection)?.kind === 'cross-account-copy') {
      add(
        formatPath(['selections', i, 'sourceVault']),
        `a standard vault of account ${accountOf(selection.sourceVault)} cannot be listed from the recovery account ${recovery} (AWS Backup rejects every cross-account call on it but backup:CopyIntoBackupVault): list its resources as targets`,
      );
    }
    const { stringEquals = {}, stringNotEquals = {} } = selection.conditions ?? {};
    if (Object.keys(stringEquals).length + Object.keys(stringNotEquals).length > 0) {
      add(
        formatPath(['selections', i, 'conditions']),
        `tag conditions cannot be read across accounts: Check Plan runs in the recovery account ${recovery}, where tag:GetResources sees only that account's resources; choose the workload's resources by resourceArns instead`,
      );
    }
  });

  // A failover switches production's global database: it acts in the workload account, which an isolated recovery
  // account must not be able to change.
  if (plan.failover) {
    add('failover', 'a failover switches the writer of a production database in the workload account; a plan with `accounts` drills from an isolated recovery account, which must not change production. Drill the failover with a one-account plan deployed in the workload account');
  }
  return problems;
}

type Add = (path: string, message: string | undefined) => void;

function checkTarget(accounts: Accounts, target: Target, index: number, add: Add): void {
  const at = (...rest: string[]) => formatPath(['targets', index, ...rest]);
  const { recovery } = accounts;
  const inRecovery = (arn: string, what: string) => {
    const own = accountOf(arn);
    return own && own !== recovery ? `account ${own} is not the recovery account ${recovery}: ${what}` : undefined;
  };

  const resourceAccount = accountOf(target.resourceArn);
  if (resourceAccount && !accounts.workloads.includes(resourceAccount)) {
    add(
      at('resourceArn'),
      resourceAccount === recovery
        ? `the resource is in the recovery account ${recovery}: a target is a workload's resource, in one of accounts.workloads`
        : `account ${resourceAccount} is not one of the plan's workload accounts (accounts.workloads: ${accounts.workloads.join(', ')})`,
    );
  }

  const vaultAccount = accountOf(target.sourceVault);
  const vault = accounts.vaults.find((v) => v.arn === target.sourceVault);
  if (vaultAccount && vaultAccount !== recovery && !vault) {
    add(
      at('sourceVault'),
      `vault of account ${vaultAccount}, which accounts.vaults does not name: list it there as a logically-air-gapped vault shared with ${recovery} through AWS RAM, or as a standard vault with the role dr-drill assumes to copy out of it (AWS Backup refuses every other cross-account call on a standard vault)`,
    );
  }

  if (vault?.type === 'logically-air-gapped') {
    // The recovery account restores the shared vault's recovery point where it is: "Accounts with which the vault has
    // been shared have the ability to view or a restore a backup, but not to create a copy" (AWS Backup Developer
    // Guide, "Logically air-gapped vault", Copy availability), and AWS RAM shares are regional ("principals must access
    // each resource from the same AWS Region that it was created in", AWS RAM User Guide, "Creating a resource share"),
    // so the restore runs in the vault's Region.
    if (target.drVault !== target.sourceVault) {
      add(at('drVault'), `the source vault is a logically air-gapped vault shared through AWS RAM: the recovery account restores from it directly, so drVault must be the sourceVault (${target.sourceVault})`);
    }
    // Its region is the DR region: residency.ts checks it (arnFields).
  } else {
    add(at('drVault'), inRecovery(target.drVault, 'the DR vault holds the copy the recovery account restores, so it is the recovery account\'s'));
    // "The destination vault cannot be the default vault. This is because the default vault is encrypted with a key
    // that cannot be shared with other accounts" (AWS Backup Developer Guide, "Creating backup copies across AWS
    // accounts", Security considerations).
    if (vault?.type === 'standard' && target.drVault.split(':backup-vault:')[1] === DEFAULT_VAULT_NAME) {
      add(at('drVault'), `the default vault cannot receive copies from another account (its key cannot be shared with other accounts): name a vault of the recovery account with a customer managed key (resources/recovery-vault-access-policy.yml)`);
    }
  }

  // A restore from a shared air-gapped vault runs in the account it is shared with, with that account's role: the
  // Developer Guide's key policy for it names "[Recovery account copy/restore role]" arn:aws:iam::[recovery-account-id]:
  // role/service-role/AWSBackupDefaultServiceRole ("Logically air-gapped vault"); a central vault's point is restored
  // only after a copy into the recovery account ("AWS Backup does not support recovering resources from one AWS account
  // to another", "Creating backup copies across AWS accounts").
  add(at('backupRoleArn'), inRecovery(target.backupRoleArn, 'StartRestoreJob runs in the recovery account and passes a role of that account (iam:PassRole)'));
  const kmsKeyArn = target.restore && 'kmsKeyArn' in target.restore ? target.restore.kmsKeyArn : undefined;
  if (kmsKeyArn) add(at('restore', 'kmsKeyArn'), inRecovery(kmsKeyArn, 'the restored copy is encrypted in the recovery account'));
  const secretArn = target.validation && 'secretArn' in target.validation ? target.validation.secretArn : undefined;
  if (secretArn) add(at('validation', 'secretArn'), inRecovery(secretArn, 'the validation reads the restored copy from the recovery account'));
}
