// How a function reaches a target's source vault (issue 13, the target's route from lib/drill/items.ts): with its own
// role in its own account; naming the owner of a logically air-gapped vault shared with the recovery account through
// AWS RAM (BackupVaultAccountId); or as the role the plan names in the account of a standard vault, assumed through
// STS with its ExternalId, since AWS Backup "rejects cross-account access for any action other than
// backup:CopyIntoBackupVault" on a standard vault (AWS Backup Developer Guide, "Vault access policies").
import { assumeRoleClients } from '../aws/assume-role';
import type { AwsClients } from '../aws/clients';
import { CrossAccountRoleError } from '../errors';
import type { Deps } from '../lambda/deps';
import type { VaultRouteItem } from './contracts';

export interface SourceVaultAccess {
  /** The clients that call the source vault's account: the function's own, or signed as the assumed role. */
  clients: AwsClients;
  /** The vault's owner when it is not the caller's account's own vault (BackupVaultAccountId); undefined otherwise. */
  vaultAccount?: string;
}

/**
 * What the caller will do in the central account, when it is less than the role allows: the session is narrowed to it
 * (a session policy), so a function that only reads there cannot copy, whatever the role may.
 */
export const CENTRAL_READS = ['backup:ListRecoveryPointsByBackupVault', 'backup:GetBackupPlan'] as const;
export const CENTRAL_COPY_JOB_READS = ['backup:DescribeCopyJob'] as const;

export async function sourceVaultAccess(
  deps: Pick<Deps, 'clients' | 'region'>,
  route: VaultRouteItem,
  sessionName: string,
  onlyActions?: readonly string[],
): Promise<SourceVaultAccess> {
  switch (route.kind) {
    case 'same-account':
      return { clients: deps.clients };
    case 'shared-air-gapped':
      return { clients: deps.clients, vaultAccount: route.ownerAccount };
    case 'cross-account-copy':
      return { clients: await assumeCentralRole(deps, route, sessionName, onlyActions), vaultAccount: route.ownerAccount };
  }
}

async function assumeCentralRole(
  deps: Pick<Deps, 'clients' | 'region'>,
  route: Extract<VaultRouteItem, { kind: 'cross-account-copy' }>,
  sessionName: string,
  onlyActions: readonly string[] | undefined,
): Promise<AwsClients> {
  try {
    return await assumeRoleClients(deps.clients, deps.region, {
      roleArn: route.copy.assumeRoleArn,
      externalId: route.copy.externalId,
      sessionName,
      ...(onlyActions ? { onlyActions } : {}),
    });
  } catch (error) {
    // STS answers a role that does not trust the caller, a wrong ExternalId and a missing role alike: AccessDenied.
    if (/AccessDenied/.test((error as { name?: string } | null)?.name ?? '')) {
      throw new CrossAccountRoleError(
        `cannot act in account ${route.ownerAccount} as ${route.copy.assumeRoleArn}: ${(error as Error).message}. Its trust policy must name dr-drill's function roles in ${route.recoveryAccount} and the plan's externalId (resources/central-backup-copy-role.yml)`,
        { cause: error },
      );
    }
    throw error;
  }
}

/** How the recovery account reached the source vault, in words for the report and the evidence. */
export function sourceVaultWords(route: Exclude<VaultRouteItem, { kind: 'same-account' }>): string {
  return route.kind === 'shared-air-gapped'
    ? `the logically air-gapped vault of account ${route.ownerAccount}, shared with the recovery account ${route.recoveryAccount} through AWS RAM and restored from where it is`
    : `the standard vault of account ${route.ownerAccount}, read and copied out of as ${route.copy.assumeRoleArn} (assumed with its ExternalId) into the recovery account ${route.recoveryAccount}`;
}

/**
 * The AWS Backup role a copy out of the source vault runs with (StartCopyJob's IamRoleArn): passed (iam:PassRole) in the
 * account that starts the copy, so the central account's own role for a standard vault of that account. "The source
 * account user initiates the cross-account backup operation", naming "the IAM role ... that has the permissions to make
 * your backup available for copying. The act of copying is performed by your destination account's service linked
 * role" (AWS Backup Developer Guide, "Creating backup copies across AWS accounts").
 */
export const copyRoleOf = (route: VaultRouteItem, target: { backupRoleArn: string }): string =>
  route.kind === 'cross-account-copy' ? route.copy.backupRoleArn : target.backupRoleArn;

/** Shown in the other account's CloudTrail as the session: which drill and which target. */
export const sessionNameOf = (drill: { id: string }, target: { id: string }): string => `dr-drill-${drill.id}-${target.id}`;
