// Find Latest Recovery Point: which recovery point the drill restores, where from, and why (issue 13).
//
// - dr-vault: the newest recovery point of the resource already in the DR vault (DR region), put there by the backup
//   plan's copy rule: what a regional outage leaves. Restored where it is; nothing is copied.
// - copy: the newest snapshot in the source vault (primary region), which the drill copies into the DR vault.
// - both: restores the DR vault's point (the verdict) and also copies the primary's newest to prove the copy path.
// The default is dr-vault when the rule that made the newest primary point (its CreatedBy, then GetBackupPlan) has a
// copy action into the DR vault, copy otherwise. A one-region plan (DR vault = source vault) restores in place.
// The RPO is the age at drill start of the newest point the source leaves (the DR vault's for dr-vault and both).
// Across accounts (issue 13, the target's route): a logically air-gapped vault of another account shared through AWS
// RAM is listed by the recovery account itself, naming its owner (BackupVaultAccountId), in the vault's own region; a
// standard vault of another account is listed, and its backup plan read, as the role the plan names in that account.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { BackupClient, RecoveryPointCreator } from '@aws-sdk/client-backup';
import { copyActionsOf, pointsIn, type Point } from '../../lib/backup/recovery-points';
import {
  drillContextSchema,
  targetNamesSchema,
  vaultRouteSchema,
  type DrillContext,
  type RecoveryPointChoice,
  type TargetNames,
  type VaultRouteItem,
} from '../../lib/drill/contracts';
import { copyNeeded } from '../../lib/drill/items';
import { targetSchema, type Target } from '../../lib/plan/schema';
import { SELECTION_WINDOW_DAYS, type RecoveryPointSource } from '../../lib/plan/recovery-point-schema';
import { assertRegionAllowed } from '../../lib/drill/residency-guard';
import { rethrowClassified } from '../../lib/aws/classify-error';
import { regionOfArn } from '../../lib/plan/residency';
import { CENTRAL_READS, sessionNameOf, sourceVaultAccess, sourceVaultWords } from '../../lib/drill/source-vault-access';
import { CrossAccountRoleError, NoDrVaultCopyError, NoRecoveryPointError, NoRecoveryPointInWindowError, SharedVaultUnavailableError } from '../../lib/errors';
import { parsePayload } from '../../lib/lambda/parse';

export { isContinuousRecoveryPoint } from '../../lib/backup/recovery-points';
import type { Deps } from '../../lib/lambda/deps';

const eventSchema = z.object({ drill: drillContextSchema, target: targetSchema, names: targetNamesSchema, route: vaultRouteSchema.optional() });

const DAY_MS = 24 * 60 * 60 * 1000;

/** What the restore-target state machine reads ($.recoveryPoint). */
export interface RecoveryPointFound {
  /** The point whose age at drill start is the RPO: the newest of the vault a disaster would leave. */
  arn: string;
  createdAt: string;
  /** A recovery point to restore where it is (the DR vault's, or a one-region plan's source vault's); null: restore the drill's copy. */
  restoreArn: string | null;
  /** The primary vault's recovery point the drill copies into the DR vault; null: no copy. */
  copyArn: string | null;
  choice: RecoveryPointChoice;
}

