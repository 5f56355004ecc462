// AWS Backup on-demand backups: StartBackupJob and DescribeBackupJob, for `dr-drill smoke`, which backs up the
// throwaway table it creates. Only DynamoDB tables are backed up here (what smoke needs). Shapes: the SDK models
// (StartBackupJobCommand: BackupVaultName, ResourceArn, IamRoleArn required; IdempotencyToken, RecoveryPointTags;
// returns BackupJobId, RecoveryPointArn, CreationDate. DescribeBackupJobCommand: State CREATED | PENDING | RUNNING |
// ABORTING | ABORTED | COMPLETED | FAILED | EXPIRED | PARTIAL, RecoveryPointArn, CompletionDate).
// Jobs are kept beside the region's state (not in world.ts) so this file adds to the simulation without changing it.
import { copyJobOutput, jobStatusAt } from './backup';
import { str, type Handler, type Output } from './context';
import { invalid, notFound } from './errors';
import { compact, exists, iso, arnRegion, type Payload, type RecoveryPoint, type RegionState } from './world';

/** A DynamoDB recovery point's content (its type's sim declares it; only target-sims.ts imports the sims). */
type DynamodbPayload = Extract<Payload, { type: 'DynamoDB' }>;

const SERVICE = 'backup';

interface BackupJob {
  id: string;
  vaultName: string;
  vaultArn: string;
  resourceArn: string;
  iamRoleArn: string;
  recoveryPointArn: string;
  idempotencyToken?: string;
  createdAt: number;
  runningAt: number;
  endAt: number;
  sizeBytes: number;
}

const jobsByRegion = new WeakMap<RegionState, Map<string, BackupJob>>();
const jobsIn = (region: RegionState): Map<string, BackupJob> => jobsByRegion.get(region) ?? jobsByRegion.set(region, new Map()).get(region)!;

// Every on-demand backup here completes.
const jobState = (job: BackupJob, now: number): string => jobStatusAt({ ...job, outcome: 'COMPLETED' }, now, 'CREATED');

const startBackupJob: Handler = (ctx, input) => {
  const vaultName = str(input.BackupVaultName) ?? '';
  const vault = ctx.region.vaults.get(vaultName);
  if (!vault) throw notFound(SERVICE, 'ResourceNotFoundException', `Backup vault ${vaultName} does not exist in ${ctx.region.name}.`);
  const resourceArn = str(input.ResourceArn) ?? '';
  const iamRoleArn = str(input.IamRoleArn) ?? '';
  const roleName = /:role\/(?:.*\/)?([^/]+)$/.exec(iamRoleArn)?.[1];
  if (!roleName || !ctx.world.roles.has(roleName)) {
    throw invalid(SERVICE, 'InvalidParameterValueException', `IAM Role ${iamRoleArn} cannot be assumed by AWS Backup.`);
  }
  const token = str(input.IdempotencyToken);
  const jobs = jobsIn(ctx.region);
  // The same token within a day returns the job already started (the SDK doc of IdempotencyToken).
  const again = token ? [...jobs.values()].find((j) => j.idempotencyToken === token && j.resourceArn === resourceArn) : undefined;
  if (again) return { BackupJobId: again.id, RecoveryPointArn: again.recoveryPointArn, CreationDate: iso(again.createdAt), IsParent: false };

  // Backups are made in the resource's region, into a vault of that region.
  if (arnRegion(resourceArn) !== ctx.region.name) {
    throw invalid(SERVICE, 'InvalidParameterValueException', `Resource ${resourceArn} is not in ${ctx.region.name}, the region of vault ${vaultName}.`);
  }
  const tableName = /^arn:aws[a-z-]*:dynamodb:[^:]+:\d{12}:table\/([^/]+)$/.exec(resourceArn)?.[1];
  if (!tableName) throw invalid(SERVICE, 'InvalidParameterValueException', `dr-drill's simulation backs up DynamoDB tables on demand only, not ${resourceArn}`);
  const table = ctx.region.tables.get(tableName);
  if (!table || !exists(table, ctx.now)) throw notFound(SERVICE, 'ResourceNotFoundException', `Resource ${resourceArn} not found.`);

  const n = ctx.ordinal('backup-job');
  const id = ctx.random.uuid('backup-job', resourceArn, String(n));
  const createdAt = ctx.now;
  const runningAt = createdAt + ctx.random.minutes(1, 2, 'backup-start', id);
  const endAt = runningAt + ctx.random.minutes(2, 5, 'backup-run', id);
  const recoveryPointArn = `arn:aws:backup:${ctx.region.name}:${ctx.world.accountId}:recovery-point:${id}`;
  const sizeBytes = Math.max(table.sizeBytes, table.itemCount * 200);
  jobs.set(id, { id, vaultName, vaultArn: vault.arn, resourceArn, iamRoleArn, recoveryPointArn, ...(token ? { idempotencyToken: token } : {}), createdAt, runningAt, endAt, sizeBytes });

  // What the recovery point holds: the table as it is now (its items, which a drill's key checks can read back).
  const items = [...table.items.values()];
  const payload: DynamodbPayload = {
    type: 'DynamoDB',
    tableName,
    itemCount: table.itemCount,
    sizeBytes,
    keySchema: table.keySchema,
    items: items.map((item) => ({ item, ageMs: 0 })),
    // No freshness attribute: the items come back exactly as written (itemsAsOf adds none for a key attribute).
    freshnessAttribute: table.keySchema[0]!.name,
  };
  const rp: RecoveryPoint = {
    arn: recoveryPointArn,
    region: ctx.region.name,
    vaultName,
    resourceArn,
    resourceType: 'DynamoDB',
    creationDate: createdAt,
    completionDate: endAt,
    dataAsOf: createdAt,
    sizeBytes,
    iamRoleArn,
    restoreMetadata: { targetTableName: tableName, encryptionType: 'Default', deletionProtection: 'false' },
    payload,
    // Listed once the job has completed: smoke waits for the job before it starts the drill.
    visibleAt: endAt,
    readyAt: endAt,
    createdByDrill: false,
    createdBy: `backup-job:${id}`,
  };
  ctx.region.recoveryPoints.set(rp.arn, rp);
  const tags = (input.RecoveryPointTags ?? {}) as Record<string, string>;
  if (Object.keys(tags).length > 0) ctx.region.tags.set(rp.arn, new Map(Object.entries(tags)));
  return { BackupJobId: id, RecoveryPointArn: recoveryPointArn, CreationDate: iso(createdAt), IsParent: false };
};

