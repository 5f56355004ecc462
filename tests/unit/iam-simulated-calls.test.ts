// The packaged roles under an IAM policy simulator (@cloud-copilot/iam-simulate): the calls a drill makes are
// allowed in the allowed regions; the same calls in another region, deletes of what the drill did not create, and
// anything a role has no business doing are denied. Template ARNs are resolved for account 111122223333 in
// eu-west-2 (the DR region of the deployed plan; its primary is eu-west-1).
import { loadPackagedTemplate } from './packaged-template';
import { ACCOUNT, decide, Resolver, rolesOf, type Call, type Decision, type Role, type Template } from './iam-template';

let roles: Map<string, Role>;
let resolver: Resolver;
beforeAll(() => {
  const template = loadPackagedTemplate() as unknown as Template;
  roles = new Map(rolesOf(template).map((r) => [r.id, r]));
  resolver = new Resolver(template);
}, 180_000);

const A = ACCOUNT;
const DR = 'eu-west-2';
const PRIMARY = 'eu-west-1';
const OUTSIDE = ['us-east-1', 'eu-central-1'];
const TAGGED = { 'aws:ResourceTag/dr-drill:drill-id': 'nhs-patient-platform-20260601t020000z' };
const DRILL_TAG = { 'aws:TagKeys': ['dr-drill:drill-id', 'dr-drill:target', 'dr-drill:execution'] };
const fn = (name: string) => `${name}IamRoleLambdaExecution`;

/** A resource named in the template, resolved when the test runs. */
type Arn = string | ((r: Resolver, region: string) => string);
interface Case extends Omit<Call, 'resource'> {
  role: string;
  resource: Arn;
  why: string;
}

