// A resource's recovery points in one vault, and the backup plan that made them: what Find Latest Recovery Point
// (functions/find-recovery-point) reads to choose the point a drill restores, and `dr-drill plan init` reads to write
// a plan. Reads only.
import { GetBackupPlanCommand, paginateListRecoveryPointsByBackupVault, type BackupClient, type GetBackupPlanCommandOutput, type RecoveryPointCreator } from '@aws-sdk/client-backup';

const READY = new Set(['COMPLETED', 'AVAILABLE']);

/**
 * A continuous (point-in-time) recovery point: AWS Backup names it `arn:aws:backup:<region>:<account>:recovery-point:continuous:<id>`
 * (the form RDS reports as AwsBackupRecoveryPointArn). The drill does not restore one: StartCopyJob "Does not support
 * continuous backups" (SDK doc comment of StartCopyJobCommand) and "AWS Backup does not support on-demand copies of
 * continuous backups" (Developer Guide, "Copying continuous backups"); and its CreationDate is when continuous backup
 * began, not the age of its data, so it would not measure the RPO either. A copy RULE does carry it to the DR vault,
 * as a snapshot: "AWS Backup takes a snapshot of the resource and copies the snapshot to the destination vault"
 * (same page), which is what source dr-vault restores.
 */
export const isContinuousRecoveryPoint = (arn: string): boolean => /:recovery-point:continuous:/.test(arn);

export interface Point {
  arn: string;
  createdAt: string;
  createdBy?: RecoveryPointCreator;
  /** The role AWS Backup used to make it (RecoveryPointByBackupVault.IamRoleArn). */
  iamRoleArn?: string;
}

/**
 * The vault's ready snapshot recovery points of the resource created before the drill started. A vault of another
 * account is given with its owner (`account`, sent as BackupVaultAccountId): without it AWS Backup looks the name up
 * in the caller's own account.
 */
export async function pointsIn(backup: BackupClient, vault: string | { name: string; account?: string | undefined }, resourceArn: string, startedAt: string): Promise<Point[]> {
  const out: Point[] = [];
  const { name, account } = typeof vault === 'string' ? { name: vault, account: undefined } : vault;
  const pages = paginateListRecoveryPointsByBackupVault(
    { client: backup },
    { BackupVaultName: name, ByResourceArn: resourceArn, ...(account ? { BackupVaultAccountId: account } : {}) },
  );
  for await (const page of pages) {
    for (const point of page.RecoveryPoints ?? []) {
      // AWS documents AVAILABLE as well as COMPLETED for a recovery point that is ready for use.
      if (!READY.has(point.Status ?? '') || !point.RecoveryPointArn || !point.CreationDate) continue;
      if (isContinuousRecoveryPoint(point.RecoveryPointArn)) continue;
      const createdAt = point.CreationDate.toISOString();
      // A backup that finished after the drill began is not what a disaster at drill start would have had.
      if (createdAt > startedAt) continue;
      out.push({ arn: point.RecoveryPointArn, createdAt, ...(point.CreatedBy ? { createdBy: point.CreatedBy } : {}), ...(point.IamRoleArn ? { iamRoleArn: point.IamRoleArn } : {}) });
    }
  }
  return out;
}

/**
 * A plan version "cannot be edited" (SDK doc comment of BackupPlanVersion), so one answer per (plan, version) holds for
 * the client's life: the dry run asks it once for a thousand targets of one backup plan.
 */
const plans = new WeakMap<BackupClient, Map<string, Promise<GetBackupPlanCommandOutput>>>();
export function backupPlan(backup: BackupClient, id: string, version: string | undefined): Promise<GetBackupPlanCommandOutput> {
  const send = () => backup.send(new GetBackupPlanCommand({ BackupPlanId: id, ...(version ? { VersionId: version } : {}) }));
  if (!version) return send();
  const known = plans.get(backup) ?? new Map<string, Promise<GetBackupPlanCommandOutput>>();
  plans.set(backup, known);
  const key = `${id}:${version}`;
  if (!known.has(key)) known.set(key, send().catch((e: unknown) => (known.delete(key), Promise.reject(e))));
  return known.get(key)!;
}


/** Where the backup plan that made a recovery point copies: each copy action, the making rule's first. */
export interface CopyActions {
  planName: string;
  /** The rule that made the recovery point, when the plan version still names it. */
  ruleName: string | undefined;
  copies: { vaultArn: string; ruleName: string }[];
}

/**
 * The copy actions of the backup plan that made a recovery point, as AWS lets one find out: the point's CreatedBy
 * (BackupPlanId, BackupPlanVersion, BackupRuleId) names the plan version and rule; GetBackupPlan (in the plan's region,
 * the source vault's) gives each rule's CopyActions[].DestinationBackupVaultArn. The making rule's come first.
 */
export async function copyActionsOf(backup: BackupClient, planId: string, createdBy: RecoveryPointCreator): Promise<CopyActions> {
  const out = await backupPlan(backup, planId, createdBy.BackupPlanVersion);
  const rules = out.BackupPlan?.Rules ?? [];
  const made = rules.find((r) => r.RuleId === createdBy.BackupRuleId);
  const ordered = made ? [made, ...rules.filter((r) => r !== made)] : rules;
  return {
    planName: out.BackupPlan?.BackupPlanName ?? planId,
    ruleName: made?.RuleName,
    copies: ordered.flatMap((r) => (r.CopyActions ?? []).flatMap((a) => (a.DestinationBackupVaultArn ? [{ vaultArn: a.DestinationBackupVaultArn, ruleName: r.RuleName ?? r.RuleId ?? '' }] : []))),
  };
}
