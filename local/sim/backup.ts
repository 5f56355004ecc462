// AWS Backup: recovery points, cross-region copy jobs and restore jobs. Job states are read at the time of the call
// from the times fixed when the job started (CREATED/PENDING -> RUNNING -> COMPLETED | FAILED).
import { str, type Handler, type Output, type SimContext } from './context';
import { checkVaultAccess, copyIntoRefusal, ownerOf, sharedVaultWithoutAccount } from './cross-account';
import { invalid, notFound } from './errors';
import { MINUTE, HOUR } from './hash';
import { planRestore } from './restore';
import { readMetadata } from './restore-helpers';
import { simOfRecoveryPoint } from './target-sims';
import {
  arnRegion,
  compact,
  exists,
  iso,
  phaseAt,
  vaultNameOf,
  type CopyJob,
  type RecoveryPoint,
  type RestoreJob,
  type Vault,
} from './world';

const SERVICE = 'backup';

/**
 * The vault a call names, in the account it names (BackupVaultAccountId: a vault of another account shared with the
 * caller) or else the caller's own; another account's vault only as far as AWS allows across accounts (cross-account.ts).
 */
function vaultIn(ctx: SimContext, name: string | undefined, accountId?: string): Vault {
  const vault = name ? ctx.region.vaults.get(name) : undefined;
  const unnamedOwner = vault && accountId === undefined ? sharedVaultWithoutAccount(ctx.world, vault, ctx.callerAccount, ctx.action) : undefined;
  if (unnamedOwner) throw unnamedOwner;
  const account = accountId ?? ctx.callerAccount;
  if (!vault || ownerOf(ctx.world, vault) !== account) {
    throw notFound(SERVICE, 'ResourceNotFoundException', `Backup vault ${name ?? ''} does not exist in ${ctx.region.name}${accountId ? ` of account ${accountId}` : ''}.`);
  }
  checkVaultAccess(ctx.world, vault, ctx.callerAccount, ctx.action);
  return vault;
}

function recoveryPointIn(ctx: SimContext, vault: Vault, arn: string | undefined): RecoveryPoint {
  const rp = arn ? ctx.region.recoveryPoints.get(arn) : undefined;
  if (!rp || rp.vaultName !== vault.name || !exists(rp, ctx.now)) {
    throw notFound(SERVICE, 'ResourceNotFoundException', `Recovery point ${arn ?? ''} not found in backup vault ${vault.name}.`);
  }
  return rp;
}

// CREATING while its backup or copy job runs (RecoveryPointStatus, SDK model), then COMPLETED until deleted.
const rpStatus = (ctx: SimContext, rp: RecoveryPoint): string => {
  const phase = phaseAt(rp, ctx.now);
  return phase === 'deleting' ? 'DELETING' : phase === 'creating' ? 'CREATING' : 'COMPLETED';
};

function recoveryPointOutput(ctx: SimContext, rp: RecoveryPoint, vault: Vault): Output {
  return compact({
    RecoveryPointArn: rp.arn,
    BackupVaultName: vault.name,
    BackupVaultArn: vault.arn,
    SourceBackupVaultArn: rp.sourceVaultArn,
    ResourceArn: rp.resourceArn,
    ResourceType: rp.resourceType,
    ResourceName: rp.resourceArn.split(/[:/]/).pop(),
    IamRoleArn: rp.iamRoleArn,
    CreatedBy: rp.backupPlanRule
      ? { BackupPlanId: rp.backupPlanRule.planId, BackupPlanArn: rp.backupPlanRule.planArn, BackupPlanVersion: rp.backupPlanRule.planVersion, BackupRuleId: rp.backupPlanRule.ruleId }
      : undefined,
    Status: rpStatus(ctx, rp),
    CreationDate: iso(rp.creationDate),
    CompletionDate: iso(rp.completionDate),
    BackupSizeInBytes: rp.sizeBytes,
    EncryptionKeyArn: vault.encryptionKeyArn,
    IsEncrypted: true,
    IsParent: false,
    VaultType: vault.vaultType ?? 'BACKUP_VAULT',
  });
}

