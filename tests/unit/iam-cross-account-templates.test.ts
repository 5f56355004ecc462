// The cross-account templates (issue 13) as deployed with the cross-account example's values, through the IAM policy
// simulator: the central backup account's copy role does what a drill needs there and nothing else, and only
// dr-drill's two function roles may assume it, only with the ExternalId.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { evaluateAssumeRole } from '../../local/iam/evaluate';
import { PROJECT_ROOT } from './packaged-template';
import { decide, Resolver, type Json, type PolicyDocument, type Role, type Template } from './iam-template';

const CENTRAL = '444455556666';
const RECOVERY = '777788889999';
const cfnTags = [
  { tag: '!Ref', resolve: (v: string) => ({ Ref: v }) },
  { tag: '!Sub', resolve: (v: string) => ({ 'Fn::Sub': v }) },
  { tag: '!GetAtt', resolve: (v: string) => ({ 'Fn::GetAtt': v.split('.') }) },
  // Only read, never resolved here: the vault's optional key.
  ...['!If', '!Not', '!Equals'].map((tag) => ({ tag, collection: 'seq' as const, resolve: () => null })),
];
type Standalone = Template & { Parameters: Record<string, { Type: string; Default?: string }> };
const load = (file: string) => parse(readFileSync(join(PROJECT_ROOT, 'resources', file), 'utf8'), { customTags: cfnTags }) as Standalone;

function parametersOf(template: Standalone, given: Record<string, string>): Record<string, Json> {
  const values: Record<string, Json> = {};
  for (const [name, p] of Object.entries(template.Parameters)) {
    const value = given[name] ?? p.Default ?? '';
    values[name] = p.Type === 'CommaDelimitedList' ? value.split(',') : value;
  }
  return values;
}

/** The central copy role as the cross-account example deploys it in the central account, in Ireland. */
function centralRole(): { role: Role; trust: PolicyDocument } {
  const template = load('central-backup-copy-role.yml');
  const parameters = parametersOf(template, { RecoveryAccountId: RECOVERY, ExternalId: 'dr-drill-cross-account-7c1e', DrillStage: 'prod' });
  const resolver = new Resolver(template, 'eu-west-1', CENTRAL, parameters);
  const props = resolver.resolve(template.Resources.CentralCopyRole!.Properties as Json) as unknown as {
    RoleName: string;
    AssumeRolePolicyDocument: PolicyDocument;
    Policies: { PolicyDocument: PolicyDocument }[];
  };
  return {
    role: { id: 'CentralCopyRole', arn: `arn:aws:iam::${CENTRAL}:role/${props.RoleName}`, trustedBy: [], policies: props.Policies.map((p) => p.PolicyDocument), managedPolicyArns: [] },
    trust: props.AssumeRolePolicyDocument,
  };
}

const RP = `arn:aws:backup:eu-west-1:${CENTRAL}:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45`;
const RDS_RP = `arn:aws:rds:eu-west-1:${CENTRAL}:snapshot:awsbackup:job-1eb3b5e7-9eb0-435a-a80b-108b488b0d45`;
const VAULT = `arn:aws:backup:eu-west-1:${CENTRAL}:backup-vault:central-patient-platform`;
const BACKUP_ROLE = `arn:aws:iam::${CENTRAL}:role/service-role/AWSBackupDefaultServiceRole`;
const passedToBackup = { 'iam:PassedToService': 'backup.amazonaws.com' };