export async function findRecoveryPoint(event: unknown, deps: Deps): Promise<RecoveryPointFound> {
  const { drill, target, names, route = { kind: 'same-account' } } = parsePayload(eventSchema, event, 'Find Latest Recovery Point');
  // The source vault's region: the primary region, but a shared air-gapped vault's own, the DR region (Check Plan).
  const vaultRegion = route.kind === 'shared-air-gapped' ? regionOfArn(target.sourceVault) : undefined;
  const sourceRegion = assertRegionAllowed(vaultRegion ?? drill.sourceRegion, drill, `target ${target.id} source vault`);
  try {
    // Reads only, in the central account: the session is narrowed to them (the dry run makes this call too).
    const access = await sourceVaultAccess(deps, route, sessionNameOf(drill, target), CENTRAL_READS);
    const sourceBackup = access.clients.get('backup', sourceRegion);
    const primary = await pointsIn(sourceBackup, { name: names.sourceVault, account: access.vaultAccount }, target.resourceArn, drill.startedAt);
    const newestPrimary = newest(primary);
    if (!copyNeeded(target)) {
      const found = route.kind === 'shared-air-gapped' ? inSharedVault(drill, target, names, primary, sourceRegion, route) : inPlace(drill, target, names, primary, sourceRegion);
      return withAccounts(found, route);
    }

    const rule = await copyRuleOf(sourceBackup, newestPrimary?.createdBy, target.drVault, names);
    const requested = target.recoveryPoint?.source;
    const source: RecoveryPointSource = requested ?? (rule.copies ? 'dr-vault' : 'copy');
    const why = requested
      ? `${source}: set in the plan (${rule.copies ? `${rule.text} copies to the DR vault` : rule.text})`
      : rule.copies
        ? `dr-vault: ${rule.text} copies to the DR vault`
        : `copy: ${rule.text}`;
    const copyRule = rule.copies ? rule.text : null;

    if (source === 'copy') {
      if (!newestPrimary) throw noPrimaryPoint(target, names, sourceRegion);
      const chosen = choose(primary, target, drill);
      return withAccounts({
        arn: newestPrimary.arn,
        createdAt: newestPrimary.createdAt,
        restoreArn: null,
        copyArn: chosen.point.arn,
        choice: { source, why, primary: strip(newestPrimary), dr: null, copyRule, restored: { ...strip(chosen.point), vault: names.sourceVault, chosen: chosen.how } },
      }, route);
    }

    const drRegion = assertRegionAllowed(drill.drRegion, drill, `target ${target.id} DR vault`);
    // A copy's CreationDate is its SOURCE's: "Copies retain their source configuration, including creation dates ...
    // The creation date refers to when the source was created, not when the copy was created" (AWS Backup Developer
    // Guide, "Backup and tag copy"). So the DR vault's own listing gives the age of the data, with no source-region call.
    // The DR vault is the recovery account's own (Check Plan: drVault), read with the function's own role.
    const dr = await pointsIn(deps.clients.get('backup', drRegion), { name: names.drVault }, target.resourceArn, drill.startedAt);
    const newestDr = newest(dr);
    if (!newestDr) {
      throw new NoDrVaultCopyError(
        `no recovery point of ${target.resourceArn} in the DR vault ${names.drVault} (${drRegion}) created before the drill started: ${
          rule.copies ? `${rule.text} should copy it there (its copy action targets ${target.drVault})` : rule.text
        }; a regional outage would leave nothing to restore`,
      );
    }
    if (source === 'both' && !newestPrimary) throw noPrimaryPoint(target, names, sourceRegion);
    const chosen = choose(dr, target, drill);
    return withAccounts({
      arn: newestDr.arn,
      createdAt: newestDr.createdAt,
      restoreArn: chosen.point.arn,
      // both: the copy path is proven with the newest primary point at drill time, whatever the selection.
      copyArn: source === 'both' ? newestPrimary!.arn : null,
      choice: {
        source,
        why,
        primary: newestPrimary ? strip(newestPrimary) : null,
        dr: strip(newestDr),
        copyRule,
        restored: { ...strip(chosen.point), vault: names.drVault, chosen: chosen.how },
      },
    }, route, 'dr');
  } catch (error) {
    if (error instanceof NoRecoveryPointError || error instanceof NoDrVaultCopyError || error instanceof NoRecoveryPointInWindowError) throw error;
    if (error instanceof CrossAccountRoleError) throw error;
    if (route.kind === 'shared-air-gapped' && isAccessDenied(error)) {
      // AWS refuses the shared vault's calls when its AWS RAM share does not reach the recovery account (not accepted,
      // disassociated): nothing can be restored from it until its owner shares it again, so this is not retried.
      throw new SharedVaultUnavailableError(
        `the logically air-gapped vault ${target.sourceVault} of account ${route.ownerAccount} is not available to the recovery account ${route.recoveryAccount}: ${errorMessage(error)}. Check its AWS RAM resource share (resources/air-gapped-vault-share.yml) is accepted and associated with ${route.recoveryAccount}`,
      );
    }
    rethrowClassified(error);
  }
}

