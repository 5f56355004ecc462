// FSx for Windows File Server's simulated behaviour: a production file system in the primary region, backed up by
// AWS Backup as FSx backups (arn:aws:fsx:<region>:<account>:backup/backup-..., "Restore an FSx file system", AWS
// Backup Developer Guide, CLI example), restored as a NEW file system in the DR region. Imported only by the local
// simulation (local/sim/target-sims.ts): it must never reach a Lambda bundle. FSx's API lives in ./sim-service.ts.
//
// Restore metadata keys honoured (case-insensitively): SubnetIds (JSON array, required: there is no default VPC),
// SecurityGroupIds (JSON array), KmsKeyId, StorageCapacity, WindowsConfiguration (a JSON object in a string:
// ActiveDirectoryId required, DeploymentType, ThroughputCapacity, PreferredSubnetId). Refused as FSx refuses them:
// a subnet, security group or directory the DR region lacks; one subnet for MULTI_AZ_1 or two for a single-AZ type
// ("For Windows MULTI_AZ_1 file system deployment types, provide exactly two subnet IDs", CreateFileSystemFromBackup
// SubnetIds); a KMS key of another region. The failure messages are in FSx's style, not quoted from it.
//
// Duration: "Restoring a backup to a new file system takes the same amount of time as creating a new file system"
// (restoring-fsx). AWS publishes no figure for creating an FSx for Windows file system; tens of minutes is what its
// console shows for a single-AZ one, longer for Multi-AZ, so restores here take 30 to 50 minutes (an assumption).
import { addSubnets, isolatedVpc, placeSecurityGroups, productionVpc } from '../../../../local/sim/vpc-network';
import { BACKUP_RESOURCE_TYPES } from '../../../drill/resource-types';
import { atLeastBytes } from '../../../../local/sim/content';
import { fail, GiB, kmsProblem, parseList } from '../../../../local/sim/restore-helpers';
import { seeded } from '../../../../local/sim/seed-helpers';
import type { TargetOf, TargetSim } from '../../../../local/sim/target-sim';
import { fileSystemArn, fsxRegion, fsxService, type FsxFileSystem } from './sim-service';

export interface FsxPayload {
  type: typeof BACKUP_RESOURCE_TYPES.fsx;
  fileSystemId: string;
  storageCapacityGiB: number;
  usedBytes: number;
  deploymentType: string;
  throughputCapacity: number;
  minUsedGiB?: number;
}

const MINUTE = 60_000;

/** A restore's configuration metadata (WindowsConfiguration, OntapConfiguration: a JSON object in a string), or why FSx refuses it. */
export function jsonConfiguration(raw: string | undefined, name: string): Record<string, unknown> | string {
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : `${name} must be a JSON object.`;
  } catch {
    return `${name} is not valid JSON.`;
  }
}

/** A member of such a configuration, named in any case. */
export const member = (config: Record<string, unknown>, key: string): unknown => config[Object.keys(config).find((k) => k.toLowerCase() === key.toLowerCase()) ?? ''];

