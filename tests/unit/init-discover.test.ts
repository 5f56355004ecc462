// plan init's reads (lib/init/discover.ts) against AWS answers (aws-sdk-client-mock): every page of every list, the
// source vault from the newest snapshot (a continuous point never counts), the copy rule from the newest point's
// CreatedBy; and the plan drafted from them (lib/init/draft.ts): what is written, what is skipped and why, and what
// is refused.
import { mockClient } from 'aws-sdk-client-mock';
import {
  BackupClient,
  GetBackupPlanCommand,
  ListBackupVaultsCommand,
  ListProtectedResourcesCommand,
  ListRecoveryPointsByBackupVaultCommand,
  ListRecoveryPointsByResourceCommand,
} from '@aws-sdk/client-backup';
import { DescribeRouteTablesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeDBSubnetGroupsCommand, RDSClient } from '@aws-sdk/client-rds';
import { AwsClients } from '../../lib/aws/clients';
import { planInit } from '../../cli/commands/plan-init';
import { bufferOutput } from '../../cli/context';
import { discover, targetTypeOf } from '../../lib/init/discover';
import { draftPlan } from '../../lib/init/draft';
import { renderPlan } from '../../lib/init/render';
import { parsePlanText } from '../../lib/plan/load';

const backup = mockClient(BackupClient);
const ec2 = mockClient(EC2Client);
const rds = mockClient(RDSClient);

const ACCOUNT = '444455556666';
const NOW = new Date('2026-12-07T12:00:00Z');
const vault = (region: string, name: string) => `arn:aws:backup:${region}:${ACCOUNT}:backup-vault:${name}`;
const CLUSTER = `arn:aws:rds:eu-west-2:${ACCOUNT}:cluster:records-db`;
const TABLE = `arn:aws:dynamodb:eu-west-2:${ACCOUNT}:table/Referrals_2026`;
const FAR_TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/analytics`;
const WAREHOUSE = `arn:aws:redshift:eu-west-2:${ACCOUNT}:cluster:warehouse`;
const FILES = `arn:aws:fsx:eu-west-2:${ACCOUNT}:file-system/fs-0a1b2c3d4e5f60718`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/backup-operator`;
const CREATED_BY = { BackupPlanId: 'plan-1', BackupPlanVersion: 'v1', BackupRuleId: 'rule-daily' };
const clients = () => new AwsClients({ backup: BackupClient, ec2: EC2Client, rds: RDSClient });

function arrangeBackup(resources: { arn: string; type: string }[]) {
  const [first, ...rest] = resources;
  backup
    .on(ListProtectedResourcesCommand)
    .resolvesOnce({ Results: [{ ResourceArn: first!.arn, ResourceType: first!.type, LastBackupVaultArn: vault('eu-west-2', 'prod') }], NextToken: 'p2' })
    .resolvesOnce({ Results: rest.map((r) => ({ ResourceArn: r.arn, ResourceType: r.type, LastBackupVaultArn: vault('eu-west-2', 'prod') })) });
  // The cluster's backups are in two vaults; the newest snapshot is in `prod`, and a newer continuous point in `legacy` does not count.
  backup
    .on(ListRecoveryPointsByResourceCommand, { ResourceArn: CLUSTER })
    .resolvesOnce({
      RecoveryPoints: [
        { RecoveryPointArn: 'arn:aws:backup:eu-west-2:444455556666:recovery-point:continuous:c-1', BackupVaultName: 'legacy', Status: 'COMPLETED', CreationDate: new Date('2026-12-07T11:00:00Z') },
        { RecoveryPointArn: 'arn:aws:rds:eu-west-2:444455556666:cluster-snapshot:awsbackup:job-old', BackupVaultName: 'legacy', Status: 'COMPLETED', CreationDate: new Date('2026-12-05T01:00:00Z') },
      ],
      NextToken: 'rp2',
    })
    .resolvesOnce({
      RecoveryPoints: [{ RecoveryPointArn: 'arn:aws:rds:eu-west-2:444455556666:cluster-snapshot:awsbackup:job-new', BackupVaultName: 'prod', Status: 'COMPLETED', CreationDate: new Date('2026-12-07T01:00:00Z') }],
    });
  backup.on(ListRecoveryPointsByResourceCommand, { ResourceArn: TABLE }).resolves({
    RecoveryPoints: [{ RecoveryPointArn: `arn:aws:backup:eu-west-2:${ACCOUNT}:recovery-point:t-1`, BackupVaultName: 'prod', Status: 'COMPLETED', CreationDate: new Date('2026-12-07T02:00:00Z') }],
  });
  backup.on(ListRecoveryPointsByResourceCommand, { ResourceArn: FILES }).resolves({
    RecoveryPoints: [{ RecoveryPointArn: `arn:aws:fsx:eu-west-2:${ACCOUNT}:backup/backup-0a1b2c3d4e5f60718`, BackupVaultName: 'prod', Status: 'COMPLETED', CreationDate: new Date('2026-12-07T02:00:00Z') }],
  });
  backup.on(ListRecoveryPointsByBackupVaultCommand).callsFake((input: { BackupVaultName: string; ByResourceArn: string }) => ({
    RecoveryPoints:
      input.BackupVaultName === 'prod' || input.BackupVaultName === 'prod-dr'
        ? [{ RecoveryPointArn: `${input.ByResourceArn}#${input.BackupVaultName}`, Status: 'COMPLETED', CreationDate: new Date('2026-12-07T01:00:00Z'), CreatedBy: CREATED_BY, IamRoleArn: ROLE }]
        : [],
  }));
  backup.on(GetBackupPlanCommand).resolves({
    BackupPlan: {
      BackupPlanName: 'records-daily',
      Rules: [
        { RuleName: 'weekly', RuleId: 'rule-weekly', TargetBackupVaultName: 'prod', ScheduleExpression: 'cron(0 3 ? * SUN *)', CopyActions: [{ DestinationBackupVaultArn: vault('us-east-1', 'offsite') }] },
        { RuleName: 'daily', RuleId: 'rule-daily', TargetBackupVaultName: 'prod', ScheduleExpression: 'cron(0 1 * * ? *)', CopyActions: [{ DestinationBackupVaultArn: vault('eu-west-1', 'prod-dr') }] },
      ],
    },
  });
  backup.on(ListBackupVaultsCommand).resolves({ BackupVaultList: [{ BackupVaultName: 'prod-dr', BackupVaultArn: vault('eu-west-1', 'prod-dr') }] });
}

