import { SimAccount } from '../../local/sim/account';
import { SimClock } from '../../local/sim/clock';
import { errorOf, newestSnapshot, pollUntil } from '../../local/sim/drive';
import { examplePlan } from '../../local/sim/example-plan';
import { NO_DEFAULT_SUBNET } from '../../local/sim/restore-helpers';
import type { Target } from '../../lib/plan/schema';

const START = Date.UTC(2025, 4, 4, 2, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const PRIMARY = 'eu-west-2';
const DR = 'eu-west-1';

type Json = Record<string, unknown>;
const minutesBetween = (from: unknown, to: unknown) => (Date.parse(String(to)) - Date.parse(String(from))) / MIN;

function setUp() {
  const plan = examplePlan();
  const clock = new SimClock(START);
  const account = new SimAccount({ clock, regions: [PRIMARY, DR] });
  account.seedFromPlan(plan);
  const target = (id: string): Target => plan.targets.find((t) => t.id === id)!;
  return { plan, clock, account, target };
}

/** Latest recovery point of a target in its source vault, copied to the DR vault; returns the copy job. */
async function copyLatest(account: SimAccount, clock: SimClock, t: Target): Promise<Json> {
  const { RecoveryPoints } = await account.call(PRIMARY, 'backup', 'ListRecoveryPointsByBackupVault', {
    BackupVaultName: 'trust-prod-vault',
    ByResourceArn: t.resourceArn,
  });
  const latest = newestSnapshot(RecoveryPoints as Json[]);
  const { CopyJobId } = await account.call(PRIMARY, 'backup', 'StartCopyJob', {
    RecoveryPointArn: latest.RecoveryPointArn,
    SourceBackupVaultName: 'trust-prod-vault',
    DestinationBackupVaultArn: t.drVault,
    IamRoleArn: t.backupRoleArn,
  });
  const { CopyJob } = await pollUntil(
    clock,
    () => account.call(PRIMARY, 'backup', 'DescribeCopyJob', { CopyJobId }),
    (r) => ['COMPLETED', 'FAILED'].includes(String((r.CopyJob as Json).State)),
  );
  return CopyJob as Json;
}

async function restoreAndWait(account: SimAccount, clock: SimClock, input: Json): Promise<Json> {
  const { RestoreJobId } = await account.call(DR, 'backup', 'StartRestoreJob', input);
  return pollUntil(
    clock,
    () => account.call(DR, 'backup', 'DescribeRestoreJob', { RestoreJobId }),
    (r) => ['COMPLETED', 'FAILED', 'ABORTED'].includes(String(r.Status)),
    { everyMs: 2 * MIN },
  );
}

describe('a manual Aurora drill against the simulated account', () => {
  it('copies, restores, adds an instance, cleans everything up and leaves nothing behind', async () => {
    const { clock, account, target } = setUp();
    const aurora = target('appointments');

    // Arrange: the latest snapshot is 2-10 hours old; a continuous recovery point, begun since, sits beside the three.
    const { RecoveryPoints } = await account.call(PRIMARY, 'backup', 'ListRecoveryPointsByBackupVault', {
      BackupVaultName: 'trust-prod-vault',
      ByResourceArn: aurora.resourceArn,
    });
    const points = RecoveryPoints as Json[];
    expect(points).toHaveLength(4);
    expect(String(points[0]!.RecoveryPointArn)).toContain(':recovery-point:continuous:');
    const ageHours = (START - Date.parse(String(newestSnapshot(points).CreationDate))) / HOUR;
    expect(ageHours).toBeGreaterThanOrEqual(2);
    expect(ageHours).toBeLessThanOrEqual(10);

    // Copy to the DR region: CREATED -> RUNNING -> COMPLETED in 5-20 minutes.
    const copyJob = await copyLatest(account, clock, aurora);
    expect(copyJob.State).toBe('COMPLETED');
    expect(minutesBetween(copyJob.CreationDate, copyJob.CompletionDate)).toBeGreaterThanOrEqual(5);
    expect(minutesBetween(copyJob.CreationDate, copyJob.CompletionDate)).toBeLessThanOrEqual(20);
    const copyArn = String(copyJob.DestinationRecoveryPointArn);
    expect(copyArn).toMatch(/^arn:aws:rds:eu-west-1:111122223333:cluster-snapshot:awsbackup:copyjob-/);
    const drList = await account.call(DR, 'backup', 'ListRecoveryPointsByBackupVault', { BackupVaultName: 'trust-dr-vault', ByResourceArn: aurora.resourceArn });
    const drPoints = drList.RecoveryPoints as Json[];
    // Beside the backup plan's own copies (its copy rule), the drill's copy, which keeps its source's CreationDate
    // ("Copies retain their source configuration, including creation dates": AWS Backup Developer Guide).
    const copied = drPoints.find((rp) => rp.RecoveryPointArn === copyArn)!;
    expect(copied.CreationDate).toBe(newestSnapshot(points).CreationDate);
    expect(drPoints.filter((rp) => rp.CreationDate === copied.CreationDate)).toHaveLength(2);

    // Restore in the DR region into the isolated subnet group: a cluster with no instance, 20-30 minutes.
    const { RestoreMetadata } = await account.call(DR, 'backup', 'GetRecoveryPointRestoreMetadata', {
      BackupVaultName: 'trust-dr-vault',
      RecoveryPointArn: copyArn,
    });
    const restoreJob = await restoreAndWait(account, clock, {
      RecoveryPointArn: copyArn,
      IamRoleArn: aurora.backupRoleArn,
      ResourceType: 'Aurora',
      Metadata: {
        ...(RestoreMetadata as Json),
        DBClusterIdentifier: 'appointments-drill',
        DBSubnetGroupName: 'dr-isolated-db',
        VpcSecurityGroupIds: '["sg-0a1b2c3d4e5f60718"]',
      },
    });
    expect(restoreJob).toMatchObject({ Status: 'COMPLETED', PercentDone: '100.00%', CreatedResourceArn: 'arn:aws:rds:eu-west-1:111122223333:cluster:appointments-drill' });
    expect(minutesBetween(restoreJob.CreationDate, restoreJob.CompletionDate)).toBeGreaterThanOrEqual(20);
    expect(minutesBetween(restoreJob.CreationDate, restoreJob.CompletionDate)).toBeLessThanOrEqual(30);
    const { DBClusters } = await account.call(DR, 'rds', 'DescribeDBClusters', { DBClusterIdentifier: 'appointments-drill' });
    expect((DBClusters as Json[])[0]).toMatchObject({ Status: 'available', DBClusterMembers: [], DBSubnetGroup: 'dr-isolated-db' });
    expect((DBClusters as Json[])[0]!.Endpoint).toMatch(/^appointments-drill\.cluster-[0-9a-f]+\.eu-west-1\.rds\.amazonaws\.com$/);

    // Create an instance to connect through: creating (no Endpoint) -> available after 8-12 minutes.
    const created = await account.call(DR, 'rds', 'CreateDBInstance', {
      DBInstanceIdentifier: 'appointments-drill-1',
      DBClusterIdentifier: 'appointments-drill',
      DBInstanceClass: aurora.type === 'aurora' ? aurora.restore.instanceClass : '',
      Engine: 'aurora-postgresql',
    });
    expect(created.DBInstance).toMatchObject({ DBInstanceStatus: 'creating' });
    expect((created.DBInstance as Json).Endpoint).toBeUndefined();
    const createdAt = clock.now();
    const ready = await pollUntil(
      clock,
      () => account.call(DR, 'rds', 'DescribeDBInstances', { DBInstanceIdentifier: 'appointments-drill-1' }),
      (r) => (r.DBInstances as Json[])[0]!.DBInstanceStatus === 'available',
    );
    expect((clock.now() - createdAt) / MIN).toBeGreaterThanOrEqual(8);
    expect((clock.now() - createdAt) / MIN).toBeLessThanOrEqual(13);
    expect((ready.DBInstances as Json[])[0]!.Endpoint).toMatchObject({ Port: 5432 });

    // Tag what the drill made, so a sweeper could find it.
    const tagged = await account.call(DR, 'resourcegroupstaggingapi', 'TagResources', {
      ResourceARNList: ['arn:aws:rds:eu-west-1:111122223333:cluster:appointments-drill', 'arn:aws:rds:eu-west-1:111122223333:db:appointments-drill-1'],
      Tags: { 'dr-drill:drill-id': 'd0000abcd' },
    });
    expect(tagged.FailedResourcesMap).toEqual({});

    // Clean up: the cluster cannot go while it has a live instance.
    const tooEarly = await errorOf(account.call(DR, 'rds', 'DeleteDBCluster', { DBClusterIdentifier: 'appointments-drill', SkipFinalSnapshot: true }));
    expect(tooEarly).toMatchObject({ name: 'InvalidDBClusterStateFault', sfnName: 'Rds.InvalidDbClusterStateException' });
    const deleting = await account.call(DR, 'rds', 'DeleteDBInstance', { DBInstanceIdentifier: 'appointments-drill-1', SkipFinalSnapshot: true });
    expect(deleting.DBInstance).toMatchObject({ DBInstanceStatus: 'deleting' });
    const gone = await pollUntil(
      clock,
      () => errorOf(account.call(DR, 'rds', 'DescribeDBInstances', { DBInstanceIdentifier: 'appointments-drill-1' })),
      (e) => e !== undefined,
    );
    expect(gone).toMatchObject({ name: 'DBInstanceNotFound', sdkName: 'DBInstanceNotFoundFault', sfnName: 'Rds.DbInstanceNotFoundException' });
    await account.call(DR, 'rds', 'DeleteDBCluster', { DBClusterIdentifier: 'appointments-drill', SkipFinalSnapshot: true });
    const clusterGone = await pollUntil(
      clock,
      () => errorOf(account.call(DR, 'rds', 'DescribeDBClusters', { DBClusterIdentifier: 'appointments-drill' })),
      (e) => e !== undefined,
    );
    expect(clusterGone).toMatchObject({ name: 'DBClusterNotFoundFault' });
    await account.call(DR, 'backup', 'DeleteRecoveryPoint', { BackupVaultName: 'trust-dr-vault', RecoveryPointArn: copyArn });
    await pollUntil(
      clock,
      () => errorOf(account.call(DR, 'backup', 'DescribeRecoveryPoint', { BackupVaultName: 'trust-dr-vault', RecoveryPointArn: copyArn })),
      (e) => e?.name === 'ResourceNotFoundException',
    );

    // Assert
    expect(account.leftovers()).toEqual([]);
    expect(account.calls.every((c) => c.targetId === undefined || c.targetId === 'appointments')).toBe(true);
    expect(account.calls.filter((c) => !c.ok).map((c) => c.error)).toEqual(
      expect.arrayContaining(['InvalidDBClusterStateFault', 'DBInstanceNotFound', 'DBClusterNotFoundFault', 'ResourceNotFoundException']),
    );
  });

  it('lists what a drill left behind, including what a running restore job will still create', async () => {
    const { clock, account, target } = setUp();
    const dynamo = target('referrals');
    const copyJob = await copyLatest(account, clock, dynamo);

    await account.call(DR, 'backup', 'StartRestoreJob', {
      RecoveryPointArn: copyJob.DestinationRecoveryPointArn,
      IamRoleArn: dynamo.backupRoleArn,
      Metadata: { targetTableName: 'referrals-drill' },
    });

    expect(account.leftovers()).toEqual([
      { arn: `arn:aws:dynamodb:${DR}:111122223333:table/referrals-drill`, kind: 'dynamodb-table', region: DR, state: 'pending (its job is still running)', targetId: 'referrals' },
      { arn: copyJob.DestinationRecoveryPointArn, kind: 'recovery-point', region: DR, state: 'COMPLETED', targetId: 'referrals' },
    ]);
  });
});

describe('regions are isolated, as in AWS', () => {
  it('answers not-found when asked about a resource that lives in the other region', async () => {
    const { clock, account, target } = setUp();
    const copyJob = await copyLatest(account, clock, target('referrals'));

    const copyJobFromDr = await errorOf(account.call(DR, 'backup', 'DescribeCopyJob', { CopyJobId: copyJob.CopyJobId }));
    const copyFromPrimary = await errorOf(
      account.call(PRIMARY, 'backup', 'StartRestoreJob', { RecoveryPointArn: copyJob.DestinationRecoveryPointArn, Metadata: {} }),
    );
    const prodTableFromDr = await errorOf(account.call(DR, 'dynamodb', 'DescribeTable', { TableName: 'referrals' }));
    const prodClusterFromDr = await errorOf(account.call(DR, 'rds', 'DescribeDBClusters', { DBClusterIdentifier: 'appointments-prod' }));

    expect(copyJobFromDr).toMatchObject({ name: 'ResourceNotFoundException', service: 'backup' });
    expect(copyFromPrimary).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(prodTableFromDr).toMatchObject({ name: 'ResourceNotFoundException', sfnName: 'DynamoDb.ResourceNotFoundException' });
    expect(prodClusterFromDr).toMatchObject({ name: 'DBClusterNotFoundFault' });
  });

  it('requires StartCopyJob in the source vault region', async () => {
    const { account, target } = setUp();
    const t = target('referrals');
    const { RecoveryPoints } = await account.call(PRIMARY, 'backup', 'ListRecoveryPointsByBackupVault', { BackupVaultName: 'trust-prod-vault' });

    const fromDr = await errorOf(
      account.call(DR, 'backup', 'StartCopyJob', {
        RecoveryPointArn: newestSnapshot(RecoveryPoints as Json[]).RecoveryPointArn,
        SourceBackupVaultName: 'trust-prod-vault',
        DestinationBackupVaultArn: t.drVault,
        IamRoleArn: t.backupRoleArn,
      }),
    );

    expect(fromDr).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('refuses StartCopyJob on a continuous recovery point, as AWS Backup copies no continuous backup on demand', async () => {
    const { account, target } = setUp();
    const aurora = target('appointments');
    const { RecoveryPoints } = await account.call(PRIMARY, 'backup', 'ListRecoveryPointsByBackupVault', { BackupVaultName: 'trust-prod-vault', ByResourceArn: aurora.resourceArn });
    const continuous = (RecoveryPoints as Json[]).find((p) => String(p.RecoveryPointArn).includes(':recovery-point:continuous:'))!;

    const error = await errorOf(
      account.call(PRIMARY, 'backup', 'StartCopyJob', {
        RecoveryPointArn: continuous.RecoveryPointArn,
        SourceBackupVaultName: 'trust-prod-vault',
        DestinationBackupVaultArn: aurora.drVault,
        IamRoleArn: aurora.backupRoleArn,
      }),
    );

    expect(error).toMatchObject({ name: 'InvalidRequestException', message: expect.stringContaining('does not support on-demand copies of continuous backups') });
  });

  it('fails a call to a region the account does not have like the SDK does for an unknown endpoint', async () => {
    const { account } = setUp();

    const error = await errorOf(account.call('ap-southeast-2', 'backup', 'DescribeCopyJob', { CopyJobId: 'x' }));

    expect(error).toMatchObject({ name: 'UnknownEndpoint', message: 'getaddrinfo ENOTFOUND backup.ap-southeast-2.amazonaws.com' });
    expect(account.calls.at(-1)).toMatchObject({ region: 'ap-southeast-2', ok: false, error: 'UnknownEndpoint' });
  });

  it('redirects an S3 call sent to the wrong regional endpoint', async () => {
    const { account } = setUp();

    const error = await errorOf(account.call(DR, 's3', 'HeadBucket', { Bucket: 'trust-discharge-exports-prod' }));

    expect(error).toMatchObject({ name: 'PermanentRedirect', httpStatus: 301 });
  });

  it('rejects input that does not fit the API shape before touching anything', async () => {
    const { account } = setUp();

    const error = await errorOf(account.call(DR, 'rds', 'DescribeDBInstances', { DbInstanceIdentifier: 'x' }));

    expect(error).toMatchObject({ name: 'ValidationException' });
    expect(String(error?.message)).toContain('did you mean "DBInstanceIdentifier"?');
  });
});

describe('restores need what the DR region really has', () => {
  it('fails an Aurora restore without a DB subnet group because the account has no default VPC', async () => {
    const { clock, account, target } = setUp();
    const aurora = target('appointments');
    const copyJob = await copyLatest(account, clock, aurora);

    const job = await restoreAndWait(account, clock, {
      RecoveryPointArn: copyJob.DestinationRecoveryPointArn,
      IamRoleArn: aurora.backupRoleArn,
      Metadata: { DBClusterIdentifier: 'appointments-drill' },
    });

    expect(job).toMatchObject({ Status: 'FAILED', StatusMessage: NO_DEFAULT_SUBNET });
    expect(job.CreatedResourceArn).toBeUndefined();
    expect(account.leftovers().map((l) => l.kind)).toEqual(['recovery-point']);
  });

  it('fails a restore that passes the backed-up metadata through, naming primary-region networking', async () => {
    const { clock, account, target } = setUp();
    const rds = target('pharmacy');
    const copyJob = await copyLatest(account, clock, rds);
    const { RestoreMetadata } = await account.call(DR, 'backup', 'GetRecoveryPointRestoreMetadata', {
      BackupVaultName: 'trust-dr-vault',
      RecoveryPointArn: copyJob.DestinationRecoveryPointArn,
    });

    const job = await restoreAndWait(account, clock, {
      RecoveryPointArn: copyJob.DestinationRecoveryPointArn,
      IamRoleArn: rds.backupRoleArn,
      Metadata: RestoreMetadata,
    });

    expect(job).toMatchObject({ Status: 'FAILED', StatusMessage: "DB subnet group 'pharmacy-prod-db-subnets' does not exist." });
  });

  it('matches restore metadata keys case-insensitively and refuses the same key twice', async () => {
    const { clock, account, target } = setUp();
    const ebs = target('pacs-cache');
    const copyJob = await copyLatest(account, clock, ebs);

    const job = await restoreAndWait(account, clock, {
      RecoveryPointArn: copyJob.DestinationRecoveryPointArn,
      Metadata: { AvailabilityZone: 'eu-west-1b' },
    });
    const twice = await errorOf(
      account.call(DR, 'backup', 'StartRestoreJob', {
        RecoveryPointArn: copyJob.DestinationRecoveryPointArn,
        Metadata: { availabilityZone: 'eu-west-2a', AvailabilityZone: 'eu-west-1a' },
      }),
    );

    expect(job.Status).toBe('COMPLETED');
    const volumeId = String(job.CreatedResourceArn).split('volume/')[1];
    const { Volumes } = await account.call(DR, 'ec2', 'DescribeVolumes', { VolumeIds: [volumeId] });
    expect((Volumes as Json[])[0]).toMatchObject({ AvailabilityZone: 'eu-west-1b', State: 'available' });
    expect(twice).toMatchObject({ name: 'InvalidParameterValueException' });
  });

  it('fails an EBS restore into an availability zone of the other region', async () => {
    const { clock, account, target } = setUp();
    const ebs = target('pacs-cache');
    const copyJob = await copyLatest(account, clock, ebs);

    const job = await restoreAndWait(account, clock, {
      RecoveryPointArn: copyJob.DestinationRecoveryPointArn,
      Metadata: { availabilityZone: 'eu-west-2a' },
    });

    expect(job).toMatchObject({ Status: 'FAILED', StatusMessage: 'Invalid availability zone: [eu-west-2a]' });
  });
});