export const fsxSim: TargetSim<TargetOf<'fsx'>, FsxPayload> = {
  resourceType: BACKUP_RESOURCE_TYPES.fsx,
  continuous: false,
  restoreMinutes: [30, 50],
  service: fsxService,

  // The isolated subnets (in two zones, as Multi-AZ needs), the security groups and the DR region's AWS Managed AD.
  seedRestoreNetwork(dr, random, target) {
    const vpcId = `vpc-${random.hex(17, 'dr-vpc', dr.name)}`;
    addSubnets(dr, vpcId, target.restore.subnetIds.map((id, i) => ({ id, availabilityZone: `${dr.name}${'ab'[i]}` })));
    isolatedVpc(dr, random, vpcId);
    placeSecurityGroups(dr, vpcId, target.restore.securityGroupIds);
    fsxRegion(dr).directories.add(target.restore.activeDirectoryId);
  },

  seedSource({ random, region, world }, target) {
    const key = target.id;
    const fileSystemId = target.resourceArn.split('file-system/')[1]!;
    const storageCapacityGiB = Math.max(random.int(2, 16, 'fsx-capacity', key) * 256, target.validation?.minStorageCapacityGiB ?? 0);
    const minUsedGiB = target.validation?.minUsedGiB;
    const usedBytes = Math.min(atLeastBytes(random.int(100, 1500, 'fsx-used', key) * GiB, minUsedGiB), storageCapacityGiB * GiB);
    const payload: FsxPayload = { type: 'FSx', fileSystemId, storageCapacityGiB, usedBytes, deploymentType: 'SINGLE_AZ_2', throughputCapacity: 64, minUsedGiB };
    const subnetId = `subnet-${random.hex(17, 'prod-subnet', key)}`;
    const vpcId = `vpc-${random.hex(17, 'prod-vpc', region.name)}`;
    const sg = `sg-${random.hex(17, 'prod-sg', key)}`;
    const directory = `d-${random.hex(10, 'prod-directory', region.name)}`;
    const kmsKeyId = `arn:aws:kms:${region.name}:${world.accountId}:key/${random.uuid('prod-fsx-key', key)}`;
    fsxRegion(region).directories.add(directory);
    addSubnets(region, vpcId, [{ id: subnetId, availabilityZone: `${region.name}a` }]);
    productionVpc(region, random, vpcId);
    placeSecurityGroups(region, vpcId, [sg]);
    const fs: FsxFileSystem = {
      ...seeded,
      id: fileSystemId,
      arn: fileSystemArn(region.name, world.accountId, fileSystemId),
      region: region.name,
      storageCapacityGiB,
      usedBytes,
      deploymentType: payload.deploymentType,
      throughputCapacity: payload.throughputCapacity,
      subnetIds: [subnetId],
      securityGroupIds: [sg],
      vpcId,
      activeDirectoryId: directory,
      kmsKeyId,
      readyLifecycle: 'AVAILABLE',
    };
    fsxRegion(region).fileSystems.set(fileSystemId, fs);
    // As GetRecoveryPointRestoreMetadata returns it (the restoring-fsx page's example, for Lustre: top-level keys, the
    // type's configuration and SubnetIds as JSON strings), naming production's network, directory, key and aliases.
    return {
      payload,
      metadata: {
        FileSystemId: fileSystemId,
        FileSystemType: 'WINDOWS',
        StorageCapacity: String(storageCapacityGiB),
        StorageType: 'SSD',
        VpcId: vpcId,
        SubnetIds: JSON.stringify([subnetId]),
        SecurityGroupIds: JSON.stringify([sg]),
        KmsKeyId: kmsKeyId,
        WindowsConfiguration: JSON.stringify({
          ActiveDirectoryId: directory,
          DeploymentType: payload.deploymentType,
          ThroughputCapacity: payload.throughputCapacity,
          PreferredSubnetId: subnetId,
          AutomaticBackupRetentionDays: 7,
          WeeklyMaintenanceStartTime: '7:03:00',
          CopyTagsToBackups: false,
          Aliases: [`${key}.corp.example.com`],
        }),
      },
    };
  },

  recoveryPointArn: (n) => `arn:aws:fsx:${n.region}:${n.accountId}:backup/backup-${n.hex(17, 'fsx-backup')}`,
  inventedResourceArn: (at) => `arn:aws:fsx:${at.region}:${at.account}:file-system/fs-${at.hex}`,

  sizeBytes: (payload) => payload.usedBytes,

  faultShowsInData: (p) => p.minUsedGiB !== undefined,

  planRestore({ ctx, payload: p, get, hex, origin, dataFault, unhealthy }) {
    const windows = jsonConfiguration(get('WindowsConfiguration'), 'WindowsConfiguration');
    if (typeof windows === 'string') return fail(windows);
    const subnetIds = parseList(get('SubnetIds'));
    if (subnetIds.length === 0) return fail('SubnetIds is required: the file system needs a subnet in the region it is restored in.');
    const missingSubnet = subnetIds.find((id) => !ctx.region.subnets.has(id));
    if (missingSubnet) return fail(`The subnet ID '${missingSubnet}' does not exist in ${ctx.region.name}.`);
    const deploymentType = String(member(windows, 'DeploymentType') ?? p.deploymentType);
    const wanted = deploymentType === 'MULTI_AZ_1' ? 2 : 1;
    if (subnetIds.length !== wanted) return fail(`A ${deploymentType} file system takes exactly ${wanted} subnet ID${wanted > 1 ? 's' : ''}; ${subnetIds.length} given.`);
    const vpcs = new Set(subnetIds.map((id) => ctx.region.subnets.get(id)!.vpcId));
    if (vpcs.size > 1) return fail('The subnets must be in the same VPC.');
    const securityGroupIds = parseList(get('SecurityGroupIds'));
    const missingGroup = securityGroupIds.find((sg) => !ctx.region.securityGroups.has(sg));
    if (missingGroup) return fail(`The security group '${missingGroup}' does not exist in ${ctx.region.name}.`);
    const directory = member(windows, 'ActiveDirectoryId');
    if (typeof directory !== 'string' || directory === '') {
      return fail('WindowsConfiguration.ActiveDirectoryId is required: an FSx for Windows file system must join an Active Directory.');
    }
    if (!fsxRegion(ctx.region).directories.has(directory)) return fail(`Directory ${directory} does not exist in ${ctx.region.name} (ActiveDirectoryError).`);
    const problem = kmsProblem(ctx, get('KmsKeyId'));
    if (problem) return fail(problem);
    const id = `fs-${hex(17, 'fsx')}`;
    const arn = fileSystemArn(ctx.region.name, ctx.world.accountId, id);
    const capacity = Number(get('StorageCapacity') ?? p.storageCapacityGiB);
    return {
      ok: true,
      created: { kind: 'fsx-file-system', id, arn },
      install: (visibleAt, readyAt) => {
        const fs: FsxFileSystem = {
          ...origin,
          id,
          arn,
          region: ctx.region.name,
          visibleAt,
          // Available a few minutes before AWS Backup reports the job COMPLETED (the new file system is created, then
          // populated), so FSx's first storage datapoints exist when the drill validates it.
          readyAt: Math.max(visibleAt, readyAt - 5 * MINUTE),
          storageCapacityGiB: capacity,
          // Lazy-loaded data is fully visible here; under the validation-failed fault half the plan's minimum arrives.
          usedBytes: dataFault && p.minUsedGiB !== undefined ? Math.floor((p.minUsedGiB * GiB) / 2) : p.usedBytes,
          deploymentType,
          throughputCapacity: Number(member(windows, 'ThroughputCapacity') ?? p.throughputCapacity),
          subnetIds,
          securityGroupIds,
          vpcId: [...vpcs][0]!,
          activeDirectoryId: directory,
          kmsKeyId: get('KmsKeyId'),
          readyLifecycle: unhealthy ? 'MISCONFIGURED' : 'AVAILABLE',
          failureMessage: unhealthy
            ? `[simulated fault validation-failed] The file system cannot reach the domain controllers of directory ${directory}: check its security groups and DNS.`
            : undefined,
        };
        fsxRegion(ctx.region).fileSystems.set(id, fs);
      },
    };
  },
};
