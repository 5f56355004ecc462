import { SIMULATED_OPERATIONS, SimAccount } from '../../local/sim/account';
import { SimClock } from '../../local/sim/clock';
import { errorOf, newestSnapshot, pollUntil } from '../../local/sim/drive';
import { exampleEc2TargetInput, examplePlanWithChecks, exampleValidation } from '../../local/sim/example-plan';
import { fromCanonicalOutput, operationExists, validateOutput } from '../../local/sim/sdk-shapes';
import { targetSchema, type Target } from '../../lib/plan/schema';

const START = Date.UTC(2025, 4, 4, 2, 0, 0);
const PRIMARY = 'eu-west-2';
const DR = 'eu-west-1';
type Json = Record<string, unknown>;

/** Records every successful output by service:operation while a drill runs. */
class Recorder {
  readonly outputs = new Map<string, Json[]>();
  constructor(readonly account: SimAccount) {}
  async call(region: string, service: string, action: string, input: Json): Promise<Json> {
    const out = await this.account.call(region, service, action, input);
    const key = `${service}:${action}`;
    this.outputs.set(key, [...(this.outputs.get(key) ?? []), out]);
    return out;
  }
}

/** An FSx for Windows target with the example's vaults, and a used-storage check (no example plan of the sim has one). */
function fsxTargetInput() {
  const ec2 = exampleEc2TargetInput();
  return {
    id: 'pacs-studies',
    type: 'fsx',
    sourceVault: ec2.sourceVault,
    drVault: ec2.drVault,
    backupRoleArn: ec2.backupRoleArn,
    resourceArn: ec2.resourceArn.replace(':ec2:', ':fsx:').replace(/instance\/i-/, 'file-system/fs-'),
    restore: { subnetIds: ['subnet-0b1c2d3e4f5a60718'], securityGroupIds: ['sg-0c1d2e3f4a5b69788'], activeDirectoryId: 'd-9067a1b2c3' },
    validation: { minUsedGiB: 50 },
  } as const;
}

/**
 * An FSx for NetApp ONTAP volume target with the example's vaults. A drill plan takes it only in one region, from the
 * source vault (the plan check refuses this one); the simulated account's operations are exercised here all the same.
 */
function ontapTargetInput() {
  const ec2 = exampleEc2TargetInput();
  return {
    id: 'lab-results',
    type: 'fsx-ontap',
    sourceVault: ec2.sourceVault,
    drVault: ec2.drVault,
    backupRoleArn: ec2.backupRoleArn,
    resourceArn: ec2.resourceArn.replace(':ec2:', ':fsx:').replace(/instance\/i-([0-9a-f]+)/, 'volume/fs-$1/fsvol-$1'),
    restore: { storageVirtualMachineId: 'svm-0a1b2c3d4e5f60718' },
    validation: { minUsedGiB: 10 },
  } as const;
}

const done = (status: unknown) => ['COMPLETED', 'FAILED', 'ABORTED'].includes(String(status));

async function gone(clock: SimClock, read: () => Promise<unknown>): Promise<void> {
  await pollUntil(clock, () => errorOf(read()), (e) => e !== undefined);
}

