// A recovery point the drill's copy job made in the DR vault (a backup recovery-point ARN, or for RDS/Aurora, EBS and
// EC2 the snapshot or image ARN AWS Backup names it by). Status: CREATING | AVAILABLE | PARTIAL | STOPPED | COMPLETED |
// DELETING | EXPIRED (DescribeRecoveryPoint, AWS Backup API Reference). EXPIRED "has exceeded its retention period,
// but Backup lacks permission or is otherwise unable to delete it": it still exists, so it is not gone.
import { BackupClient, DeleteRecoveryPointCommand, DescribeRecoveryPointCommand } from '@aws-sdk/client-backup';
import { idOfArn, type ResourceType } from './resource-type';
import { definitionOfType, TARGET_TYPES } from './targets/definition-registry';

/** Said of a recovery point when the vault it is in is not known: it can be neither described nor deleted. */
export const VAULT_NOT_KNOWN = 'unknown (vault not known)';

export const RECOVERY_POINT: ResourceType = {
  kind: 'recovery-point',
  clients: { backup: BackupClient },
  // A backup recovery-point ARN, or the ARN form a target type's copies take instead (its definition's
  // copiedRecoveryPoint: RDS/Aurora snapshots named awsbackup:..., EBS snapshots and EC2 images): the ARN is the id.
  fromArn: (arn) => (idOfArn(arn, 'backup', 'recovery-point') || TARGET_TYPES.some((t) => definitionOfType(t).copiedRecoveryPoint?.(arn)) ? arn : null),
  // Last: a restore never loses its source while something restored from it is still being removed.
  deleteRank: 100,
  namedByDrill: false,
  async describe({ clients, region, vaultName }, arn) {
    if (!vaultName) return { state: VAULT_NOT_KNOWN, createdAt: null };
    const rp = await clients.get('backup', region).send(new DescribeRecoveryPointCommand({ BackupVaultName: vaultName, RecoveryPointArn: arn }));
    return { state: rp.Status ?? 'unknown', createdAt: rp.CreationDate ?? null };
  },
  // "AVAILABLE status indicates that the backup was successfully created" (same reference; COMPLETED is in the SDK's
  // enum but not described there).
  readyState: 'AVAILABLE',
  deletingStates: new Set(['DELETING']),
  goneStates: new Set(),
  async remove({ clients, region, vaultName }, arn) {
    if (!vaultName) throw new Error('the DR vault it was copied into is not known');
    await clients.get('backup', region).send(new DeleteRecoveryPointCommand({ BackupVaultName: vaultName, RecoveryPointArn: arn }));
    return true;
  },
};