// A drill's calls: each is denied in every region outside the plan's (the local run proves them allowed where made).
const DRILL_CALLS: Case[] = [
  { role: fn('CopyJob'), action: 'backup:StartCopyJob', resource: (_, r) => `arn:aws:backup:${r}:${A}:recovery-point:0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`, region: PRIMARY, why: 'the copy starts in the source region' },
  { role: fn('CopyJob'), action: 'backup:DescribeCopyJob', resource: '*', region: PRIMARY, why: 'the copy is watched in the source region' },
  { role: fn('FindRecoveryPoint'), action: 'backup:ListRecoveryPointsByBackupVault', resource: (_, r) => `arn:aws:backup:${r}:${A}:backup-vault:patients-primary`, region: PRIMARY, why: 'the newest recovery point of the source vault' },
  { role: 'RestoreTargetStateMachineRole', action: 'backup:StartRestoreJob', resource: (_, r) => `arn:aws:backup:${r}:${A}:recovery-point:1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809`, region: DR, why: 'the restore of the copy in the DR vault' },
  { role: 'RestoreTargetStateMachineRole', action: 'backup:GetRecoveryPointRestoreMetadata', resource: (_, r) => `arn:aws:rds:${r}:${A}:cluster-snapshot:awsbackup:copyjob-1a2b3c4d`, region: DR, why: 'an Aurora copy is a cluster snapshot' },
  { role: fn('DeleteRestored'), action: 'rds:DeleteDBCluster', resource: (_, r) => `arn:aws:rds:${r}:${A}:cluster:drdrill-20260601t0200-patients-db`, region: DR, context: TAGGED, why: 'the tagged restored cluster' },
  { role: 'RestoreTargetStateMachineRole', action: 'rds:DeleteDBInstance', resource: (_, r) => `arn:aws:rds:${r}:${A}:db:drdrill-20260601t0200-patients-db-1`, region: DR, context: TAGGED, why: 'the instance the drill added' },
  { role: fn('DeleteRestored'), action: 'dynamodb:DeleteTable', resource: (_, r) => `arn:aws:dynamodb:${r}:${A}:table/drdrill-20260601t0200-appointments`, region: DR, context: TAGGED, why: 'the tagged restored table' },
  { role: fn('DeleteRestored'), action: 'elasticfilesystem:DeleteFileSystem', resource: (_, r) => `arn:aws:elasticfilesystem:${r}:${A}:file-system/fs-0123456789abcdef0`, region: DR, context: TAGGED, why: 'the tagged restored file system' },
  { role: fn('DeleteRestored'), action: 'ec2:DeleteVolume', resource: (_, r) => `arn:aws:ec2:${r}:${A}:volume/vol-0123456789abcdef0`, region: DR, context: TAGGED, why: 'the tagged restored volume' },
  { role: 'RestoreTargetStateMachineRole', action: 'backup:DeleteRecoveryPoint', resource: (_, r) => `arn:aws:backup:${r}:${A}:recovery-point:1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809`, region: DR, context: TAGGED, why: 'the copy Mark Created tagged' },
  { role: 'RestoreTargetStateMachineRole', action: 'rds:DeleteDBClusterSnapshot', resource: (_, r) => `arn:aws:rds:${r}:${A}:cluster-snapshot:awsbackup:copyjob-1a2b3c4d`, region: DR, context: TAGGED, why: 'the tagged snapshot behind an Aurora copy' },
  { role: 'RestoreTargetStateMachineRole', action: 'ec2:DeregisterImage', resource: (_, r) => `arn:aws:ec2:${r}::image/ami-0123456789abcdef0`, region: DR, context: TAGGED, why: 'the tagged AMI behind an EC2 copy (DeleteRecoveryPoint acts with the caller\'s permission on it)' },
  { role: 'RestoreTargetStateMachineRole', action: 'rds:CreateDBInstance', resource: (_, r) => `arn:aws:rds:${r}:${A}:db:drdrill-20260601t0200-patients-db-1`, region: DR, why: 'an instance in the restored Aurora cluster' },
  { role: 'RestoreTargetStateMachineRole', action: 'lambda:InvokeFunction', resource: (t) => t.arn('MarkCreatedLambdaFunction'), region: DR, why: 'Tag Restored Resource runs Mark Created' },
  { role: fn('MarkCreated'), action: 'rds:AddTagsToResource', resource: (_, r) => `arn:aws:rds:${r}:${A}:cluster:drdrill-20260601t0200-patients-db`, region: DR, context: DRILL_TAG, why: 'the restored cluster, the drill\'s keys' },
  { role: fn('MarkCreated'), action: 'tag:TagResources', resource: '*', region: DR, why: 'Mark Created tags through the tagging API' },
  { role: fn('MarkCreated'), action: 'elasticfilesystem:TagResource', resource: (_, r) => `arn:aws:elasticfilesystem:${r}:${A}:file-system/fs-0123456789abcdef0`, region: DR, context: DRILL_TAG, why: 'the restored file system, the drill\'s keys' },
  { role: fn('MarkCreated'), action: 'backup:DescribeRestoreJob', resource: '*', region: DR, why: 'what the restore job created' },
  { role: fn('ValidateRestore'), action: 'rds-data:ExecuteStatement', resource: (_, r) => `arn:aws:rds:${r}:${A}:cluster:drdrill-20260601t0200-patients-db`, region: DR, why: 'a data check on the restored cluster' },
  { role: fn('ValidateRestore'), action: 'secretsmanager:GetSecretValue', resource: (_, r) => `arn:aws:secretsmanager:${r}:${A}:secret:nhs-patient-platform/patients-db/drill-Ab12Cd`, region: DR, why: "a plan's validation secret" },
  { role: fn('DeleteRestored'), action: 's3:DeleteBucket', resource: 'arn:aws:s3:::drdrill-20260601t0200-documents', region: DR, why: 'the restored bucket (by name)' },
  { role: fn('CheckCleanup'), action: 'rds:DescribeDBClusters', resource: (_, r) => `arn:aws:rds:${r}:${A}:cluster:drdrill-20260601t0200-patients-db`, region: DR, why: 'is it gone yet' },
  { role: fn('Notify'), action: 'sns:Publish', resource: (t, r) => t.arn('DrillTopic').replace(`:${DR}:`, `:${r}:`), region: DR, why: "the drill's verdict" },
  { role: fn('Notify'), action: 'kms:GenerateDataKey', resource: (t, r) => t.arn('NotificationsKey').replace(`:${DR}:`, `:${r}:`), region: DR, context: { 'kms:ViaService': `sns.${DR}.amazonaws.com` }, why: 'a data key for the encrypted topic, through SNS' },
  { role: fn('RecordEvidence'), action: 's3:PutObject', resource: (t) => `${t.arn('EvidenceBucket')}/evidence/nhs-patient-platform/2026-06-01/evidence.json`, region: DR, why: 'the evidence record' },
  { role: fn('RecordEvidence'), action: 'kms:GenerateDataKey', resource: (t, r) => t.arn('EvidenceKey').replace(`:${DR}:`, `:${r}:`), region: DR, context: { 'kms:ViaService': `s3.${DR}.amazonaws.com` }, why: 'S3 encrypts the evidence with the evidence key' },
  { role: fn('RecordEvidence'), action: 'dynamodb:PutItem', resource: (t) => t.arn('DrillsTable'), region: DR, why: "the drill's line in the drills table" },
  { role: fn('DrillWatchdog'), action: 'dynamodb:Query', resource: (t) => t.arn('DrillsTable'), region: DR, why: 'days since the last drill' },
  { role: fn('FailoverPreflight'), action: 'rds:DescribeGlobalClusters', resource: `arn:aws:rds::${A}:global-cluster:patients-global`, region: DR, why: 'members and writer before a switch' },
  { role: 'DrillStateMachineRole', action: 'lambda:InvokeFunction', resource: (t) => t.arn('PreflightLambdaFunction'), region: DR, why: 'Check Plan' },
  { role: 'DrillStateMachineRole', action: 'states:StartExecution', resource: (t) => t.arn('RestoreTargetStateMachine'), region: DR, why: 'one child execution per target' },
  { role: 'DrillStateMachineRole', action: 'sns:Publish', resource: (t) => t.arn('DrillTopic'), region: DR, why: 'a refused drill is announced' },
  { role: 'FailoverTargetStateMachineRole', action: 'rds:SwitchoverGlobalCluster', resource: `arn:aws:rds::${A}:global-cluster:patients-global`, region: DR, why: 'the planned switch' },
  { role: 'DrillScheduleToStepFunctionsRole', action: 'states:StartExecution', resource: (t) => t.arn('DrillStateMachine'), region: DR, why: 'the monthly drill' },
  { role: fn('Sweeper'), action: 'rds:DeleteDBCluster', resource: (_, r) => `arn:aws:rds:${r}:${A}:cluster:drdrill-20260601t0200-patients-db`, region: DR, context: TAGGED, why: 'a tagged cluster a killed drill left' },
  { role: fn('Sweeper'), action: 'backup:DeleteRecoveryPoint', resource: (_, r) => `arn:aws:backup:${r}:${A}:recovery-point:1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809`, region: DR, context: TAGGED, why: 'a tagged copy a killed drill left' },
  { role: fn('Sweeper'), action: 's3:PutObject', resource: (t) => `${t.arn('DrillStoreBucket')}/drills/d1a2b3c4d/killed-notice.json`, region: DR, why: 'the claim on announcing a killed drill, once' },
];

