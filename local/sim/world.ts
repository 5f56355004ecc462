// The state of the simulated account: what exists in each region, and when. Nothing here runs on a timer: every
// entity carries the virtual times at which it appears, becomes ready and disappears, and callers read its state
// at clock.now().
import type { CreatedKind } from '../../lib/sweep/contracts';
import type { FailoverWorld } from './failover-world';
import type { NotificationsWorld } from './sns';
import type { BackupResourceType, Payload } from './target-sims';

/** When an entity exists. Before visibleAt it does not exist; from goneAt it no longer does. */
export interface Lifecycle {
  visibleAt: number;
  readyAt: number;
  deleteRequestedAt?: number;
  goneAt?: number;
}

export type Phase = 'absent' | 'creating' | 'ready' | 'deleting' | 'gone';

export function phaseAt(l: Lifecycle, now: number): Phase {
  if (now < l.visibleAt) return 'absent';
  if (l.goneAt !== undefined && now >= l.goneAt) return 'gone';
  if (l.deleteRequestedAt !== undefined && now >= l.deleteRequestedAt) return 'deleting';
  return now < l.readyAt ? 'creating' : 'ready';
}

export const exists = (l: Lifecycle, now: number): boolean => {
  const p = phaseAt(l, now);
  return p !== 'absent' && p !== 'gone';
};

/** Who made it: seeded production resources are not the drill's to leave behind. */
export interface Origin {
  createdByDrill: boolean;
  targetId?: string;
  /** The restore job or call that made it, for debugging. */
  createdBy?: string;
}

/**
 * What a recovery point holds, enough to restore a resource like the one backed up. The optional parts exist when
 * the plan gives the target data checks: they are seeded so that a healthy restore passes them. Each target type
 * declares its member in its sim.ts; the union (and AWS Backup's resource types, the members' tags) comes from the
 * registry of sims.
 */
export type { BackupResourceType, Payload };

/**
 * An EBS volume of a backed-up instance, as the backup's AMI maps it: a restored instance gets one of each, deleted
 * with the instance only when DeleteOnTermination is true ("Preserve data when an instance is terminated", EC2 User
 * Guide: a root volume attached at launch defaults to delete, a data volume attached after launch to preserve; "The
 * DeleteOnTermination attribute can be set by the creator of an AMI").
 */
export interface InstanceVolume {
  deviceName: string;
  sizeGiB: number;
  deleteOnTermination: boolean;
}

export interface SimObject {
  key: string;
  size: number;
  etag: string;
  lastModified: number;
  /** Content, for objects the drill itself writes (its plan and results); restored data keeps only its size. */
  body?: string;
  /** Base64 SHA-256 of the content, as S3 stores it when the object was uploaded with a checksum. */
  checksumSha256?: string;
}

/** A PostgreSQL or MySQL database inside a recovery point, as far as the plan's SQL checks can see it. */
export interface DatabaseContent {
  engine: 'postgres' | 'mysql';
  /** The database the checks connect to (the plan's `validation.database`). */
  name: string;
  /** The read-only login the plan's secret holds. */
  username: string;
  password: string;
  /** Makes the generated rows differ between sources and seeds, and repeat exactly for the same ones. */
  dataKey: string;
}

/** A restored database: its recovery point's content, as of when the backup captured it. */
export interface RestoredDatabase extends DatabaseContent {
  /** The source recovery point's creation time: the newest rows were written shortly before. */
  dataAsOf: number;
  /** The validation-failed fault: the writes of this many days before dataAsOf are missing (0 when healthy). */
  missingDays: number;
}

export type AttributeValue = { S: string } | { N: string };
export type Item = Record<string, AttributeValue>;

export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
  keyType: 'HASH' | 'RANGE';
}

/** An item whose freshness attribute is written `ageMs` before the backup that holds it. */
export interface SeededItem {
  item: Item;
  ageMs: number;
}

export interface Vault {
  name: string;
  arn: string;
  region: string;
  encryptionKeyArn: string;
  /** The owning account when it is not the simulated account's own (a plan's accounts.vaults, cross-account.ts). */
  accountId?: string;
  /** AWS Backup's VaultType; a vault without one is a standard BACKUP_VAULT. */
  vaultType?: 'BACKUP_VAULT' | 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT';
  /** The vault access policy (a resource policy), when the vault has one. */
  accessPolicy?: import('../stack/template').PolicyDocument;
}