/** Copy, restore, look at and clean up one target, the way a drill's state machine would. */
async function drillTarget(r: Recorder, clock: SimClock, t: Target): Promise<void> {
  const { RecoveryPoints } = await r.call(PRIMARY, 'backup', 'ListRecoveryPointsByBackupVault', { BackupVaultName: 'trust-prod-vault', ByResourceArn: t.resourceArn });
  const latest = newestSnapshot(RecoveryPoints as Json[]);
  await r.call(PRIMARY, 'backup', 'DescribeRecoveryPoint', { BackupVaultName: 'trust-prod-vault', RecoveryPointArn: latest.RecoveryPointArn });
  // The backup plan that made it (CreatedBy): does a rule of it copy to the DR vault? (Find Latest Recovery Point)
  const createdBy = latest.CreatedBy as { BackupPlanId: string; BackupPlanVersion: string };
  await r.call(PRIMARY, 'backup', 'GetBackupPlan', { BackupPlanId: createdBy.BackupPlanId, VersionId: createdBy.BackupPlanVersion });
  const { CopyJobId } = await r.call(PRIMARY, 'backup', 'StartCopyJob', {
    RecoveryPointArn: latest.RecoveryPointArn,
    SourceBackupVaultName: 'trust-prod-vault',
    DestinationBackupVaultArn: t.drVault,
    IamRoleArn: t.backupRoleArn,
  });
  const { CopyJob } = await pollUntil(clock, () => r.call(PRIMARY, 'backup', 'DescribeCopyJob', { CopyJobId }), (o) => done((o.CopyJob as Json).State));
  const copyArn = (CopyJob as Json).DestinationRecoveryPointArn;
  // As Restore Target does: AWS Backup tags only backup ARNs; a snapshot-based copy goes through the tagging API.
  if (String(copyArn).includes(':backup:')) {
    await r.call(DR, 'backup', 'TagResource', { ResourceArn: copyArn, Tags: { 'dr-drill:target': t.id } });
    await r.call(DR, 'backup', 'ListTags', { ResourceArn: copyArn });
  } else {
    await r.call(DR, 'resourcegroupstaggingapi', 'TagResources', { ResourceARNList: [copyArn], Tags: { 'dr-drill:target': t.id } });
  }
  const { RestoreMetadata } = await r.call(DR, 'backup', 'GetRecoveryPointRestoreMetadata', { BackupVaultName: 'trust-dr-vault', RecoveryPointArn: copyArn });
  const network = { DBSubnetGroupName: 'dr-isolated-db', VpcSecurityGroupIds: 'sg-0a1b2c3d4e5f60718' };
  const metadata: Record<Target['type'], Json> = {
    aurora: { ...(RestoreMetadata as Json), ...network, DBClusterIdentifier: 'appointments-drill' },
    rds: { ...(RestoreMetadata as Json), ...network, DBInstanceIdentifier: 'pharmacy-drill', AvailabilityZone: 'eu-west-1b' },
    dynamodb: { targetTableName: 'referrals-drill' },
    ebs: { availabilityZone: 'eu-west-1a' },
    // Not the recorded metadata: its SubnetId names the source's VPC, and the same key in another case is refused.
    ec2: { subnetId: 'subnet-0f1e2d3c4b5a69788', securityGroupIds: '["sg-0a1b2c3d4e5f60718"]', instanceType: 't3.medium' },
    efs: { ...(RestoreMetadata as Json), newFileSystem: 'true', CreationToken: 'letters-drill' },
    s3: { DestinationBucketName: 'trust-discharge-exports-drill', NewBucket: 'true' },
    // Not the recorded metadata: it names the source's subnets, directory and key.
    fsx: { SubnetIds: '["subnet-0b1c2d3e4f5a60718"]', SecurityGroupIds: '["sg-0c1d2e3f4a5b69788"]', WindowsConfiguration: '{"ActiveDirectoryId":"d-9067a1b2c3","AutomaticBackupRetentionDays":0}' },
    'fsx-ontap': { Name: 'lab_results_drill', OntapConfiguration: '{"StorageVirtualMachineId":"svm-0a1b2c3d4e5f60718","JunctionPath":"/lab_results_drill"}' },
    docdb: { ...(RestoreMetadata as Json), ...network, DBClusterIdentifier: 'fhir-store-drill' },
    neptune: { ...(RestoreMetadata as Json), ...network, DBClusterIdentifier: 'terminology-graph-drill' },
  };
  const { RestoreJobId } = await r.call(DR, 'backup', 'StartRestoreJob', { RecoveryPointArn: copyArn, IamRoleArn: t.backupRoleArn, Metadata: metadata[t.type] });
  const job = await pollUntil(clock, () => r.call(DR, 'backup', 'DescribeRestoreJob', { RestoreJobId }), (o) => done(o.Status), { everyMs: 120_000 });
  expect({ target: t.id, status: job.Status, message: job.StatusMessage }).toEqual({ target: t.id, status: 'COMPLETED', message: undefined });
  const created = String(job.CreatedResourceArn);

  switch (t.type) {
    case 'aurora': {
      await r.call(DR, 'secretsmanager', 'GetSecretValue', { SecretId: exampleValidation().appointments.secretArn });
      await r.call(DR, 'rds', 'DescribeDBClusters', { DBClusterIdentifier: created });
      await r.call(DR, 'rds', 'ListTagsForResource', { ResourceName: created });
      await r.call(DR, 'rds', 'EnableHttpEndpoint', { ResourceArn: created });
      await r.call(DR, 'rds', 'CreateDBInstance', { DBInstanceIdentifier: 'appointments-drill-1', DBClusterIdentifier: 'appointments-drill', DBInstanceClass: 'db.r6g.large', Engine: 'aurora-postgresql', Tags: [{ Key: 'k', Value: 'v' }] });
      await pollUntil(clock, () => r.call(DR, 'rds', 'DescribeDBInstances', { DBInstanceIdentifier: 'appointments-drill-1' }), (o) => (o.DBInstances as Json[])[0]!.DBInstanceStatus === 'available');
      await r.call(DR, 'rds', 'DeleteDBInstance', { DBInstanceIdentifier: 'appointments-drill-1' });
      await gone(clock, () => r.call(DR, 'rds', 'DescribeDBInstances', { DBInstanceIdentifier: 'appointments-drill-1' }));
      await r.call(DR, 'rds', 'DeleteDBCluster', { DBClusterIdentifier: 'appointments-drill', SkipFinalSnapshot: true });
      await gone(clock, () => r.call(DR, 'rds', 'DescribeDBClusters', { DBClusterIdentifier: 'appointments-drill' }));
      break;
    }
    case 'rds': {
      await r.call(DR, 'rds', 'DescribeDBInstances', { DBInstanceIdentifier: 'pharmacy-drill' });
      await r.call(DR, 'rds', 'ListTagsForResource', { ResourceName: created });
      await r.call(DR, 'rds', 'DeleteDBInstance', { DBInstanceIdentifier: 'pharmacy-drill', SkipFinalSnapshot: true });
      await gone(clock, () => r.call(DR, 'rds', 'DescribeDBInstances', { DBInstanceIdentifier: 'pharmacy-drill' }));
      break;
    }
    case 'dynamodb': {
      await r.call(DR, 'dynamodb', 'DescribeTable', { TableName: 'referrals-drill' });
      const { pk, sk } = exampleValidation().referrals.keys[0];
      await r.call(DR, 'dynamodb', 'GetItem', {
        TableName: 'referrals-drill',
        Key: { pk: { S: pk }, sk: { S: sk } },
        ProjectionExpression: '#a0, #a1, #a2',
        ExpressionAttributeNames: { '#a0': 'pk', '#a1': 'sk', '#a2': 'updatedAt' },
        ConsistentRead: true,
      });
      await r.call(DR, 'dynamodb', 'GetItem', { TableName: 'referrals-drill', Key: { pk: { S: pk }, sk: { S: 'REFERRAL#9999' } } });
      await r.call(DR, 'dynamodb', 'DeleteTable', { TableName: created });
      await gone(clock, () => r.call(DR, 'dynamodb', 'DescribeTable', { TableName: 'referrals-drill' }));
      break;
    }
    case 'ebs': {
      const id = created.split('volume/')[1]!;
      await r.call(DR, 'ec2', 'DescribeVolumes', { VolumeIds: [id] });
      await r.call(DR, 'ec2', 'DeleteVolume', { VolumeId: id });
      await gone(clock, () => r.call(DR, 'ec2', 'DescribeVolumes', { VolumeIds: [id] }));
      break;
    }
    case 'ec2': {
      const id = created.split('instance/')[1]!;
      const statusOf = (o: Json) => (((o.InstanceStatuses as Json[])[0]?.InstanceStatus ?? {}) as Json).Status;
      await pollUntil(clock, () => r.call(DR, 'ec2', 'DescribeInstanceStatus', { InstanceIds: [id], IncludeAllInstances: true }), (o) => statusOf(o) === 'ok');
      const described = await r.call(DR, 'ec2', 'DescribeInstances', { InstanceIds: [id] });
      // The data volume is preserved on termination unless its DeleteOnTermination is set first, as the drill does.
      const mappings = (((described.Reservations as Json[])[0]!.Instances as Json[])[0]!.BlockDeviceMappings ?? []) as Json[];
      for (const m of mappings) {
        await r.call(DR, 'ec2', 'ModifyInstanceAttribute', { InstanceId: id, BlockDeviceMappings: [{ DeviceName: m.DeviceName, Ebs: { DeleteOnTermination: true } }] });
      }
      await r.call(DR, 'ec2', 'TerminateInstances', { InstanceIds: [id] });
      const stateOf = (o: Json) => ((((o.Reservations as Json[])[0]!.Instances as Json[])[0]!.State as Json).Name);
      await pollUntil(clock, () => r.call(DR, 'ec2', 'DescribeInstances', { InstanceIds: [id] }), (o) => stateOf(o) === 'terminated');
      break;
    }
    case 'efs': {
      const id = created.split('file-system/')[1]!;
      await r.call(DR, 'efs', 'DescribeFileSystems', { FileSystemId: id });
      await r.call(DR, 'efs', 'DeleteFileSystem', { FileSystemId: id });
      await gone(clock, () => r.call(DR, 'efs', 'DescribeFileSystems', { FileSystemId: id }));
      break;
    }
    case 'fsx': {
      const id = created.split('file-system/')[1]!;
      await r.call(DR, 'fsx', 'DescribeFileSystems', { FileSystemIds: [id] });
      await r.call(DR, 'cloudwatch', 'GetMetricData', {
        StartTime: new Date(clock.now() - 30 * 60_000).toISOString(),
        EndTime: new Date(clock.now()).toISOString(),
        MetricDataQueries: [{ Id: 'free', MetricStat: { Metric: { Namespace: 'AWS/FSx', MetricName: 'FreeStorageCapacity', Dimensions: [{ Name: 'FileSystemId', Value: id }] }, Period: 60, Stat: 'Average' } }],
      });
      await r.call(DR, 'fsx', 'DeleteFileSystem', { FileSystemId: id, WindowsConfiguration: { SkipFinalBackup: true } });
      await gone(clock, () => r.call(DR, 'fsx', 'DescribeFileSystems', { FileSystemIds: [id] }));
      break;
    }
    case 'fsx-ontap': {
      const id = created.split('/').pop()!;
      const { Volumes } = await r.call(DR, 'fsx', 'DescribeVolumes', { VolumeIds: [id] });
      await r.call(DR, 'fsx', 'DescribeStorageVirtualMachines', { StorageVirtualMachineIds: ['svm-0a1b2c3d4e5f60718'] });
      await r.call(DR, 'cloudwatch', 'GetMetricData', {
        StartTime: new Date(clock.now() - 30 * 60_000).toISOString(),
        EndTime: new Date(clock.now()).toISOString(),
        MetricDataQueries: [
          {
            Id: 'used',
            MetricStat: {
              Metric: { Namespace: 'AWS/FSx', MetricName: 'StorageUsed', Dimensions: [{ Name: 'FileSystemId', Value: (Volumes as Json[])[0]!.FileSystemId }, { Name: 'VolumeId', Value: id }] },
              Period: 60,
              Stat: 'Average',
            },
          },
        ],
      });
      await r.call(DR, 'fsx', 'DeleteVolume', { VolumeId: id, OntapConfiguration: { SkipFinalBackup: true } });
      await gone(clock, () => r.call(DR, 'fsx', 'DescribeVolumes', { VolumeIds: [id] }));
      break;
    }
    case 's3': {
      const Bucket = 'trust-discharge-exports-drill';
      await r.call(DR, 's3', 'HeadBucket', { Bucket });
      for (const { key } of exampleValidation()['discharge-exports'].objects) {
        await r.call(DR, 's3', 'HeadObject', { Bucket, Key: key, ChecksumMode: 'ENABLED' });
      }
      let token: unknown;
      do {
        const page = await r.call(DR, 's3', 'ListObjectsV2', { Bucket, MaxKeys: 5, ...(token ? { ContinuationToken: token } : {}) });
        const keys = ((page.Contents ?? []) as Json[]).map((o) => ({ Key: o.Key }));
        if (keys.length > 0) await r.call(DR, 's3', 'DeleteObjects', { Bucket, Delete: { Objects: keys } });
        token = page.NextContinuationToken;
      } while (token);
      // The drill's own cleanup lists versions (a restored bucket is versioned): the listing is empty by now.
      const versions = await r.call(DR, 's3', 'ListObjectVersions', { Bucket, MaxKeys: 1000 });
      expect(versions.Versions).toBeUndefined();
      // dr-drill's own store: what preflight and the per-target drills write and read back.
      await r.call(DR, 's3', 'PutObject', { Bucket, Key: 'drills/d00000000/plan.json', Body: '{"plan":true}' });
      const stored = await r.call(DR, 's3', 'GetObject', { Bucket, Key: 'drills/d00000000/plan.json' });
      expect(stored.Body).toBe('{"plan":true}');
      // The sweeper's claim on announcing a killed drill (a conditional write), given back when its publish failed.
      await r.call(DR, 's3', 'PutObject', { Bucket, Key: 'drills/d00000000/killed-notice.json', Body: '{}', IfNoneMatch: '*' });
      await r.call(DR, 's3', 'DeleteObject', { Bucket, Key: 'drills/d00000000/killed-notice.json' });
      await r.call(DR, 's3', 'DeleteObjects', { Bucket, Delete: { Objects: [{ Key: 'drills/d00000000/plan.json' }] } });
      await r.call(DR, 's3', 'DeleteBucket', { Bucket });
      break;
    }
  }
  await r.call(DR, 'resourcegroupstaggingapi', 'TagResources', { ResourceARNList: [created], Tags: { cleaned: 'yes' } });
  await r.call(DR, 'backup', 'DeleteRecoveryPoint', { BackupVaultName: 'trust-dr-vault', RecoveryPointArn: copyArn });
}