/** A function role of dr-drill in the recovery account allowed to assume the central role (its identity policy). */
const recoveryFunctionRole = (fn: string): Role => ({
  id: fn,
  arn: `arn:aws:iam::${RECOVERY}:role/dr-drill-prod-${fn}-eu-west-2-lambdaRole`,
  trustedBy: ['lambda.amazonaws.com'],
  managedPolicyArns: [],
  policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${CENTRAL}:role/dr-drill-central-copy` }] }],
});

describe('resources/central-backup-copy-role.yml: the role dr-drill assumes in the central backup account', () => {
  const { role, trust } = centralRole();

  it.each([
    ['lists the one central vault', 'backup:ListRecoveryPointsByBackupVault', VAULT, 'eu-west-1', {}],
    ['reads a backup plan of the account (which rule copies where)', 'backup:GetBackupPlan', `arn:aws:backup:eu-west-1:${CENTRAL}:backup-plan:0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9`, 'eu-west-1', {}],
    ['starts a copy of a recovery point of the account', 'backup:StartCopyJob', RP, 'eu-west-1', {}],
    ['starts a copy of an RDS snapshot recovery point', 'backup:StartCopyJob', RDS_RP, 'eu-west-1', {}],
    ['reads copy jobs', 'backup:DescribeCopyJob', '*', 'eu-west-1', {}],
    ['passes the account\'s AWS Backup role to AWS Backup', 'iam:PassRole', BACKUP_ROLE, 'eu-west-1', passedToBackup],
  ])('allows: %s', async (_what, action, resource, region, context) => {
    await expect(decide(role, { action, resource, region, context })).resolves.toBe('Allowed');
  });

  it.each([
    ['deleting a recovery point', 'backup:DeleteRecoveryPoint', RP, 'eu-west-1', {}],
    ['restoring in the central account', 'backup:StartRestoreJob', RP, 'eu-west-1', {}],
    ['listing another vault', 'backup:ListRecoveryPointsByBackupVault', VAULT.replace('central-patient-platform', 'other'), 'eu-west-1', {}],
    ['reading a backup plan of another account', 'backup:GetBackupPlan', `arn:aws:backup:eu-west-1:${RECOVERY}:backup-plan:0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9`, 'eu-west-1', {}],
    ['copying outside the residency policy', 'backup:StartCopyJob', RP.replace('eu-west-1', 'us-east-1'), 'us-east-1', {}],
    ['passing another role', 'iam:PassRole', `arn:aws:iam::${CENTRAL}:role/Admin`, 'eu-west-1', passedToBackup],
    ['passing the backup role to another service', 'iam:PassRole', BACKUP_ROLE, 'eu-west-1', { 'iam:PassedToService': 'ec2.amazonaws.com' }],
  ])('denies: %s', async (_what, action, resource, region, context) => {
    await expect(decide(role, { action, resource, region, context })).resolves.not.toBe('Allowed');
  });

  it('may be assumed by dr-drill\'s copy, Find Latest Recovery Point, Mark Created and dry run roles, only with the ExternalId', async () => {
    const withId = { 'sts:ExternalId': 'dr-drill-cross-account-7c1e' };
    await expect(evaluateAssumeRole(recoveryFunctionRole('copyJob'), role.arn, trust, withId)).resolves.toBe('Allowed');
    await expect(evaluateAssumeRole(recoveryFunctionRole('findRecoveryPoint'), role.arn, trust, withId)).resolves.toBe('Allowed');
    // Mark Created reads the copy job (in the central account) before it tags the copy in the recovery account.
    await expect(evaluateAssumeRole(recoveryFunctionRole('markCreated'), role.arn, trust, withId)).resolves.toBe('Allowed');
    // The dry run lists the vault as a real run would.
    await expect(evaluateAssumeRole(recoveryFunctionRole('dryRun'), role.arn, trust, withId)).resolves.toBe('Allowed');
    await expect(evaluateAssumeRole(recoveryFunctionRole('copyJob'), role.arn, trust, { 'sts:ExternalId': 'guessed' })).resolves.not.toBe('Allowed');
    await expect(evaluateAssumeRole(recoveryFunctionRole('copyJob'), role.arn, trust, {})).resolves.not.toBe('Allowed');
    // Another role of the recovery account, even one whose own policy allows the call.
    await expect(evaluateAssumeRole(recoveryFunctionRole('deleteRestored'), role.arn, trust, withId)).resolves.not.toBe('Allowed');
  });
});

describe('resources/recovery-vault-access-policy.yml and resources/air-gapped-vault-share.yml', () => {
  it('the DR vault allows backup:CopyIntoBackupVault from the central account and nothing else', () => {
    const template = load('recovery-vault-access-policy.yml');
    const key = `arn:aws:kms:eu-west-2:${RECOVERY}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const resolver = new Resolver(template, 'eu-west-2', RECOVERY, parametersOf(template, { CentralBackupAccountId: CENTRAL, EncryptionKeyArn: key }));
    const props = template.Resources.DrVault!.Properties as Record<string, Json>;
    expect(resolver.resolve(props.BackupVaultName!)).toBe('recovery-dr');
    // A customer managed key, required (no default): AWS Backup's cross-account setup assigns one to the destination
    // vault, and a copy of RDS, Aurora, EBS or EC2 may not land under aws/backup (Developer Guide, "Encryption for
    // copies of a backup to a different account or AWS Region").
    expect(resolver.resolve(props.EncryptionKeyArn!)).toBe(key);
    const keyParameter = template.Parameters.EncryptionKeyArn as unknown as { Default?: string; AllowedPattern: string };
    expect(keyParameter.Default).toBeUndefined();
    expect(new RegExp(`^${keyParameter.AllowedPattern}$`).test(key)).toBe(true);
    expect(new RegExp(`^${keyParameter.AllowedPattern}$`).test('alias/aws/backup')).toBe(false);
    expect((resolver.resolve(props.AccessPolicy!) as unknown as PolicyDocument).Statement).toEqual([
      { Sid: 'CopiesFromTheCentralBackupAccount', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${CENTRAL}:root` }, Action: 'backup:CopyIntoBackupVault', Resource: '*' },
    ]);
  });

  it('the air-gapped vault is shared with the recovery account only, no principal outside the organization', () => {
    const template = load('air-gapped-vault-share.yml');
    const resolver = new Resolver(template, 'eu-west-2', CENTRAL, parametersOf(template, { RecoveryAccountId: RECOVERY }));
    expect(template.Resources.AirGappedVault!.Type).toBe('AWS::Backup::LogicallyAirGappedBackupVault');
    const share = template.Resources.ShareWithRecoveryAccount!;
    expect(share.Type).toBe('AWS::RAM::ResourceShare');
    const props = share.Properties as Record<string, Json>;
    expect(resolver.resolve(props.Principals!)).toEqual([RECOVERY]);
    expect(props.AllowExternalPrincipals).toBe(false);
  });
});