const listRecoveryPointsByBackupVault: Handler = (ctx, input) => {
  const vault = vaultIn(ctx, str(input.BackupVaultName), str(input.BackupVaultAccountId));
  const byResource = str(input.ByResourceArn);
  const byType = str(input.ByResourceType);
  const before = str(input.ByCreatedBefore);
  const after = str(input.ByCreatedAfter);
  const all = [...ctx.region.recoveryPoints.values()]
    .filter((rp) => rp.vaultName === vault.name && exists(rp, ctx.now))
    .filter((rp) => !byResource || rp.resourceArn === byResource)
    .filter((rp) => !byType || rp.resourceType === byType)
    .filter((rp) => !before || rp.creationDate < Date.parse(before))
    .filter((rp) => !after || rp.creationDate > Date.parse(after))
    .sort((a, b) => b.creationDate - a.creationDate);
  const start = Number(str(input.NextToken) ?? 0) || 0;
  const max = typeof input.MaxResults === 'number' ? input.MaxResults : 1000;
  const page = all.slice(start, start + max);
  return compact({
    RecoveryPoints: page.map((rp) => recoveryPointOutput(ctx, rp, vault)),
    NextToken: start + max < all.length ? String(start + max) : undefined,
  });
};

const describeRecoveryPoint: Handler = (ctx, input) => {
  const vault = vaultIn(ctx, str(input.BackupVaultName), str(input.BackupVaultAccountId));
  const rp = recoveryPointIn(ctx, vault, str(input.RecoveryPointArn));
  ctx.attribute(rp.targetId);
  return { ...recoveryPointOutput(ctx, rp, vault), StorageClass: 'WARM' };
};

function destinationVault(ctx: SimContext, arn: string): Vault {
  const region = ctx.world.regions.get(arnRegion(arn));
  const vault = region?.vaults.get(vaultNameOf(arn));
  if (!vault || vault.arn !== arn) {
    throw invalid(SERVICE, 'InvalidParameterValueException', `Invalid destination backup vault ${arn}: it does not exist.`);
  }
  return vault;
}

/** The copy's ARN, named as AWS Backup names recovery points of its type. */
function copiedArn(ctx: SimContext, rp: RecoveryPoint, dest: Vault, jobId: string): string {
  return simOfRecoveryPoint(rp).recoveryPointArn({
    region: dest.region,
    // The destination vault's account: the recovery account's for a copy out of a central backup account.
    accountId: ownerOf(ctx.world, dest),
    madeBy: 'copyjob',
    jobId,
    hex: (length, what) => ctx.random.hex(length, jobId, what),
    uuid: () => ctx.random.uuid(jobId, 'rp'),
  });
}

