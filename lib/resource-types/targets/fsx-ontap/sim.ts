// FSx for NetApp ONTAP's simulated behaviour: a production volume on an ONTAP file system, backed up by AWS Backup as
// an FSx backup of that one volume (arn:aws:fsx:<region>:<account>:backup/backup-...), and an isolated storage
// virtual machine on a standing file system in the same region for the drill to restore into. A restore creates a
// NEW volume there (fsx:CreateVolumeFromBackup, "Restore an FSx file system", AWS Backup Developer Guide). Imported
// only by the local simulation (local/sim/target-sims.ts); FSx's API lives in ../fsx/sim-service.ts.
//
// Restore metadata keys honoured (case-insensitively): Name (the new volume's: [A-Za-z0-9_], CreateVolume Name) and
// OntapConfiguration (a JSON object in a string: StorageVirtualMachineId required — "required for successful
// restore", Restore testing inferred metadata — JunctionPath, unique in the SVM with a leading slash, and
// SizeInMegabytes). Refused as FSx refuses them: an SVM the region lacks (StorageVirtualMachineNotFound), a junction
// path already in use, a bad name. The failure messages are in FSx's style, not quoted from it.
//
// Duration: AWS publishes none for CreateVolumeFromBackup; a volume is made in minutes and its data lazy-loaded
// (restoring-fsx), so restores here take 5 to 20 minutes (an assumption).
import { BACKUP_RESOURCE_TYPES } from '../../../drill/resource-types';
import { atLeastBytes } from '../../../../local/sim/content';
import { fail, GiB } from '../../../../local/sim/restore-helpers';
import { seeded } from '../../../../local/sim/seed-helpers';
import type { TargetOf, TargetSim } from '../../../../local/sim/target-sim';
import { jsonConfiguration, member } from '../fsx/sim';
import { addVolume, fsxRegion, volumeArn, type FsxVolume } from '../fsx/sim-service';

export interface FsxOntapPayload {
  type: typeof BACKUP_RESOURCE_TYPES['fsx-ontap'];
  /** What tells an ONTAP volume's recovery point from a Windows file system's: both are AWS Backup's `FSx`. */
  ontapVolumeId: string;
  fileSystemId: string;
  sizeInMegabytes: number;
  usedBytes: number;
  minUsedGiB?: number;
}

const MINUTE = 60_000;
const MiB = 1024 ** 2;