const isAccessDenied = (error: unknown): boolean => /AccessDenied/.test((error as { name?: string } | null)?.name ?? '');
const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The accounts in the evidence (issue 13): whose vault the restored point came from (the DR vault's account when it was
 * restored from there, else the source vault's) and, in words, how the recovery account reached the source vault.
 */
function withAccounts(found: RecoveryPointFound, route: VaultRouteItem, restoredFrom: 'source' | 'dr' = 'source'): RecoveryPointFound {
  if (route.kind === 'same-account') return found;
  const account = restoredFrom === 'dr' && route.kind === 'cross-account-copy' ? route.recoveryAccount : route.ownerAccount;
  return {
    ...found,
    choice: {
      ...found.choice,
      restored: { ...found.choice.restored, account },
      accounts: { recovery: route.recoveryAccount, source: sourceVaultWords(route) },
    },
  };
}

/** A one-region plan: its DR vault is its source vault, so the drill restores the point where it is. */
function inPlace(drill: DrillContext, target: Target, names: TargetNames, points: Point[], region: string): RecoveryPointFound {
  const newestPoint = newest(points);
  if (!newestPoint) throw noPrimaryPoint(target, names, region);
  const chosen = choose(points, target, drill);
  return {
    arn: newestPoint.arn,
    createdAt: newestPoint.createdAt,
    restoreArn: chosen.point.arn,
    copyArn: null,
    choice: {
      source: 'dr-vault',
      why: `dr-vault: a one-region plan, whose DR vault is its source vault ${names.sourceVault}`,
      primary: strip(newestPoint),
      dr: null,
      copyRule: null,
      restored: { ...strip(chosen.point), vault: names.sourceVault, chosen: chosen.how },
    },
  };
}

/**
 * A logically air-gapped vault of another account shared through AWS RAM: the recovery account restores its recovery
 * points where they are ("backups stored within the vault can be restored from an account with which the vault is
 * shared", AWS Backup Developer Guide, "Logically air-gapped vault"), and Check Plan keeps it in the DR region, so its
 * newest point is also what a regional outage leaves: both ages are that point's.
 */
function inSharedVault(
  drill: DrillContext,
  target: Target,
  names: TargetNames,
  points: Point[],
  region: string,
  route: Extract<VaultRouteItem, { kind: 'shared-air-gapped' }>,
): RecoveryPointFound {
  const found = inPlace(drill, target, names, points, region);
  return {
    ...found,
    choice: {
      ...found.choice,
      why: `dr-vault: the logically air-gapped vault ${names.sourceVault} of account ${route.ownerAccount}, shared with the recovery account through AWS RAM, is in the DR region: restored where it is, nothing copied`,
      dr: found.choice.primary,
    },
  };
}

const noPrimaryPoint = (target: Target, names: TargetNames, region: string) =>
  new NoRecoveryPointError(
    `no completed snapshot recovery point of ${target.resourceArn} in vault ${names.sourceVault} (${region}) created before the drill started (continuous backups cannot be copied: add a snapshot backup rule)`,
  );

const strip = (p: Point) => ({ arn: p.arn, createdAt: p.createdAt });
const newest = (points: Point[]): Point | undefined => points.reduce<Point | undefined>((a, p) => (!a || p.createdAt > a.createdAt ? p : a), undefined);

interface CopyRule {
  copies: boolean;
  /** "backup plan nhs-daily rule daily-35d", or why no rule is known to copy to the DR vault. */
  text: string;
}

/**
 * Whether the backup plan rule that made the recovery point copies to the DR vault, as AWS lets one find out: the
 * point's CreatedBy (BackupPlanId, BackupPlanVersion, BackupRuleId) names the plan version and rule; GetBackupPlan (in
 * the plan's region, the source vault's) gives that rule's CopyActions[].DestinationBackupVaultArn.
 */
async function copyRuleOf(backup: BackupClient, createdBy: RecoveryPointCreator | undefined, drVaultArn: string, names: TargetNames): Promise<CopyRule> {
  if (!createdBy?.BackupPlanId) {
    return { copies: false, text: `the newest recovery point in ${names.sourceVault} was not made by a backup plan (on demand), so no copy rule is known to put it in ${names.drVault}` };
  }
  const { planName, copies } = await copyActionsOf(backup, createdBy.BackupPlanId, createdBy);
  // The rule that made the point first; another rule of the plan that copies there is named too (its copies may lag).
  const copying = copies.find((c) => c.vaultArn === drVaultArn);
  if (copying) return { copies: true, text: `backup plan ${planName} rule ${copying.ruleName}` };
  return { copies: false, text: `no rule of backup plan ${planName} copies to the DR vault ${names.drVault}` };
}

/** The recovery point the drill restores (or copies), as the plan's selection says, and how it was chosen, in words. */
export function choose(points: Point[], target: Target, drill: Pick<DrillContext, 'id' | 'startedAt'>): { point: Point; how: string } {
  const settings = target.recoveryPoint ?? {};
  const selection = settings.selection ?? 'latest';
  const windowDays = settings.windowDays ?? (selection === 'random' ? SELECTION_WINDOW_DAYS.randomDefault : undefined);
  const from = windowDays === undefined ? '' : new Date(Date.parse(drill.startedAt) - windowDays * DAY_MS).toISOString();
  const candidates = points.filter((p) => p.createdAt >= from).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  if (candidates.length === 0) {
    throw new NoRecoveryPointInWindowError(
      `no recovery point of ${target.resourceArn} within the ${windowDays} days before the drill (from ${from}) to choose from: ${points.length} older ones exist`,
    );
  }
  const window = windowDays === undefined ? '' : ` within ${windowDays} days`;
  const counted = `${candidates.length} candidate${candidates.length === 1 ? '' : 's'}`;
  if (selection === 'latest') {
    const point = candidates[candidates.length - 1]!;
    return { point, how: windowDays === undefined ? 'latest' : `latest${window}: ${counted}` };
  }
  // Seeded by drill and target, so a retried Lambda (or a second look) picks the same point.
  const seed = createHash('sha256').update(`${drill.id}:${target.id}`).digest().readUInt32BE(0);
  const point = candidates[seed % candidates.length]!;
  return { point, how: `random${window}: ${counted}, chose the one of ${point.createdAt.slice(0, 16).replace('T', ' ')}` };
}
