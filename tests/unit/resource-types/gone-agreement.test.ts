// Check Cleanup (a drill's own cleanup) and the sweeper's probe ask AWS the same question of what a drill made: is it
// gone? For every type and each state AWS documents, both must give the same answer, and the right one. They once
// disagreed: an EBS volume or EFS file system still listed as `deleted` was gone to the sweeper and remaining to
// Check Cleanup, so a drill could report as left behind what AWS had already deleted.
import { mockClient } from 'aws-sdk-client-mock';
import { BackupClient, DescribeRecoveryPointCommand, ResourceNotFoundException as BackupNotFound } from '@aws-sdk/client-backup';
import { DescribeTableCommand, DynamoDBClient, ResourceNotFoundException as TableNotFound } from '@aws-sdk/client-dynamodb';
import { DescribeInstancesCommand, DescribeVolumesCommand, EC2Client, EC2ServiceException } from '@aws-sdk/client-ec2';
import { DescribeFileSystemsCommand, EFSClient, FileSystemNotFound } from '@aws-sdk/client-efs';
import { DescribeFileSystemsCommand as DescribeFsxFileSystemsCommand, DescribeVolumesCommand as DescribeFsxVolumesCommand, FileSystemNotFound as FsxFileSystemNotFound, FSxClient, VolumeNotFound as FsxVolumeNotFound } from '@aws-sdk/client-fsx';
import { DBClusterNotFoundFault, DBInstanceNotFoundFault, DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { HeadBucketCommand, NotFound, S3Client } from '@aws-sdk/client-s3';
import { checkCleanup } from '../../../functions/check-cleanup/check-cleanup';
import { probe } from '../../../lib/sweep/probe';
import { examplePlanInput } from '../../statemachines/example-plans';
import type { CreatedKind } from '../../../lib/sweep/contracts';
import {
  ACCOUNT,
  DR_REGION,
  DR_VAULT,
  childState,
  fsxTarget,
  kioskTarget,
  nhsPlanInputWithEveryType,
  restoredName,
  targetsOf,
  testDeps,
} from '../functions/fixtures';

const backup = mockClient(BackupClient);
const rds = mockClient(RDSClient);
const dynamodb = mockClient(DynamoDBClient);
const efs = mockClient(EFSClient);
const ec2 = mockClient(EC2Client);
const s3 = mockClient(S3Client);
const fsx = mockClient(FSxClient);

const ec2NotFound = (name: string) => new EC2ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message: `${name}` });

/** What a drill of each type made, the target that made it, and the id the sweeper finds it by. */
const MADE: Record<CreatedKind, { targetId: string; arn: string; sweeperId: string }> = {
  'db-cluster': { targetId: 'patients-db', arn: `arn:aws:rds:eu-west-2:${ACCOUNT}:cluster:${restoredName('patients-db')}`, sweeperId: restoredName('patients-db') },
  'db-instance': { targetId: 'gp-referrals', arn: `arn:aws:rds:eu-west-2:${ACCOUNT}:db:${restoredName('gp-referrals')}`, sweeperId: restoredName('gp-referrals') },
  'dynamodb-table': { targetId: 'appointments', arn: `arn:aws:dynamodb:eu-west-2:${ACCOUNT}:table/${restoredName('appointments')}`, sweeperId: restoredName('appointments') },
  'efs-file-system': { targetId: 'shared-files', arn: `arn:aws:elasticfilesystem:eu-west-2:${ACCOUNT}:file-system/fs-0fedcba9876543210`, sweeperId: 'fs-0fedcba9876543210' },
  'fsx-file-system': { targetId: 'pacs-studies', arn: `arn:aws:fsx:eu-west-2:${ACCOUNT}:file-system/fs-0fedcba9876543210`, sweeperId: 'fs-0fedcba9876543210' },
  'fsx-volume': { targetId: 'lab-results', arn: `arn:aws:fsx:eu-west-2:${ACCOUNT}:volume/fs-0fedcba9876543210/fsvol-0fedcba9876543210`, sweeperId: 'fsvol-0fedcba9876543210' },
  'ebs-volume': { targetId: 'imaging-cache', arn: `arn:aws:ec2:eu-west-2:${ACCOUNT}:volume/vol-0fedcba9876543210`, sweeperId: 'vol-0fedcba9876543210' },
  'ec2-instance': { targetId: 'ward-kiosk', arn: `arn:aws:ec2:eu-west-2:${ACCOUNT}:instance/i-0fedcba9876543210`, sweeperId: 'i-0fedcba9876543210' },
  's3-bucket': { targetId: 'documents', arn: `arn:aws:s3:::${restoredName('documents')}`, sweeperId: restoredName('documents') },
  'recovery-point': {
    targetId: 'appointments',
    arn: `arn:aws:backup:eu-west-2:${ACCOUNT}:recovery-point:appointments-copy-5e3b1c2d`,
    sweeperId: `arn:aws:backup:eu-west-2:${ACCOUNT}:recovery-point:appointments-copy-5e3b1c2d`,
  },
};