/**
 * An AWS Backup plan as GetBackupPlan answers it: its rules, and where each rule's copy actions copy to (issue 13:
 * whether the backup plan copies a resource's recovery points to the DR vault).
 */
export interface BackupPlanRecord {
  id: string;
  arn: string;
  name: string;
  versionId: string;
  createdAt: number;
  rules: { ruleId: string; ruleName: string; targetVaultName: string; schedule: string; copyTo: string[] }[];
}

export interface RecoveryPoint extends Lifecycle, Origin {
  arn: string;
  /** The backup plan rule that made it (DescribeRecoveryPoint's CreatedBy); absent for an on-demand backup or a drill's copy. */
  backupPlanRule?: { planId: string; planArn: string; planVersion: string; ruleId: string };
  region: string;
  vaultName: string;
  resourceArn: string;
  resourceType: BackupResourceType;
  creationDate: number;
  completionDate: number;
  sizeBytes: number;
  iamRoleArn: string;
  sourceVaultArn?: string;
  /** When the data was captured: the source recovery point's creation time, which a copy keeps. */
  dataAsOf: number;
  /** Configuration at backup time, as GetRecoveryPointRestoreMetadata returns it. */
  restoreMetadata: Record<string, string>;
  payload: Payload;
  /** A continuous backup (point-in-time recovery): AWS Backup will not copy it on demand (StartCopyJob). */
  continuous?: boolean;
}

export interface CopyJob {
  id: string;
  region: string;
  targetId?: string;
  sourceRecoveryPointArn: string;
  sourceVaultArn: string;
  destinationVaultArn: string;
  destinationRecoveryPointArn: string;
  resourceArn: string;
  resourceType: BackupResourceType;
  iamRoleArn: string;
  sizeBytes: number;
  createdAt: number;
  runningAt: number;
  endAt: number;
  outcome: 'COMPLETED' | 'FAILED';
  statusMessage?: string;
  idempotencyToken?: string;
  /** The account the job runs in (the source vault's), when it is not the simulated account's own. */
  accountId?: string;
}

/**
 * What a successful restore makes: a key into one of the region's resource maps, of a kind the drill creates (a new
 * type's restore that creates a new kind names it in lib/sweep/contracts.ts), or `existing` when it restored into
 * something that already existed (EFS in place, an existing S3 bucket).
 */
export interface CreatedRef {
  kind: Exclude<CreatedKind, 'recovery-point'> | 'existing';
  id: string;
  arn: string;
}

export interface RestoreJob {
  id: string;
  region: string;
  targetId?: string;
  recoveryPointArn: string;
  recoveryPointCreationDate: number;
  vaultArn: string;
  sourceResourceArn: string;
  resourceType: BackupResourceType;
  iamRoleArn?: string;
  sizeBytes: number;
  createdAt: number;
  runningAt: number;
  endAt: number;
  expectedMinutes: number;
  outcome: 'COMPLETED' | 'FAILED';
  statusMessage?: string;
  created?: CreatedRef;
  idempotencyToken?: string;
}

export interface DbCluster extends Lifecycle, Origin {
  id: string;
  arn: string;
  region: string;
  resourceId: string;
  engine: string;
  engineVersion: string;
  port: number;
  databaseName: string;
  subnetGroup: string;
  securityGroups: string[];
  availabilityZones: string[];
  kmsKeyId?: string;
  /** The status once ready. */
  readyStatus: 'available';
  endpointHash: string;
  /** Restored clusters of a target with SQL checks; its instances serve it. */
  database?: RestoredDatabase;
  /** A member of an Aurora global database (failover-world.ts says which member writes, and when). */
  globalClusterId?: string;
  /** The RDS Data API's HTTP endpoint: off unless EnableHttpEndpoint turned it on (a restore never does). */
  httpEndpointEnabled?: boolean;
  /** What a cluster queried without SQL holds (DocumentDB, Neptune), kept by its type's sim.ts, which answers its data port. */
  store?: ClusterStore;
}

/** A non-SQL cluster's data as counts by name (documents per "database.collection", nodes per label), and who may read it. */
export interface ClusterStore {
  counts: Record<string, number>;
  /** The user the plan's secret holds (DocumentDB): another login is refused. */
  login?: { username: string; password: string };
  /** IAM database authentication (Neptune): unsigned requests are refused. */
  iamAuth?: boolean;
  /** The plan checks this data against minimums, so the validation-failed fault shows in it, not in unhealthy instances. */
  checked: boolean;
}

