// Check Cleanup: asks AWS whether everything this target's drill created is really gone. Deletes are
// asynchronous, so the state machine polls this until `complete` or the cleanup ceiling; whatever remains is
// reported as left behind, loudly, in the verdict.
import { z } from 'zod';
import { DescribeRecoveryPointCommand } from '@aws-sdk/client-backup';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeFileSystemsCommand } from '@aws-sdk/client-efs';
import { DescribeInstancesCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { drillContextSchema, targetNamesSchema } from '../../lib/drill/contracts';
import { targetSchema } from '../../lib/plan/schema';
import { assertRegionAllowed } from '../../lib/drill/residency-guard';
import { isNotFound, rethrowClassified } from '../../lib/aws/classify-error';
import { parsePayload } from '../../lib/lambda/parse';
import type { AwsClients } from '../../lib/aws/clients';
import type { Deps } from '../../lib/lambda/deps';

const eventSchema = z.object({
  drill: drillContextSchema,
  target: targetSchema,
  names: targetNamesSchema,
  copy: z
    .object({ jobId: z.string(), job: z.object({ state: z.string(), destinationRecoveryPointArn: z.string().nullable() }).optional() })
    .optional(),
  restore: z.object({ jobId: z.string(), job: z.object({ Status: z.string(), CreatedResourceArn: z.string().optional() }).optional() }).optional(),
  instance: z.object({ identifier: z.string() }).optional(),
  /** The EBS volumes of a restored EC2 instance, read before it was terminated (Describe Restored Instance Volumes). */
  instanceVolumes: z.object({ volumeIds: z.array(z.string()) }).optional(),
});
type CleanupEvent = z.infer<typeof eventSchema>;

export interface CleanupStatus {
  /** When AWS was asked: the last check is when cleanup was confirmed (or given up on). */
  checkedAt: string;
  complete: boolean;
  remaining: string[];
  deleted: string[];
}

/** Types whose restored resource is named names.restored by the restore metadata (prepare-restore). */
const NAMED_BY_DRILL: ReadonlySet<string> = new Set(['aurora', 'rds', 'dynamodb', 's3']);

/** A probe answers the resource's state, or null when AWS no longer knows it. */
type Probe = () => Promise<string | null>;

export async function checkCleanup(event: unknown, deps: Deps): Promise<CleanupStatus> {
  const state = parsePayload(eventSchema, event, 'Check Cleanup');
  const region = assertRegionAllowed(state.drill.drRegion, state.drill, `target ${state.target.id} cleanup`);
  const remaining: string[] = [];
  const deleted: string[] = [];

  // Jobs still running will create something later that no probe can see yet.
  if (state.copy && !state.copy.job) remaining.push(`copy job ${state.copy.jobId} (state unknown)`);
  if (state.copy?.job && !['COMPLETED', 'FAILED', 'ABORTED', 'PARTIAL'].includes(state.copy.job.state)) {
    remaining.push(`copy job ${state.copy.jobId} (${state.copy.job.state})`);
  }
  if (state.restore && !['COMPLETED', 'FAILED', 'ABORTED'].includes(state.restore.job?.Status ?? 'UNKNOWN')) {
    // The drill names what it restores for these types, so the report can say what to look for.
    const creates = NAMED_BY_DRILL.has(state.target.type) ? `, creating ${state.names.restored}` : '';
    remaining.push(`restore job ${state.restore.jobId} (${state.restore.job?.Status ?? 'state unknown'})${creates}`);
  }

  for (const [label, probe] of probesFor(state, deps.clients, region)) {
    try {
      const status = await probe();
      if (status === null) deleted.push(label);
      else remaining.push(`${label} (${status})`);
    } catch (error) {
      if (isNotFound(error)) deleted.push(label);
      else rethrowClassified(error);
    }
  }
  return { checkedAt: deps.now().toISOString(), complete: remaining.length === 0, remaining, deleted };
}

function probesFor(state: CleanupEvent, clients: AwsClients, region: string): [string, Probe][] {
  const probes: [string, Probe][] = [];
  const copyArn = state.copy?.job?.destinationRecoveryPointArn;
  if (copyArn && !state.drill.keepCopies) {
    probes.push([
      copyArn,
      async () =>
        (await clients.get('backup', region).send(new DescribeRecoveryPointCommand({ BackupVaultName: state.names.drVault, RecoveryPointArn: copyArn })))
          .Status ?? 'UNKNOWN',
    ]);
  }
  if (state.instance) {
    const id = state.names.instance;
    probes.push([`DB instance ${id}`, async () => firstOrNull((await clients.get('rds', region).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }))).DBInstances)?.DBInstanceStatus ?? null]);
  }
  const created = state.restore?.job?.CreatedResourceArn;
  if (created) probes.push([created, resourceProbe(state, created, clients, region)]);
  // A volume whose DeleteOnTermination was false outlives its terminated instance ("Preserve data when an instance is
  // terminated", EC2 User Guide): each one the instance had is confirmed gone on its own.
  if (created && state.target.type === 'ec2') {
    if (!state.instanceVolumes) {
      // Once the instance is terminated nothing links it to its preserved volumes: the drill could not read them.
      probes.push([`restore job ${state.restore!.jobId}`, async () => `the EBS volumes of ${created} could not be read before it was terminated: any whose DeleteOnTermination was false is left`]);
    }
    for (const volumeId of state.instanceVolumes?.volumeIds ?? []) {
      const arn = `arn:aws:ec2:${region}:${created.split(':')[4]}:volume/${volumeId}`;
      probes.push([arn, async () => firstOrNull((await clients.get('ec2', region).send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }))).Volumes)?.State ?? null]);
    }
  }
  return probes;
}

function resourceProbe(state: CleanupEvent, arn: string, clients: AwsClients, region: string): Probe {
  const id = arn.split(/[/:]/).pop() as string;
  switch (state.target.type) {
    case 'aurora':
      return async () => firstOrNull((await clients.get('rds', region).send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }))).DBClusters)?.Status ?? null;
    case 'rds':
      return async () => firstOrNull((await clients.get('rds', region).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }))).DBInstances)?.DBInstanceStatus ?? null;
    case 'dynamodb':
      return async () => (await clients.get('dynamodb', region).send(new DescribeTableCommand({ TableName: id }))).Table?.TableStatus ?? null;
    case 'efs':
      return async () => firstOrNull((await clients.get('efs', region).send(new DescribeFileSystemsCommand({ FileSystemId: id }))).FileSystems)?.LifeCycleState ?? null;
    case 'ebs':
      return async () => firstOrNull((await clients.get('ec2', region).send(new DescribeVolumesCommand({ VolumeIds: [id] }))).Volumes)?.State ?? null;
    case 'ec2':
      // EC2 keeps a terminated instance visible for about an hour: terminated is gone.
      return async () => {
        const reservations = (await clients.get('ec2', region).send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations;
        const state = reservations?.[0]?.Instances?.[0]?.State?.Name;
        return state === undefined || state === 'terminated' ? null : state;
      };
    case 's3':
      return async () => {
        await clients.get('s3', region).send(new HeadBucketCommand({ Bucket: state.names.restored }));
        return 'exists';
      };
  }
}

const firstOrNull = <T>(list: T[] | undefined): T | null => list?.[0] ?? null;