const describeBackupJob: Handler = (ctx, input) => {
  const id = str(input.BackupJobId) ?? '';
  const job = jobsIn(ctx.region).get(id);
  if (!job) throw notFound(SERVICE, 'ResourceNotFoundException', `Backup job ${id} not found.`);
  const state = jobState(job, ctx.now);
  const done = state === 'COMPLETED';
  const output: Output = compact({
    AccountId: ctx.world.accountId,
    BackupJobId: job.id,
    BackupVaultName: job.vaultName,
    BackupVaultArn: job.vaultArn,
    RecoveryPointArn: job.recoveryPointArn,
    ResourceArn: job.resourceArn,
    ResourceType: 'DynamoDB',
    ResourceName: job.resourceArn.split('/').pop(),
    CreationDate: iso(job.createdAt),
    CompletionDate: done ? iso(job.endAt) : undefined,
    State: state,
    PercentDone: done ? '100.0' : state === 'RUNNING' ? '50.0' : '0.0',
    BackupSizeInBytes: done ? job.sizeBytes : undefined,
    IamRoleArn: job.iamRoleArn,
    IsParent: false,
  });
  return output;
};

/**
 * ListCopyJobs, filtered by ByResourceArn (the one filter smoke uses; others are refused rather than ignored): after a
 * stopped drill, smoke waits for a copy still running so it can delete what it makes in the DR vault. Copy jobs
 * run in the source region (StartCopyJob), so they are listed there.
 */
const listCopyJobs: Handler = (ctx, input) => {
  const other = Object.keys(input).filter((k) => !['ByResourceArn', 'NextToken', 'MaxResults'].includes(k));
  if (other.length > 0) throw invalid(SERVICE, 'InvalidParameterValueException', `dr-drill's simulation lists copy jobs by ByResourceArn only, not ${other.join(', ')}`);
  const byResource = str(input.ByResourceArn);
  const jobs = [...ctx.region.copyJobs.values()].filter((j) => !byResource || j.resourceArn === byResource).sort((a, b) => b.createdAt - a.createdAt);
  return {
    CopyJobs: jobs.map((job) => copyJobOutput(job, ctx)),
  };
};

export const backupJobHandlers: Record<string, Handler> = {
  StartBackupJob: startBackupJob,
  DescribeBackupJob: describeBackupJob,
  ListCopyJobs: listCopyJobs,
};