export interface DbInstance extends Lifecycle, Origin {
  id: string;
  arn: string;
  region: string;
  resourceId: string;
  clusterId?: string;
  engine: string;
  engineVersion: string;
  instanceClass: string;
  port: number;
  allocatedStorage: number;
  subnetGroup: string;
  securityGroups: string[];
  availabilityZone: string;
  kmsKeyId?: string;
  readyStatus: 'available' | 'incompatible-restore';
  endpointHash: string;
  publiclyAccessible: boolean;
  /** Restored RDS instances of a target with SQL checks (an Aurora instance serves its cluster's). */
  database?: RestoredDatabase;
}

export interface DbSnapshot extends Lifecycle, Origin {
  id: string;
  arn: string;
  region: string;
  kind: 'db-cluster-snapshot' | 'db-snapshot';
}

export interface Table extends Lifecycle, Origin {
  name: string;
  arn: string;
  region: string;
  tableId: string;
  itemCount: number;
  sizeBytes: number;
  readyStatus: 'ACTIVE' | 'INACCESSIBLE_ENCRYPTION_CREDENTIALS';
  kmsMasterKeyArn?: string;
  keySchema: KeyAttribute[];
  /** By itemKey(): only the items the plan names are held; itemCount stands for the rest. */
  items: Map<string, Item>;
}

export interface FileSystem extends Lifecycle, Origin {
  id: string;
  arn: string;
  region: string;
  creationToken: string;
  sizeBytes: number;
  performanceMode: string;
  encrypted: boolean;
  kmsKeyId?: string;
  readyState: 'available' | 'error';
}

export interface Volume extends Lifecycle, Origin {
  id: string;
  arn: string;
  region: string;
  availabilityZone: string;
  sizeGiB: number;
  volumeType: string;
  iops: number;
  throughput: number;
  encrypted: boolean;
  kmsKeyId?: string;
  snapshotId?: string;
  readyState: 'available' | 'error';
  /** Attached to an instance while it exists; then deleted with it (deleteOnTermination) or left available. */
  attachment?: { instanceId: string; deviceName: string; deleteOnTermination: boolean };
}

/**
 * An EC2 instance. Lifecycle phases map to instance states: creating = pending, ready = running (readyAt is when
 * it starts running), deleting = shutting-down, gone = terminated (still described until terminatedVisibleUntil).
 */
export interface Instance extends Lifecycle, Origin {
  id: string;
  arn: string;
  region: string;
  imageId: string;
  instanceType: string;
  subnetId: string;
  vpcId: string;
  availabilityZone: string;
  securityGroups: string[];
  privateIpAddress: string;
  iamInstanceProfileName?: string;
  /** When the status checks stop "initializing". */
  statusSettledAt: number;
  /** The status checks' answer once settled. */
  settledStatus: 'ok' | 'impaired';
}

export interface Bucket extends Lifecycle, Origin {
  name: string;
  region: string;
  arn: string;
  objects: Map<string, SimObject>;
}

/** An IAM role (IAM is global: one map for the account). Only what GetRole says about it. */
export interface Role {
  arn: string;
  name: string;
  /** "/" or "/service-role/": part of the ARN, not of the name GetRole takes. */
  path: string;
  roleId: string;
  /** Service principals the trust policy lets assume the role: backup.amazonaws.com for AWS Backup's role. */
  trustedServices: string[];
  createdAt: number;
}

/**
 * A VPC route table: its routes (a destination and a target as DescribeRouteTables names them: GatewayId igw-/local,
 * NatGatewayId...) and its associations, the VPC's main one or explicit subnets.
 */
export interface SimRouteTable {
  id: string;
  vpcId: string;
  main: boolean;
  subnetIds: string[];
  routes: { destination: string; target: { GatewayId: string } | { NatGatewayId: string } }[];
}

/** A Secrets Manager secret (one version, AWSCURRENT). */
export interface Secret {
  arn: string;
  name: string;
  versionId: string;
  secretString: string;
  createdAt: number;
}

