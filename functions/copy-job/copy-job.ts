// Start Copy Job / Describe Copy Job. AWS Backup copies are started in the SOURCE region, which Step Functions'
// aws-sdk tasks cannot reach from the DR region, hence this Lambda. The result shape is stable (nulls, never
// missing keys) because the state machine's Choice states read it. A copy out of a standard vault of another account
// (issue 13) is started and watched as the role the plan names in that account (lib/drill/source-vault-access.ts):
// the copy job is that account's, with that account's AWS Backup role, into the recovery account's DR vault.
import { z } from 'zod';
import { DescribeCopyJobCommand, StartCopyJobCommand } from '@aws-sdk/client-backup';
import { drillContextSchema, targetNamesSchema, vaultRouteSchema } from '../../lib/drill/contracts';
import { copyRoleOf, sessionNameOf, sourceVaultAccess } from '../../lib/drill/source-vault-access';
import { targetSchema } from '../../lib/plan/schema';
import { assertRegionAllowed } from '../../lib/drill/residency-guard';
import { rethrowClassified } from '../../lib/aws/classify-error';
import { CrossAccountRoleError } from '../../lib/errors';
import { parsePayload } from '../../lib/lambda/parse';
import { regionOfArn } from '../../lib/plan/residency';
import type { Deps } from '../../lib/lambda/deps';

const common = { drill: drillContextSchema, target: targetSchema, names: targetNamesSchema, route: vaultRouteSchema.optional() };
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
  const { drill, target, names, route = { kind: 'same-account' } } = request;
  const region = assertRegionAllowed(drill.sourceRegion, drill, `target ${target.id} copy job`);
  const destinationRegion = regionOfArn(target.drVault);
  if (destinationRegion) assertRegionAllowed(destinationRegion, drill, `target ${target.id} DR vault`);

  try {
    const backup = (await sourceVaultAccess(deps, route, sessionNameOf(drill, target))).clients.get('backup', region);
    if (request.operation === 'start') {
      const out = await backup.send(
        new StartCopyJobCommand({
          RecoveryPointArn: request.recoveryPointArn,
          SourceBackupVaultName: names.sourceVault,
          DestinationBackupVaultArn: target.drVault,
          IamRoleArn: copyRoleOf(route, target),
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
    if (error instanceof CrossAccountRoleError) throw error;
    rethrowClassified(error);
  }
}