const startCopyJob: Handler = (ctx, input) => {
  const vault = vaultIn(ctx, str(input.SourceBackupVaultName));
  const rp = recoveryPointIn(ctx, vault, str(input.RecoveryPointArn));
  ctx.attribute(rp.targetId);
  ctx.throttleOnce(rp.targetId);
  // StartCopyJob "Does not support continuous backups" (its SDK doc comment); "AWS Backup does not support on-demand
  // copies of continuous backups" (Developer Guide, "Copying continuous backups"). AWS documents no error code for
  // it: InvalidRequestException is the API's "something is wrong with the input to the request".
  if (rp.continuous) {
    throw invalid(SERVICE, 'InvalidRequestException', `Recovery point ${rp.arn} is a continuous backup: AWS Backup does not support on-demand copies of continuous backups.`);
  }
  const token = str(input.IdempotencyToken);
  const repeat = token ? [...ctx.region.copyJobs.values()].find((j) => j.idempotencyToken === token) : undefined;
  if (repeat) return { CopyJobId: repeat.id, CreationDate: iso(repeat.createdAt), IsParent: false };
  const dest = destinationVault(ctx, str(input.DestinationBackupVaultArn) ?? '');
  if (dest.arn === vault.arn) {
    throw invalid(SERVICE, 'InvalidParameterValueException', 'The source and destination backup vaults must be different.');
  }
  const n = ctx.ordinal(`copy:${rp.arn}`);
  const id = ctx.random.uuid('copy-job', rp.arn, String(n));
  // Into another account's vault: its access policy and AWS Organizations decide, and the job fails when they refuse.
  const refusal = copyIntoRefusal(ctx.world, dest, ctx.callerAccount);
  const failed = refusal !== undefined || ctx.faults(rp.targetId).has('copy-job-failed');
  const t0 = ctx.now;
  const endAt = failed
    ? t0 + ctx.random.minutes(2, 5, 'copy-fail', rp.resourceArn, String(n))
    : t0 + ctx.random.minutes(5, 20, 'copy', rp.resourceArn, String(n));
  const job: CopyJob = {
    id,
    region: ctx.region.name,
    targetId: rp.targetId,
    sourceRecoveryPointArn: rp.arn,
    sourceVaultArn: vault.arn,
    destinationVaultArn: dest.arn,
    destinationRecoveryPointArn: copiedArn(ctx, rp, dest, id),
    resourceArn: rp.resourceArn,
    resourceType: rp.resourceType,
    iamRoleArn: str(input.IamRoleArn) ?? '',
    sizeBytes: rp.sizeBytes,
    createdAt: t0,
    runningAt: t0 + ctx.random.between(30_000, 90_000, 'copy-start', id),
    endAt,
    outcome: failed ? 'FAILED' : 'COMPLETED',
    statusMessage: refusal ?? (failed
      ? `[simulated fault copy-job-failed] Copy job failed: AWS Backup could not use the encryption key of destination vault ${dest.name} (kms:CreateGrant was denied).`
      : undefined),
    idempotencyToken: token,
    ...(ctx.callerAccount !== ctx.world.accountId ? { accountId: ctx.callerAccount } : {}),
  };
  ctx.region.copyJobs.set(id, job);
  if (!failed) {
    const copy: RecoveryPoint = {
      ...rp,
      arn: job.destinationRecoveryPointArn,
      region: dest.region,
      vaultName: dest.name,
      sourceVaultArn: vault.arn,
      iamRoleArn: job.iamRoleArn,
      // "Copies retain their source configuration, including creation dates ... The creation date refers to when the
      // source was created, not when the copy was created" (AWS Backup Developer Guide, "Backup and tag copy").
      creationDate: rp.creationDate,
      completionDate: endAt,
      // A copy job's copy was not made by the backup plan.
      backupPlanRule: undefined,
      visibleAt: endAt,
      readyAt: endAt,
      deleteRequestedAt: undefined,
      goneAt: undefined,
      createdByDrill: true,
      createdBy: `copy job ${id}`,
    };
    ctx.world.regions.get(dest.region)!.recoveryPoints.set(copy.arn, copy);
  }
  return { CopyJobId: id, CreationDate: iso(t0), IsParent: false };
};

/**
 * Where an AWS Backup job is at `now`: waiting to run (a backup or copy job is CREATED, a restore job PENDING: the
 * Describe*Job references' first states), RUNNING, then its outcome.
 */
export function jobStatusAt(job: { runningAt: number; endAt: number; outcome: string }, now: number, waiting: 'CREATED' | 'PENDING'): string {
  if (now < job.runningAt) return waiting;
  if (now < job.endAt) return 'RUNNING';
  return job.outcome;
}

const describeCopyJob: Handler = (ctx, input) => {
  const found = ctx.region.copyJobs.get(str(input.CopyJobId) ?? '');
  // A copy job is its account's: another account does not see it.
  const job = found && (found.accountId ?? ctx.world.accountId) === ctx.callerAccount ? found : undefined;
  if (!job) throw notFound(SERVICE, 'ResourceNotFoundException', `Copy job ${String(input.CopyJobId)} not found.`);
  ctx.attribute(job.targetId);
  ctx.throttleOnce(job.targetId);
  return { CopyJob: copyJobOutput(job, ctx) };
};

/** A copy job as DescribeCopyJob and ListCopyJobs answer it (the SDK's CopyJob shape, shared by both). */
export function copyJobOutput(job: CopyJob, ctx: SimContext): Record<string, unknown> {
  const state = jobStatusAt(job, ctx.now, 'CREATED');
  const done = state === 'COMPLETED' || state === 'FAILED';
  return compact({
    AccountId: job.accountId ?? ctx.world.accountId,
    CopyJobId: job.id,
    SourceBackupVaultArn: job.sourceVaultArn,
    SourceRecoveryPointArn: job.sourceRecoveryPointArn,
    DestinationBackupVaultArn: job.destinationVaultArn,
    DestinationRecoveryPointArn: state === 'COMPLETED' ? job.destinationRecoveryPointArn : undefined,
    ResourceArn: job.resourceArn,
    ResourceType: job.resourceType,
    CreationDate: iso(job.createdAt),
    CompletionDate: done ? iso(job.endAt) : undefined,
    State: state,
    StatusMessage: state === 'FAILED' ? job.statusMessage : undefined,
    BackupSizeInBytes: job.sizeBytes,
    IamRoleArn: job.iamRoleArn,
    IsParent: false,
  });
}

