// What AWS Backup does with a StartRestoreJob's Metadata, per resource type.
//
// Keys honoured (AWS Backup's restore metadata; "key values are not case sensitive" per the AWS Backup guide's
// "Restore testing inferred metadata" page, so they are matched case-insensitively here; values are strings):
// - Aurora:   DBClusterIdentifier, Engine, EngineVersion, Port, DatabaseName, DBSubnetGroupName,
//             VpcSecurityGroupIds (JSON array or comma list), KmsKeyId, AvailabilityZones (ignored)
// - RDS:      DBInstanceIdentifier, DBInstanceClass, Engine, DBSubnetGroupName, VpcSecurityGroupIds,
//             AvailabilityZone, MultiAZ (ignored), PubliclyAccessible, KmsKeyId
// - DynamoDB: targetTableName, encryptionType, kmsMasterKeyArn, deletionProtection (ignored)
// - EBS:      availabilityZone (must be in the restore region), encrypted, kmsKeyId, volumeType, volumeSize, iops,
//             throughput
// - EC2:      subnetId (required: no default VPC), securityGroupIds (JSON array or comma list), instanceType,
//             iamInstanceProfileName, disableApiTermination, requireImdsV2 (ignored)
// - EFS:      file-system-id, newFileSystem, CreationToken, Encrypted, KmsKeyId, PerformanceMode, ItemsToRestore
//             (ignored)
// - S3:       DestinationBucketName, NewBucket, Encrypted, EncryptionType, KMSKey, CreationToken (ignored),
//             ItemsToRestore (ignored)
// Sources: the StartRestoreJob API reference (EFS keys), the restore-testing inferred-metadata table (DynamoDB, EBS,
// EFS keys), the AWS Backup restore guides per type. The account has NO default VPC: an Aurora/RDS restore without
// a DB subnet group fails as RDS does without default subnets.
import { itemKey, itemsAsOf } from './content';
import type { SimContext } from './context';
import { invalid } from './errors';
import type { FaultName } from './faults';
import {
  arnRegion,
  exists,
  phaseAt,
  type Bucket,
  type CreatedRef,
  type DatabaseContent,
  type DbCluster,
  type DbInstance,
  type FileSystem,
  type Instance,
  type Payload,
  type RecoveryPoint,
  type RestoredDatabase,
  type SimObject,
  type Table,
  type Volume,
} from './world';

/** The validation-failed fault on a database with SQL checks: the restored copy lacks its last week of writes. */
export const MISSING_DAYS = 7;

const GiB = 1024 ** 3;

/** The smallest EBS volume is 1 GiB: below a minimum of 1 GiB there is nothing smaller to restore. */
const smallerVolumeGiB = (minSizeGiB: number): number | undefined => {
  const size = Math.max(1, Math.floor(minSizeGiB / 2));
  return size < minSizeGiB ? size : undefined;
};

/**
 * Whether the validation-failed fault can show in the data the plan checks. Only a target whose checks could not
 * notice (none declared, or an EBS minimum of 1 GiB) comes up unhealthy instead, as before data checks existed.
 */
export function faultShowsInData(p: Payload): boolean {
  switch (p.type) {
    case 'Aurora':
    case 'RDS':
      return p.database !== undefined;
    case 'DynamoDB':
      return p.items.length > 0 || (p.minItems ?? 0) > 0;
    case 'S3':
      return p.manifest.length > 0 || (p.minObjects ?? 0) > 0;
    case 'EBS':
      return p.minSizeGiB !== undefined && smallerVolumeGiB(p.minSizeGiB) !== undefined;
    case 'EFS':
      return p.minSizeGiB !== undefined;
    case 'EC2':
      // Status checks are readiness, not data: the fault shows as an impaired instance.
      return false;
  }
}

export const NO_DEFAULT_SUBNET = 'No default subnet detected in VPC. Please contact AWS Support to recreate default Subnets.';

