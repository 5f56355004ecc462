// An EFS file system AWS Backup restored. LifeCycleState: creating | available | updating | deleting | deleted | error
// ("Understanding file system status", Amazon EFS User Guide: DELETED is "Amazon EFS has deleted the file system").
// The DeleteFileSystem API reference says DescribeFileSystems answers 404 FileSystemNotFound for a deleted file
// system; it documents no time during which it is still listed as `deleted`, but the state exists, so either
// answer is gone.
import { DeleteFileSystemCommand, DescribeFileSystemsCommand, EFSClient } from '@aws-sdk/client-efs';
import { firstOrNull, type ResourceType, idOfArn } from './resource-type';

export const EFS_FILE_SYSTEM: ResourceType = {
  kind: 'efs-file-system',
  clients: { efs: EFSClient },
  fromArn: (arn) => idOfArn(arn, 'elasticfilesystem', 'file-system'),
  deleteRank: 50,
  namedByDrill: false,
  async describe({ clients, region }, id) {
    const f = firstOrNull((await clients.get('efs', region).send(new DescribeFileSystemsCommand({ FileSystemId: id }))).FileSystems);
    return f ? { state: f.LifeCycleState ?? 'unknown', createdAt: f.CreationTime ?? null } : null;
  },
  readyState: 'available',
  deletingStates: new Set(['deleting']),
  goneStates: new Set(['deleted']),
  async remove({ clients, region }, id) {
    await clients.get('efs', region).send(new DeleteFileSystemCommand({ FileSystemId: id }));
    return true;
  },
};
