import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { BackupClient, DeleteRecoveryPointCommand, DescribeRecoveryPointCommand } from '@aws-sdk/client-backup';
import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteVolumeCommand, DescribeInstancesCommand, DescribeVolumesCommand, EC2Client, ModifyInstanceAttributeCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { DeleteFileSystemCommand, DescribeFileSystemsCommand, EFSClient } from '@aws-sdk/client-efs';
import {
  DBInstanceNotFoundFault,
  DeleteDBClusterCommand,
  DeleteDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  InvalidDBClusterStateFault,
  RDSClient,
} from '@aws-sdk/client-rds';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { DeleteBucketCommand, GetObjectCommand, HeadBucketCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, ExecutionDoesNotExist, SFNClient } from '@aws-sdk/client-sfn';
import { sweep } from '../../../lib/sweep/sweep';
import { DEFAULT_MAX_AGE_HOURS } from '../../../lib/sweep/contracts';
import { checkedPlan, nhsPlanInputWithEveryType } from '../functions/fixtures';
import { sweepReportLines } from '../../../lib/sweep/report-text';
import { ARNS, DR_VAULT, DRILL_ID, EXECUTION_ARN, jsonBody, restoredName, storedPlan, sweepDeps, tagsOf } from './sweep-fixtures';

const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const sfn = mockClient(SFNClient);
const rds = mockClient(RDSClient);
const dynamodb = mockClient(DynamoDBClient);
const s3 = mockClient(S3Client);
const backup = mockClient(BackupClient);
const ec2 = mockClient(EC2Client);
const efs = mockClient(EFSClient);

const CREATED = new Date('2025-03-04T02:30:00.000Z');

function allAlive(): void {
  rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Status: 'available', ClusterCreateTime: CREATED }] });
  rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'available', InstanceCreateTime: CREATED }] });
  dynamodb.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE', CreationDateTime: CREATED } });
  s3.on(HeadBucketCommand).resolves({});
  s3.on(ListObjectVersionsCommand).resolves({ Versions: [], IsTruncated: false });
  backup.on(DescribeRecoveryPointCommand).resolves({ Status: 'COMPLETED', CreationDate: CREATED });
}

/** What a drill killed after its Aurora instance was created leaves, over two pages of GetResources. */
function killedDrillLeftovers(): void {
  tagging
    .on(GetResourcesCommand)
    .resolves({ ResourceTagMappingList: [], PaginationToken: '' })
    .on(GetResourcesCommand, { PaginationToken: undefined })
    .resolves({
      ResourceTagMappingList: [
        { ResourceARN: ARNS.copy, Tags: tagsOf('patients-db') },
        { ResourceARN: ARNS.cluster, Tags: tagsOf('patients-db') },
        { ResourceARN: ARNS.table, Tags: tagsOf('appointments') },
      ],
      PaginationToken: 'page-2',
    })
    .on(GetResourcesCommand, { PaginationToken: 'page-2' })
    .resolves({ ResourceTagMappingList: [{ ResourceARN: ARNS.instance, Tags: tagsOf('patients-db') }], PaginationToken: '' });
}

const executionIs = (status: string, startDate = new Date('2025-03-04T02:00:00.000Z')) =>
  sfn.on(DescribeExecutionCommand).resolves({ executionArn: EXECUTION_ARN, stateMachineArn: 'sm', status: status as never, startDate });

beforeEach(() => {
  for (const m of [tagging, sfn, rds, dynamodb, s3, backup, ec2, efs]) m.reset();
  s3.on(GetObjectCommand).resolves(jsonBody(storedPlan()));
  allAlive();
});