const getRecoveryPointRestoreMetadata: Handler = (ctx, input) => {
  const vault = vaultIn(ctx, str(input.BackupVaultName), str(input.BackupVaultAccountId));
  const rp = recoveryPointIn(ctx, vault, str(input.RecoveryPointArn));
  ctx.attribute(rp.targetId);
  return {
    BackupVaultArn: vault.arn,
    RecoveryPointArn: rp.arn,
    RestoreMetadata: { ...rp.restoreMetadata },
    ResourceType: rp.resourceType,
  };
};

function findRecoveryPoint(ctx: SimContext, arn: string | undefined): RecoveryPoint {
  const rp = arn ? ctx.region.recoveryPoints.get(arn) : undefined;
  if (!rp || !exists(rp, ctx.now)) {
    throw notFound(SERVICE, 'ResourceNotFoundException', `Recovery point ${arn ?? ''} not found in ${ctx.region.name}.`);
  }
  // A recovery point of another account's vault: restorable only through a share of a logically air-gapped vault.
  const vault = ctx.region.vaults.get(rp.vaultName);
  if (vault) checkVaultAccess(ctx.world, vault, ctx.callerAccount, ctx.action);
  return rp;
}

const startRestoreJob: Handler = (ctx, input) => {
  const rp = findRecoveryPoint(ctx, str(input.RecoveryPointArn));
  ctx.attribute(rp.targetId);
  ctx.throttleOnce(rp.targetId);
  const token = str(input.IdempotencyToken);
  const repeat = token ? [...ctx.region.restoreJobs.values()].find((j) => j.idempotencyToken === token) : undefined;
  if (repeat) return { RestoreJobId: repeat.id };
  const type = str(input.ResourceType);
  if (type && type !== rp.resourceType) {
    throw invalid(SERVICE, 'InvalidParameterValueException', `Resource type ${type} does not match the recovery point's resource type ${rp.resourceType}.`);
  }
  const get = readMetadata((input.Metadata ?? {}) as Record<string, unknown>);
  const n = ctx.ordinal(`restore:${rp.resourceArn}`);
  const id = ctx.random.uuid('restore-job', rp.arn, String(n));
  const faults = ctx.faults(rp.targetId);
  const plan = planRestore(ctx, rp, get, faults, id);
  const t0 = ctx.now;
  const [min, max] = simOfRecoveryPoint(rp).restoreMinutes;
  const normal = ctx.random.minutes(min, max, 'restore', rp.resourceArn, String(n));
  let endAt = t0 + normal;
  let message: string | undefined;
  if (!plan.ok) {
    endAt = t0 + ctx.random.minutes(1, 3, 'restore-reject', id);
    message = plan.message;
  } else if (faults.has('restore-job-failed')) {
    endAt = t0 + ctx.random.minutes(3, 6, 'restore-fail', id);
    message = `[simulated fault restore-job-failed] Restore job failed: an internal error occurred while restoring ${rp.resourceType} recovery point ${rp.arn}.`;
  } else if (faults.has('wait-timeout')) {
    endAt = t0 + 3 * normal + 6 * HOUR;
  }
  const runningAt = t0 + Math.min(ctx.random.between(30_000, 2 * MINUTE, 'restore-start', id), (endAt - t0) / 2);
  const job: RestoreJob = {
    id,
    region: ctx.region.name,
    targetId: rp.targetId,
    recoveryPointArn: rp.arn,
    recoveryPointCreationDate: rp.creationDate,
    vaultArn: ctx.region.vaults.get(rp.vaultName)!.arn,
    sourceResourceArn: rp.resourceArn,
    resourceType: rp.resourceType,
    iamRoleArn: str(input.IamRoleArn),
    sizeBytes: rp.sizeBytes,
    createdAt: t0,
    runningAt,
    endAt,
    expectedMinutes: Math.round(normal / MINUTE),
    outcome: message ? 'FAILED' : 'COMPLETED',
    statusMessage: message,
    created: plan.ok && !message ? plan.created : undefined,
    idempotencyToken: token,
  };
  if (plan.ok && !message) plan.install(runningAt, endAt);
  ctx.region.restoreJobs.set(id, job);
  return { RestoreJobId: id };
};