interface Case {
  kind: CreatedKind;
  state: string;
  answer: () => void;
  gone: boolean;
}

// Each service's documented states (the modules in lib/resource-types cite where each is documented).
const CASES: Case[] = [
  ...['available', 'backing-up', 'deleting'].map((s) => ({ kind: 'db-cluster' as const, state: s, answer: () => rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Status: s }] }), gone: false })),
  { kind: 'db-cluster', state: 'DBClusterNotFoundFault', answer: () => rds.on(DescribeDBClustersCommand).rejects(new DBClusterNotFoundFault({ $metadata: { httpStatusCode: 404 }, message: 'not found' })), gone: true },
  // Listed, but without a state: not known to be gone, so not counted as gone (Check Cleanup once said gone here).
  { kind: 'db-cluster', state: 'listed without a Status', answer: () => rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{}] }), gone: false },
  { kind: 'db-cluster', state: 'listed no more', answer: () => rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [] }), gone: true },
  ...['available', 'deleting'].map((s) => ({ kind: 'db-instance' as const, state: s, answer: () => rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: s }] }), gone: false })),
  { kind: 'db-instance', state: 'DBInstanceNotFound', answer: () => rds.on(DescribeDBInstancesCommand).rejects(new DBInstanceNotFoundFault({ $metadata: { httpStatusCode: 404 }, message: 'not found' })), gone: true },
  ...['CREATING', 'UPDATING', 'ACTIVE', 'DELETING'].map((s) => ({ kind: 'dynamodb-table' as const, state: s, answer: () => dynamodb.on(DescribeTableCommand).resolves({ Table: { TableStatus: s as 'ACTIVE' } }), gone: false })),
  { kind: 'dynamodb-table', state: 'ResourceNotFoundException', answer: () => dynamodb.on(DescribeTableCommand).rejects(new TableNotFound({ $metadata: { httpStatusCode: 400 }, message: 'Requested resource not found' })), gone: true },
  ...['creating', 'available', 'updating', 'deleting', 'error'].map((s) => ({ kind: 'efs-file-system' as const, state: s, answer: () => efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [efsListing(s)] }), gone: false })),
  { kind: 'efs-file-system', state: 'deleted', answer: () => efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [efsListing('deleted')] }), gone: true },
  { kind: 'efs-file-system', state: 'FileSystemNotFound', answer: () => efs.on(DescribeFileSystemsCommand).rejects(new FileSystemNotFound({ ErrorCode: 'FileSystemNotFound', $metadata: { httpStatusCode: 404 }, message: 'File system not found' })), gone: true },
  // FileSystem.Lifecycle (Amazon FSx API Reference); a deleted file system is not listed: FileSystemNotFound.
  ...['CREATING', 'AVAILABLE', 'UPDATING', 'MISCONFIGURED', 'FAILED', 'DELETING'].map((s) => ({ kind: 'fsx-file-system' as const, state: s, answer: () => fsx.on(DescribeFsxFileSystemsCommand).resolves({ FileSystems: [{ FileSystemId: 'fs-0fedcba9876543210', Lifecycle: s as 'AVAILABLE' }] }), gone: false })),
  { kind: 'fsx-file-system', state: 'FileSystemNotFound', answer: () => fsx.on(DescribeFsxFileSystemsCommand).rejects(new FsxFileSystemNotFound({ $metadata: { httpStatusCode: 400 }, message: 'File system fs-0fedcba9876543210 does not exist.' })), gone: true },
  ...['CREATING', 'CREATED', 'AVAILABLE', 'MISCONFIGURED', 'FAILED', 'DELETING'].map((s) => ({ kind: 'fsx-volume' as const, state: s, answer: () => fsx.on(DescribeFsxVolumesCommand).resolves({ Volumes: [{ VolumeId: 'fsvol-0fedcba9876543210', Lifecycle: s as 'CREATED' }] }), gone: false })),
  { kind: 'fsx-volume', state: 'VolumeNotFound', answer: () => fsx.on(DescribeFsxVolumesCommand).rejects(new FsxVolumeNotFound({ $metadata: { httpStatusCode: 400 }, message: 'Volume fsvol-0fedcba9876543210 does not exist.' })), gone: true },
  ...['creating', 'available', 'in-use', 'deleting', 'error'].map((s) => ({ kind: 'ebs-volume' as const, state: s, answer: () => ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-0fedcba9876543210', State: s as 'available' }] }), gone: false })),
  { kind: 'ebs-volume', state: 'deleted', answer: () => ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-0fedcba9876543210', State: 'deleted' }] }), gone: true },
  { kind: 'ebs-volume', state: 'InvalidVolume.NotFound', answer: () => ec2.on(DescribeVolumesCommand).rejects(ec2NotFound('InvalidVolume.NotFound')), gone: true },
  ...['pending', 'running', 'stopping', 'stopped', 'shutting-down'].map((s) => ({ kind: 'ec2-instance' as const, state: s, answer: () => ec2.on(DescribeInstancesCommand).resolves(instanceListing(s)), gone: false })),
  { kind: 'ec2-instance', state: 'listed without a State', answer: () => ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [{ InstanceId: 'i-0fedcba9876543210' }] }] }), gone: false },
  { kind: 'ec2-instance', state: 'terminated', answer: () => ec2.on(DescribeInstancesCommand).resolves(instanceListing('terminated')), gone: true },
  { kind: 'ec2-instance', state: 'InvalidInstanceID.NotFound', answer: () => ec2.on(DescribeInstancesCommand).rejects(ec2NotFound('InvalidInstanceID.NotFound')), gone: true },
  { kind: 's3-bucket', state: 'HeadBucket 200', answer: () => s3.on(HeadBucketCommand).resolves({}), gone: false },
  { kind: 's3-bucket', state: 'HeadBucket 404', answer: () => s3.on(HeadBucketCommand).rejects(new NotFound({ $metadata: { httpStatusCode: 404 }, message: 'Not Found' })), gone: true },
  ...['CREATING', 'AVAILABLE', 'COMPLETED', 'PARTIAL', 'STOPPED', 'DELETING', 'EXPIRED'].map((s) => ({ kind: 'recovery-point' as const, state: s, answer: () => backup.on(DescribeRecoveryPointCommand).resolves({ Status: s as 'AVAILABLE' }), gone: false })),
  { kind: 'recovery-point', state: 'ResourceNotFoundException', answer: () => backup.on(DescribeRecoveryPointCommand).rejects(new BackupNotFound({ $metadata: { httpStatusCode: 400 }, message: 'not found' })), gone: true },
];

