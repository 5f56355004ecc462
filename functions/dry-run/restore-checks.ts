// What a restore target needs in the account, checked with reads only: the recovery point it would copy (found
// exactly as Find Latest Recovery Point finds it, and its age against the RPO), both vaults, the role AWS Backup
// would assume, the isolated network it would restore into, and the secret its data checks would read.
import type { DescribeBackupVaultCommandOutput } from '@aws-sdk/client-backup';
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
import { checksFor } from '../../lib/resource-types/targets/checks-registry';
import { findRecoveryPoint, type RecoveryPointFound } from '../find-recovery-point/find-recovery-point';

export interface RestoreFindings {
  checks: DryRunCheck[];
  /** What a real run would copy, when there is one now. */
  recoveryPoint: RecoveryPointFound | null;
}

export async function restoreChecks(deps: Deps, reads: DryRunReads, plan: Plan, drill: DrillContext, target: Target): Promise<RestoreFindings> {
  const item = itemFor(plan, target, drill.id);
  const { names, route = { kind: 'same-account' } } = item;
  // Another account's vault (issue 13): a shared one is described naming its owner; a central standard vault accepts
  // no cross-account read, so it is proven by the recovery point check, which lists it as the role assumed there.
  const owner = route.kind === 'same-account' ? undefined : route.ownerAccount;
  const [point, source, dr, role] = await Promise.all([
    settle(() => findRecoveryPoint({ drill, target, names, route }, deps)),
    route.kind === 'cross-account-copy' ? null : reads.vault(target.sourceVault, names.sourceVault, owner),
    reads.vault(target.drVault, names.drVault, route.kind === 'shared-air-gapped' ? owner : undefined),
    reads.role(target.backupRoleArn),
  ]);
  const checks = [
    recoveryPointCheck(point, drill, item.objectives.rpoMinutes, names.sourceVault),
    source
      ? vaultCheck('source vault', source, target.sourceVault, names.sourceVault)
      : centralVaultCheck(point, target.sourceVault, names.sourceVault, route.kind === 'cross-account-copy' ? route.copy.assumeRoleArn : ''),
    vaultCheck('DR vault', dr, target.drVault, names.drVault),
    roleCheck(role, target.backupRoleArn),
    // The network the restore would go into, as its type knows it (lib/resource-types/targets/<type>/checks.ts).
    ...(await checksFor(target).dryRunChecks(reads, drill, target)),
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

/** A central backup account's standard vault: listed (by the recovery point check) as the role assumed there. */
function centralVaultCheck(point: Read<RecoveryPointFound>, arn: string, vault: string, roleArn: string): DryRunCheck {
  const name = 'source vault';
  if (point.ok) return { name, passed: true, detail: `vault ${vault} of account ${arn.split(':')[4]} listed in ${regionOfArn(arn)} as ${roleArn}` };
  const error = point.error as Error;
  return { name, passed: false, detail: `vault ${vault} of account ${arn.split(':')[4]} could not be listed as ${roleArn}: ${error.name}: ${error.message}` };
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
