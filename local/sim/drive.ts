// Small helpers for driving the simulated account by hand (tests, scripts): poll on the virtual clock, capture errors,
// copy and restore a target as a drill would.
import type { Plan, Target } from '../../lib/plan/schema';
import type { SimAccount } from './account';
import type { SimClock } from './clock';
import type { Output } from './context';
import { vaultNameOf } from './world';

/** Reads, then sleeps `everyMs` of virtual time and reads again, until `done` or `timeoutMs` of virtual time pass. */
export async function pollUntil<T>(
  clock: SimClock,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { everyMs = 60_000, timeoutMs = 48 * 3_600_000 }: { everyMs?: number; timeoutMs?: number } = {},
): Promise<T> {
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (clock.now() + everyMs > deadline) {
      throw new Error(`pollUntil: still not done after ${timeoutMs / 60_000} virtual minutes: ${JSON.stringify(value)}`);
    }
    await clock.sleep(everyMs);
  }
}

/** The error a call rejects with, or undefined if it succeeds. */
export async function errorOf(work: Promise<unknown>): Promise<(Error & Record<string, unknown>) | undefined> {
  try {
    await work;
    return undefined;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
}

/** The newest snapshot of a newest-first listing: a continuous recovery point cannot be copied (find-recovery-point.ts). */
export function newestSnapshot(points: readonly Output[]): Output {
  const found = points.find((rp) => !String(rp.RecoveryPointArn).includes(':recovery-point:continuous:'));
  if (!found) throw new Error('no snapshot recovery point in the listing');
  return found;
}

/**
 * What a drill does before it validates a target, by hand: copy the latest recovery point to the DR vault and
 * restore it there with `metadata`. Resolves with the source recovery point and the restore job once it has ended.
 */
export async function copyAndRestore(
  account: SimAccount,
  clock: SimClock,
  plan: Plan,
  target: Target,
  metadata: Record<string, string>,
): Promise<{ recoveryPoint: Output; restoreJob: Output }> {
  const { primary, dr } = plan.regions;
  const sourceVault = vaultNameOf(target.sourceVault);
  const { RecoveryPoints } = await account.call(primary, 'backup', 'ListRecoveryPointsByBackupVault', {
    BackupVaultName: sourceVault,
    ByResourceArn: target.resourceArn,
  });
  const recoveryPoint = newestSnapshot(RecoveryPoints as Output[]);
  const { CopyJobId } = await account.call(primary, 'backup', 'StartCopyJob', {
    RecoveryPointArn: recoveryPoint.RecoveryPointArn,
    SourceBackupVaultName: sourceVault,
    DestinationBackupVaultArn: target.drVault,
    IamRoleArn: target.backupRoleArn,
  });
  const ended = (state: unknown) => ['COMPLETED', 'FAILED', 'ABORTED'].includes(String(state));
  const { CopyJob } = await pollUntil(clock, () => account.call(primary, 'backup', 'DescribeCopyJob', { CopyJobId }), (o) => ended((o.CopyJob as Output).State));
  const { RestoreJobId } = await account.call(dr, 'backup', 'StartRestoreJob', {
    RecoveryPointArn: (CopyJob as Output).DestinationRecoveryPointArn,
    IamRoleArn: target.backupRoleArn,
    Metadata: metadata,
  });
  const restoreJob = await pollUntil(clock, () => account.call(dr, 'backup', 'DescribeRestoreJob', { RestoreJobId }), (o) => ended(o.Status), {
    everyMs: 2 * 60_000,
  });
  return { recoveryPoint, restoreJob };
}