// Allowed calls no local run makes: EventBridge Scheduler starting the drill, and global services' requests signed in
// us-east-1 (or an ARC cluster's region; the local run signs them in the drill's regions), which the region Deny exempts.
const NOT_MADE_LOCALLY: Case[] = [
  { role: 'DrillScheduleToStepFunctionsRole', action: 'states:StartExecution', resource: (t) => t.arn('DrillStateMachine'), region: DR, why: 'the monthly drill' },
];

// Calls of global services signed in us-east-1 (or an ARC cluster's region): allowed whatever the region.
const GLOBAL_CALLS: Case[] = [
  { role: fn('CopyJob'), action: 'iam:PassRole', resource: `arn:aws:iam::${A}:role/nhs-patient-platform-backup-restore`, region: 'us-east-1', context: { 'iam:PassedToService': 'backup.amazonaws.com' }, why: "the plan's AWS Backup role" },
  { role: 'RestoreTargetStateMachineRole', action: 'iam:PassRole', resource: `arn:aws:iam::${A}:role/nhs-patient-platform-backup-restore`, region: 'us-east-1', context: { 'iam:PassedToService': 'backup.amazonaws.com' }, why: "the plan's AWS Backup role" },
  { role: fn('DryRun'), action: 'iam:GetRole', resource: `arn:aws:iam::${A}:role/nhs-patient-platform-backup-restore`, region: 'us-east-1', why: 'does the backup role exist' },
  { role: fn('ObserveFailover'), action: 'route53:TestDNSAnswer', resource: '*', region: 'us-east-1', why: 'what DNS answers now' },
  { role: fn('SetRoutingControls'), action: 'route53-recovery-cluster:UpdateRoutingControlStates', resource: `arn:aws:route53-recovery-control::${A}:controlpanel/0a1b2c3d/routingcontrol/4e5f6a7b`, region: 'us-west-2', why: "an ARC cluster endpoint's region" },
];