const describeRestoreJob: Handler = (ctx, input) => {
  const job = ctx.region.restoreJobs.get(str(input.RestoreJobId) ?? '');
  if (!job) throw notFound(SERVICE, 'ResourceNotFoundException', `Restore job ${String(input.RestoreJobId)} not found.`);
  ctx.attribute(job.targetId);
  ctx.throttleOnce(job.targetId);
  const status = jobStatusAt(job, ctx.now, 'PENDING');
  const done = status === 'COMPLETED' || status === 'FAILED';
  const fraction = status === 'COMPLETED' ? 1 : status === 'RUNNING' ? (ctx.now - job.runningAt) / (job.endAt - job.runningAt) : 0;
  return compact({
    AccountId: ctx.world.accountId,
    RestoreJobId: job.id,
    RecoveryPointArn: job.recoveryPointArn,
    RecoveryPointCreationDate: iso(job.recoveryPointCreationDate),
    SourceResourceArn: job.sourceResourceArn,
    BackupVaultArn: job.vaultArn,
    CreationDate: iso(job.createdAt),
    CompletionDate: done ? iso(job.endAt) : undefined,
    Status: status,
    StatusMessage: status === 'FAILED' ? job.statusMessage : undefined,
    PercentDone: `${(fraction * 100).toFixed(2)}%`,
    BackupSizeInBytes: job.sizeBytes,
    IamRoleArn: job.iamRoleArn,
    ExpectedCompletionTimeMinutes: job.expectedMinutes,
    CreatedResourceArn: status === 'COMPLETED' ? job.created?.arn : undefined,
    ResourceType: job.resourceType,
    IsParent: false,
  });
};

const deleteRecoveryPoint: Handler = (ctx, input) => {
  const vault = vaultIn(ctx, str(input.BackupVaultName));
  const rp = recoveryPointIn(ctx, vault, str(input.RecoveryPointArn));
  ctx.attribute(rp.targetId);
  if (rp.deleteRequestedAt === undefined) {
    rp.deleteRequestedAt = ctx.now;
    rp.goneAt = ctx.now + ctx.random.minutes(1, 3, 'rp-delete', rp.arn);
  }
  return {};
};

function taggable(ctx: SimContext, arn: string | undefined): string {
  const isVault = [...ctx.region.vaults.values()].some((v) => v.arn === arn);
  const rp = arn ? ctx.region.recoveryPoints.get(arn) : undefined;
  if (!arn || (!isVault && !(rp && exists(rp, ctx.now)))) {
    throw notFound(SERVICE, 'ResourceNotFoundException', `Resource ${arn ?? ''} not found in ${ctx.region.name}.`);
  }
  return arn;
}

const tagResource: Handler = (ctx, input) => {
  // As AWS Backup documents: "ARNs that do not include backup are incompatible with tagging" (RDS and EC2 snapshots).
  const requested = str(input.ResourceArn) ?? '';
  if (!/^arn:aws[a-z-]*:backup:/.test(requested)) {
    throw invalid(SERVICE, 'InvalidParameterValueException', `Invalid ARN: ${requested}. ARNs that do not include backup are incompatible with tagging.`);
  }
  const arn = taggable(ctx, requested);
  const owned = ctx.region.recoveryPoints.get(arn);
  const vault = owned ? ctx.region.vaults.get(owned.vaultName) : [...ctx.region.vaults.values()].find((v) => v.arn === arn);
  if (vault) checkVaultAccess(ctx.world, vault, ctx.callerAccount, ctx.action);
  const tags = ctx.region.tags.get(arn) ?? new Map<string, string>();
  for (const [k, v] of Object.entries((input.Tags ?? {}) as Record<string, unknown>)) tags.set(k, String(v));
  ctx.region.tags.set(arn, tags);
  return {};
};