describe('outputs of the simulated account', () => {
  let recorder: Recorder;
  let account: SimAccount;

  beforeAll(async () => {
    const base = examplePlanWithChecks();
    const plan = { ...base, targets: [...base.targets, targetSchema.parse(exampleEc2TargetInput()), targetSchema.parse(fsxTargetInput()), targetSchema.parse(ontapTargetInput())] };
    const clock = new SimClock(START);
    account = new SimAccount({ clock, regions: [PRIMARY, DR] });
    account.seedFromPlan(plan);
    recorder = new Recorder(account);
    // Every target at once, as the drill's Map state runs them, on one shared virtual clock.
    await Promise.all(plan.targets.map((t) => drillTarget(recorder, clock, t)));
    await clock.sleep(10 * 60_000);
    clock.dispose();
  });

  it('exercises every simulated operation in a drill of all eight target types with data checks', () => {
    const simulated = Object.entries(SIMULATED_OPERATIONS).flatMap(([service, ops]) => ops.map((op) => `${service}:${op}`));

    expect([...recorder.outputs.keys()].sort()).toEqual(simulated.sort());
  });

  it('only uses member names the SDK output schema declares, for every operation', () => {
    for (const [key, outputs] of recorder.outputs) {
      const [service, action] = key.split(':') as [string, string];
      expect(operationExists(service, action)).toBe(true);
      for (const output of outputs) expect({ key, problems: validateOutput(service, action, output) }).toEqual({ key, problems: [] });
    }
  });

  it('gives Step Functions DescribeDBInstances with its own member names and ISO timestamps', () => {
    const canonical = recorder.outputs.get('rds:DescribeDBInstances')!.at(-1)!;

    const sfn = fromCanonicalOutput('rds', 'describeDBInstances', canonical, 'sfn');
    const instance = (sfn.DbInstances as Json[])[0]!;

    expect(Object.keys(instance)).toEqual(expect.arrayContaining(['DbInstanceIdentifier', 'DbInstanceStatus', 'DbInstanceArn', 'DbSubnetGroup', 'VpcSecurityGroups', 'InstanceCreateTime']));
    expect(instance.InstanceCreateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('refuses a conditional write (If-None-Match: *) to a key that exists, as S3 does, and allows it once the key is free', async () => {
    const clock = new SimClock(START);
    const fresh = new SimAccount({ clock, regions: [PRIMARY, DR] });
    fresh.createBucket('dr-drill-test-store', DR);
    const claim = { Bucket: 'dr-drill-test-store', Key: 'drills/d00000000/killed-notice.json', Body: '{}', IfNoneMatch: '*' };

    await fresh.call(DR, 's3', 'PutObject', claim);
    await expect(fresh.call(DR, 's3', 'PutObject', claim)).rejects.toMatchObject({ name: 'PreconditionFailed', httpStatus: 412 });
    await fresh.call(DR, 's3', 'DeleteObject', { Bucket: claim.Bucket, Key: claim.Key });
    await expect(fresh.call(DR, 's3', 'PutObject', claim)).resolves.toMatchObject({ ETag: expect.any(String) });
    clock.dispose();
  });

  it('leaves nothing behind once every target is cleaned up', () => {
    expect(account.leftovers()).toEqual([]);
    expect(account.calls.filter((c) => !c.ok).every((c) => /NotFound|not ?found/i.test(String(c.error)))).toBe(true);
  });
});