export const fsxOntapSim: TargetSim<TargetOf<'fsx-ontap'>, FsxOntapPayload> = {
  resourceType: BACKUP_RESOURCE_TYPES['fsx-ontap'],
  continuous: false,
  restoreMinutes: [5, 20],
  holds: (payload) => 'ontapVolumeId' in payload,

  // The isolated SVM the plan names, on a standing ONTAP file system of the region (not production's).
  seedRestoreNetwork(region, random, target) {
    const fileSystemId = `fs-${random.hex(17, 'dr-ontap-fs', region.name)}`;
    fsxRegion(region).svms.set(target.restore.storageVirtualMachineId, { id: target.restore.storageVirtualMachineId, fileSystemId, name: 'drill_restore' });
  },

  seedSource({ random, region, world }, target) {
    const key = target.id;
    const [fileSystemId, volumeId] = target.resourceArn.split('volume/')[1]!.split('/') as [string, string];
    const minSizeMiB = Math.ceil((target.validation?.minSizeGiB ?? 0) * 1024);
    const sizeInMegabytes = Math.max(random.int(1, 8, 'ontap-size', key) * 256 * 1024, minSizeMiB);
    const usedBytes = Math.min(atLeastBytes(random.int(20, 200, 'ontap-used', key) * GiB, target.validation?.minUsedGiB), sizeInMegabytes * MiB);
    const svmId = `svm-${random.hex(17, 'prod-svm', key)}`;
    fsxRegion(region).svms.set(svmId, { id: svmId, fileSystemId, name: 'production' });
    addVolume(region, {
      ...seeded,
      id: volumeId,
      arn: volumeArn(region.name, world.accountId, fileSystemId, volumeId),
      name: key.replace(/[^A-Za-z0-9_]/g, '_'),
      fileSystemId,
      storageVirtualMachineId: svmId,
      junctionPath: `/${key.replace(/[^A-Za-z0-9_]/g, '_')}`,
      sizeInMegabytes,
      usedBytes,
      uuid: random.uuid('ontap-uuid', key),
      readyLifecycle: 'CREATED',
    });
    const payload: FsxOntapPayload = { type: 'FSx', ontapVolumeId: volumeId, fileSystemId, sizeInMegabytes, usedBytes, minUsedGiB: target.validation?.minUsedGiB };
    // As GetRecoveryPointRestoreMetadata might return it for a volume (AWS documents no ONTAP example): the volume's
    // name and configuration, naming production's SVM and junction path.
    return {
      payload,
      metadata: {
        FileSystemId: fileSystemId,
        VolumeId: volumeId,
        Name: key.replace(/[^A-Za-z0-9_]/g, '_'),
        OntapConfiguration: JSON.stringify({ StorageVirtualMachineId: svmId, JunctionPath: `/${key}`, SizeInMegabytes: sizeInMegabytes, StorageEfficiencyEnabled: true, TieringPolicy: { Name: 'SNAPSHOT_ONLY' } }),
      },
    };
  },

  recoveryPointArn: (n) => `arn:aws:fsx:${n.region}:${n.accountId}:backup/backup-${n.hex(17, 'fsx-backup')}`,
  inventedResourceArn: (at) => `arn:aws:fsx:${at.region}:${at.account}:volume/fs-${at.hex}/fsvol-${at.hex}`,

  sizeBytes: (payload) => payload.usedBytes,

  faultShowsInData: (p) => p.minUsedGiB !== undefined,

  // What fsx:CreateVolumeFromBackup refuses, then the new volume in the named SVM.
  planRestore({ ctx, payload: p, get, hex, origin, dataFault, unhealthy }) {
    const ontap = jsonConfiguration(get('OntapConfiguration'), 'OntapConfiguration');
    if (typeof ontap === 'string') return fail(ontap);
    const name = get('Name');
    if (!name || !/^[A-Za-z0-9_]{1,203}$/.test(name)) return fail(`Volume name '${name ?? ''}' is invalid: use letters, digits and underscores.`);
    const svmId = member(ontap, 'StorageVirtualMachineId');
    if (typeof svmId !== 'string' || svmId === '') return fail('OntapConfiguration.StorageVirtualMachineId is required: an ONTAP volume is created in an existing storage virtual machine.');
    const svm = fsxRegion(ctx.region).svms.get(svmId);
    if (!svm) return fail(`Storage virtual machine '${svmId}' does not exist in ${ctx.region.name} (StorageVirtualMachineNotFound).`);
    const junctionPath = String(member(ontap, 'JunctionPath') ?? `/${name}`);
    if (!junctionPath.startsWith('/')) return fail(`JunctionPath '${junctionPath}' must have a leading forward slash.`);
    const taken = [...fsxRegion(ctx.region).volumes.values()].some((v) => v.storageVirtualMachineId === svmId && v.junctionPath === junctionPath && v.goneAt === undefined);
    if (taken) return fail(`JunctionPath '${junctionPath}' is already in use in storage virtual machine ${svmId}.`);
    const id = `fsvol-${hex(17, 'fsvol')}`;
    const arn = volumeArn(ctx.region.name, ctx.world.accountId, svm.fileSystemId, id);
    const sizeInMegabytes = Number(member(ontap, 'SizeInMegabytes') ?? p.sizeInMegabytes);
    return {
      ok: true,
      created: { kind: 'fsx-volume', id, arn },
      install: (visibleAt, readyAt) => {
        const volume: FsxVolume = {
          ...origin,
          id,
          arn,
          name,
          fileSystemId: svm.fileSystemId,
          storageVirtualMachineId: svmId,
          junctionPath,
          sizeInMegabytes,
          // Lazy-loaded data is fully visible here; under the validation-failed fault half the plan's minimum arrives.
          usedBytes: dataFault && p.minUsedGiB !== undefined ? Math.floor((p.minUsedGiB * GiB) / 2) : p.usedBytes,
          uuid: ctx.random.uuid('ontap-uuid', id),
          visibleAt,
          // Created a few minutes before AWS Backup reports the job COMPLETED, so its first StorageUsed datapoints
          // exist when the drill validates it.
          readyAt: Math.max(visibleAt, readyAt - 5 * MINUTE),
          readyLifecycle: unhealthy ? 'MISCONFIGURED' : 'CREATED',
          failureMessage: unhealthy ? `[simulated fault validation-failed] The volume could not be mounted in storage virtual machine ${svmId}.` : undefined,
        };
        addVolume(ctx.region, volume);
      },
    };
  },
};