const listTags: Handler = (ctx, input) => {
  const arn = taggable(ctx, str(input.ResourceArn));
  return { Tags: Object.fromEntries(ctx.region.tags.get(arn) ?? []) };
};

const getBackupPlan: Handler = (ctx, input) => {
  const id = str(input.BackupPlanId) ?? '';
  // A backup plan is its account's (its ARN's): another account's is not found, as AWS Backup answers a plan id it
  // does not hold in the caller's account.
  const found = ctx.region.backupPlans.get(id);
  const plan = found && (!ctx.world.accounts || found.arn.split(':')[4] === ctx.callerAccount) ? found : undefined;
  const version = str(input.VersionId);
  if (!plan || (version !== undefined && version !== plan.versionId)) {
    throw notFound(SERVICE, 'ResourceNotFoundException', `Backup plan ${id}${version ? ` version ${version}` : ''} not found in ${ctx.region.name}.`);
  }
  return {
    BackupPlan: {
      BackupPlanName: plan.name,
      Rules: plan.rules.map((r) => ({
        RuleName: r.ruleName,
        TargetBackupVaultName: r.targetVaultName,
        ScheduleExpression: r.schedule,
        RuleId: r.ruleId,
        CopyActions: r.copyTo.map((arn) => ({ DestinationBackupVaultArn: arn, Lifecycle: { DeleteAfterDays: 35 } })),
        Lifecycle: { DeleteAfterDays: 35 },
      })),
    },
    BackupPlanId: plan.id,
    BackupPlanArn: plan.arn,
    VersionId: plan.versionId,
    CreationDate: iso(plan.createdAt),
  };
};

// ListProtectedResourcesByBackupVault (ProtectedResource in @aws-sdk/client-backup): one entry per resource with a
// recovery point in the vault, with its newest backup's time, vault and recovery point.
const listProtectedResourcesByBackupVault: Handler = (ctx, input) => {
  // A logically air-gapped vault shared through AWS RAM is listed naming its owner (BackupVaultAccountId).
  const vault = vaultIn(ctx, str(input.BackupVaultName), str(input.BackupVaultAccountId));
  const newest = new Map<string, RecoveryPoint>();
  for (const rp of ctx.region.recoveryPoints.values()) {
    if (rp.vaultName !== vault.name || !exists(rp, ctx.now)) continue;
    const seen = newest.get(rp.resourceArn);
    if (!seen || rp.creationDate > seen.creationDate) newest.set(rp.resourceArn, rp);
  }
  const all = [...newest.values()].sort((a, b) => (a.resourceArn < b.resourceArn ? -1 : 1));
  const start = Number(str(input.NextToken) ?? 0) || 0;
  const max = typeof input.MaxResults === 'number' ? input.MaxResults : 1000;
  return compact({
    Results: all.slice(start, start + max).map((rp) =>
      compact({
        ResourceArn: rp.resourceArn,
        ResourceType: rp.resourceType,
        ResourceName: rp.resourceArn.split(/[:/]/).pop(),
        LastBackupTime: iso(rp.creationDate),
        LastBackupVaultArn: vault.arn,
        LastRecoveryPointArn: rp.arn,
      }),
    ),
    NextToken: start + max < all.length ? String(start + max) : undefined,
  });
};

/** What only Check Plan calls, to resolve a plan's selections. */
export const selectionBackupHandlers: Record<string, Handler> = {
  ListProtectedResourcesByBackupVault: listProtectedResourcesByBackupVault,
};

export const backupHandlers: Record<string, Handler> = {
  GetBackupPlan: getBackupPlan,
  ListRecoveryPointsByBackupVault: listRecoveryPointsByBackupVault,
  DescribeRecoveryPoint: describeRecoveryPoint,
  StartCopyJob: startCopyJob,
  DescribeCopyJob: describeCopyJob,
  GetRecoveryPointRestoreMetadata: getRecoveryPointRestoreMetadata,
  StartRestoreJob: startRestoreJob,
  DescribeRestoreJob: describeRestoreJob,
  DeleteRecoveryPoint: deleteRecoveryPoint,
  TagResource: tagResource,
  ListTags: listTags,
};