/** Restore metadata keys are case-insensitive; the same key twice in different cases is ambiguous and refused. */
export function readMetadata(raw: Record<string, unknown>): (key: string) => string | undefined {
  const byLower = new Map<string, string>();
  const original = new Map<string, string>();
  for (const [key, value] of Object.entries(raw)) {
    const lower = key.toLowerCase();
    if (original.has(lower)) {
      throw invalid(
        'backup',
        'InvalidParameterValueException',
        `Metadata key "${key}" is given twice (also as "${original.get(lower)}"); restore metadata keys are not case sensitive`,
      );
    }
    original.set(lower, key);
    byLower.set(lower, String(value));
  }
  return (key) => {
    const v = byLower.get(key.toLowerCase());
    return v === undefined || v === '' ? undefined : v;
  };
}

const parseList = (value: string | undefined): string[] => {
  if (!value) return [];
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      /* fall through to the comma list */
    }
  }
  return trimmed.split(',').map((s) => s.trim()).filter(Boolean);
};

/** Taken: exists now, or will exist once a job already under way completes. */
const taken = (l: { visibleAt: number; readyAt: number; goneAt?: number } | undefined, now: number): boolean =>
  l !== undefined && phaseAt(l, now) !== 'gone';

const isTrue = (value: string | undefined): boolean => value?.toLowerCase() === 'true';

export type RestorePlan =
  | { ok: true; created: CreatedRef; install(visibleAt: number, readyAt: number): void }
  | { ok: false; message: string };

const fail = (message: string): RestorePlan => ({ ok: false, message });

function kmsProblem(ctx: SimContext, key: string | undefined): string | undefined {
  if (!key || !key.startsWith('arn:')) return undefined;
  return arnRegion(key) === ctx.region.name
    ? undefined
    : `The KMS key ${key} is in ${arnRegion(key)}; a restore in ${ctx.region.name} needs a key in ${ctx.region.name}.`;
}

function networkProblem(ctx: SimContext, subnetGroup: string | undefined, securityGroups: string[]): string | undefined {
  if (!subnetGroup || subnetGroup.toLowerCase() === 'default') return NO_DEFAULT_SUBNET;
  if (!ctx.region.dbSubnetGroups.has(subnetGroup)) return `DB subnet group '${subnetGroup}' does not exist.`;
  const missing = securityGroups.find((sg) => !ctx.region.securityGroups.has(sg));
  return missing ? `Invalid security group , groupId= ${missing}, groupName=.` : undefined;
}

function azProblem(ctx: SimContext, az: string | undefined): string | undefined {
  if (!az) return undefined;
  return new RegExp(`^${ctx.region.name}[a-z]$`).test(az) ? undefined : `Invalid availability zone: [${az}]`;
}

const arnOf = {
  cluster: (ctx: SimContext, id: string) => `arn:aws:rds:${ctx.region.name}:${ctx.world.accountId}:cluster:${id}`,
  instance: (ctx: SimContext, id: string) => `arn:aws:rds:${ctx.region.name}:${ctx.world.accountId}:db:${id}`,
  table: (ctx: SimContext, name: string) => `arn:aws:dynamodb:${ctx.region.name}:${ctx.world.accountId}:table/${name}`,
  fileSystem: (ctx: SimContext, id: string) => `arn:aws:elasticfilesystem:${ctx.region.name}:${ctx.world.accountId}:file-system/${id}`,
  volume: (ctx: SimContext, id: string) => `arn:aws:ec2:${ctx.region.name}:${ctx.world.accountId}:volume/${id}`,
  ec2Instance: (ctx: SimContext, id: string) => `arn:aws:ec2:${ctx.region.name}:${ctx.world.accountId}:instance/${id}`,
};
export { arnOf };

