import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { BackupClient, DescribeBackupVaultCommand, ListRecoveryPointsByBackupVaultCommand } from '@aws-sdk/client-backup';
import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { DescribeDBSubnetGroupsCommand, DescribeGlobalClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import { Route53Client, TestDNSAnswerCommand } from '@aws-sdk/client-route-53';
import { GetRoutingControlStateCommand, Route53RecoveryClusterClient } from '@aws-sdk/client-route53-recovery-cluster';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { dryRun, DRY_RUN_BUDGET_MS } from '../../../functions/dry-run/dry-run';
import type { DryRunResult, DryRunTarget } from '../../../lib/dry-run/contracts';
import type { DnsResolver } from '../../../lib/failover/ports';
import type { Deps } from '../../../lib/lambda/deps';
import { logger } from '../../../lib/lambda/wrap';
import type { Plan } from '../../../lib/plan/schema';
import { TARGET_CHECKS } from '../../../lib/resource-types/targets/checks-registry';
import {
  ACCOUNT,
  BACKUP_ROLE_ARN,
  DRILL_ID,
  DR_REGION,
  DR_VAULT_ARN,
  EXTRA_TARGETS,
  SOURCE_REGION,
  STARTED_AT,
  checkedPlan,
  drillContext,
  memoryStore,
  nhsPlanInputWithEveryType,
  regionsOf,
  targetsOf,
  testDeps,
} from './fixtures';
import { ARC_ENDPOINTS, DR_CLUSTER_ARN, DR_CONTROL, DR_SECRET, PRIMARY_ANSWER, PRIMARY_CLUSTER_ARN, PRIMARY_CONTROL, PRIMARY_SECRET } from './failover-fixtures';

const backup = mockClient(BackupClient);
const iam = mockClient(IAMClient);
const rds = mockClient(RDSClient);
const ec2 = mockClient(EC2Client);
const secrets = mockClient(SecretsManagerClient);
const route53 = mockClient(Route53Client);
const arc = mockClient(Route53RecoveryClusterClient);
const MOCKS = [backup, iam, rds, ec2, secrets, route53, arc];

const SOURCE_VAULT_ARN = `arn:aws:backup:${SOURCE_REGION}:${ACCOUNT}:backup-vault:nhs-patient-platform`;
const VALIDATION_SECRET = `arn:aws:secretsmanager:${DR_REGION}:${ACCOUNT}:secret:nhs-patient-platform/patients-db/drill-readonly-Xy12Ab`;
const DR_VPC = 'vpc-0d1e2f3a4b5c6d7e8';
const SG = 'sg-0a1b2c3d4e5f67890';
const SUBNET = 'subnet-0f1e2d3c4b5a69788';
const NOW = '2025-03-04T02:00:05.000Z';
const HOUR = 3_600_000;

/** Every target type: the NHS example (with its data checks' secret and failover), RDS, EBS and an EC2 web server. */
function fullPlan(change: (plan: Plan) => void = () => undefined): Plan {
  const input = nhsPlanInputWithEveryType();
  const patients = targetsOf(input)[0]!;
  patients.validation = { engine: 'postgres', database: 'patients', secretArn: VALIDATION_SECRET, sql: [{ name: 'patients', query: 'SELECT count(*) FROM patients', expect: '>= 1' }] };
  targetsOf(input).push({
    ...EXTRA_TARGETS.rds,
    id: 'booking-web',
    type: 'ec2',
    resourceArn: `arn:aws:ec2:${SOURCE_REGION}:${ACCOUNT}:instance/i-0abcdef1234567890`,
    restore: { subnetId: SUBNET, securityGroupIds: [SG], instanceType: 't3.medium' },
  });
  const plan = checkedPlan(input);
  change(plan);
  return plan;
}

const sdkError = (name: string, message: string, status = 400) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
const trust = (service: string) =>
  encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] }));

// The summary line is for CloudWatch; the tests read the stored result.
beforeAll(() => logger.setLogLevel('SILENT'));