describe('sweep', () => {
  it('removes everything an ended drill left, across pages, the DB instance before its cluster and the copy last', async () => {
    killedDrillLeftovers();
    executionIs('ABORTED');
    const deleted: string[] = [];
    const record = (name: string) => async () => (deleted.push(name), {});
    rds.on(DeleteDBInstanceCommand).callsFake(record('DeleteDBInstance')).on(DeleteDBClusterCommand).callsFake(record('DeleteDBCluster'));
    dynamodb.on(DeleteTableCommand).callsFake(record('DeleteTable'));
    backup.on(DeleteRecoveryPointCommand).callsFake(record('DeleteRecoveryPoint'));

    const report = await sweep(sweepDeps());

    expect(tagging).toHaveReceivedCommandTimes(GetResourcesCommand, 2);
    expect(tagging).toHaveReceivedCommandWith(GetResourcesCommand, { TagFilters: [{ Key: 'dr-drill:drill-id' }] });
    expect(report.found).toHaveLength(4);
    expect(report.removed.map((r) => r.kind)).toEqual(['db-instance', 'db-cluster', 'dynamodb-table', 'recovery-point']);
    expect(report.failed).toEqual([]);
    expect(rds).toHaveReceivedCommandWith(DeleteDBInstanceCommand, { DBInstanceIdentifier: `${restoredName('patients-db')}-db`, SkipFinalSnapshot: true, DeleteAutomatedBackups: true });
    expect(rds).toHaveReceivedCommandWith(DeleteDBClusterCommand, { DBClusterIdentifier: restoredName('patients-db'), SkipFinalSnapshot: true });
    expect(deleted).toEqual(['DeleteDBInstance', 'DeleteDBCluster', 'DeleteTable', 'DeleteRecoveryPoint']);
    expect(backup).toHaveReceivedCommandWith(DeleteRecoveryPointCommand, { BackupVaultName: DR_VAULT, RecoveryPointArn: ARNS.copy });
    // One question to Step Functions per drill, however many resources it left.
    expect(sfn).toHaveReceivedCommandTimes(DescribeExecutionCommand, 1);
  });

  it('keeps what a running drill created, even in a drill running for days, until that resource is older than the max age', async () => {
    killedDrillLeftovers();
    // A long drill: it started five days ago, and this wave's resources were created 48.5 h ago.
    executionIs('RUNNING', new Date('2025-03-01T01:00:00.000Z'));
    const running = await sweep(sweepDeps());
    expect(running.removed).toEqual([]);
    expect(running.kept.map((k) => k.reason)).toEqual(Array(4).fill('its drill is still running'));
    expect(rds).not.toHaveReceivedCommand(DeleteDBInstanceCommand);

    const stuck = await sweep(sweepDeps(), { maxAgeHours: 24 });
    expect(stuck.removed).toHaveLength(4);
    expect(stuck.removed[0]!.reason).toBe('its drill is still RUNNING, but it was created 48 h ago, more than the 24 h limit');
  });

  it('has a default max age no valid plan reaches: the largest ceilings of one target add up to less', () => {
    const largest = checkedPlan({
      ...nhsPlanInputWithEveryType(),
      timeouts: { copyMinutes: 24 * 60, restoreMinutes: 24 * 60, instanceMinutes: 6 * 60, validationMinutes: 14, cleanupMinutes: 6 * 60 },
    });
    const hours = Object.values(largest.timeouts).reduce((sum, m) => sum + m, 0) / 60;
    expect(hours).toBeGreaterThan(60);
    expect(hours).toBeLessThan(DEFAULT_MAX_AGE_HOURS);
    expect(() => checkedPlan({ ...nhsPlanInputWithEveryType(), timeouts: { copyMinutes: 24 * 60 + 1 } })).toThrow();
  });

  it('judges by age what a drill Step Functions no longer knows left: old goes, young stays', async () => {
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [{ ResourceARN: ARNS.table, Tags: tagsOf('appointments') }] });
    sfn.on(DescribeExecutionCommand).rejects(new ExecutionDoesNotExist({ message: 'Execution Does Not Exist', $metadata: {} }));

    const young = await sweep(sweepDeps('2025-03-04T12:00:00.000Z'));
    expect(young.kept[0]!.reason).toMatch(/not known to Step Functions \(ExecutionDoesNotExist\), but it is younger than the 72 h limit/);
    expect(dynamodb).not.toHaveReceivedCommand(DeleteTableCommand);

    const old = await sweep(sweepDeps('2025-03-09T12:00:00.000Z'));
    expect(old.removed[0]!.reason).toMatch(/it is 129 h old, more than the 72 h limit/);
    expect(dynamodb).toHaveReceivedCommandWith(DeleteTableCommand, { TableName: restoredName('appointments') });
  });

  it('removes tagged file systems, volumes and instances, whose ids AWS assigns (the tag is their only mark)', async () => {
    const arn = (type: string, id: string) => `arn:aws:${type === 'file-system' ? 'elasticfilesystem' : 'ec2'}:eu-west-2:111122223333:${type}/${id}`;
    tagging.on(GetResourcesCommand).resolves({
      ResourceTagMappingList: [
        { ResourceARN: arn('file-system', 'fs-0123456789abcdef0'), Tags: tagsOf('shared-files') },
        { ResourceARN: arn('volume', 'vol-0123456789abcdef0'), Tags: tagsOf('pacs-cache-volume') },
        { ResourceARN: arn('instance', 'i-0123456789abcdef0'), Tags: tagsOf('ward-kiosk') },
      ],
    });
    executionIs('ABORTED');
    efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [{ LifeCycleState: 'available' } as never] });
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ State: 'available' }] });
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [{ State: { Name: 'running' } }] }] });

    const report = await sweep(sweepDeps());

    expect(report.removed.map((r) => r.kind)).toEqual(['ec2-instance', 'efs-file-system', 'ebs-volume']);
    expect(ec2).toHaveReceivedCommandWith(TerminateInstancesCommand, { InstanceIds: ['i-0123456789abcdef0'] });
    expect(efs).toHaveReceivedCommandWith(DeleteFileSystemCommand, { FileSystemId: 'fs-0123456789abcdef0' });
    expect(ec2).toHaveReceivedCommandWith(DeleteVolumeCommand, { VolumeId: 'vol-0123456789abcdef0' });
  });

  it("sets a tagged instance's volumes to be deleted with it before terminating it, as Clean Up does", async () => {
    const instance = 'arn:aws:ec2:eu-west-2:111122223333:instance/i-0123456789abcdef0';
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [{ ResourceARN: instance, Tags: tagsOf('ward-kiosk') }] });
    executionIs('ABORTED');
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          OwnerId: '111122223333',
          Instances: [{ State: { Name: 'running' }, BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeId: 'vol-0aaaaaaaaaaaaaaa1' } }, { DeviceName: '/dev/sdf', Ebs: { VolumeId: 'vol-0bbbbbbbbbbbbbbb2' } }] }],
        },
      ],
    });

    const report = await sweep(sweepDeps());

    expect(report.removed.map((r) => r.kind)).toEqual(['ec2-instance']);
    expect(ec2.commandCalls(ModifyInstanceAttributeCommand).map((c) => c.args[0].input.BlockDeviceMappings)).toEqual([
      [{ DeviceName: '/dev/xvda', Ebs: { DeleteOnTermination: true } }],
      [{ DeviceName: '/dev/sdf', Ebs: { DeleteOnTermination: true } }],
    ]);
    const names = ec2.calls().map((c) => c.args[0].constructor.name);
    expect(names.lastIndexOf('ModifyInstanceAttributeCommand')).toBeLessThan(names.indexOf('TerminateInstancesCommand'));
  });

  it('never touches a tagged resource that is not named like a drill restore, nor one whose tags disagree', async () => {
    tagging.on(GetResourcesCommand).resolves({
      ResourceTagMappingList: [
        { ResourceARN: 'arn:aws:rds:eu-west-2:111122223333:cluster:patients-prod', Tags: tagsOf('patients-db') },
        { ResourceARN: ARNS.table, Tags: tagsOf('appointments', 'd00000000') },
        { ResourceARN: 'arn:aws:lambda:eu-west-2:111122223333:function:x', Tags: tagsOf('x') },
      ],
    });
    executionIs('FAILED');

    const report = await sweep(sweepDeps());

    expect(report.removed).toEqual([]);
    expect(report.kept.map((k) => k.reason)).toEqual([
      'tagged, but not named drdrill-...: not something a drill restored',
      'its drill-id and execution tags disagree: left for a person to look at',
    ]);
    expect(report.unrecognised).toEqual(['arn:aws:lambda:eu-west-2:111122223333:function:x']);
    expect(rds).not.toHaveReceivedCommand(DeleteDBClusterCommand);
    expect(dynamodb).not.toHaveReceivedCommand(DeleteTableCommand);
  });

  it('never deletes a copy kept on purpose (keepCopies: true), nor one whose plan cannot be read', async () => {
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [{ ResourceARN: ARNS.copy, Tags: tagsOf('patients-db') }] });
    executionIs('SUCCEEDED');
    s3.on(GetObjectCommand).resolves(jsonBody(storedPlan(true)));

    const kept = await sweep(sweepDeps());
    expect(kept.kept[0]!.reason).toBe('kept on purpose: the drill ran with keepCopies: true');

    s3.on(GetObjectCommand).rejects(Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' }));
    const unknown = await sweep(sweepDeps());
    expect(unknown.kept[0]!.reason).toMatch(/plan is not in the drill store/);
    expect(backup).not.toHaveReceivedCommand(DeleteRecoveryPointCommand);
  });

  it('reports a delete that fails and goes on with the rest', async () => {
    killedDrillLeftovers();
    executionIs('ABORTED');
    rds.on(DeleteDBClusterCommand).rejects(new InvalidDBClusterStateFault({ message: 'Cluster cannot be deleted, it still contains DB instances in non-deleting state.', $metadata: {} }));

    const report = await sweep(sweepDeps());

    expect(report.failed).toEqual([expect.objectContaining({ kind: 'db-cluster', error: expect.stringMatching(/^InvalidDBClusterStateFault: Cluster cannot be deleted/) })]);
    expect(report.removed.map((r) => r.kind)).toEqual(['db-instance', 'dynamodb-table', 'recovery-point']);
    expect(sweepReportLines(report).join('\n')).toContain('Could NOT remove');
  });

  it('counts a resource AWS says is already gone or being deleted as kept, without deleting it again', async () => {
    killedDrillLeftovers();
    executionIs('ABORTED');
    rds.on(DescribeDBInstancesCommand).rejects(new DBInstanceNotFoundFault({ message: 'not found', $metadata: {} }));
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Status: 'deleting', ClusterCreateTime: CREATED }] });

    const report = await sweep(sweepDeps());

    expect(report.kept.map((k) => `${k.kind}: ${k.reason}`)).toEqual(['db-instance: already gone', 'db-cluster: already being deleted (deleting)']);
    expect(rds).not.toHaveReceivedCommand(DeleteDBInstanceCommand);
    expect(rds).not.toHaveReceivedCommand(DeleteDBClusterCommand);
  });

  it('in a dry run lists what it would remove and deletes nothing', async () => {
    killedDrillLeftovers();
    tagging.on(GetResourcesCommand, { PaginationToken: 'page-2' }).resolves({ ResourceTagMappingList: [{ ResourceARN: ARNS.bucket, Tags: tagsOf('documents') }] });
    executionIs('TIMED_OUT');

    const report = await sweep(sweepDeps(), { dryRun: true });

    expect(report.dryRun).toBe(true);
    expect(report.removed.map((r) => r.id)).toEqual([restoredName('patients-db'), restoredName('appointments'), restoredName('documents'), ARNS.copy]);
    for (const m of [rds, dynamodb, s3, backup]) {
      expect(m.calls().map((c) => c.args[0].constructor.name).filter((n) => /^(Delete|Terminate)/.test(n))).toEqual([]);
    }
    expect(s3).not.toHaveReceivedCommand(DeleteBucketCommand);
    expect(sweepReportLines(report)[0]).toMatch(/DRY RUN: nothing deleted\): would remove 4/);
  });

  it('sweeps only the drill and target it is asked for', async () => {
    killedDrillLeftovers();
    executionIs('ABORTED');

    const report = await sweep(sweepDeps(), { drillId: DRILL_ID, targetId: 'appointments' });

    expect(tagging).toHaveReceivedCommandWith(GetResourcesCommand, { TagFilters: [{ Key: 'dr-drill:drill-id', Values: [DRILL_ID] }] });
    expect(report.removed.map((r) => r.id)).toEqual([restoredName('appointments')]);
    expect(rds).not.toHaveReceivedCommand(DeleteDBInstanceCommand);
  });

  it('refuses options it does not know, in words', async () => {
    await expect(sweep(sweepDeps(), { dryrun: true } as never)).rejects.toThrow(/Sweep options: .*dryrun/);
    expect(tagging).not.toHaveReceivedCommand(GetResourcesCommand);
  });
});
