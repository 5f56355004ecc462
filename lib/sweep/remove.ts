// Deletes one tagged resource the way Clean Up does (restore-target.asl.yml): no final snapshot, automated backups
// of a DB instance deleted with it, a bucket emptied of every version first, a recovery point from its vault.
import { DeleteRecoveryPointCommand } from '@aws-sdk/client-backup';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DeleteVolumeCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { DeleteFileSystemCommand } from '@aws-sdk/client-efs';
import { DeleteDBClusterCommand, DeleteDBInstanceCommand } from '@aws-sdk/client-rds';
import { isNotFound } from '../aws/classify-error';
import type { AwsClients } from '../aws/clients';
import { emptyAndDeleteBucket } from '../drill/empty-and-delete-bucket';
import type { FoundResource } from './contracts';

/** Deletes it; false when AWS says it was already gone. */
export async function removeResource(clients: AwsClients, region: string, resource: FoundResource, vaultName: string | null): Promise<boolean> {
  const { kind, id } = resource;
  try {
    switch (kind) {
      case 'ec2-instance':
        await clients.get('ec2', region).send(new TerminateInstancesCommand({ InstanceIds: [id] }));
        return true;
      case 'db-instance':
        await clients.get('rds', region).send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: id, SkipFinalSnapshot: true, DeleteAutomatedBackups: true }));
        return true;
      case 'db-cluster':
        await clients.get('rds', region).send(new DeleteDBClusterCommand({ DBClusterIdentifier: id, SkipFinalSnapshot: true }));
        return true;
      case 'dynamodb-table':
        await clients.get('dynamodb', region).send(new DeleteTableCommand({ TableName: id }));
        return true;
      case 'efs-file-system':
        await clients.get('efs', region).send(new DeleteFileSystemCommand({ FileSystemId: id }));
        return true;
      case 'ebs-volume':
        await clients.get('ec2', region).send(new DeleteVolumeCommand({ VolumeId: id }));
        return true;
      case 's3-bucket':
        return !(await emptyAndDeleteBucket(clients.get('s3', region), id)).alreadyGone;
      case 'recovery-point':
        if (!vaultName) throw new Error('the DR vault it was copied into is not known');
        await clients.get('backup', region).send(new DeleteRecoveryPointCommand({ BackupVaultName: vaultName, RecoveryPointArn: id }));
        return true;
    }
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}