beforeEach(() => {
  for (const mock of MOCKS) mock.reset();
  backup.on(ListRecoveryPointsByBackupVaultCommand).callsFake((input: { ByResourceArn: string }) => ({
    RecoveryPoints: [
      { RecoveryPointArn: `arn:aws:backup:${SOURCE_REGION}:${ACCOUNT}:recovery-point:rp-${input.ByResourceArn.split(/[:/]/).pop()}`, Status: 'COMPLETED', CreationDate: new Date(Date.parse(STARTED_AT) - 4.2 * HOUR) },
      { RecoveryPointArn: `arn:aws:backup:${SOURCE_REGION}:${ACCOUNT}:recovery-point:older`, Status: 'COMPLETED', CreationDate: new Date(Date.parse(STARTED_AT) - 28.2 * HOUR) },
    ],
  }));
  backup.on(DescribeBackupVaultCommand).callsFake((input: { BackupVaultName: string }) => ({
    BackupVaultName: input.BackupVaultName,
    BackupVaultArn: input.BackupVaultName.endsWith('-dr') ? DR_VAULT_ARN : SOURCE_VAULT_ARN,
    NumberOfRecoveryPoints: 42,
  }));
  iam.on(GetRoleCommand).resolves({
    Role: { Path: '/service-role/', RoleName: 'AWSBackupDefaultServiceRole', RoleId: 'AROAEXAMPLE0000000001', Arn: BACKUP_ROLE_ARN, CreateDate: new Date('2024-01-01'), AssumeRolePolicyDocument: trust('backup.amazonaws.com') },
  });
  rds.on(DescribeDBSubnetGroupsCommand).resolves({
    DBSubnetGroups: [
      {
        DBSubnetGroupName: 'dr-isolated-db',
        VpcId: DR_VPC,
        SubnetGroupStatus: 'Complete',
        Subnets: ['a', 'b'].map((z) => ({ SubnetIdentifier: `subnet-0${z}`, SubnetAvailabilityZone: { Name: `eu-west-2${z}` }, SubnetStatus: 'Active' })),
      },
    ],
  });
  rds.on(DescribeGlobalClustersCommand).resolves({
    GlobalClusters: [
      {
        GlobalClusterIdentifier: 'patients-global',
        Status: 'available',
        GlobalClusterMembers: [
          { DBClusterArn: PRIMARY_CLUSTER_ARN, IsWriter: true },
          { DBClusterArn: DR_CLUSTER_ARN, IsWriter: false },
        ],
      },
    ],
  });
  ec2.on(DescribeSecurityGroupsCommand).callsFake((input: { GroupIds: string[] }) => ({ SecurityGroups: input.GroupIds.map((GroupId) => ({ GroupId, VpcId: DR_VPC })) }));
  ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: SUBNET, VpcId: DR_VPC, AvailabilityZone: 'eu-west-2a', MapPublicIpOnLaunch: false }] });
  secrets.on(DescribeSecretCommand).callsFake((input: { SecretId: string }) => ({ ARN: input.SecretId, Name: input.SecretId.split(':secret:')[1]!.slice(0, -7) }));
  route53.on(TestDNSAnswerCommand).resolves({ RecordData: [`${PRIMARY_ANSWER}.`], ResponseCode: 'NOERROR' });
});

async function run(plan: Plan = fullPlan(), times: string[] = [NOW], extra: Partial<Deps> = {}) {
  const store = memoryStore();
  const drill = drillContext(plan);
  store.plans.set(drill.id, { drill, plan });
  const summary = await dryRun({ drill }, { ...testDeps(times), ...extra }, store);
  return { summary, result: store.dryRuns.get(drill.id) as DryRunResult, store };
}

const targetOf = (result: DryRunResult, id: string): DryRunTarget => {
  const target = result.targets.find((t) => t.targetId === id);
  if (!target) throw new Error(`no target ${id} in the dry run`);
  return target;
};
const checkOf = (result: DryRunResult, id: string, name: string) => targetOf(result, id).checks.find((c) => c.name === name);
type Call = { args: unknown[]; thisValue: unknown };
const allCalls = (): Call[] => MOCKS.flatMap((mock): Call[] => mock.calls() as unknown as Call[]);
const commandNames = () => allCalls().map((call) => (call.args[0] as object).constructor.name);

