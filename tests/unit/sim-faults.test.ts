import { SimAccount } from '../../local/sim/account';
import { SimClock } from '../../local/sim/clock';
import { errorOf, newestSnapshot, pollUntil } from '../../local/sim/drive';
import { examplePlan } from '../../local/sim/example-plan';
import { FAULTS, FAULT_NAMES, UnknownFaultError, describeFaults, parseFaults, type FaultSpec } from '../../local/sim/faults';
import type { Target } from '../../lib/plan/schema';

const START = Date.UTC(2025, 4, 4, 2, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const PRIMARY = 'eu-west-2';
const DR = 'eu-west-1';
type Json = Record<string, unknown>;

function setUp(faults: string[]) {
  const plan = examplePlan();
  const clock = new SimClock(START);
  const account = new SimAccount({ clock, regions: [PRIMARY, DR], faults: parseFaults(faults) });
  account.seedFromPlan(plan);
  const target = (id: string): Target => plan.targets.find((t) => t.id === id)!;
  return { plan, clock, account, target };
}

async function latestRecoveryPoint(account: SimAccount, t: Target): Promise<string> {
  const { RecoveryPoints } = await account.call(PRIMARY, 'backup', 'ListRecoveryPointsByBackupVault', { BackupVaultName: 'trust-prod-vault', ByResourceArn: t.resourceArn });
  return String(newestSnapshot(RecoveryPoints as Json[]).RecoveryPointArn);
}

const copyInput = (t: Target, arn: string) => ({
  RecoveryPointArn: arn,
  SourceBackupVaultName: 'trust-prod-vault',
  DestinationBackupVaultArn: t.drVault,
  IamRoleArn: t.backupRoleArn,
});

async function copy(account: SimAccount, clock: SimClock, t: Target): Promise<Json> {
  const { CopyJobId } = await account.call(PRIMARY, 'backup', 'StartCopyJob', copyInput(t, await latestRecoveryPoint(account, t)));
  const { CopyJob } = await pollUntil(clock, () => account.call(PRIMARY, 'backup', 'DescribeCopyJob', { CopyJobId }), (r) =>
    ['COMPLETED', 'FAILED'].includes(String((r.CopyJob as Json).State)),
  );
  return CopyJob as Json;
}

const RESTORE_METADATA: Record<Target['type'], Json> = {
  aurora: { DBClusterIdentifier: 'appointments-drill', DBSubnetGroupName: 'dr-isolated-db', VpcSecurityGroupIds: 'sg-0a1b2c3d4e5f60718' },
  rds: { DBInstanceIdentifier: 'pharmacy-drill', DBSubnetGroupName: 'dr-isolated-db', VpcSecurityGroupIds: 'sg-0a1b2c3d4e5f60718' },
  dynamodb: { targetTableName: 'referrals-drill' },
  ebs: { availabilityZone: 'eu-west-1a' },
  ec2: { subnetId: 'subnet-0f1e2d3c4b5a69788', securityGroupIds: '["sg-0a1b2c3d4e5f60718"]' },
  efs: { newFileSystem: 'true', CreationToken: 'letters-drill' },
  s3: { DestinationBucketName: 'trust-discharge-exports-drill', NewBucket: 'true' },
  fsx: { SubnetIds: '["subnet-0b1c2d3e4f5a60718"]', SecurityGroupIds: '["sg-0c1d2e3f4a5b69788"]', WindowsConfiguration: '{"ActiveDirectoryId":"d-9067a1b2c3"}' },
  'fsx-ontap': { Name: 'lab_results_drill', OntapConfiguration: '{"StorageVirtualMachineId":"svm-0a1b2c3d4e5f60718","JunctionPath":"/lab_results_drill"}' },
  docdb: { DBClusterIdentifier: 'fhir-store-drill', DBSubnetGroupName: 'dr-isolated-db', VpcSecurityGroupIds: 'sg-0a1b2c3d4e5f60718' },
  neptune: { DBClusterIdentifier: 'terminology-graph-drill', DBSubnetGroupName: 'dr-isolated-db', VpcSecurityGroupIds: 'sg-0a1b2c3d4e5f60718' },
};

async function restore(account: SimAccount, clock: SimClock, t: Target, everyMs = 2 * MIN): Promise<Json> {
  const copyJob = await copy(account, clock, t);
  const { RestoreJobId } = await account.call(DR, 'backup', 'StartRestoreJob', {
    RecoveryPointArn: copyJob.DestinationRecoveryPointArn,
    IamRoleArn: t.backupRoleArn,
    Metadata: RESTORE_METADATA[t.type],
  });
  return pollUntil(clock, () => account.call(DR, 'backup', 'DescribeRestoreJob', { RestoreJobId }), (r) => ['COMPLETED', 'FAILED'].includes(String(r.Status)), { everyMs });
}

describe('parseFaults', () => {
  it('parses fault names with an optional target id', () => {
    expect(parseFaults(['copy-job-failed', 'throttled', 'restore-job-failed:appointments'])).toEqual<FaultSpec[]>([
      { name: 'copy-job-failed' },
      { name: 'throttled' },
      { name: 'restore-job-failed', targetId: 'appointments' },
    ]);
  });

  it('refuses an unknown fault, listing the valid ones', () => {
    expect(() => parseFaults(['copy-job-faild'])).toThrow(UnknownFaultError);
    expect(() => parseFaults(['copy-job-faild'])).toThrow(FAULT_NAMES.join(', '));
  });

  it('refuses a fault aimed at a target the plan does not have', () => {
    const account = new SimAccount({ clock: new SimClock(START), regions: [PRIMARY, DR], faults: parseFaults(['wait-timeout:nope']) });

    expect(() => account.seedFromPlan(examplePlan())).toThrow(/names no target of the plan \(targets: appointments, pharmacy/);
  });

  it('describes every fault in one line for --help', () => {
    const help = describeFaults().split('\n');

    expect(help).toHaveLength(FAULT_NAMES.length);
    FAULT_NAMES.forEach((name, i) => expect(help[i]).toContain(FAULTS[name]));
  });

  it('applies to the first target unless one is named, and throttled to every target', () => {
    const { account } = setUp(['copy-job-failed', 'validation-failed:referrals', 'throttled']);

    expect(account.faultsFor('appointments')).toEqual(['copy-job-failed', 'throttled']);
    expect(account.faultsFor('referrals')).toEqual(['validation-failed', 'throttled']);
    expect(account.faultsFor('pharmacy')).toEqual(['throttled']);
  });
});

describe('fault: copy-job-failed', () => {
  it('fails the first target\'s copy job after a few minutes with a StatusMessage and copies nothing', async () => {
    const { clock, account, target } = setUp(['copy-job-failed']);

    const failed = await copy(account, clock, target('appointments'));
    const other = await copy(account, clock, target('pharmacy'));

    expect(failed).toMatchObject({ State: 'FAILED', StatusMessage: expect.stringContaining('copy-job-failed') });
    expect(failed.DestinationRecoveryPointArn).toBeUndefined();
    const minutes = (Date.parse(String(failed.CompletionDate)) - Date.parse(String(failed.CreationDate))) / MIN;
    expect(minutes).toBeGreaterThanOrEqual(2);
    expect(minutes).toBeLessThanOrEqual(5);
    expect(other.State).toBe('COMPLETED');
    expect(account.leftovers().map((l) => l.targetId)).toEqual(['pharmacy']);
  });
});

describe('fault: restore-job-failed', () => {
  it('fails the named target\'s restore job and creates nothing', async () => {
    const { clock, account, target } = setUp(['restore-job-failed:referrals']);

    const job = await restore(account, clock, target('referrals'));

    expect(job).toMatchObject({ Status: 'FAILED', StatusMessage: expect.stringContaining('restore-job-failed') });
    expect(job.CreatedResourceArn).toBeUndefined();
    expect(await errorOf(account.call(DR, 'dynamodb', 'DescribeTable', { TableName: 'referrals-drill' }))).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(account.leftovers().map((l) => l.kind)).toEqual(['recovery-point']);
  });
});

describe('fault: validation-failed', () => {
  it('brings a restored RDS instance up as incompatible-restore, without an endpoint', async () => {
    const { clock, account, target } = setUp(['validation-failed:pharmacy']);

    await restore(account, clock, target('pharmacy'));
    const { DBInstances } = await account.call(DR, 'rds', 'DescribeDBInstances', { DBInstanceIdentifier: 'pharmacy-drill' });

    expect((DBInstances as Json[])[0]).toMatchObject({ DBInstanceStatus: 'incompatible-restore' });
    expect((DBInstances as Json[])[0]!.Endpoint).toBeUndefined();
  });

  it('brings the instance created in a restored Aurora cluster up as incompatible-restore', async () => {
    const { clock, account, target } = setUp(['validation-failed']);
    await restore(account, clock, target('appointments'));

    await account.call(DR, 'rds', 'CreateDBInstance', {
      DBInstanceIdentifier: 'appointments-drill-1',
      DBClusterIdentifier: 'appointments-drill',
      DBInstanceClass: 'db.r6g.large',
      Engine: 'aurora-postgresql',
    });
    await clock.sleep(15 * MIN);
    const { DBInstances } = await account.call(DR, 'rds', 'DescribeDBInstances', { DBInstanceIdentifier: 'appointments-drill-1' });

    expect((DBInstances as Json[])[0]).toMatchObject({ DBInstanceStatus: 'incompatible-restore' });
  });

  it('restores a DynamoDB table as INACCESSIBLE_ENCRYPTION_CREDENTIALS', async () => {
    const { clock, account, target } = setUp(['validation-failed:referrals']);

    await restore(account, clock, target('referrals'));
    const { Table } = await account.call(DR, 'dynamodb', 'DescribeTable', { TableName: 'referrals-drill' });

    expect(Table).toMatchObject({ TableStatus: 'INACCESSIBLE_ENCRYPTION_CREDENTIALS' });
  });

  it('restores EFS and EBS in the error state', async () => {
    const { clock, account, target } = setUp(['validation-failed:letters', 'validation-failed:pacs-cache']);

    const efsJob = await restore(account, clock, target('letters'));
    const ebsJob = await restore(account, clock, target('pacs-cache'));
    const { FileSystems } = await account.call(DR, 'efs', 'DescribeFileSystems', { FileSystemId: String(efsJob.CreatedResourceArn).split('file-system/')[1] });
    const { Volumes } = await account.call(DR, 'ec2', 'DescribeVolumes', { VolumeIds: [String(ebsJob.CreatedResourceArn).split('volume/')[1]] });

    expect((FileSystems as Json[])[0]).toMatchObject({ LifeCycleState: 'error' });
    expect((Volumes as Json[])[0]).toMatchObject({ State: 'error' });
  });

  it('restores an S3 bucket empty', async () => {
    const { clock, account, target } = setUp(['validation-failed:discharge-exports']);

    await restore(account, clock, target('discharge-exports'));
    const listing = await account.call(DR, 's3', 'ListObjectsV2', { Bucket: 'trust-discharge-exports-drill' });
    const source = await account.call(PRIMARY, 's3', 'ListObjectsV2', { Bucket: 'trust-discharge-exports-prod' });

    expect(listing).toMatchObject({ KeyCount: 0, IsTruncated: false });
    expect(listing.Contents).toBeUndefined();
    expect(source.KeyCount).toBeGreaterThan(0);
  });
});

describe('fault: throttled', () => {
  it('throttles the first call of each job and instance action per target, and a retry passes', async () => {
    const { clock, account, target } = setUp(['throttled']);
    const aurora = target('appointments');
    const arn = await latestRecoveryPoint(account, aurora);
    const retry = async (call: () => Promise<Json>): Promise<{ first: unknown; result: Json }> => {
      const first = await errorOf(call());
      return { first, result: await call() };
    };

    const started = await retry(() => account.call(PRIMARY, 'backup', 'StartCopyJob', copyInput(aurora, arn)));
    const described = await retry(() => account.call(PRIMARY, 'backup', 'DescribeCopyJob', { CopyJobId: started.result.CopyJobId }));
    const { CopyJob } = await pollUntil(clock, () => account.call(PRIMARY, 'backup', 'DescribeCopyJob', { CopyJobId: started.result.CopyJobId }), (r) => (r.CopyJob as Json).State === 'COMPLETED');
    const restoreInput = { RecoveryPointArn: (CopyJob as Json).DestinationRecoveryPointArn, Metadata: RESTORE_METADATA.aurora };
    const restoreStarted = await retry(() => account.call(DR, 'backup', 'StartRestoreJob', restoreInput));
    const restoreDescribed = await retry(() => account.call(DR, 'backup', 'DescribeRestoreJob', restoreStarted.result));
    await pollUntil(clock, () => account.call(DR, 'backup', 'DescribeRestoreJob', restoreStarted.result), (r) => r.Status === 'COMPLETED', { everyMs: 5 * MIN });
    await account.call(DR, 'rds', 'CreateDBInstance', { DBInstanceIdentifier: 'appointments-drill-1', DBClusterIdentifier: 'appointments-drill', DBInstanceClass: 'db.r6g.large', Engine: 'aurora-postgresql' });
    const instances = await retry(() => account.call(DR, 'rds', 'DescribeDBInstances', { DBInstanceIdentifier: 'appointments-drill-1' }));

    for (const step of [started, described, restoreStarted, restoreDescribed]) {
      expect(step.first).toMatchObject({ name: 'ThrottlingException', retryable: true, service: 'backup' });
    }
    expect(instances.first).toMatchObject({ name: 'Throttling', retryable: true, service: 'rds', message: 'Rate exceeded' });
    expect(instances.result.DBInstances).toHaveLength(1);
    expect(account.calls.filter((c) => c.error?.startsWith('Throttling'))).toHaveLength(5);
  });

  it('throttles every target, each once', async () => {
    const { account, target } = setUp(['throttled']);
    const first = target('referrals');
    const second = target('letters');

    const a1 = await errorOf(account.call(PRIMARY, 'backup', 'StartCopyJob', copyInput(first, await latestRecoveryPoint(account, first))));
    const b1 = await errorOf(account.call(PRIMARY, 'backup', 'StartCopyJob', copyInput(second, await latestRecoveryPoint(account, second))));
    const a2 = await errorOf(account.call(PRIMARY, 'backup', 'StartCopyJob', copyInput(first, await latestRecoveryPoint(account, first))));

    expect([a1?.name, b1?.name, a2]).toEqual(['ThrottlingException', 'ThrottlingException', undefined]);
  });
});

describe('fault: wait-timeout', () => {
  it('keeps the restore running past 6 hours, then completes and creates a resource cleanup can delete', async () => {
    const { clock, account, target } = setUp(['wait-timeout:referrals']);
    const t = target('referrals');
    const copyJob = await copy(account, clock, t);
    const { RestoreJobId } = await account.call(DR, 'backup', 'StartRestoreJob', {
      RecoveryPointArn: copyJob.DestinationRecoveryPointArn,
      Metadata: RESTORE_METADATA.dynamodb,
    });

    await clock.sleep(6 * HOUR);
    const stillRunning = await account.call(DR, 'backup', 'DescribeRestoreJob', { RestoreJobId });
    const settled = await pollUntil(clock, () => account.call(DR, 'backup', 'DescribeRestoreJob', { RestoreJobId }), (r) => r.Status !== 'RUNNING', { everyMs: 15 * MIN });
    const hours = (Date.parse(String(settled.CompletionDate)) - Date.parse(String(settled.CreationDate))) / HOUR;
    await account.call(DR, 'dynamodb', 'DeleteTable', { TableName: 'referrals-drill' });
    await clock.sleep(5 * MIN);
    await account.call(DR, 'backup', 'DeleteRecoveryPoint', { BackupVaultName: 'trust-dr-vault', RecoveryPointArn: copyJob.DestinationRecoveryPointArn });
    await clock.sleep(5 * MIN);

    expect(stillRunning).toMatchObject({ Status: 'RUNNING' });
    expect(settled).toMatchObject({ Status: 'COMPLETED', CreatedResourceArn: `arn:aws:dynamodb:${DR}:111122223333:table/referrals-drill` });
    expect(hours).toBeGreaterThan(6);
    expect(account.leftovers()).toEqual([]);
  });
});