export interface RegionState {
  name: string;
  vaults: Map<string, Vault>;
  /** AWS Backup plans by id. */
  backupPlans: Map<string, BackupPlanRecord>;
  recoveryPoints: Map<string, RecoveryPoint>;
  copyJobs: Map<string, CopyJob>;
  restoreJobs: Map<string, RestoreJob>;
  dbClusters: Map<string, DbCluster>;
  dbInstances: Map<string, DbInstance>;
  dbSnapshots: Map<string, DbSnapshot>;
  dbSubnetGroups: Map<string, { vpcId: string; subnets: string[] }>;
  securityGroups: Set<string>;
  tables: Map<string, Table>;
  fileSystems: Map<string, FileSystem>;
  volumes: Map<string, Volume>;
  instances: Map<string, Instance>;
  /** Subnet id to its VPC: only the subnets the plan names exist (there is no default VPC). */
  subnets: Map<string, { vpcId: string; availabilityZone: string }>;
  /** Route tables by id: what `dr-drill plan init` reads to tell an isolated subnet from one with a route out (vpc-network.ts). */
  routeTables: Map<string, SimRouteTable>;
  /** The VPC of each security group whose VPC is known (DescribeSecurityGroups VpcId). */
  securityGroupVpcs: Map<string, string>;
  /** By ARN. */
  secrets: Map<string, Secret>;
  /** Tags by resource ARN, for the resources of this region. */
  tags: Map<string, Map<string, string>>;
}

export function newRegion(name: string): RegionState {
  return {
    name,
    vaults: new Map(),
    backupPlans: new Map(),
    recoveryPoints: new Map(),
    copyJobs: new Map(),
    restoreJobs: new Map(),
    dbClusters: new Map(),
    dbInstances: new Map(),
    dbSnapshots: new Map(),
    dbSubnetGroups: new Map(),
    securityGroups: new Set(),
    tables: new Map(),
    fileSystems: new Map(),
    volumes: new Map(),
    instances: new Map(),
    subnets: new Map(),
    routeTables: new Map(),
    securityGroupVpcs: new Map(),
    secrets: new Map(),
    tags: new Map(),
  };
}

export interface World {
  accountId: string;
  regions: Map<string, RegionState>;
  /** S3 bucket names are global; each bucket lives in one region. */
  buckets: Map<string, Bucket>;
  /** IAM roles by name: IAM is global, so any region's client finds them. */
  roles: Map<string, Role>;
  /** The failover drill's side of the account, when the plan has a failover block (failover-seed.ts). */
  failover?: FailoverWorld;
  /** The deployment's SNS topics and what was published to them, once a topic is created (sns.ts). */
  notifications?: NotificationsWorld;
  /** The other accounts of a plan that names its accounts (cross-account.ts); `accountId` is then the recovery account. */
  accounts?: AccountsWorld;
}

/** How far a RAM share of a vault reaches one principal account (RAM's ResourceShareAssociation status). */
export type ShareStatus = 'ASSOCIATING' | 'ASSOCIATED' | 'FAILED' | 'DISASSOCIATING' | 'DISASSOCIATED';

export interface AccountsWorld {
  recovery: string;
  /** RAM shares of logically air-gapped vaults: each principal account's association status, by vault ARN. */
  shares: Map<string, Map<string, ShareStatus>>;
  /** Roles of other accounts that callers may assume (STS AssumeRole): their policies and trust policy, by ARN. */
  roles: Map<string, { role: import('../stack/template').Role; trust: import('../stack/template').PolicyDocument }>;
  /** Sessions STS handed out: the assumed role's ARN by access key id. */
  /** STS sessions by AccessKeyId; `policy` is the session policy AssumeRole was given (it narrows the role's). */
  sessions: Map<string, { roleArn: string; sessionName: string; expiresAt: number; policy?: import('../stack/template').PolicyDocument }>;
  /** AWS Organizations' cross-account backup (isCrossAccountBackupEnabled in the management account). */
  crossAccountBackup: boolean;
}

/** The region an ARN names (empty for global ARNs such as S3 buckets). */
export const arnRegion = (arn: string): string => arn.split(':')[3] ?? '';

/** Vault name from arn:aws:backup:<region>:<account>:backup-vault:<name>. */
export const vaultNameOf = (arn: string): string => arn.split(':backup-vault:')[1] ?? '';

export const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

/** Drops undefined members so outputs only carry what is set. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