// Never allowed, in any region.
const NEVER: Case[] = [
  { role: fn('DeleteRestored'), action: 'rds:DeleteDBCluster', resource: `arn:aws:rds:${DR}:${A}:cluster:drdrill-20260601t0200-patients-db`, region: DR, why: 'an untagged cluster, even with the drill prefix' },
  { role: fn('DeleteRestored'), action: 'rds:DeleteDBCluster', resource: `arn:aws:rds:${DR}:${A}:cluster:patients-db-london`, region: DR, context: TAGGED, why: 'a cluster not named drdrill-, even tagged' },
  { role: fn('DeleteRestored'), action: 'dynamodb:DeleteTable', resource: `arn:aws:dynamodb:${DR}:${A}:table/drdrill-20260601t0200-appointments`, region: DR, why: 'an untagged table' },
  { role: fn('DeleteRestored'), action: 'elasticfilesystem:DeleteFileSystem', resource: `arn:aws:elasticfilesystem:${DR}:${A}:file-system/fs-0fedcba9876543210`, region: DR, why: 'an untagged file system (EFS ids carry no name)' },
  { role: fn('DeleteRestored'), action: 'ec2:TerminateInstances', resource: `arn:aws:ec2:${DR}:${A}:instance/i-0123456789abcdef0`, region: DR, why: 'an untagged instance' },
  { role: 'RestoreTargetStateMachineRole', action: 'rds:DeleteDBClusterSnapshot', resource: `arn:aws:rds:${DR}:${A}:cluster-snapshot:patients-manual-2026`, region: DR, context: TAGGED, why: 'a snapshot AWS Backup did not make, even tagged' },
  { role: 'RestoreTargetStateMachineRole', action: 'backup:DeleteRecoveryPoint', resource: `arn:aws:backup:${DR}:${A}:recovery-point:0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`, region: DR, why: 'an untagged recovery point of the DR vault' },
  { role: 'RestoreTargetStateMachineRole', action: 'rds:DeleteDBCluster', resource: `arn:aws:rds:${DR}:${A}:cluster:drdrill-20260601t0200-patients-db`, region: DR, context: TAGGED, why: 'the state machine deletes only its own DB instance: Delete Restored Resource\'s function deletes what the restore made' },
  { role: fn('DeleteRestored'), action: 'ec2:CreateTags', resource: `arn:aws:ec2:${DR}:${A}:instance/i-0123456789abcdef0`, region: DR, context: DRILL_TAG, why: 'the function that deletes by the tag may not tag' },
  { role: fn('DeleteRestored'), action: 'ec2:ModifyInstanceAttribute', resource: `arn:aws:ec2:${DR}:${A}:instance/i-0123456789abcdef0`, region: DR, why: 'an untagged instance\'s volumes' },
  { role: 'RestoreTargetStateMachineRole', action: 'ec2:CreateTags', resource: `arn:aws:ec2:${DR}:${A}:volume/vol-0123456789abcdef0`, region: DR, context: DRILL_TAG, why: 'the role that deletes by the tag may not tag' },
  { role: 'RestoreTargetStateMachineRole', action: 'elasticfilesystem:TagResource', resource: `arn:aws:elasticfilesystem:${DR}:${A}:file-system/fs-0fedcba9876543210`, region: DR, context: DRILL_TAG, why: 'nor tag a file system' },
  { role: fn('MarkCreated'), action: 'elasticfilesystem:DeleteFileSystem', resource: `arn:aws:elasticfilesystem:${DR}:${A}:file-system/fs-0fedcba9876543210`, region: DR, context: TAGGED, why: 'the role that tags may not delete' },
  { role: fn('MarkCreated'), action: 'ec2:CreateTags', resource: `arn:aws:ec2:${DR}:${A}:volume/vol-0123456789abcdef0`, region: DR, context: { 'aws:TagKeys': ['owner'] }, why: "only the drill's keys" },
  { role: 'RestoreTargetStateMachineRole', action: 'backup:DeleteRecoveryPoint', resource: `arn:aws:backup:${PRIMARY}:${A}:recovery-point:0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`, region: PRIMARY, why: 'a recovery point of the primary (source) vault' },
  { role: 'RestoreTargetStateMachineRole', action: 'iam:PassRole', resource: `arn:aws:iam::${A}:role/admin`, region: DR, context: { 'iam:PassedToService': 'ec2.amazonaws.com' }, why: 'a role passed to anything but AWS Backup' },
  { role: fn('CopyJob'), action: 'backup:DeleteRecoveryPoint', resource: `arn:aws:backup:${PRIMARY}:${A}:recovery-point:0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`, region: PRIMARY, why: 'the copy function deletes nothing' },
  { role: fn('DeleteRestored'), action: 's3:DeleteBucket', resource: 'arn:aws:s3:::patients-documents-london', region: DR, why: 'a bucket the drill did not restore' },
  { role: fn('Notify'), action: 's3:GetObject', resource: (t) => `${t.arn('EvidenceBucket')}/evidence/nhs-patient-platform/2026-06-01/evidence.json`, region: DR, why: "the notifier never reads the evidence bucket's objects" },
  { role: fn('RecordEvidence'), action: 's3:GetObject', resource: (t) => `${t.arn('EvidenceBucket')}/evidence/nhs-patient-platform/2026-06-01/evidence.json`, region: DR, why: 'evidence is written, never read back' },
  { role: fn('RecordEvidence'), action: 'kms:Decrypt', resource: (t) => t.arn('EvidenceKey'), region: DR, why: 'the evidence key only through S3 and DynamoDB, never directly' },
  { role: fn('RecordEvidence'), action: 's3:DeleteObject', resource: (t) => `${t.arn('EvidenceBucket')}/evidence/nhs-patient-platform/2026-06-01/evidence.json`, region: DR, why: 'evidence is never deleted by the drill' },
  { role: fn('Notify'), action: 'secretsmanager:GetSecretValue', resource: (t) => t.ref('SlackWebhookSecret'), region: DR, why: "another function's secret" },
  { role: fn('ValidateRestore'), action: 'secretsmanager:GetSecretValue', resource: (t) => t.ref('SlackWebhookSecret'), region: DR, why: "the Slack webhook is not a validation secret" },
  { role: fn('FailoverCanary'), action: 'secretsmanager:GetSecretValue', resource: (t) => t.ref('SlackWebhookSecret'), region: DR, why: 'the Slack webhook is not a canary secret' },
  { role: fn('SlackNotifier'), action: 'secretsmanager:GetSecretValue', resource: `arn:aws:secretsmanager:${DR}:${A}:secret:nhs-patient-platform/patients-db/drill-Ab12Cd`, region: DR, why: "a plan's database secret" },
  { role: fn('SlackNotifier'), action: 'sns:Publish', resource: (t) => t.arn('DrillTopic'), region: DR, why: 'it posts to Slack, not to the topic' },
  { role: fn('DryRun'), action: 'backup:StartRestoreJob', resource: `arn:aws:backup:${DR}:${A}:recovery-point:1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809`, region: DR, why: 'the dry run restores nothing' },
  { role: fn('DryRun'), action: 'rds:DeleteDBCluster', resource: `arn:aws:rds:${DR}:${A}:cluster:drdrill-20260601t0200-patients-db`, region: DR, context: TAGGED, why: 'the dry run deletes nothing' },
  { role: fn('DryRun'), action: 's3:PutObject', resource: (t) => `${t.arn('DrillStoreBucket')}/drills/d1/plan.json`, region: DR, why: 'the dry run writes only its own result' },
  { role: fn('DryRun'), action: 'secretsmanager:GetSecretValue', resource: `arn:aws:secretsmanager:${DR}:${A}:secret:nhs-patient-platform/patients-db/drill-Ab12Cd`, region: DR, why: "it checks a secret exists, never reads its value" },
  { role: fn('Notify'), action: 'kms:Decrypt', resource: (t) => t.arn('EvidenceKey'), region: DR, context: { 'kms:ViaService': `s3.${DR}.amazonaws.com` }, why: 'the evidence key is not the notifier\'s' },
  { role: 'DrillStateMachineRole', action: 'kms:Decrypt', resource: (t) => t.arn('NotificationsKey'), region: DR, why: 'the topic key only through SNS, never directly' },
  { role: 'DrillStateMachineRole', action: 'lambda:InvokeFunction', resource: (t) => t.arn('CopyJobLambdaFunction'), region: DR, why: "the restore workflow's function, not the drill's" },
  { role: 'DrillStateMachineRole', action: 'states:StopExecution', resource: `arn:aws:states:${DR}:${A}:execution:another-workflow:run-1`, region: DR, why: "only its children's executions" },
  { role: 'DrillScheduleToStepFunctionsRole', action: 'states:StartExecution', resource: (t) => t.arn('FailoverTargetStateMachine'), region: DR, why: 'the schedule starts the drill only' },
  { role: fn('Sweeper'), action: 'rds:DeleteDBCluster', resource: `arn:aws:rds:${DR}:${A}:cluster:drdrill-20260601t0200-patients-db`, region: DR, why: 'the sweeper never deletes an untagged resource' },
  { role: fn('Sweeper'), action: 'backup:DeleteRecoveryPoint', resource: `arn:aws:backup:${DR}:${A}:recovery-point:1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809`, region: DR, why: 'nor an untagged copy' },
  { role: fn('Sweeper'), action: 's3:DeleteObject', resource: (t) => `${t.arn('DrillStoreBucket')}/drills/d1a2b3c4d/report.json`, region: DR, why: 'of the drill store it deletes only its own claim' },
  { role: fn('Sweeper'), action: 's3:PutObject', resource: (t) => `${t.arn('DrillStoreBucket')}/drills/d1a2b3c4d/plan.json`, region: DR, why: 'and writes only that claim' },
  { role: 'FailoverTargetStateMachineRole', action: 'rds:DeleteDBCluster', resource: `arn:aws:rds:${DR}:${A}:cluster:patients-db-london`, region: DR, context: TAGGED, why: 'switching is not deleting' },
];

