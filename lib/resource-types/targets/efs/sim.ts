// EFS's simulated behaviour: a file system, backed up by AWS Backup and restored either in place or as a new file
// system. Imported only by the local simulation (local/sim/target-sims.ts): it must never reach a Lambda bundle.
//
// Restore metadata keys honoured (matched case-insensitively, see local/sim/restore.ts): file-system-id,
// newFileSystem, CreationToken, Encrypted, KmsKeyId, PerformanceMode, ItemsToRestore (ignored). Sources: the
// StartRestoreJob API reference and the restore-testing inferred-metadata table of the AWS Backup guide.
import { BACKUP_RESOURCE_TYPES } from '../../../drill/resource-types';
import { atLeastBytes } from '../../../../local/sim/content';
import { arnOf, fail, GiB, isTrue, kmsProblem, restoresNew, taken } from '../../../../local/sim/restore-helpers';
import { seeded } from '../../../../local/sim/seed-helpers';
import { backupRecoveryPointArn, type TargetOf, type TargetSim } from '../../../../local/sim/target-sim';
import { exists, type FileSystem } from '../../../../local/sim/world';

export interface EfsPayload {
  type: typeof BACKUP_RESOURCE_TYPES.efs;
  fileSystemId: string;
  creationToken: string;
  sizeBytes: number;
  performanceMode: string;
  minSizeGiB?: number;
}

export const efsSim: TargetSim<TargetOf<'efs'>, EfsPayload> = {
  resourceType: BACKUP_RESOURCE_TYPES.efs,
  continuous: false,
  restoreMinutes: [5, 15],

  seedSource({ random, region }, target) {
    const key = target.id;
    const fileSystemId = target.resourceArn.split('file-system/')[1]!;
    const creationToken = `${target.id}-prod`;
    const minSizeGiB = target.validation?.minSizeGiB;
    const sizeBytes = atLeastBytes(random.int(1, 200, 'efs-size', key) * GiB, minSizeGiB);
    const payload: EfsPayload = { type: 'EFS', fileSystemId, creationToken, sizeBytes, performanceMode: 'generalPurpose', minSizeGiB };
    region.fileSystems.set(fileSystemId, {
      ...seeded,
      id: fileSystemId,
      arn: target.resourceArn,
      region: region.name,
      creationToken,
      sizeBytes: payload.sizeBytes,
      performanceMode: payload.performanceMode,
      encrypted: true,
      readyState: 'available',
    });
    return {
      payload,
      metadata: { 'file-system-id': fileSystemId, Encrypted: 'true', PerformanceMode: 'generalPurpose', CreationToken: creationToken, newFileSystem: 'false' },
    };
  },

  recoveryPointArn: backupRecoveryPointArn,
  inventedResourceArn: (at) => `arn:aws:elasticfilesystem:${at.region}:${at.account}:file-system/fs-${at.hex}`,

  sizeBytes: (payload) => payload.sizeBytes,

  faultShowsInData: (p) => p.minSizeGiB !== undefined,

  planRestore({ ctx, payload: p, get, jobId, origin, hex, dataFault, unhealthy }) {
    if (!isTrue(get('newFileSystem'))) {
      const target = get('file-system-id') ?? p.fileSystemId;
      const fs = ctx.region.fileSystems.get(target);
      if (!fs || !exists(fs, ctx.now)) return fail(`File system '${target}' does not exist.`);
      return { ok: true, created: { kind: 'existing', id: fs.id, arn: fs.arn }, install: () => undefined };
    }
    const token = get('CreationToken') ?? `awsbackup-${jobId.toLowerCase()}`;
    const clash = [...ctx.region.fileSystems.values()].find((f) => f.creationToken === token && taken(f, ctx.now));
    if (clash) return fail(`File system with creation token '${token}' already exists (${clash.id}).`);
    const problem = kmsProblem(ctx, get('KmsKeyId'));
    if (problem) return fail(problem);
    const id = `fs-${hex(17, 'fs')}`;
    const arn = arnOf.fileSystem(ctx, id);
    return restoresNew<FileSystem>(ctx, { kind: 'efs-file-system', id, arn }, origin, ctx.region.fileSystems, () => ({
      creationToken: token,
      sizeBytes: dataFault && p.minSizeGiB !== undefined ? Math.floor((p.minSizeGiB * GiB) / 2) : p.sizeBytes,
      performanceMode: get('PerformanceMode') ?? p.performanceMode,
      encrypted: get('Encrypted') === undefined ? true : isTrue(get('Encrypted')),
      kmsKeyId: get('KmsKeyId'),
      readyState: unhealthy ? 'error' : 'available',
    }));
  },
};
