// Seeds the account from a drill plan: the protected resources in the primary region, the source and DR vaults,
// three recovery points per target (the latest 2-10 h old, the others a day and two days older, deterministic per
// target id) plus, for Aurora, RDS and S3, a continuous recovery point begun after the latest snapshot, in the DR region the isolated DB subnet groups and security groups the plan names, the database
// secrets its SQL checks read, and the backup roles (IAM, global). What the resources hold satisfies the plan's data
// checks (content.ts).
import { BACKUP_RESOURCE_TYPES } from '../../lib/drill/resource-types';
import type { Plan, Target } from '../../lib/plan/schema';
import {
  atLeastBytes,
  atLeastGiB,
  databaseContent,
  itemCountFor,
  itemKey,
  itemsAsOf,
  manifestObjects,
  newLogin,
  secretNameOf,
  tableContent,
  type DatabaseLogin,
} from './content';
import { HOUR, type SimRandom } from './hash';
import { clusterHost, instanceHost } from './rds';
import {
  arnRegion,
  newRegion,
  vaultNameOf,
  type BackupResourceType,
  type Payload,
  type RecoveryPoint,
  type RegionState,
  type SimObject,
  type World,
} from './world';

const GiB = 1024 ** 3;
const LONG_AGO = Date.UTC(2020, 0, 1);

const RESOURCE_TYPES: Record<Target['type'], BackupResourceType> = BACKUP_RESOURCE_TYPES;

export function accountIdOf(plan: Plan): string {
  const account = plan.targets[0]?.sourceVault.split(':')[4];
  if (!account) throw new Error('seedFromPlan: the plan has no target to take the account id from');
  return account;
}

function regionOf(world: World, region: string, what: string): RegionState {
  const state = world.regions.get(region);
  if (!state) {
    throw new Error(`seedFromPlan: ${what} is in ${region}, which this simulated account does not have (regions: ${[...world.regions.keys()].join(', ')})`);
  }
  return state;
}

function ensureVault(world: World, random: SimRandom, arn: string): void {
  const region = regionOf(world, arnRegion(arn), `vault ${arn}`);
  const name = vaultNameOf(arn);
  if (region.vaults.has(name)) return;
  region.vaults.set(name, {
    name,
    arn,
    region: region.name,
    encryptionKeyArn: `arn:aws:kms:${region.name}:${world.accountId}:key/${random.uuid('vault-key', arn).toLowerCase()}`,
  });
}

const seeded = { createdByDrill: false, visibleAt: LONG_AGO, readyAt: LONG_AGO };

