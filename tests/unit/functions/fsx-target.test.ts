// The FSx for Windows target through every function that knows resource types: the plan schema (ONTAP refused), the
// restore request, the readiness and data checks of validation, the delete, Check Cleanup and the dry run's network
// checks. SDK calls are mocked.
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeSubnetsCommand, DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DeleteFileSystemCommand, DescribeFileSystemsCommand, FileSystemNotFound, FSxClient, type FileSystem } from '@aws-sdk/client-fsx';
import { checkCleanup } from '../../../functions/check-cleanup/check-cleanup';
import { prepareRestore } from '../../../functions/prepare-restore/prepare-restore';
import { validateRestore } from '../../../functions/validate-restore/validate-restore';
import { DryRunReads } from '../../../lib/dry-run/reads';
import { checkPlan } from '../../../lib/plan/load';
import { removeCreated } from '../../../lib/resource-types/registry';
import { FSX_CHECKS } from '../../../lib/resource-types/targets/fsx/checks';
import { FSX } from '../../../lib/resource-types/targets/fsx/definition';
import { ACCOUNT, DR_REGION, FSX_DIRECTORY, FSX_SG, FSX_SUBNET, childState, drillContext, fsxTarget, nhsPlanInput, regionsOf, targetsOf, testDeps } from './fixtures';

const fsx = mockClient(FSxClient);
const cloudwatch = mockClient(CloudWatchClient);
const ec2 = mockClient(EC2Client);

const FS_ID = 'fs-0fedcba9876543210';
const CREATED = `arn:aws:fsx:eu-west-2:${ACCOUNT}:file-system/${FS_ID}`;
const GiB = 1024 ** 3;

function planWith(target: Record<string, unknown>): Record<string, unknown> {
  const plan = nhsPlanInput();
  targetsOf(plan).push(target);
  return plan;
}