interface Row {
  role: string;
  action: string;
  resource: string;
  region: string;
  context?: Record<string, string | string[]>;
  /** 'Denied': explicitly or implicitly, either will do. */
  expected: Decision | 'Denied';
  why: string;
}

/** A regional ARN moved to another region: the same call made there. */
const inRegion = (arn: string, region: string) => arn.replace(/^(arn:aws:[^:]+:)(eu-west-[12])(:)/, `$1${region}$3`);

/**
 * What a drill does is allowed where it does it: the local run proves that on every path it reaches, each call
 * authorized against its caller's packaged role (local/iam, tests/statemachines). What remains here is what must be
 * denied, and the few allowed calls no local run makes.
 */
function rows(): Row[] {
  const at = (c: Case, region: string) => (typeof c.resource === 'function' ? c.resource(resolver, region) : inRegion(c.resource, region));
  return [
    ...DRILL_CALLS.flatMap((c) =>
      OUTSIDE.map((region) => ({ ...c, region, resource: at(c, region), expected: 'ExplicitlyDenied' as const, why: `${c.why}, outside the allowed regions` })),
    ),
    ...[...NOT_MADE_LOCALLY, ...GLOBAL_CALLS].map((c) => ({ ...c, resource: at(c, c.region), expected: 'Allowed' as const })),
    ...NEVER.map((c) => ({ ...c, resource: at(c, c.region), expected: 'Denied' as const })),
  ];
}

describe('the packaged roles under the IAM policy simulator', () => {
  it('allows what a drill does in the allowed regions and denies it elsewhere, and denies what no drill needs', async () => {
    const table = rows();
    const got: Row[] = [];
    for (const row of table) {
      const role = roles.get(row.role);
      if (!role) throw new Error(`no role ${row.role} in the packaged template`);
      const decision = await decide(role, row);
      got.push({ ...row, expected: row.expected === 'Denied' && decision !== 'Allowed' ? 'Denied' : decision });
    }

    expect(got).toEqual(table);
    console.log(`IAM simulator: ${table.length} (role, action, resource, region) cases evaluated over ${new Set(table.map((r) => r.role)).size} roles`);
  });
});