describe('dryRun (Dry Run)', () => {
  it('passes a plan the account fully supports, storing every check and returning only a summary', async () => {
    const { summary, result } = await run();

    expect(summary).toEqual({ ok: true, targets: 8, failed: 0, resultLocation: `s3://dr-drill-prod-drillstore-1x2y3z4w5v6u/drills/${DRILL_ID}/dry-run.json` });
    expect(result.checkedAt).toBe(NOW);
    expect(result.targets.map((t) => [t.targetId, t.kind, t.type, t.ok])).toEqual([
      ['patients-db', 'restore', 'aurora', true],
      ['appointments', 'restore', 'dynamodb', true],
      ['documents', 'restore', 's3', true],
      ['shared-files', 'restore', 'efs', true],
      ['gp-referrals', 'restore', 'rds', true],
      ['imaging-cache', 'restore', 'ebs', true],
      ['booking-web', 'restore', 'ec2', true],
      ['patients-global', 'failover', 'aurora-global', true],
    ]);
    expect(targetOf(result, 'patients-db').checks).toEqual([
      { name: 'latest recovery point', passed: true, detail: 'recovery point rp-patients-db created 4 h 12 min ago (RPO 24 h)' },
      { name: 'source vault', passed: true, detail: 'vault nhs-patient-platform exists in eu-west-1 (42 recovery points)' },
      { name: 'DR vault', passed: true, detail: 'vault nhs-patient-platform-dr exists in eu-west-2 (42 recovery points)' },
      { name: 'backup role', passed: true, detail: 'role AWSBackupDefaultServiceRole exists and trusts backup.amazonaws.com' },
      { name: 'isolated DB subnet group', passed: true, detail: `dr-isolated-db in ${DR_VPC}: 2 subnets (eu-west-2a, eu-west-2b)` },
      { name: 'security groups', passed: true, detail: `${SG} exist in eu-west-2 (${DR_VPC})` },
      { name: 'validation secret', passed: true, detail: 'secret nhs-patient-platform/patients-db/drill-readonly exists in eu-west-2' },
      { name: 'residency', passed: true, detail: 'every region and ARN inside UK and Ireland [eu-west-1, eu-west-2]' },
    ]);
    expect(targetOf(result, 'booking-web').checks.map((c) => [c.name, c.detail])).toEqual(
      expect.arrayContaining([['isolated subnet', `subnet ${SUBNET} in ${DR_VPC} (eu-west-2a), no public IPs`]]),
    );
    expect(targetOf(result, 'patients-global').checks).toEqual([
      { name: 'global cluster', passed: true, detail: 'patients-global: patients-db (eu-west-1, writer), patients-db-london (eu-west-2), all inside [eu-west-1, eu-west-2]' },
      { name: 'canary secret (primary)', passed: true, detail: 'secret nhs-patient-platform/patients-db/drill-canary exists in eu-west-1' },
      { name: 'canary secret (DR)', passed: true, detail: 'secret nhs-patient-platform/patients-db/drill-canary exists in eu-west-2' },
      { name: 'Route 53 answer', passed: true, detail: `Route 53 answers ${PRIMARY_ANSWER}. for patients.nhs-platform.example.uk: the primary (eu-west-1)` },
      { name: 'residency', passed: true, detail: 'every region and ARN inside UK and Ireland [eu-west-1, eu-west-2]' },
    ]);
  });

  it("asks each target's type for its network checks (lib/resource-types/targets/<type>/checks.ts)", async () => {
    const probe = { name: 'network probe', passed: true, detail: 'answered by the test' };
    const asked = jest.spyOn(TARGET_CHECKS.efs, 'dryRunChecks').mockResolvedValue([probe]);
    try {
      const { result } = await run();

      expect(asked).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ drRegion: DR_REGION }), expect.objectContaining({ id: 'shared-files', type: 'efs' }));
      expect(checkOf(result, 'shared-files', 'network probe')).toEqual(probe);
      expect(checkOf(result, 'documents', 'network probe')).toBeUndefined();
    } finally {
      asked.mockRestore();
    }
  });

  describe('a failover record in a private hosted zone, read from the VPC', () => {
    const privateZone = () =>
      fullPlan((plan) => {
        const target = plan.failover!.targets[0]!;
        target.dns = { ...target.dns!, zone: 'private', measureFrom: 'vpc' };
      });

    it('reads it through the VPC\'s resolver, never with TestDNSAnswer', async () => {
      const asked: string[] = [];
      const dns: DnsResolver = async (name, type) => {
        asked.push(`${type} ${name}`);
        return { records: [PRIMARY_ANSWER], ttlSeconds: null, responseCode: 'NOERROR' };
      };

      const { result } = await run(privateZone(), [NOW], { dns });

      expect(checkOf(result, 'patients-global', 'DNS answer in the VPC')).toEqual({
        name: 'DNS answer in the VPC',
        passed: true,
        detail: `the VPC's resolver answers ${PRIMARY_ANSWER} for patients.nhs-platform.example.uk: the primary (eu-west-1)`,
      });
      expect(asked).toEqual(['CNAME patients.nhs-platform.example.uk']);
      expect(commandNames()).not.toContain('TestDNSAnswerCommand');
      expect(targetOf(result, 'patients-global').wouldDo).toEqual(
        expect.arrayContaining([expect.stringContaining('resolve patients.nhs-platform.example.uk from inside the VPC, as clients there do (TTL included)')]),
      );
    });

    it('fails its check, saying how to attach the stack to the VPC, when it is not', async () => {
      const { result } = await run(privateZone());

      expect(checkOf(result, 'patients-global', 'DNS answer in the VPC')).toMatchObject({ passed: false });
      expect(checkOf(result, 'patients-global', 'DNS answer in the VPC')?.detail).toMatch(/^could not be checked: DnsObserverNotInVpcError: .*dnsObserverVpc in config\/<stage>\.yml/);
    });
  });

  it('says in plain words what a real run would do for a restore target and a failover target', async () => {
    const { result } = await run();
    const restored = `drdrill-${DRILL_ID.slice(1)}-patients-db`;

    expect(targetOf(result, 'patients-db').wouldDo).toEqual([
      'take the recovery point from copy: the newest recovery point in nhs-patient-platform was not made by a backup plan (on demand), so no copy rule is known to put it in nhs-patient-platform-dr (chosen: latest)',
      'copy recovery point rp-patients-db from vault nhs-patient-platform (eu-west-1) to vault nhs-patient-platform-dr (eu-west-2) as role AWSBackupDefaultServiceRole',
      `restore it in eu-west-2 as cluster ${restored} in DB subnet group dr-isolated-db with security groups ${SG}`,
      `add a db.r6g.large instance ${restored}-db to the restored cluster (AWS Backup restores it without one)`,
      `tag what it creates with dr-drill:drill-id ${DRILL_ID} and dr-drill:target patients-db`,
      'check that it is ready, then run 1 data check (postgres connection to database patients, read-only)',
      'measure RTO against 60 min and RPO against 24 h',
      `delete everything it created (instance ${restored}-db, cluster ${restored}, the copied recovery point), and confirm with AWS that it is gone`,
    ]);
    expect(targetOf(result, 'patients-global').wouldDo).toEqual([
      'check again, changing nothing, that the global database, replication lag (under 30 s), health URL and traffic allow the switch',
      'wait up to 60 min for a person to approve (dr-drill approve <execution>); no answer ends the drill with nothing changed',
      'write one canary row into dr_drill_canary of database patients in patients-db (eu-west-1)',
      'switchover (SwitchoverGlobalCluster, planned) of global cluster patients-global to patients-db-london (eu-west-2)',
      'every 5 s: read the writer, ask Route 53 what it answers for patients.nhs-platform.example.uk, and GET https://patients.nhs-platform.example.uk/health, until all three are on eu-west-2 (at most 15 min)',
      'read the canary row back in patients-db-london (eu-west-2)',
      'soak 10 min with the service in eu-west-2',
      'fail back: switchover to patients-db (eu-west-1), watched the same way',
      'if anything fails after the switch began: roll back to eu-west-1, trying for up to 60 min',
      'measure cutover against 90 s, downtime against 120 s and data loss against 30 s',
    ]);
  });

  it('makes only read-only calls, asks each shared question once, and asks each where it lives', async () => {
    await run();

    const names = commandNames();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).toMatch(/^(Describe|Get|List|Test)[A-Za-z]+Command$/);
    expect(iam).toHaveReceivedCommandTimes(GetRoleCommand, 1);
    expect(backup).toHaveReceivedCommandTimes(DescribeBackupVaultCommand, 2);
    expect(backup).toHaveReceivedCommandTimes(ListRecoveryPointsByBackupVaultCommand, 7);
    expect(rds).toHaveReceivedCommandTimes(DescribeDBSubnetGroupsCommand, 1);
    expect(await regionsOf(backup.commandCalls(ListRecoveryPointsByBackupVaultCommand))).toEqual(Array(7).fill(SOURCE_REGION));
    expect(await regionsOf(iam.calls())).toEqual([DR_REGION]);
    expect(await regionsOf(ec2.calls())).toEqual(ec2.calls().map(() => DR_REGION));
    const secretRegions = await regionsOf(secrets.calls());
    expect(secrets.calls().map((c, i) => [(c.args[0].input as { SecretId: string }).SecretId, secretRegions[i]]).sort()).toEqual(
      [
        [VALIDATION_SECRET, DR_REGION],
        [PRIMARY_SECRET, SOURCE_REGION],
        [DR_SECRET, DR_REGION],
      ].sort(),
    );
  });

  it.each([
    {
      what: 'no completed recovery point',
      setUp: () => backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [] }),
      check: ['patients-db', 'latest recovery point'],
      detail: `no completed snapshot recovery point of arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:patients-db in vault nhs-patient-platform (eu-west-1) created before the drill started (continuous backups cannot be copied: add a snapshot backup rule)`,
    },
    {
      what: 'a recovery point older than the RPO',
      setUp: () =>
        backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({
          RecoveryPoints: [{ RecoveryPointArn: 'arn:aws:backup:eu-west-1:111122223333:recovery-point:stale', Status: 'COMPLETED', CreationDate: new Date(Date.parse(STARTED_AT) - 30 * HOUR) }],
        }),
      check: ['patients-db', 'latest recovery point'],
      detail: 'recovery point stale created 1 d 6 h ago: older than the RPO objective 24 h',
    },
    {
      what: 'a missing source vault',
      setUp: () => {
        backup.on(DescribeBackupVaultCommand, { BackupVaultName: 'nhs-patient-platform' }).rejects(sdkError('ResourceNotFoundException', 'Backup vault nhs-patient-platform does not exist', 404));
        backup.on(ListRecoveryPointsByBackupVaultCommand).rejects(sdkError('ResourceNotFoundException', 'Backup vault nhs-patient-platform does not exist', 404));
      },
      check: ['documents', 'source vault'],
      detail: 'vault nhs-patient-platform not found in eu-west-1',
    },
    {
      what: 'no recovery point to copy when the source vault is missing',
      setUp: () => backup.on(ListRecoveryPointsByBackupVaultCommand).rejects(sdkError('ResourceNotFoundException', 'Backup vault nhs-patient-platform does not exist', 404)),
      check: ['documents', 'latest recovery point'],
      detail: 'source vault nhs-patient-platform not found in eu-west-1: there is no recovery point to copy',
    },
    {
      what: 'a missing DR vault',
      setUp: () => backup.on(DescribeBackupVaultCommand, { BackupVaultName: 'nhs-patient-platform-dr' }).rejects(sdkError('ResourceNotFoundException', 'no such vault', 404)),
      check: ['appointments', 'DR vault'],
      detail: 'vault nhs-patient-platform-dr not found in eu-west-2',
    },
    {
      what: 'a vault of another account',
      setUp: () => backup.on(DescribeBackupVaultCommand).resolves({ BackupVaultArn: 'arn:aws:backup:eu-west-2:999999999999:backup-vault:nhs-patient-platform-dr' }),
      check: ['appointments', 'DR vault'],
      detail: `vault nhs-patient-platform-dr in eu-west-2 is arn:aws:backup:eu-west-2:999999999999:backup-vault:nhs-patient-platform-dr, not the plan's ${DR_VAULT_ARN}`,
    },
    {
      what: 'a missing backup role',
      setUp: () => iam.on(GetRoleCommand).rejects(sdkError('NoSuchEntityException', 'The role with name AWSBackupDefaultServiceRole cannot be found.', 404)),
      check: ['shared-files', 'backup role'],
      detail: `role AWSBackupDefaultServiceRole not found (${BACKUP_ROLE_ARN})`,
    },
    {
      what: 'a backup role AWS Backup may not assume',
      setUp: () => iam.on(GetRoleCommand).resolves({ Role: { Path: '/service-role/', RoleName: 'AWSBackupDefaultServiceRole', RoleId: 'AROAX', Arn: BACKUP_ROLE_ARN, CreateDate: new Date(), AssumeRolePolicyDocument: trust('ec2.amazonaws.com') } }),
      check: ['shared-files', 'backup role'],
      detail: 'role AWSBackupDefaultServiceRole does not trust backup.amazonaws.com: AWS Backup could not assume it to copy or restore',
    },
    {
      what: 'a missing DB subnet group',
      setUp: () => rds.on(DescribeDBSubnetGroupsCommand).rejects(sdkError('DBSubnetGroupNotFoundFault', "DB Subnet group 'dr-isolated-db' not found.", 404)),
      check: ['gp-referrals', 'isolated DB subnet group'],
      detail: 'DB subnet group dr-isolated-db not found in eu-west-2',
    },
    {
      what: 'a missing security group, named by EC2',
      setUp: () => ec2.on(DescribeSecurityGroupsCommand).rejects(sdkError('InvalidGroup.NotFound', `The security group '${SG}' does not exist`)),
      check: ['patients-db', 'security groups'],
      detail: `The security group '${SG}' does not exist in eu-west-2`,
    },
    {
      what: 'a security group in another VPC than the subnet group',
      setUp: () => ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: SG, VpcId: 'vpc-0prod' }] }),
      check: ['patients-db', 'security groups'],
      detail: `${SG} is in vpc-0prod, not ${DR_VPC} of the DB subnet group dr-isolated-db`,
    },
    {
      what: 'a missing EC2 subnet',
      setUp: () => ec2.on(DescribeSubnetsCommand).rejects(sdkError('InvalidSubnetID.NotFound', `The subnet ID '${SUBNET}' does not exist`)),
      check: ['booking-web', 'isolated subnet'],
      detail: `subnet ${SUBNET} not found in eu-west-2`,
    },
    {
      what: 'a subnet that hands out public IPs',
      setUp: () => ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: SUBNET, VpcId: DR_VPC, AvailabilityZone: 'eu-west-2a', MapPublicIpOnLaunch: true }] }),
      check: ['booking-web', 'isolated subnet'],
      detail: `subnet ${SUBNET} gives instances a public IP (MapPublicIpOnLaunch): not an isolated subnet`,
    },
    {
      what: 'a missing validation secret',
      setUp: () => secrets.on(DescribeSecretCommand, { SecretId: VALIDATION_SECRET }).rejects(sdkError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.")),
      check: ['patients-db', 'validation secret'],
      detail: 'secret nhs-patient-platform/patients-db/drill-readonly-Xy12Ab not found in eu-west-2',
    },
    {
      what: 'a validation secret scheduled for deletion',
      setUp: () => secrets.on(DescribeSecretCommand, { SecretId: VALIDATION_SECRET }).resolves({ ARN: VALIDATION_SECRET, Name: 'readonly', DeletedDate: new Date('2025-03-01T00:00:00Z') }),
      check: ['patients-db', 'validation secret'],
      detail: 'secret readonly in eu-west-2 is scheduled for deletion (since 2025-03-01T00:00:00.000Z)',
    },
    {
      what: 'a missing global database',
      setUp: () => rds.on(DescribeGlobalClustersCommand).rejects(sdkError('GlobalClusterNotFoundFault', 'GlobalCluster patients-global not found', 404)),
      check: ['patients-global', 'global cluster'],
      detail: 'the global database patients-global was not found (asked in eu-west-2)',
    },
    {
      what: 'a global database member outside the policy',
      setUp: () =>
        rds.on(DescribeGlobalClustersCommand).resolves({
          GlobalClusters: [
            {
              GlobalClusterIdentifier: 'patients-global',
              Status: 'available',
              GlobalClusterMembers: [
                { DBClusterArn: PRIMARY_CLUSTER_ARN, IsWriter: true },
                { DBClusterArn: DR_CLUSTER_ARN, IsWriter: false },
                { DBClusterArn: `arn:aws:rds:us-east-1:${ACCOUNT}:cluster:patients-db-virginia`, IsWriter: false },
              ],
            },
          ],
        }),
      check: ['patients-global', 'global cluster'],
      detail: 'member patients-db-virginia is in us-east-1, outside the residency policy [eu-west-1, eu-west-2]',
    },
    {
      what: 'a missing canary secret',
      setUp: () => secrets.on(DescribeSecretCommand, { SecretId: DR_SECRET }).rejects(sdkError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.")),
      check: ['patients-global', 'canary secret (DR)'],
      detail: 'secret nhs-patient-platform/patients-db/drill-canary-Ef34Gh not found in eu-west-2',
    },
    {
      what: 'traffic not on the primary',
      setUp: () => route53.on(TestDNSAnswerCommand).resolves({ RecordData: ['patients-eu-west-2.nhs-platform.example.uk'], ResponseCode: 'NOERROR' }),
      check: ['patients-global', 'Route 53 answer'],
      detail: `Route 53 answers patients-eu-west-2.nhs-platform.example.uk for patients.nhs-platform.example.uk, not the primary's ${PRIMARY_ANSWER}: traffic is not on the primary`,
    },
    {
      what: 'a read the function may not make',
      setUp: () => iam.on(GetRoleCommand).rejects(sdkError('AccessDenied', 'User is not authorized to perform: iam:GetRole', 403)),
      check: ['patients-db', 'backup role'],
      detail: 'could not be checked: AccessDenied: User is not authorized to perform: iam:GetRole',
    },
  ])('fails on $what, saying so in one line', async ({ setUp, check, detail }) => {
    setUp();

    const { summary, result } = await run();

    const [targetId, name] = check as [string, string];
    expect(checkOf(result, targetId, name)).toEqual({ name, passed: false, detail });
    expect(targetOf(result, targetId).ok).toBe(false);
    expect(summary.ok).toBe(false);
    expect(summary.failed).toBeGreaterThanOrEqual(1);
    for (const name of commandNames()) expect(name).toMatch(/^(Describe|Get|List|Test)[A-Za-z]+Command$/);
  });

  it('reads ARC routing controls at an allowed endpoint for a failover proven by ARC, changing none', async () => {
    arc.on(GetRoutingControlStateCommand, { RoutingControlArn: PRIMARY_CONTROL }).resolves({ RoutingControlArn: PRIMARY_CONTROL, RoutingControlState: 'On' });
    arc.on(GetRoutingControlStateCommand, { RoutingControlArn: DR_CONTROL }).resolves({ RoutingControlArn: DR_CONTROL, RoutingControlState: 'Off' });
    const plan = fullPlan((p) => {
      const target = p.failover!.targets[0]!;
      delete target.dns;
      target.routingControls = { clusterEndpoints: structuredClone(ARC_ENDPOINTS), primaryControlArn: PRIMARY_CONTROL, drControlArn: DR_CONTROL };
    });

    const { result } = await run(plan);

    expect(checkOf(result, 'patients-global', 'routing controls')).toEqual({ name: 'routing controls', passed: true, detail: 'primary control On, DR control Off: traffic on the primary (eu-west-1)' });
    expect(targetOf(result, 'patients-global').wouldDo[4]).toContain('turn the eu-west-2 routing control on and the eu-west-1 one off once the DR cluster is writer');
    expect(arc).toHaveReceivedCommandTimes(GetRoutingControlStateCommand, 2);
    expect(route53).not.toHaveReceivedAnyCommand();
  });

  it('reports a residency breach the plan gained after Check Plan, asking nothing outside the policy', async () => {
    const outside = `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:nhs-patient-platform-dr`;
    const plan = fullPlan((p) => {
      p.targets[1]!.drVault = outside;
    });

    const { result } = await run(plan);

    expect(checkOf(result, 'appointments', 'residency')).toEqual({
      name: 'residency',
      passed: false,
      detail: 'targets[1].drVault: region us-east-1 is outside the residency policy [eu-west-1, eu-west-2]',
    });
    expect(checkOf(result, 'appointments', 'DR vault')).toEqual({
      name: 'DR vault',
      passed: false,
      detail: 'refused, nothing asked: dry run: vault nhs-patient-platform-dr: region us-east-1 is outside the residency policy [eu-west-1, eu-west-2]',
    });
    expect(checkOf(result, 'documents', 'residency')?.passed).toBe(true);
    expect((await regionsOf(allCalls())).filter((r) => r === 'us-east-1')).toEqual([]);
  });

  it('stops starting targets when its time budget is spent, saying which were not checked', async () => {
    const late = new Date(Date.parse(NOW) + DRY_RUN_BUDGET_MS + 1000).toISOString();

    const { summary, result } = await run(fullPlan(), [NOW, late]);

    expect(summary).toMatchObject({ ok: false, targets: 8, failed: 8 });
    expect(targetOf(result, 'patients-db').checks).toEqual([
      { name: 'not checked', passed: false, detail: 'the dry run stopped starting targets after 12 minutes to finish inside its 15-minute Lambda' },
    ]);
    expect(targetOf(result, 'patients-db').wouldDo[0]).toMatch(/^copy the newest completed recovery point \(none was found now\)/);
    expect(allCalls()).toEqual([]);
  });

  it('refuses an event without a drill before any AWS call', async () => {
    const store = memoryStore();

    await expect(dryRun({}, testDeps(), store)).rejects.toMatchObject({ name: 'BadPayloadError' });
    expect(store.getPlan).not.toHaveBeenCalled();
    expect(allCalls()).toEqual([]);
  });
});