function efsListing(state: string) {
  return {
    FileSystemId: 'fs-0fedcba9876543210',
    LifeCycleState: state as 'available',
    CreationTime: new Date('2025-03-04T02:31:00.000Z'),
    OwnerId: ACCOUNT,
    CreationToken: 'restore',
    NumberOfMountTargets: 0,
    SizeInBytes: { Value: 0 },
    PerformanceMode: 'generalPurpose' as const,
    Tags: [],
  };
}

function instanceListing(state: string) {
  return { Reservations: [{ Instances: [{ InstanceId: 'i-0fedcba9876543210', State: { Name: state as 'running' }, LaunchTime: new Date('2025-03-04T02:31:00.000Z') }] }] };
}

/** A plan with every type, and the EC2 kiosk target beside them. */
function planWithEc2(): Record<string, unknown> {
  const plan = nhsPlanInputWithEveryType();
  targetsOf(plan).push(kioskTarget(), fsxTarget());
  return plan;
}

/** Check Cleanup's answer: the child state after a drill that made only this one thing. */
async function checkCleanupSaysGone(kind: CreatedKind): Promise<boolean> {
  const { targetId, arn } = MADE[kind];
  // An ONTAP volume is drilled only in a one-region plan (London, the DR region here too).
  const state: Record<string, unknown> = await childState(targetId, kind === 'fsx-volume' ? examplePlanInput('uk-only-supplier.yml') : planWithEc2());
  if (kind === 'recovery-point') {
    state.copy = { jobId: 'copy-1', job: { state: 'COMPLETED', destinationRecoveryPointArn: arn } };
  } else {
    state.restore = { jobId: 'restore-1', job: { Status: 'COMPLETED', CreatedResourceArn: arn } };
    if (kind === 'ec2-instance') state.deletion = { dependents: [] };
  }
  const status = await checkCleanup(state, testDeps());
  const named = [...status.deleted, ...status.remaining].filter((label) => label === arn || label.startsWith(`${arn} (`));
  expect(named).toHaveLength(1);
  return status.deleted.includes(arn);
}

async function sweeperSaysGone(kind: CreatedKind): Promise<boolean> {
  return (await probe(testDeps().clients, DR_REGION, kind, MADE[kind].sweeperId, DR_VAULT)) === null;
}

beforeEach(() => {
  for (const mock of [backup, rds, dynamodb, efs, ec2, s3, fsx]) mock.reset();
});

describe('is it gone? Check Cleanup and the sweeper agree', () => {
  it.each(CASES.map((c) => [c.kind, c.state, c.gone, c] as const))('%s %s: gone is %s for both', async (_kind, _state, gone, c) => {
    c.answer();
    const answers = { checkCleanup: await checkCleanupSaysGone(c.kind), sweeper: await sweeperSaysGone(c.kind) };
    expect(answers).toEqual({ checkCleanup: gone, sweeper: gone });
  });

  it('covers every kind the sweeper knows', () => {
    expect(new Set(CASES.map((c) => c.kind))).toEqual(new Set(Object.keys(MADE)));
  });
});
