// Find Latest Recovery Point: the newest COMPLETED snapshot recovery point of the protected resource in its source
// vault (a continuous one cannot be copied).
// Its age at drill start is the RPO the drill observed.
import { z } from 'zod';
import { paginateListRecoveryPointsByBackupVault } from '@aws-sdk/client-backup';
import { drillContextSchema, targetNamesSchema } from '../../lib/drill/contracts';
import { targetSchema } from '../../lib/plan/schema';
import { assertRegionAllowed } from '../../lib/drill/residency-guard';
import { rethrowClassified } from '../../lib/aws/classify-error';
import { NoRecoveryPointError } from '../../lib/errors';
import { parsePayload } from '../../lib/lambda/parse';
import type { Deps } from '../../lib/lambda/deps';

const eventSchema = z.object({ drill: drillContextSchema, target: targetSchema, names: targetNamesSchema });

const READY = new Set(['COMPLETED', 'AVAILABLE']);

/**
 * A continuous (point-in-time) recovery point: AWS Backup names it `arn:aws:backup:<region>:<account>:recovery-point:continuous:<id>`
 * (the form RDS reports as AwsBackupRecoveryPointArn). The drill cannot use one: StartCopyJob "Does not support
 * continuous backups" (SDK doc comment of StartCopyJobCommand) and "AWS Backup does not support on-demand copies of
 * continuous backups" (Developer Guide, "Copying continuous backups"); and its CreationDate is when continuous backup
 * began, not the age of its data, so it would not measure the RPO either. The snapshots beside it are what a copy
 * can take ("we recommend that you protect your resources with both continuous and snapshot backup rules").
 */
export const isContinuousRecoveryPoint = (arn: string): boolean => /:recovery-point:continuous:/.test(arn);

export interface RecoveryPointFound {
  arn: string;
  createdAt: string;
}

export async function findRecoveryPoint(event: unknown, deps: Deps): Promise<RecoveryPointFound> {
  const { drill, target, names } = parsePayload(eventSchema, event, 'Find Latest Recovery Point');
  const region = assertRegionAllowed(drill.sourceRegion, drill, `target ${target.id} source vault`);
  const backup = deps.clients.get('backup', region);

  let latest: RecoveryPointFound | undefined;
  try {
    const pages = paginateListRecoveryPointsByBackupVault(
      { client: backup },
      { BackupVaultName: names.sourceVault, ByResourceArn: target.resourceArn },
    );
    for await (const page of pages) {
      for (const point of page.RecoveryPoints ?? []) {
        // AWS documents AVAILABLE as well as COMPLETED for a recovery point that is ready for use.
        if (!READY.has(point.Status ?? '') || !point.RecoveryPointArn || !point.CreationDate) continue;
        if (isContinuousRecoveryPoint(point.RecoveryPointArn)) continue;
        const createdAt = point.CreationDate.toISOString();
        // A backup that finished after the drill began is not what a disaster at drill start would have had.
        if (createdAt > drill.startedAt) continue;
        if (!latest || createdAt > latest.createdAt) latest = { arn: point.RecoveryPointArn, createdAt };
      }
    }
  } catch (error) {
    rethrowClassified(error);
  }
  if (!latest) {
    throw new NoRecoveryPointError(
      `no completed snapshot recovery point of ${target.resourceArn} in vault ${names.sourceVault} (${region}) created before the drill started (continuous backups cannot be copied: add a snapshot backup rule)`,
    );
  }
  return latest;
}