function arrangeNetwork(isolated: boolean) {
  ec2.on(DescribeSubnetsCommand).resolves({
    Subnets: [
      { SubnetId: 'subnet-0a', VpcId: 'vpc-dr', AvailabilityZone: 'eu-west-1a' },
      { SubnetId: 'subnet-0b', VpcId: 'vpc-dr', AvailabilityZone: 'eu-west-1b' },
    ],
  });
  const out = isolated ? [] : [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-0c' }];
  ec2
    .on(DescribeRouteTablesCommand)
    .resolvesOnce({ RouteTables: [], NextToken: 'rt2' })
    .resolvesOnce({ RouteTables: [{ RouteTableId: 'rtb-main', VpcId: 'vpc-dr', Associations: [{ Main: true }], Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' }, ...out] }] });
  ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-0d1e2f3a4b5c6d7e8', GroupName: 'restore', VpcId: 'vpc-dr' }] });
  rds.on(DescribeDBSubnetGroupsCommand).resolves({
    DBSubnetGroups: [{ DBSubnetGroupName: 'restore-db', VpcId: 'vpc-dr', Subnets: [{ SubnetIdentifier: 'subnet-0a' }, { SubnetIdentifier: 'subnet-0b' }] }],
  });
}

const INPUT = { residency: { policy: 'UK and Ireland', allowedRegions: ['eu-west-2', 'eu-west-1'] }, now: NOW, source: 'a test' };

beforeEach(() => {
  backup.reset();
  ec2.reset();
  rds.reset();
});

describe('plan init against an account', () => {
  it('reads every page, finds each resource\'s source vault and copy rule, and the isolated network', async () => {
    arrangeBackup([
      { arn: CLUSTER, type: 'Aurora' },
      { arn: FAR_TABLE, type: 'DynamoDB' },
      { arn: TABLE, type: 'DynamoDB' },
      { arn: WAREHOUSE, type: 'Redshift' },
      { arn: FILES, type: 'FSx' },
    ]);
    arrangeNetwork(true);

    const discovery = await discover(clients(), { primary: 'eu-west-2', dr: 'eu-west-1' }, NOW);

    // The SDK's paginators reuse one input object, so the pages show as their number and as what only later pages held.
    expect(backup.commandCalls(ListProtectedResourcesCommand)).toHaveLength(2);
    expect(discovery.resources.map((r) => r.resourceArn)).toEqual([TABLE, CLUSTER, FILES, WAREHOUSE].sort());
    expect(backup.commandCalls(ListRecoveryPointsByResourceCommand, { ResourceArn: CLUSTER })).toHaveLength(2);
    expect(backup.commandCalls(ListRecoveryPointsByResourceCommand).every((c) => c.args[0].input.ManagedByAWSBackupOnly === true)).toBe(true);
    // Redshift is not read further than its listing.
    expect(backup.commandCalls(ListRecoveryPointsByResourceCommand, { ResourceArn: WAREHOUSE })).toHaveLength(0);
    expect(ec2.commandCalls(DescribeRouteTablesCommand)).toHaveLength(2);
    expect(discovery.elsewhere).toEqual([FAR_TABLE]);
    const cluster = discovery.resources.find((r) => r.resourceArn === CLUSTER)!;
    expect(cluster).toMatchObject({ type: 'aurora', sourceVault: vault('eu-west-2', 'prod'), otherVaults: ['legacy'] });
    expect(cluster.copyRule).toEqual({ name: 'backup plan records-daily rule daily', plan: 'backup plan records-daily', destinations: [vault('eu-west-1', 'prod-dr'), vault('us-east-1', 'offsite')] });
    expect(discovery.resources.find((r) => r.resourceArn === WAREHOUSE)?.type).toBeNull();
    expect(discovery.resources.find((r) => r.resourceArn === FILES)?.type).toBe('fsx');

    const drafted = draftPlan(discovery, INPUT);
    if (!drafted.ok) throw new Error(drafted.problems.join('\n'));
    const { draft } = drafted;
    expect(draft.plan.defaults).toEqual({
      sourceVault: vault('eu-west-2', 'prod'),
      drVault: vault('eu-west-1', 'prod-dr'),
      backupRoleArn: ROLE,
      restore: { aurora: { dbSubnetGroupName: 'restore-db', vpcSecurityGroupIds: ['sg-0d1e2f3a4b5c6d7e8'], instanceClass: 'db.t4g.medium' } },
    });
    expect(draft.plan.targets).toEqual([
      { id: 'referrals-2026', type: 'dynamodb', resourceArn: TABLE },
      { id: 'records-db', type: 'aurora', resourceArn: CLUSTER },
    ]);
    expect(draft.skipped.map((s) => s.arn)).toEqual([FAR_TABLE, FILES, WAREHOUSE]);
    expect(draft.skipped[0]!.why).toBe('it is in us-east-1, not the primary region eu-west-2');
    expect(draft.skipped[1]!.why).toContain('AWS Managed Microsoft AD');
    expect(draft.skipped[2]!.why).toContain('AWS Backup resource type Redshift is not one dr-drill drills');
    // The weekly rule's offsite copy leaves the residency policy: said, not hidden.
    expect(draft.warnings).toEqual([
      `backup plan records-daily copies to ${vault('us-east-1', 'offsite')}, in us-east-1, outside the residency policy "UK and Ireland": the backups of ${TABLE}, ${FILES}, ${CLUSTER}`,
    ]);

    const text = renderPlan(draft);
    const checked = parsePlanText(text);
    expect(checked.ok ? [] : checked.problems).toEqual([]);
    expect(text).toContain('dbSubnetGroupName: restore-db # CHOOSE: the only isolated DB subnet group in eu-west-1: restore-db');
    expect(text).toContain(`#   ${WAREHOUSE}: AWS Backup resource type Redshift`);
  });

  it('reads no network when no resource restores into one', async () => {
    arrangeBackup([{ arn: TABLE, type: 'DynamoDB' }]);
    const discovery = await discover(clients(), { primary: 'eu-west-2', dr: 'eu-west-1' }, NOW);
    expect(discovery.network).toBeNull();
    expect(ec2.calls()).toHaveLength(0);
    expect(rds.calls()).toHaveLength(0);
  });

  it('refuses, naming what it refused, when a database has no isolated DB subnet group to go into', async () => {
    // The FSx file system is listed (its directory cannot be found), not a reason to refuse.
    arrangeBackup([{ arn: CLUSTER, type: 'Aurora' }, { arn: TABLE, type: 'DynamoDB' }, { arn: FILES, type: 'FSx' }]);
    arrangeNetwork(false);
    const drafted = draftPlan(await discover(clients(), { primary: 'eu-west-2', dr: 'eu-west-1' }, NOW), INPUT);
    expect(drafted.ok).toBe(false);
    if (drafted.ok) return;
    expect(drafted.problems).toEqual([
      `no isolated DB subnet group in the DR region, so plan init cannot place 1 resource(s) (${CLUSTER}). Refused: DB subnet group restore-db: subnet subnet-0a: 0.0.0.0/0 -> NAT gateway nat-0c (route table rtb-main) (and 1 more). ` +
        'Create one whose subnets have no route out of their VPC (no internet or NAT gateway), or restore them by hand',
    ]);
  });

  it('writes a one-region plan (UK only) that restores each backup where it is', async () => {
    arrangeBackup([{ arn: TABLE, type: 'DynamoDB' }]);
    const discovery = await discover(clients(), { primary: 'eu-west-2', dr: 'eu-west-2' }, NOW);
    const drafted = draftPlan(discovery, { ...INPUT, residency: { policy: 'UK only', allowedRegions: ['eu-west-2'] } });
    if (!drafted.ok) throw new Error(drafted.problems.join('\n'));
    expect(drafted.draft.plan.defaults).toMatchObject({ sourceVault: vault('eu-west-2', 'prod'), drVault: vault('eu-west-2', 'prod') });
    // Its backup plan copies to Ireland and Virginia: both outside "UK only", which the person is told.
    expect(drafted.draft.warnings).toEqual([
      `backup plan records-daily copies to ${vault('eu-west-1', 'prod-dr')}, in eu-west-1, outside the residency policy "UK only": the backups of ${TABLE}`,
      `backup plan records-daily copies to ${vault('us-east-1', 'offsite')}, in us-east-1, outside the residency policy "UK only": the backups of ${TABLE}`,
    ]);
    const checked = parsePlanText(renderPlan(drafted.draft));
    expect(checked.ok && checked.plan.regions).toEqual({ primary: 'eu-west-2', dr: 'eu-west-2' });
  });

  it('refuses regions outside the residency policy it was given', async () => {
    arrangeBackup([{ arn: TABLE, type: 'DynamoDB' }]);
    const drafted = draftPlan(await discover(clients(), { primary: 'eu-west-2', dr: 'eu-west-1' }, NOW), { ...INPUT, residency: { policy: 'UK only', allowedRegions: ['eu-west-2'] } });
    expect(drafted).toEqual({ ok: false, problems: ['eu-west-1 is not in --allow-regions eu-west-2: the plan\'s regions must be inside its residency policy'] });
  });
});

describe('which plan type a protected resource is', () => {
  it.each([
    ['Aurora', `arn:aws:rds:eu-west-2:${ACCOUNT}:cluster:records-db`, 'aurora'],
    ['DocumentDB', `arn:aws:rds:eu-west-2:${ACCOUNT}:cluster:fhir-store`, 'docdb'],
    ['Neptune', `arn:aws:rds:eu-west-2:${ACCOUNT}:cluster:graph`, 'neptune'],
    ['RDS', `arn:aws:rds:eu-west-2:${ACCOUNT}:db:pharmacy`, 'rds'],
    ['FSx', `arn:aws:fsx:eu-west-2:${ACCOUNT}:file-system/fs-0a1b2c3d4e5f60718`, 'fsx'],
    ['FSx', `arn:aws:fsx:eu-west-2:${ACCOUNT}:volume/fs-0a1b2c3d4e5f60718/fsvol-0123456789abcdef0`, 'fsx-ontap'],
    ['EBS', `arn:aws:ec2:eu-west-2:${ACCOUNT}:volume/vol-0123456789abcdef0`, 'ebs'],
    ['EC2', `arn:aws:ec2:eu-west-2:${ACCOUNT}:instance/i-0123456789abcdef0`, 'ec2'],
    ['S3', 'arn:aws:s3:::referral-letters', 's3'],
    ['RDS', `arn:aws:rds:eu-west-2:${ACCOUNT}:cluster:multi-az`, null],
    ['Redshift', `arn:aws:redshift:eu-west-2:${ACCOUNT}:cluster:warehouse`, null],
  ])('%s %s is %s', (backupType, arn, type) => {
    expect(targetTypeOf(backupType, arn)).toBe(type);
  });
});

describe('dr-drill plan init against AWS', () => {
  it('says in one line when AWS denies a read, and writes nothing', async () => {
    backup.on(ListProtectedResourcesCommand).rejects(Object.assign(new Error('User is not authorized to perform: backup:ListProtectedResources'), { name: 'AccessDeniedException' }));
    const io = bufferOutput();
    const code = await planInit({ region: 'eu-west-2', drRegion: 'eu-west-1', residencyPolicy: 'UK and Ireland', allowRegions: ['eu-west-2', 'eu-west-1'] }, io, { clients: clients(), now: () => NOW });
    expect(code).toBe(2);
    expect(io.stdout).toEqual([]);
    expect(io.stderr.slice(1)).toEqual(['dr-drill plan init: AWS denied the call: User is not authorized to perform: backup:ListProtectedResources (see "IAM permissions" in the README)']);
  });

  it('prints the plan alone on stdout without --out, its messages on stderr', async () => {
    arrangeBackup([{ arn: TABLE, type: 'DynamoDB' }]);
    const io = bufferOutput();
    const code = await planInit({ region: 'eu-west-2', drRegion: 'eu-west-1', residencyPolicy: 'UK and Ireland', allowRegions: ['eu-west-2', 'eu-west-1'], name: 'referrals' }, io, { clients: clients(), now: () => NOW });
    expect(code).toBe(0);
    const checked = parsePlanText(io.stdout.join('\n'));
    expect(checked.ok && checked.plan.targets.map((t) => [t.id, t.sourceVault, t.drVault])).toEqual([['referrals-2026', vault('eu-west-2', 'prod'), vault('eu-west-1', 'prod-dr')]]);
    expect(io.stderr.at(-3)).toMatch(/^✓ the plan: plan "referrals", 1 target\(s\)/);
  });
});