/** Creates the production resource a target protects and returns what its backups hold. */
function seedSource(
  world: World,
  random: SimRandom,
  region: RegionState,
  target: Target,
  login: DatabaseLogin | undefined,
  now: number,
): { payload: Payload; metadata: Record<string, string> } {
  const r = region.name;
  const key = target.id;
  const azs = ['a', 'b', 'c'].map((z) => `${r}${z}`);
  const sourceNetwork = (): { subnetGroup: string; sgs: string[] } => {
    const subnetGroup = `${target.id}-prod-db-subnets`;
    const sgs = [`sg-${random.hex(17, 'prod-sg', key)}`];
    region.dbSubnetGroups.set(subnetGroup, { vpcId: `vpc-${random.hex(17, 'prod-vpc', r)}`, subnets: azs.map((az) => `subnet-${random.hex(17, 'prod-subnet', key, az)}`) });
    sgs.forEach((sg) => region.securityGroups.add(sg));
    return { subnetGroup, sgs };
  };
  switch (target.type) {
    case 'aurora': {
      const clusterId = target.resourceArn.split(':cluster:')[1]!.toLowerCase();
      const { subnetGroup, sgs } = sourceNetwork();
      const mysql = target.validation?.engine === 'mysql';
      const payload: Payload = {
        type: 'Aurora',
        clusterId,
        engine: mysql ? 'aurora-mysql' : 'aurora-postgresql',
        engineVersion: mysql ? '8.0.mysql_aurora.3.08.0' : '15.4',
        port: mysql ? 3306 : 5432,
        databaseName: target.validation?.database ?? clusterId.replace(/-/g, '_'),
        database: login && databaseContent(target, login, random),
      };
      region.dbClusters.set(clusterId, {
        ...seeded,
        id: clusterId,
        arn: target.resourceArn,
        region: r,
        resourceId: `cluster-${random.hex(26, 'res', key).toUpperCase()}`,
        engine: payload.engine,
        engineVersion: payload.engineVersion,
        port: payload.port,
        databaseName: payload.databaseName,
        subnetGroup,
        securityGroups: sgs,
        availabilityZones: azs,
        readyStatus: 'available',
        endpointHash: random.hex(12, 'endpoint', key),
      });
      const writer = `${clusterId}-instance-1`;
      region.dbInstances.set(writer, {
        ...seeded,
        id: writer,
        arn: `arn:aws:rds:${r}:${world.accountId}:db:${writer}`,
        region: r,
        resourceId: `db-${random.hex(26, 'res-writer', key).toUpperCase()}`,
        clusterId,
        engine: payload.engine,
        engineVersion: payload.engineVersion,
        instanceClass: 'db.r6g.large',
        port: payload.port,
        allocatedStorage: 1,
        subnetGroup,
        securityGroups: sgs,
        availabilityZone: azs[0]!,
        readyStatus: 'available',
        endpointHash: random.hex(12, 'endpoint-writer', key),
        publiclyAccessible: false,
      });
      return {
        payload,
        metadata: {
          DBClusterIdentifier: clusterId,
          Engine: payload.engine,
          EngineVersion: payload.engineVersion,
          EngineMode: 'provisioned',
          Port: String(payload.port),
          DatabaseName: payload.databaseName,
          DBSubnetGroupName: subnetGroup,
          VpcSecurityGroupIds: JSON.stringify(sgs),
          AvailabilityZones: JSON.stringify(azs),
          StorageEncrypted: 'true',
        },
      };
    }
    case 'rds': {
      const instanceId = target.resourceArn.split(':db:')[1]!.toLowerCase();
      const { subnetGroup, sgs } = sourceNetwork();
      const mysql = target.validation?.engine === 'mysql';
      const payload: Payload = {
        type: 'RDS',
        instanceId,
        engine: mysql ? 'mysql' : 'postgres',
        engineVersion: mysql ? '8.0.40' : '16.4',
        port: mysql ? 3306 : 5432,
        instanceClass: 'db.t4g.medium',
        allocatedStorage: 100,
        database: login && databaseContent(target, login, random),
      };
      region.dbInstances.set(instanceId, {
        ...seeded,
        id: instanceId,
        arn: target.resourceArn,
        region: r,
        resourceId: `db-${random.hex(26, 'res', key).toUpperCase()}`,
        engine: payload.engine,
        engineVersion: payload.engineVersion,
        instanceClass: payload.instanceClass,
        port: payload.port,
        allocatedStorage: payload.allocatedStorage,
        subnetGroup,
        securityGroups: sgs,
        availabilityZone: azs[0]!,
        readyStatus: 'available',
        endpointHash: random.hex(12, 'endpoint', key),
        publiclyAccessible: false,
      });
      return {
        payload,
        metadata: {
          DBInstanceIdentifier: instanceId,
          DBInstanceClass: payload.instanceClass,
          Engine: payload.engine,
          EngineVersion: payload.engineVersion,
          Port: String(payload.port),
          DBSubnetGroupName: subnetGroup,
          VpcSecurityGroupIds: JSON.stringify(sgs),
          AvailabilityZone: azs[0]!,
          MultiAZ: 'false',
          StorageType: 'gp3',
          AllocatedStorage: String(payload.allocatedStorage),
        },
      };
    }
    case 'dynamodb': {
      const tableName = target.resourceArn.split(':table/')[1]!;
      const content = tableContent(target, random);
      const itemCount = itemCountFor(random, key, content);
      const payload: Payload = { type: 'DynamoDB', tableName, itemCount, sizeBytes: itemCount * random.int(200, 800, 'item-size', key), ...content };
      const items = itemsAsOf(content.items, content.freshnessAttribute, content.keySchema, now);
      region.tables.set(tableName, {
        ...seeded,
        name: tableName,
        arn: target.resourceArn,
        region: r,
        tableId: random.uuid('table', key).toLowerCase(),
        itemCount,
        sizeBytes: payload.sizeBytes,
        readyStatus: 'ACTIVE',
        keySchema: content.keySchema,
        items: new Map(items.map((item) => [itemKey(item, content.keySchema), item])),
      });
      return { payload, metadata: { targetTableName: tableName, encryptionType: 'Default', deletionProtection: 'false' } };
    }
    case 'ebs': {
      const volumeId = target.resourceArn.split('volume/')[1]!;
      const minSizeGiB = target.validation?.minSizeGiB;
      const sizeGiB = atLeastGiB(random.int(50, 500, 'volume-size', key), minSizeGiB);
      const payload: Payload = { type: 'EBS', volumeId, sizeGiB, volumeType: 'gp3', iops: 3000, throughput: 125, minSizeGiB };
      region.volumes.set(volumeId, {
        ...seeded,
        id: volumeId,
        arn: target.resourceArn,
        region: r,
        availabilityZone: azs[0]!,
        sizeGiB,
        volumeType: 'gp3',
        iops: 3000,
        throughput: 125,
        encrypted: true,
        readyState: 'available',
      });
      return {
        payload,
        metadata: { availabilityZone: azs[0]!, encrypted: 'true', volumeType: 'gp3', volumeSize: String(sizeGiB), iops: '3000', throughput: '125' },
      };
    }
    case 'ec2': {
      const instanceId = target.resourceArn.split('instance/')[1]!;
      // A root volume attached at launch (deleted with the instance) and a data volume attached after launch
      // (preserved): EC2's defaults ("Preserve data when an instance is terminated"), which the AMI records.
      const payload: Payload = {
        type: 'EC2',
        instanceId,
        instanceType: 'm6i.large',
        imageId: `ami-${random.hex(17, 'source-ami', key)}`,
        volumes: [
          { deviceName: '/dev/xvda', sizeGiB: random.int(8, 30, 'root-size', key), deleteOnTermination: true },
          { deviceName: '/dev/sdf', sizeGiB: random.int(50, 200, 'data-size', key), deleteOnTermination: false },
        ],
      };
      const subnetId = `subnet-${random.hex(17, 'prod-subnet', key)}`;
      const vpcId = `vpc-${random.hex(17, 'prod-vpc', r)}`;
      const sg = `sg-${random.hex(17, 'prod-sg', key)}`;
      region.instances.set(instanceId, {
        ...seeded,
        id: instanceId,
        arn: target.resourceArn,
        region: r,
        imageId: payload.imageId,
        instanceType: payload.instanceType,
        subnetId,
        vpcId,
        availabilityZone: azs[0]!,
        securityGroups: [sg],
        privateIpAddress: '127.0.0.1',
        iamInstanceProfileName: `${target.id}-prod-profile`,
        statusSettledAt: LONG_AGO,
        settledStatus: 'ok',
      });
      // Shaped like the RunInstances settings AWS Backup records: every network setting names the source's VPC.
      return {
        payload,
        metadata: {
          InstanceType: payload.instanceType,
          SubnetId: subnetId,
          SecurityGroupIds: JSON.stringify([sg]),
          AvailabilityZone: azs[0]!,
          Placement: JSON.stringify({ AvailabilityZone: azs[0]!, Tenancy: 'default' }),
          KeyName: `${target.id}-prod-key`,
          IamInstanceProfileName: `${target.id}-prod-profile`,
          NetworkInterfaces: JSON.stringify([{ DeviceIndex: 0, SubnetId: subnetId, Groups: [sg], AssociatePublicIpAddress: true }]),
          DisableApiTermination: 'true',
          EbsOptimized: 'true',
        },
      };
    }
    case 'efs': {
      const fileSystemId = target.resourceArn.split('file-system/')[1]!;
      const creationToken = `${target.id}-prod`;
      const minSizeGiB = target.validation?.minSizeGiB;
      const sizeBytes = atLeastBytes(random.int(1, 200, 'efs-size', key) * GiB, minSizeGiB);
      const payload: Payload = { type: 'EFS', fileSystemId, creationToken, sizeBytes, performanceMode: 'generalPurpose', minSizeGiB };
      region.fileSystems.set(fileSystemId, {
        ...seeded,
        id: fileSystemId,
        arn: target.resourceArn,
        region: r,
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
    }
    case 's3': {
      const bucket = target.resourceArn.slice('arn:aws:s3:::'.length);
      const minObjects = target.validation?.minObjects;
      const count = Math.max(random.int(5, 25, 'objects', key), minObjects ?? 0);
      const generated: SimObject[] = Array.from({ length: count }, (_, i) => ({
        key: `exports/part-${String(i + 1).padStart(4, '0')}.parquet`,
        size: random.int(10_000, 50_000_000, 'object-size', key, String(i)),
        etag: `"${random.hex(32, 'etag', key, String(i))}"`,
        lastModified: LONG_AGO,
      }));
      const manifest = manifestObjects(target, random, LONG_AGO);
      const byKey = new Map([...generated, ...manifest].map((o) => [o.key, o]));
      world.buckets.set(bucket, { ...seeded, name: bucket, region: r, arn: target.resourceArn, objects: byKey });
      return {
        payload: { type: 'S3', bucket, objects: [...byKey.values()], manifest: manifest.map((o) => o.key), minObjects },
        metadata: { DestinationBucketName: bucket, NewBucket: 'false', Encrypted: 'true', EncryptionType: 'SSE-S3' },
      };
    }
  }
}

function recoveryPointArn(world: World, random: SimRandom, region: string, target: Target, n: number): string {
  const uuid = random.uuid('rp', target.id, String(n));
  switch (target.type) {
    case 'aurora':
      return `arn:aws:rds:${region}:${world.accountId}:cluster-snapshot:awsbackup:job-${uuid.toLowerCase()}`;
    case 'rds':
      return `arn:aws:rds:${region}:${world.accountId}:snapshot:awsbackup:job-${uuid.toLowerCase()}`;
    case 'ebs':
      return `arn:aws:ec2:${region}::snapshot/snap-${random.hex(17, 'snap', target.id, String(n))}`;
    case 'ec2':
      return `arn:aws:ec2:${region}::image/ami-${random.hex(17, 'ami', target.id, String(n))}`;
    default:
      return `arn:aws:backup:${region}:${world.accountId}:recovery-point:${uuid}`;
  }
}

function sizeOf(payload: Payload, random: SimRandom, key: string): number {
  switch (payload.type) {
    case 'Aurora':
      return random.int(50, 500, 'size', key) * GiB;
    case 'RDS':
      return random.int(20, payload.allocatedStorage, 'size', key) * GiB;
    case 'DynamoDB':
      return payload.sizeBytes;
    case 'EBS':
      return Math.round(payload.sizeGiB * 0.6 * GiB);
    case 'EFS':
      return payload.sizeBytes;
    case 'EC2':
      return random.int(8, 100, 'size', key) * GiB;
    case 'S3':
      return payload.objects.reduce((sum, o) => sum + o.size, 0);
  }
}

export function seedWorld(world: World, plan: Plan, random: SimRandom, now: number): void {
  const primary = regionOf(world, plan.regions.primary, 'the plan\'s primary region');
  const dr = regionOf(world, plan.regions.dr, 'the plan\'s DR region');
  for (const target of plan.targets) {
    ensureVault(world, random, target.sourceVault);
    ensureVault(world, random, target.drVault);
    ensureRole(world, random, target.backupRoleArn);
    if (target.type === 'aurora' || target.type === 'rds') {
      dr.dbSubnetGroups.set(target.restore.dbSubnetGroupName, {
        vpcId: `vpc-${random.hex(17, 'dr-vpc', dr.name)}`,
        subnets: ['a', 'b', 'c'].map((z) => `subnet-${random.hex(17, 'dr-subnet', target.restore.dbSubnetGroupName, z)}`),
      });
      target.restore.vpcSecurityGroupIds.forEach((sg) => dr.securityGroups.add(sg));
    }
    if (target.type === 'ec2') {
      dr.subnets.set(target.restore.subnetId, { vpcId: `vpc-${random.hex(17, 'dr-vpc', dr.name)}`, availabilityZone: `${dr.name}a` });
      target.restore.securityGroupIds.forEach((sg) => dr.securityGroups.add(sg));
    }
    const home = arnRegion(target.resourceArn) || primary.name;
    const secretArn = (target.type === 'aurora' || target.type === 'rds') && target.validation ? target.validation.secretArn : undefined;
    const login = secretArn ? loginOf(world, random, secretArn) : undefined;
    const source = regionOf(world, home, `target ${target.id}`);
    const { payload, metadata } = seedSource(world, random, source, target, login, now);
    if (secretArn && login && (payload.type === 'Aurora' || payload.type === 'RDS')) seedSecret(world, random, secretArn, login, payload, source);
    const vaultRegion = regionOf(world, arnRegion(target.sourceVault), `vault ${target.sourceVault}`);
    const latestAge = random.between(2 * HOUR, 10 * HOUR, 'latest-age', target.id);
    for (let n = 0; n < 3; n++) {
      const creationDate = Math.round(now - latestAge - n * 24 * HOUR);
      const completionDate = creationDate + random.minutes(10, 40, 'backup-duration', target.id, String(n));
      const rp: RecoveryPoint = {
        arn: recoveryPointArn(world, random, vaultRegion.name, target, n),
        region: vaultRegion.name,
        vaultName: vaultNameOf(target.sourceVault),
        resourceArn: target.resourceArn,
        resourceType: RESOURCE_TYPES[target.type],
        creationDate,
        completionDate,
        dataAsOf: creationDate,
        sizeBytes: sizeOf(payload, random, `${target.id}:${n}`),
        iamRoleArn: target.backupRoleArn,
        restoreMetadata: metadata,
        payload,
        visibleAt: creationDate,
        readyAt: completionDate,
        createdByDrill: false,
        targetId: target.id,
      };
      vaultRegion.recoveryPoints.set(rp.arn, rp);
    }
    if (CONTINUOUS_TYPES.has(target.type)) {
      // A continuous recovery point beside the snapshots, as a backup plan with both rules keeps ("we recommend that
      // you protect your resources with both continuous and snapshot backup rules", AWS Backup Developer Guide,
      // "Continuous backups and point-in-time restore (PITR)"). Its CreationDate is when continuous backup began; a
      // STOPPED one is replaced by a new continuous recovery point at the next run of the rule (SDK model,
      // RecoveryPointByBackupVault.Status), so here it began after the newest snapshot: the newest by CreationDate
      // is the one recovery point the drill cannot copy. Its ARN carries AWS Backup's "recovery-point:continuous:" form.
      const creationDate = Math.round(now - latestAge / 2);
      const arn = `arn:aws:backup:${vaultRegion.name}:${world.accountId}:recovery-point:continuous:${target.id}-${random.hex(8, 'continuous', target.id)}`;
      vaultRegion.recoveryPoints.set(arn, {
        arn,
        region: vaultRegion.name,
        vaultName: vaultNameOf(target.sourceVault),
        resourceArn: target.resourceArn,
        resourceType: RESOURCE_TYPES[target.type],
        creationDate,
        completionDate: creationDate + random.minutes(10, 40, 'continuous-duration', target.id),
        dataAsOf: creationDate,
        sizeBytes: sizeOf(payload, random, `${target.id}:continuous`),
        iamRoleArn: target.backupRoleArn,
        restoreMetadata: metadata,
        payload,
        visibleAt: creationDate,
        readyAt: creationDate,
        createdByDrill: false,
        targetId: target.id,
        continuous: true,
      });
    }
  }
}

/** What AWS Backup takes continuous backups of (Developer Guide, "Continuous backups and point-in-time restore"). */
const CONTINUOUS_TYPES: ReadonlySet<Target['type']> = new Set(['aurora', 'rds', 's3']);

/** Two targets may share a secret: the second gets the login the first one's secret already holds. */
function loginOf(world: World, random: SimRandom, secretArn: string): DatabaseLogin {
  const existing = world.regions.get(arnRegion(secretArn))?.secrets.get(secretArn);
  if (!existing) return newLogin(random, secretArn);
  const { username, password } = JSON.parse(existing.secretString) as DatabaseLogin;
  return { username, password };
}

/**
 * The secret the plan's SQL checks read, shaped like the one RDS's console creates for a database. Its host is the
 * production endpoint, as in a real account: the checks connect to the restored endpoint with its credentials.
 */
function seedSecret(
  world: World,
  random: SimRandom,
  arn: string,
  login: DatabaseLogin,
  payload: Extract<Payload, { type: 'Aurora' | 'RDS' }>,
  source: RegionState,
): void {
  const region = regionOf(world, arnRegion(arn), `secret ${arn}`);
  if (region.secrets.has(arn)) return;
  const host =
    payload.type === 'Aurora' ? clusterHost(source.dbClusters.get(payload.clusterId)!) : instanceHost(source.dbInstances.get(payload.instanceId)!);
  const secretString = JSON.stringify({
    username: login.username,
    password: login.password,
    engine: payload.engine.includes('mysql') ? 'mysql' : 'postgres',
    host,
    port: payload.port,
    dbname: payload.database?.name,
  });
  region.secrets.set(arn, { arn, name: secretNameOf(arn), versionId: random.uuid('secret-version', arn).toLowerCase(), secretString, createdAt: LONG_AGO });
}

export function newWorld(accountId: string, regions: readonly string[]): World {
  return { accountId, regions: new Map(regions.map((r) => [r, newRegion(r)])), buckets: new Map(), roles: new Map() };
}

/** The role AWS Backup assumes for the target's copy and restore, trusting backup.amazonaws.com as AWS's default does. */
function ensureRole(world: World, random: SimRandom, arn: string): void {
  const match = /^arn:aws[a-z-]*:iam::\d{12}:role(\/(?:.*\/)?)([^/]+)$/.exec(arn);
  if (!match || world.roles.has(match[2]!)) return;
  world.roles.set(match[2]!, {
    arn,
    name: match[2]!,
    path: match[1]!,
    roleId: `AROA${random.hex(17, 'role', arn).toUpperCase()}`,
    trustedServices: ['backup.amazonaws.com'],
    createdAt: LONG_AGO,
  });
}