/** Decides, at StartRestoreJob time, what the job will make or why it will fail. */
export function planRestore(
  ctx: SimContext,
  rp: RecoveryPoint,
  get: (key: string) => string | undefined,
  faults: ReadonlySet<FaultName>,
  jobId: string,
): RestorePlan {
  const faulty = faults.has('validation-failed');
  const dataFault = faulty && faultShowsInData(rp.payload);
  const unhealthy = faulty && !dataFault;
  const database = (content: DatabaseContent | undefined): RestoredDatabase | undefined =>
    content && { ...content, dataAsOf: rp.dataAsOf, missingDays: dataFault ? MISSING_DAYS : 0 };
  const origin = { createdByDrill: true, targetId: rp.targetId, createdBy: `restore job ${jobId}` };
  const p: Payload = rp.payload;
  const hex = (n: number, ...k: string[]) => ctx.random.hex(n, jobId, ...k);
  switch (p.type) {
    case 'Aurora': {
      const id = (get('DBClusterIdentifier') ?? p.clusterId).toLowerCase();
      const existing = ctx.region.dbClusters.get(id);
      if (taken(existing, ctx.now)) return fail(`DB cluster already exists: ${id}`);
      const sgs = parseList(get('VpcSecurityGroupIds'));
      const subnet = get('DBSubnetGroupName');
      const problem = networkProblem(ctx, subnet, sgs) ?? kmsProblem(ctx, get('KmsKeyId'));
      if (problem) return fail(problem);
      const arn = arnOf.cluster(ctx, id);
      return {
        ok: true,
        created: { kind: 'db-cluster', id, arn },
        install: (visibleAt, readyAt) => {
          const cluster: DbCluster = {
            ...origin,
            id,
            arn,
            region: ctx.region.name,
            visibleAt,
            readyAt,
            resourceId: `cluster-${hex(26, 'res').toUpperCase()}`,
            engine: get('Engine') ?? p.engine,
            engineVersion: get('EngineVersion') ?? p.engineVersion,
            port: Number(get('Port') ?? p.port),
            databaseName: get('DatabaseName') ?? p.databaseName,
            subnetGroup: subnet!,
            securityGroups: sgs,
            availabilityZones: ['a', 'b', 'c'].map((z) => `${ctx.region.name}${z}`),
            kmsKeyId: get('KmsKeyId'),
            readyStatus: 'available',
            endpointHash: hex(12, 'endpoint'),
            database: database(p.database),
          };
          ctx.region.dbClusters.set(id, cluster);
        },
      };
    }
    case 'RDS': {
      const id = (get('DBInstanceIdentifier') ?? p.instanceId).toLowerCase();
      const existing = ctx.region.dbInstances.get(id);
      if (taken(existing, ctx.now)) return fail(`DB instance already exists: ${id}`);
      const sgs = parseList(get('VpcSecurityGroupIds'));
      const subnet = get('DBSubnetGroupName');
      const az = get('AvailabilityZone');
      const problem = networkProblem(ctx, subnet, sgs) ?? azProblem(ctx, az) ?? kmsProblem(ctx, get('KmsKeyId'));
      if (problem) return fail(problem);
      const arn = arnOf.instance(ctx, id);
      return {
        ok: true,
        created: { kind: 'db-instance', id, arn },
        install: (visibleAt, readyAt) => {
          const instance: DbInstance = {
            ...origin,
            id,
            arn,
            region: ctx.region.name,
            visibleAt,
            readyAt,
            resourceId: `db-${hex(26, 'res').toUpperCase()}`,
            engine: get('Engine') ?? p.engine,
            engineVersion: p.engineVersion,
            instanceClass: get('DBInstanceClass') ?? p.instanceClass,
            port: p.port,
            allocatedStorage: p.allocatedStorage,
            subnetGroup: subnet!,
            securityGroups: sgs,
            availabilityZone: az ?? `${ctx.region.name}a`,
            kmsKeyId: get('KmsKeyId'),
            readyStatus: unhealthy ? 'incompatible-restore' : 'available',
            endpointHash: hex(12, 'endpoint'),
            publiclyAccessible: isTrue(get('PubliclyAccessible')),
            database: database(p.database),
          };
          ctx.region.dbInstances.set(id, instance);
        },
      };
    }
    case 'DynamoDB': {
      const name = get('targetTableName') ?? p.tableName;
      const existing = ctx.region.tables.get(name);
      if (taken(existing, ctx.now)) return fail(`Table already exists: ${name}`);
      const problem = kmsProblem(ctx, get('kmsMasterKeyArn'));
      if (problem) return fail(problem);
      const arn = arnOf.table(ctx, name);
      return {
        ok: true,
        created: { kind: 'dynamodb-table', id: name, arn },
        install: (visibleAt, readyAt) => {
          let items = itemsAsOf(p.items, p.freshnessAttribute, p.keySchema, rp.dataAsOf);
          let itemCount = p.itemCount;
          if (dataFault && items.length > 0) {
            // The last key the plan names is the one missing.
            items = items.slice(0, -1);
            itemCount -= 1;
          } else if (dataFault) {
            itemCount = Math.floor((p.minItems ?? 0) * 0.9);
          }
          const table: Table = {
            ...origin,
            name,
            arn,
            region: ctx.region.name,
            visibleAt,
            readyAt,
            tableId: ctx.random.uuid(jobId, 'table').toLowerCase(),
            itemCount,
            sizeBytes: Math.round((p.sizeBytes * itemCount) / Math.max(1, p.itemCount)),
            readyStatus: unhealthy ? 'INACCESSIBLE_ENCRYPTION_CREDENTIALS' : 'ACTIVE',
            kmsMasterKeyArn: get('kmsMasterKeyArn'),
            keySchema: p.keySchema,
            items: new Map(items.map((item) => [itemKey(item, p.keySchema), item])),
          };
          ctx.region.tables.set(name, table);
        },
      };
    }
    case 'EBS': {
      const az = get('availabilityZone');
      if (!az) return fail('The request must contain the parameter AvailabilityZone');
      const problem = azProblem(ctx, az) ?? kmsProblem(ctx, get('kmsKeyId'));
      if (problem) return fail(problem);
      const id = `vol-${hex(17, 'volume')}`;
      const arn = arnOf.volume(ctx, id);
      return {
        ok: true,
        created: { kind: 'ebs-volume', id, arn },
        install: (visibleAt, readyAt) => {
          const volume: Volume = {
            ...origin,
            id,
            arn,
            region: ctx.region.name,
            visibleAt,
            readyAt,
            availabilityZone: az,
            sizeGiB: dataFault && p.minSizeGiB !== undefined ? smallerVolumeGiB(p.minSizeGiB)! : Number(get('volumeSize') ?? p.sizeGiB),
            volumeType: get('volumeType') ?? p.volumeType,
            iops: Number(get('iops') ?? p.iops),
            throughput: Number(get('throughput') ?? p.throughput),
            encrypted: get('encrypted') === undefined ? true : isTrue(get('encrypted')),
            kmsKeyId: get('kmsKeyId'),
            snapshotId: rp.arn.split('snapshot/')[1],
            readyState: unhealthy ? 'error' : 'available',
          };
          ctx.region.volumes.set(id, volume);
        },
      };
    }
    case 'EC2': {
      // Without a subnet EC2 launches into the default VPC, which this account does not have.
      const subnetId = get('subnetId');
      if (!subnetId) return fail('No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.');
      const subnet = ctx.region.subnets.get(subnetId);
      if (!subnet) return fail(`The subnet ID '${subnetId}' does not exist`);
      const sgs = parseList(get('securityGroupIds'));
      const missing = sgs.find((sg) => !ctx.region.securityGroups.has(sg));
      if (missing) return fail(`The security group '${missing}' does not exist in VPC '${subnet.vpcId}'`);
      const id = `i-${hex(17, 'instance')}`;
      const arn = arnOf.ec2Instance(ctx, id);
      return {
        ok: true,
        created: { kind: 'ec2-instance', id, arn },
        install: (visibleAt, jobEndAt) => {
          // The job completes once the instance is launched; it boots, then its status checks settle.
          const runningAt = jobEndAt + ctx.random.minutes(1, 3, 'instance-boot', jobId);
          const instance: Instance = {
            ...origin,
            id,
            arn,
            region: ctx.region.name,
            visibleAt,
            readyAt: runningAt,
            imageId: rp.arn.split('image/')[1] ?? `ami-${hex(17, 'ami')}`,
            instanceType: get('instanceType') ?? p.instanceType,
            subnetId,
            vpcId: subnet.vpcId,
            availabilityZone: subnet.availabilityZone,
            securityGroups: sgs,
            // Loopback: nothing in the simulation may look like a reachable address of a real network.
            privateIpAddress: '127.0.0.1',
            iamInstanceProfileName: get('iamInstanceProfileName'),
            statusSettledAt: runningAt + ctx.random.minutes(2, 5, 'status-checks', jobId),
            settledStatus: unhealthy ? 'impaired' : 'ok',
          };
          ctx.region.instances.set(id, instance);
          // Launched from the backup's AMI: one volume per block device mapping, with the AMI's DeleteOnTermination.
          for (const bdm of p.volumes) {
            const volumeId = `vol-${hex(17, 'instance-volume', bdm.deviceName)}`;
            const volume: Volume = {
              ...origin,
              id: volumeId,
              arn: arnOf.volume(ctx, volumeId),
              region: ctx.region.name,
              visibleAt,
              readyAt: visibleAt,
              availabilityZone: subnet.availabilityZone,
              sizeGiB: bdm.sizeGiB,
              volumeType: 'gp3',
              iops: 3000,
              throughput: 125,
              encrypted: true,
              readyState: 'available',
              attachment: { instanceId: id, deviceName: bdm.deviceName, deleteOnTermination: bdm.deleteOnTermination },
            };
            ctx.region.volumes.set(volumeId, volume);
          }
        },
      };
    }
    case 'EFS': {
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
      return {
        ok: true,
        created: { kind: 'efs-file-system', id, arn },
        install: (visibleAt, readyAt) => {
          const fs: FileSystem = {
            ...origin,
            id,
            arn,
            region: ctx.region.name,
            visibleAt,
            readyAt,
            creationToken: token,
            sizeBytes: dataFault && p.minSizeGiB !== undefined ? Math.floor((p.minSizeGiB * GiB) / 2) : p.sizeBytes,
            performanceMode: get('PerformanceMode') ?? p.performanceMode,
            encrypted: get('Encrypted') === undefined ? true : isTrue(get('Encrypted')),
            kmsKeyId: get('KmsKeyId'),
            readyState: unhealthy ? 'error' : 'available',
          };
          ctx.region.fileSystems.set(id, fs);
        },
      };
    }
    case 'S3': {
      const name = get('DestinationBucketName');
      if (!name) return fail('DestinationBucketName is required to restore an S3 recovery point.');
      const problem = kmsProblem(ctx, get('KMSKey'));
      if (problem) return fail(problem);
      const objects = unhealthy ? [] : dataFault ? withoutOne(p) : p.objects;
      const existing = ctx.world.buckets.get(name);
      const live = taken(existing, ctx.now) ? existing : undefined;
      if (isTrue(get('NewBucket'))) {
        if (live) {
          return fail(
            live.region === ctx.region.name
              ? 'BucketAlreadyOwnedByYou: Your previous request to create the named bucket succeeded and you already own it.'
              : 'BucketAlreadyExists: The requested bucket name is not available.',
          );
        }
        const arn = `arn:aws:s3:::${name}`;
        return {
          ok: true,
          created: { kind: 's3-bucket', id: name, arn },
          install: (_visibleAt, readyAt) => {
            const bucket: Bucket = { ...origin, name, region: ctx.region.name, arn, visibleAt: readyAt, readyAt, objects: new Map() };
            for (const o of objects) bucket.objects.set(o.key, { ...o, lastModified: readyAt });
            ctx.world.buckets.set(name, bucket);
          },
        };
      }
      if (!live || live.region !== ctx.region.name) return fail(`NoSuchBucket: The specified bucket does not exist (${name}).`);
      return {
        ok: true,
        created: { kind: 'existing', id: name, arn: live.arn },
        // Objects land when the job completes; restoring into an existing bucket leaves no new bucket behind.
        install: (_visibleAt, readyAt) => {
          for (const o of objects) live.objects.set(o.key, { ...o, lastModified: readyAt });
        },
      };
    }
  }
}

/** The validation-failed fault on S3 data checks: the last manifest object is missing, or one object too few. */
function withoutOne(p: Extract<Payload, { type: 'S3' }>): SimObject[] {
  const lost = p.manifest.at(-1);
  if (lost !== undefined) return p.objects.filter((o) => o.key !== lost);
  return [...p.objects].sort((a, b) => (a.key < b.key ? -1 : 1)).slice(0, Math.max(0, (p.minObjects ?? 0) - 1));
}
