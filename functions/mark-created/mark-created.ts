// Mark Created: puts the drill's tags (dr-drill:drill-id, :target, :execution) on what a drill's copy or restore job
// made, and on nothing else. The roles that delete by that tag (the restore-target state machine's, the sweeper's)
// may not tag at all, so the mark that permits a delete is set only here (issue 11, finding 3).
//
// It is given job ids, never an ARN to mark: what it marks is what AWS Backup records the job made (the copy job's
// DestinationRecoveryPointArn, the restore job's CreatedResourceArn), and only when that job ran with the plan's
// AWS Backup role into (from) the plan's DR vault. A restore is checked against the recovery point the drill restored
// from: its own copy (by the copy job), or the recovery point Find Latest Recovery Point found in the DR vault (the
// backup plan's copy; in a one-region plan the source vault's point, that plan's DR vault being its source vault): the
// restore job must have restored that one, from that vault. A file system, volume or instance must also have been created
// after the restore job started: IAM cannot tell an EFS, EBS or EC2 resource AWS Backup restored from a production
// one (their ids are AWS-generated, and AWS Backup documents no AWS-set tag on what it restores; see README, Security).
import { z } from 'zod';
import { DescribeCopyJobCommand, DescribeRestoreJobCommand, TagResourceCommand } from '@aws-sdk/client-backup';
import { TagResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { drillContextSchema, targetNamesSchema, vaultRouteSchema, type DrillContext, type VaultRouteItem } from '../../lib/drill/contracts';
import { CENTRAL_COPY_JOB_READS, copyRoleOf, sessionNameOf, sourceVaultAccess } from '../../lib/drill/source-vault-access';
import { targetSchema, type Target } from '../../lib/plan/schema';
import { assertRegionAllowed } from '../../lib/drill/residency-guard';
import { rethrowClassified } from '../../lib/aws/classify-error';
import { parsePayload } from '../../lib/lambda/parse';
import { RESOURCE_TYPES } from '../../lib/resource-types/registry';
import { definitionOf } from '../../lib/resource-types/targets/definition-registry';
import { CrossAccountRoleError, NotCreatedByDrillError, TagResourcesFailedError, TransientAwsError } from '../../lib/errors';
import type { AwsClients } from '../../lib/aws/clients';
import type { Deps } from '../../lib/lambda/deps';

const common = { drill: drillContextSchema, target: targetSchema, names: targetNamesSchema, route: vaultRouteSchema.optional() };
/** What the restore started from ($.restorePoint): the drill's copy and its copy job, or a recovery point it did not copy. */
const restorePointSchema = z.object({ arn: z.string().min(1), copyJobId: z.string().min(1).nullable() });
const eventSchema = z.discriminatedUnion('operation', [
  z.object({ operation: z.literal('copy'), copyJobId: z.string().min(1), ...common }),
  z.object({ operation: z.literal('restored'), restoreJobId: z.string().min(1), restorePoint: restorePointSchema, ...common }),
]);

export interface Marked {
  marked: string;
}

export async function markCreated(event: unknown, deps: Deps): Promise<Marked> {
  const request = parsePayload(eventSchema, event, 'Mark Created');
  const { drill, target, route = { kind: 'same-account' } } = request;
  const dr = assertRegionAllowed(drill.drRegion, drill, `target ${target.id} mark`);
  // The copy job is the account's that started it: a central backup account's, read as the role assumed there (issue
  // 13). What it made is in the recovery account's DR vault, tagged with this function's own role.
  const copyJobs: CopyJobReader = { route, clients: async () => (await sourceVaultAccess(deps, route, sessionNameOf(drill, target), CENTRAL_COPY_JOB_READS)).clients };
  try {
    const arn =
      request.operation === 'copy'
        ? await copiedRecoveryPoint(copyJobs, request.copyJobId, drill, target)
        : await restoredResource(deps.clients, dr, request.restoreJobId, await restoredFrom(copyJobs, request.restorePoint, drill, target), target);
    await tag(deps.clients, dr, arn, tagsOf(drill, target));
    return { marked: arn };
  } catch (error) {
    if (error instanceof NotCreatedByDrillError || error instanceof CrossAccountRoleError) throw error;
    rethrowClassified(error);
  }
}

const tagsOf = (drill: DrillContext, target: Target): Record<string, string> => ({
  'dr-drill:drill-id': drill.id,
  'dr-drill:target': target.id,
  'dr-drill:execution': drill.executionArn,
});

/** Who reads the drill's copy jobs: the account that started them (the source vault's route). */
interface CopyJobReader {
  route: VaultRouteItem;
  clients: () => Promise<AwsClients>;
}

/** The copy the drill's copy job made in the DR vault (the job lives in the source region, where it was started). */
async function copiedRecoveryPoint(copyJobs: CopyJobReader, copyJobId: string, drill: DrillContext, target: Target): Promise<string> {
  const source = assertRegionAllowed(drill.sourceRegion, drill, `target ${target.id} copy job`);
  const job = (await (await copyJobs.clients()).get('backup', source).send(new DescribeCopyJobCommand({ CopyJobId: copyJobId }))).CopyJob;
  const refuse = (why: string) => new NotCreatedByDrillError(`copy job ${copyJobId} ${why}: its recovery point is not marked`);
  if (job?.State !== 'COMPLETED' || !job.DestinationRecoveryPointArn) throw refuse(`is ${job?.State ?? 'unknown'}, not COMPLETED`);
  const role = copyRoleOf(copyJobs.route, target);
  if (job.IamRoleArn !== role) throw refuse(`ran with ${job.IamRoleArn ?? 'no role'}, not the plan's ${role}`);
  if (job.DestinationBackupVaultArn !== target.drVault) throw refuse(`copied into ${job.DestinationBackupVaultArn ?? 'no vault'}, not the plan's ${target.drVault}`);
  return job.DestinationRecoveryPointArn;
}

/** The recovery point the restore must have restored, and the vault it must have come from. */
interface RestoredFrom {
  arn: string;
  vaultArn: string;
  /** In words, for a refusal: "the drill's copy", "the recovery point found in the source vault". */
  what: string;
  /**
   * Whether the restore job must name that vault. Always for a recovery point the drill did not copy: its ARN alone
   * came from the drill's own state. A copy is proven by its copy job already.
   */
  vaultRequired: boolean;
}

async function restoredFrom(copyJobs: CopyJobReader, point: z.infer<typeof restorePointSchema>, drill: DrillContext, target: Target): Promise<RestoredFrom> {
  if (point.copyJobId !== null) {
    const copy = await copiedRecoveryPoint(copyJobs, point.copyJobId, drill, target);
    return { arn: copy, vaultArn: target.drVault, what: "the drill's copy", vaultRequired: false };
  }
  // No copy: a recovery point found in the DR vault (the backup plan's own copy, or in a one-region plan the source
  // vault's point, since that plan's DR vault is its source vault). The restore job must have restored exactly it, from
  // that vault: the ARN came from the drill's own state, so the vault is required.
  return { arn: point.arn, vaultArn: target.drVault, what: 'the recovery point found in the DR vault', vaultRequired: true };
}

/** What the drill's restore job created from what the drill restored (its copy, or the recovery point it found). */
async function restoredResource(clients: AwsClients, dr: string, restoreJobId: string, from: RestoredFrom, target: Target): Promise<string> {
  const job = await clients.get('backup', dr).send(new DescribeRestoreJobCommand({ RestoreJobId: restoreJobId }));
  const refuse = (why: string) => new NotCreatedByDrillError(`restore job ${restoreJobId} ${why}: nothing is marked`);
  if (job.Status !== 'COMPLETED' || !job.CreatedResourceArn) throw refuse(`is ${job.Status ?? 'unknown'}, not COMPLETED`);
  if (job.IamRoleArn !== target.backupRoleArn) throw refuse(`ran with ${job.IamRoleArn ?? 'no role'}, not the plan's ${target.backupRoleArn}`);
  if (job.RecoveryPointArn !== from.arn) throw refuse(`restored ${job.RecoveryPointArn ?? 'nothing'}, not ${from.what} ${from.arn}`);
  // DescribeRestoreJob names "the backup vault containing the recovery point being restored" (BackupVaultArn).
  if (job.BackupVaultArn !== from.vaultArn && (job.BackupVaultArn !== undefined || from.vaultRequired)) {
    throw refuse(`restored from ${job.BackupVaultArn ?? 'a vault it does not name'}, not the plan's ${from.vaultArn}`);
  }
  const arn = job.CreatedResourceArn;
  if (arn.split(':')[3] !== dr && !arn.startsWith('arn:aws:s3:::')) throw refuse(`created ${arn} outside the DR region ${dr}`);
  const createdAt = await creationTime(clients, dr, target, arn);
  if (createdAt !== undefined && job.CreationDate && createdAt < job.CreationDate.getTime()) {
    throw refuse(`names ${arn}, created ${new Date(createdAt).toISOString()}, before the job started (${job.CreationDate.toISOString()})`);
  }
  return arn;
}

/**
 * When AWS says a file system, volume or instance was created (launched): the types whose ids AWS generates
 * (definition namedByDrill: false). The others are named by the drill (drdrill-...), which IAM checks on every tag
 * and delete.
 */
async function creationTime(clients: AwsClients, region: string, target: Target, arn: string): Promise<number | undefined> {
  const definition = definitionOf(target);
  if (definition.namedByDrill) return undefined;
  // Through the created-kind registry, like Check Cleanup and the sweeper: a new kind needs no line here (the bundle
  // carries every kind's SDK client; one registry is worth the few hundred KB).
  const described = await RESOURCE_TYPES[definition.restoredKind].describe({ clients, region, vaultName: null }, arn.split('/').pop()!);
  return described?.createdAt?.getTime() ?? missing(arn);
}

const missing = (arn: string): never => {
  throw new NotCreatedByDrillError(`${arn} has no creation time AWS reports: not marked`);
};

/** AWS Backup tags recovery points with a Backup ARN; every other ARN goes through the Resource Groups Tagging API. */
async function tag(clients: AwsClients, region: string, arn: string, tags: Record<string, string>): Promise<void> {
  if (arn.startsWith('arn:aws:backup:')) {
    await clients.get('backup', region).send(new TagResourceCommand({ ResourceArn: arn, Tags: tags }));
    return;
  }
  // TagResources answers 200 and lists what it could not tag in FailedResourcesMap.
  const out = await clients.get('resourcegroupstaggingapi', region).send(new TagResourcesCommand({ ResourceARNList: [arn], Tags: tags }));
  const failed = out.FailedResourcesMap?.[arn];
  if (failed) {
    const message = `TagResources answered but left ${arn} untagged: ${failed.StatusCode ?? ''} ${failed.ErrorCode ?? ''} ${failed.ErrorMessage ?? ''}`.replace(/\s+/g, ' ').trim();
    // A 5xx for that resource is transient, and retried as one; anything else (a refusal, a missing resource) is not.
    throw (failed.StatusCode ?? 0) >= 500 ? new TransientAwsError(message) : new TagResourcesFailedError(message);
  }
}
