// Start Copy Job / Describe Copy Job. AWS Backup copies are started in the SOURCE region, which Step Functions'
// aws-sdk tasks cannot reach from the DR region, hence this Lambda. The result shape is stable (nulls, never
// missing keys) because the state machine's Choice states read it.
import { z } from 'zod';
import { DescribeCopyJobCommand, StartCopyJobCommand } from '@aws-sdk/client-backup';
import { drillContextSchema, targetNamesSchema } from '../../lib/drill/contracts';
import { targetSchema } from '../../lib/plan/schema';
import { assertRegionAllowed } from '../../lib/drill/residency-guard';
import { rethrowClassified } from '../../lib/aws/classify-error';
import { parsePayload } from '../../lib/lambda/parse';
import { regionOfArn } from '../../lib/plan/residency';
import type { Deps } from '../../lib/lambda/deps';

const common = { drill: drillContextSchema, target: targetSchema, names: targetNamesSchema };
const eventSchema = z.discriminatedUnion('operation', [
  z.object({ operation: z.literal('start'), recoveryPointArn: z.string().min(1), ...common }),
  z.object({ operation: z.literal('describe'), copyJobId: z.string().min(1), ...common }),
]);

export interface CopyJobStatus {
  copyJobId: string;
  state: string;
  creationDate: string | null;
  completionDate: string | null;
  destinationRecoveryPointArn: string | null;
  statusMessage: string | null;
  /** The copy's size (BackupSizeInBytes), for the drill's cost estimate. */
  backupSizeInBytes: number | null;
}

export async function copyJob(event: unknown, deps: Deps): Promise<{ copyJobId: string } | CopyJobStatus> {
  const request = parsePayload(eventSchema, event, 'Copy Job');
  const { drill, target, names } = request;
  const region = assertRegionAllowed(drill.sourceRegion, drill, `target ${target.id} copy job`);
  const destinationRegion = regionOfArn(target.drVault);
  if (destinationRegion) assertRegionAllowed(destinationRegion, drill, `target ${target.id} DR vault`);
  const backup = deps.clients.get('backup', region);

  try {
    if (request.operation === 'start') {
      const out = await backup.send(
        new StartCopyJobCommand({
          RecoveryPointArn: request.recoveryPointArn,
          SourceBackupVaultName: names.sourceVault,
          DestinationBackupVaultArn: target.drVault,
          IamRoleArn: target.backupRoleArn,
          // A retried Start Copy Job must not start a second copy.
          IdempotencyToken: `${drill.id}-${target.id}`,
        }),
      );
      if (!out.CopyJobId) throw new Error('StartCopyJob returned no CopyJobId');
      return { copyJobId: out.CopyJobId };
    }
    const out = await backup.send(new DescribeCopyJobCommand({ CopyJobId: request.copyJobId }));
    const job = out.CopyJob;
    return {
      copyJobId: request.copyJobId,
      state: job?.State ?? 'UNKNOWN',
      creationDate: job?.CreationDate?.toISOString() ?? null,
      completionDate: job?.CompletionDate?.toISOString() ?? null,
      destinationRecoveryPointArn: job?.DestinationRecoveryPointArn ?? null,
      statusMessage: job?.StatusMessage ?? null,
      backupSizeInBytes: job?.BackupSizeInBytes ?? null,
    };
  } catch (error) {
    rethrowClassified(error);
  }
}