/** What GetRecoveryPointRestoreMetadata records for a Windows file system backed up in eu-west-1 (restoring-fsx's shape). */
const RECORDED = {
  FileSystemId: 'fs-0123456789abcdef0',
  FileSystemType: 'WINDOWS',
  StorageCapacity: '2048',
  StorageType: 'SSD',
  VpcId: 'vpc-0123456789abcdef0',
  SubnetIds: '["subnet-0123456789abcdef0"]',
  SecurityGroupIds: '["sg-0123456789abcdef0"]',
  KmsKeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  WindowsConfiguration: JSON.stringify({
    ActiveDirectoryId: 'd-1111111111',
    DeploymentType: 'SINGLE_AZ_2',
    ThroughputCapacity: 64,
    PreferredSubnetId: 'subnet-0123456789abcdef0',
    AutomaticBackupRetentionDays: 7,
    Aliases: ['pacs.trust.example.org'],
    AuditLogConfiguration: { FileAccessAuditLogLevel: 'SUCCESS_AND_FAILURE', AuditLogDestination: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/fsx/pacs` },
    WeeklyMaintenanceStartTime: '7:03:00',
  }),
};

async function restoredState(target: Record<string, unknown> = fsxTarget()) {
  const state = await childState('pacs-studies', planWith(target));
  return { ...state, restore: { jobId: 'job-1', job: { RestoreJobId: 'job-1', Status: 'COMPLETED', CreatedResourceArn: CREATED } } };
}

const fileSystem = (over: Partial<FileSystem> = {}): { FileSystems: FileSystem[] } => ({
  FileSystems: [{ FileSystemId: FS_ID, FileSystemType: 'WINDOWS', Lifecycle: 'AVAILABLE', StorageCapacity: 2048, ...over }],
});
const freeStorage = (bytes: number[]) => ({
  MetricDataResults: [{ Id: 'fsxMetric', Timestamps: bytes.map((_, i) => new Date(Date.UTC(2025, 2, 4, 2, 59 - i))), Values: bytes, StatusCode: 'Complete' as const }],
});

beforeEach(() => {
  fsx.reset();
  cloudwatch.reset();
  ec2.reset();
});

describe('the plan schema for fsx targets', () => {
  it('accepts a Windows file system with its isolated subnet, security groups and DR directory', () => {
    const checked = checkPlan(planWith(fsxTarget({ validation: { minUsedGiB: 200 } })));

    expect(checked.ok ? [] : checked.problems).toEqual([]);
  });

  it('refuses an FSx for NetApp ONTAP volume, pointing to type fsx-ontap, AWS Backup\'s copy limitation and how to drill it', () => {
    const volume = `arn:aws:fsx:eu-west-1:${ACCOUNT}:volume/fs-0123456789abcdef0/fsvol-0123456789abcdef0`;
    const checked = checkPlan(planWith(fsxTarget({ resourceArn: volume })));

    expect(checked.ok).toBe(false);
    const problem = checked.ok ? undefined : checked.problems.find((p) => p.path === 'targets[4].resourceArn');
    expect(problem?.message).toContain(`${volume} is an FSx for NetApp ONTAP volume`);
    expect(problem?.message).toContain('"This feature is not yet available for Amazon FSx for NetApp ONTAP volumes"');
    expect(problem?.message).toContain('give it type fsx-ontap');
    expect(problem?.message).toContain('Drill it in a one-region plan');
  });

  it('refuses three subnets, a throughput FSx does not offer, a directory that is not an id, and another service\'s ARN', () => {
    const checked = checkPlan(
      planWith(
        fsxTarget({
          resourceArn: `arn:aws:elasticfilesystem:eu-west-1:${ACCOUNT}:file-system/fs-0123456789abcdef0`,
          restore: { subnetIds: [FSX_SUBNET, FSX_SUBNET, FSX_SUBNET], securityGroupIds: [FSX_SG], activeDirectoryId: 'corp.example.org', throughputCapacity: 100 },
        }),
      ),
    );

    const paths = checked.ok ? [] : checked.problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining(['targets[4].resourceArn', 'targets[4].restore.subnetIds', 'targets[4].restore.activeDirectoryId', 'targets[4].restore.throughputCapacity']),
    );
  });

  it('refuses a file system in a region outside the residency policy', () => {
    const checked = checkPlan(planWith(fsxTarget({ resourceArn: `arn:aws:fsx:us-east-1:${ACCOUNT}:file-system/fs-0123456789abcdef0` })));

    expect(checked.ok ? [] : checked.problems.map((p) => p.path)).toContain('targets[4].resourceArn');
  });
});

describe('prepareRestore for an FSx for Windows file system', () => {
  it("restores into the plan's subnet, security groups and directory, dropping the source's network, key, aliases and audit log", async () => {
    const state = await childState('pacs-studies', planWith(fsxTarget({ restore: { subnetIds: [FSX_SUBNET], securityGroupIds: [FSX_SG], activeDirectoryId: FSX_DIRECTORY, throughputCapacity: 32 } })));

    const request = await prepareRestore({ ...state, restoreMetadata: { metadata: RECORDED } });

    expect(request.resourceType).toBe('FSx');
    const { WindowsConfiguration, ...rest } = request.metadata;
    expect(rest).toEqual({
      FileSystemType: 'WINDOWS',
      StorageCapacity: '2048',
      StorageType: 'SSD',
      SubnetIds: `["${FSX_SUBNET}"]`,
      SecurityGroupIds: `["${FSX_SG}"]`,
    });
    expect(JSON.parse(WindowsConfiguration!)).toEqual({
      ActiveDirectoryId: FSX_DIRECTORY,
      DeploymentType: 'SINGLE_AZ_2',
      ThroughputCapacity: 32,
      AutomaticBackupRetentionDays: 0,
      WeeklyMaintenanceStartTime: '7:03:00',
    });
  });

  it('names the preferred file server for two subnets (MULTI_AZ_1) and the plan\'s DR key, keeping the recorded throughput', () => {
    const target = FSX.schema.parse(
      fsxTarget({
        restore: { subnetIds: [FSX_SUBNET, 'subnet-0d1e2f3a4b5c60718'], securityGroupIds: [FSX_SG], activeDirectoryId: FSX_DIRECTORY, kmsKeyArn: `arn:aws:kms:eu-west-2:${ACCOUNT}:key/abcd` },
      }),
    );
    const recorded = { ...RECORDED, WindowsConfiguration: JSON.stringify({ DeploymentType: 'MULTI_AZ_1', ThroughputCapacity: 64 }) };

    const metadata = FSX.restoreMetadata(target, { restored: 'x', instance: 'y' } as never, { StorageCapacity: '2048' }, recorded);

    expect(metadata).toMatchObject({ KmsKeyId: `arn:aws:kms:eu-west-2:${ACCOUNT}:key/abcd`, SubnetIds: `["${FSX_SUBNET}","subnet-0d1e2f3a4b5c60718"]` });
    expect(JSON.parse(metadata.WindowsConfiguration!)).toEqual({
      DeploymentType: 'MULTI_AZ_1',
      ThroughputCapacity: 64,
      ActiveDirectoryId: FSX_DIRECTORY,
      PreferredSubnetId: FSX_SUBNET,
      AutomaticBackupRetentionDays: 0,
    });
  });
});

describe('validateRestore for an FSx for Windows file system', () => {
  it('passes an AVAILABLE file system that is large enough and holds enough, asking FSx and CloudWatch in the DR region', async () => {
    fsx.on(DescribeFileSystemsCommand).resolves(fileSystem());
    // Newest first: 2048 GiB less 1800 GiB free = 248 GiB used.
    cloudwatch.on(GetMetricDataCommand).resolves(freeStorage([1800 * GiB, 1900 * GiB]));

    const result = await validateRestore(await restoredState(fsxTarget({ validation: { minStorageCapacityGiB: 1024, minUsedGiB: 200 } })), testDeps());

    expect(result.checks.map((c) => [c.name, c.passed, c.value])).toEqual([
      ['file system available', true, 'AVAILABLE'],
      ['storage capacity', true, 2048],
      ['used storage', true, 248],
    ]);
    expect(result.passed).toBe(true);
    expect(fsx).toHaveReceivedCommandWith(DescribeFileSystemsCommand, { FileSystemIds: [FS_ID] });
    expect(cloudwatch).toHaveReceivedCommandWith(GetMetricDataCommand, {
      MetricDataQueries: [expect.objectContaining({ MetricStat: expect.objectContaining({ Metric: { Namespace: 'AWS/FSx', MetricName: 'FreeStorageCapacity', Dimensions: [{ Name: 'FileSystemId', Value: FS_ID }] } }) })],
    });
    expect(await regionsOf([...fsx.calls(), ...cloudwatch.calls()])).toEqual(Array(3).fill(DR_REGION));
  });

  it('fails a share that holds less than the plan asks', async () => {
    fsx.on(DescribeFileSystemsCommand).resolves(fileSystem());
    cloudwatch.on(GetMetricDataCommand).resolves(freeStorage([1948 * GiB]));

    const result = await validateRestore(await restoredState(fsxTarget({ validation: { minUsedGiB: 200 } })), testDeps());

    expect(result.passed).toBe(false);
    expect(result.checks.at(-1)).toEqual({
      name: 'used storage',
      passed: false,
      value: 100,
      expected: '>= 200 GiB',
      reason: 'the restored share holds 100 GiB, less than 200 GiB (capacity less CloudWatch FreeStorageCapacity)',
    });
  });

  it('fails the used-storage check, saying why, when CloudWatch has no datapoint yet', async () => {
    fsx.on(DescribeFileSystemsCommand).resolves(fileSystem());
    cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'fsxMetric', Timestamps: [], Values: [], StatusCode: 'Complete' }] });

    const result = await validateRestore(await restoredState(fsxTarget({ validation: { minUsedGiB: 200 } })), testDeps());

    expect(result.checks.at(-1)).toMatchObject({ name: 'used storage', passed: false, value: null, reason: `CloudWatch has no FreeStorageCapacity for ${FS_ID} in the last 30 minutes` });
  });

  it("fails a MISCONFIGURED file system with FSx's own reason, and runs no data checks", async () => {
    fsx.on(DescribeFileSystemsCommand).resolves(fileSystem({ Lifecycle: 'MISCONFIGURED', FailureDetails: { Message: 'The file system cannot reach the DNS servers of the directory.' } }));

    const result = await validateRestore(await restoredState(fsxTarget({ validation: { minUsedGiB: 200 } })), testDeps());

    expect(result.passed).toBe(false);
    expect(result.checks).toEqual([
      {
        name: 'file system available',
        passed: false,
        value: 'MISCONFIGURED',
        expected: 'AVAILABLE',
        reason: 'restored file system is MISCONFIGURED, not AVAILABLE: The file system cannot reach the DNS servers of the directory.',
      },
    ]);
    expect(cloudwatch).not.toHaveReceivedCommand(GetMetricDataCommand);
  });

  it('fails a file system FSx does not know, without erroring', async () => {
    fsx.on(DescribeFileSystemsCommand).rejects(new FileSystemNotFound({ $metadata: { httpStatusCode: 400 }, message: 'File system does not exist.' }));

    const result = await validateRestore(await restoredState(), testDeps());

    expect(result.checks).toEqual([expect.objectContaining({ name: 'file system available', passed: false, value: null, reason: 'restored file system is missing, not AVAILABLE' })]);
  });
});

describe('deleting and confirming gone an FSx file system', () => {
  it('deletes it without a final backup, which would otherwise be left behind and billed', async () => {
    fsx.on(DeleteFileSystemCommand).resolves({ FileSystemId: FS_ID, Lifecycle: 'DELETING' });

    const removal = await removeCreated({ clients: testDeps().clients, region: DR_REGION, vaultName: null }, 'fsx-file-system', FS_ID);

    expect(removal).toEqual({ removed: true, dependents: [], failed: null });
    expect(fsx).toHaveReceivedCommandWith(DeleteFileSystemCommand, { FileSystemId: FS_ID, WindowsConfiguration: { SkipFinalBackup: true } });
  });

  it('counts one already deleted as gone, and DELETING as still being deleted', async () => {
    fsx.on(DeleteFileSystemCommand).rejects(new FileSystemNotFound({ $metadata: { httpStatusCode: 400 }, message: 'gone' }));
    expect((await removeCreated({ clients: testDeps().clients, region: DR_REGION, vaultName: null }, 'fsx-file-system', FS_ID)).removed).toBe(false);

    fsx.on(DescribeFileSystemsCommand).resolves(fileSystem({ Lifecycle: 'DELETING' }));
    const deleting = await checkCleanup(await restoredState(), testDeps());
    expect(deleting.remaining).toEqual([`${CREATED} (DELETING)`]);

    fsx.on(DescribeFileSystemsCommand).rejects(new FileSystemNotFound({ $metadata: { httpStatusCode: 400 }, message: 'gone' }));
    const gone = await checkCleanup(await restoredState(), testDeps());
    expect(gone.deleted).toContain(CREATED);
  });
});

describe("the dry run's network checks for an FSx target", () => {
  it('checks every subnet is isolated and the security groups once, against the first subnet\'s VPC', async () => {
    const second = 'subnet-0d1e2f3a4b5c60718';
    ec2.on(DescribeSubnetsCommand, { SubnetIds: [FSX_SUBNET] }).resolves({ Subnets: [{ SubnetId: FSX_SUBNET, VpcId: 'vpc-1', AvailabilityZone: 'eu-west-2a', MapPublicIpOnLaunch: false }] });
    ec2.on(DescribeSubnetsCommand, { SubnetIds: [second] }).resolves({ Subnets: [{ SubnetId: second, VpcId: 'vpc-1', AvailabilityZone: 'eu-west-2b', MapPublicIpOnLaunch: true }] });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: FSX_SG, VpcId: 'vpc-1' }] });
    const target = FSX.schema.parse(fsxTarget({ restore: { subnetIds: [FSX_SUBNET, second], securityGroupIds: [FSX_SG], activeDirectoryId: FSX_DIRECTORY } }));
    const drill = drillContext();

    const checks = await FSX_CHECKS.dryRunChecks(new DryRunReads(testDeps(), drill), drill, target);

    expect(checks.map((c) => [c.name, c.passed])).toEqual([
      ['isolated subnet', true],
      ['security groups', true],
      ['isolated subnet', false],
    ]);
  });
});
