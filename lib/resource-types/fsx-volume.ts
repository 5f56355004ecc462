// An Amazon FSx for NetApp ONTAP volume AWS Backup restored (a restore creates a new volume in an existing storage
// virtual machine: lib/resource-types/targets/fsx-ontap/definition.ts).
// ARN (Service Authorization Reference, fsx `volume`): arn:${Partition}:fsx:${Region}:${Account}:volume/${FileSystemId}/${VolumeId};
// its calls take the VolumeId (fsvol-...).
// Lifecycle (DescribeVolumes, Amazon FSx API Reference, Volume.Lifecycle): CREATING | CREATED | DELETING | FAILED |
// MISCONFIGURED | PENDING | AVAILABLE — "CREATED - The volume has been created", "AVAILABLE - The volume is fully
// available for use". ONTAP volumes report CREATED once made (AVAILABLE is what OpenZFS volumes report), so CREATED
// is ready here and the readiness check accepts AVAILABLE too (targets/fsx-ontap/checks.ts). A deleted volume is not
// listed: DescribeVolumes answers VolumeNotFound, which is gone (isNotFound); DELETING is a delete under way.
//
// The delete MUST skip the final backup: DeleteVolumeOntapConfiguration.SkipFinalBackup is "For Amazon FSx for ONTAP
// volumes, specify whether to take a final backup of the volume" (Amazon FSx API Reference), and without it FSx takes
// one, which would outlive the drill (and need fsx:CreateBackup). The standing file system and SVM are never touched.
import { DeleteVolumeCommand, DescribeVolumesCommand, FSxClient } from '@aws-sdk/client-fsx';
import { arnResource, firstOrNull, type ResourceType } from './resource-type';

export const FSX_VOLUME: ResourceType = {
  kind: 'fsx-volume',
  clients: { fsx: FSxClient },
  // volume/<fs-id>/<fsvol-id>: the volume id is the last part.
  fromArn: (arn) => {
    const r = arnResource(arn, 'fsx');
    const id = r?.type === 'volume' ? r.id.split('/').pop() : undefined;
    return id?.startsWith('fsvol-') ? id : null;
  },
  // With the file systems: before the recovery points it may have been restored from.
  deleteRank: 55,
  namedByDrill: false,
  async describe({ clients, region }, id) {
    const v = firstOrNull((await clients.get('fsx', region).send(new DescribeVolumesCommand({ VolumeIds: [id] }))).Volumes);
    return v ? { state: v.Lifecycle ?? 'unknown', createdAt: v.CreationTime ?? null } : null;
  },
  readyState: 'CREATED',
  deletingStates: new Set(['DELETING']),
  goneStates: new Set(),
  async remove({ clients, region }, id) {
    await clients.get('fsx', region).send(new DeleteVolumeCommand({ VolumeId: id, OntapConfiguration: { SkipFinalBackup: true } }));
    return true;
  },
};
