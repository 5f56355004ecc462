// An Amazon FSx for Windows File Server file system AWS Backup restored (a restore always creates a new one).
// Lifecycle (DescribeFileSystems, Amazon FSx API Reference, FileSystem.Lifecycle): AVAILABLE | CREATING | FAILED |
// DELETING | MISCONFIGURED | MISCONFIGURED_UNAVAILABLE | UPDATING. A deleted file system is not listed: DescribeFileSystems
// answers FileSystemNotFound, which is gone (isNotFound); DELETING is a delete already under way.
//
// The delete MUST skip the final backup: "By default, when you delete an Amazon FSx for Windows File Server file
// system, a final backup is created upon deletion. This final backup isn't subject to the file system's retention
// policy, and must be manually deleted" (DeleteFileSystemWindowsConfiguration.SkipFinalBackup, Amazon FSx API
// Reference) — a drill would leave a billed backup behind, and would need fsx:CreateBackup to make it.
// Only Windows file systems are drilled (lib/resource-types/targets/fsx/definition.ts): WindowsConfiguration on a
// Lustre or OpenZFS file system would be refused, as their deletes take their own configuration.
import { DeleteFileSystemCommand, DescribeFileSystemsCommand, FSxClient } from '@aws-sdk/client-fsx';
import { firstOrNull, idOfArn, type ResourceType } from './resource-type';

// FSx is a service only this kind (and the fsx target's checks) call: AwsClients learns its client from here.
declare module '../aws/clients' {
  interface ClientTypes {
    fsx: FSxClient;
  }
}

export const FSX_FILE_SYSTEM: ResourceType = {
  kind: 'fsx-file-system',
  clients: { fsx: FSxClient },
  fromArn: (arn) => idOfArn(arn, 'fsx', 'file-system'),
  // With the other file systems: after the instances, before the recovery points it may have been restored from.
  deleteRank: 55,
  namedByDrill: false,
  async describe({ clients, region }, id) {
    const f = firstOrNull((await clients.get('fsx', region).send(new DescribeFileSystemsCommand({ FileSystemIds: [id] }))).FileSystems);
    return f ? { state: f.Lifecycle ?? 'unknown', createdAt: f.CreationTime ?? null } : null;
  },
  readyState: 'AVAILABLE',
  deletingStates: new Set(['DELETING']),
  goneStates: new Set(),
  async remove({ clients, region }, id) {
    await clients.get('fsx', region).send(new DeleteFileSystemCommand({ FileSystemId: id, WindowsConfiguration: { SkipFinalBackup: true } }));
    return true;
  },
};
