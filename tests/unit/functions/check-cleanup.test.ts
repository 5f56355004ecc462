import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { BackupClient, BackupServiceException, DescribeRecoveryPointCommand, ResourceNotFoundException as BackupNotFound } from '@aws-sdk/client-backup';
import { DBClusterNotFoundFault, DBInstanceNotFoundFault, DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { DescribeTableCommand, DynamoDBClient, ResourceNotFoundException as TableNotFound } from '@aws-sdk/client-dynamodb';
import { DescribeFileSystemsCommand, EFSClient, FileSystemNotFound } from '@aws-sdk/client-efs';
import { DescribeVolumesCommand, EC2Client, EC2ServiceException } from '@aws-sdk/client-ec2';
import { HeadBucketCommand, NotFound, S3Client } from '@aws-sdk/client-s3';
import { checkCleanup } from '../../../functions/check-cleanup/check-cleanup';
import { ACCOUNT, DR_VAULT, OUTSIDE_REGION, childState, regionsOf, restoredName, testDeps, type ChildState } from './fixtures';

const backup = mockClient(BackupClient);
const rds = mockClient(RDSClient);
const dynamodb = mockClient(DynamoDBClient);
const efs = mockClient(EFSClient);
const ec2 = mockClient(EC2Client);
const s3 = mockClient(S3Client);

const CHECKED_AT = '2025-03-04T03:05:00.000Z';
const COPY_JOB_ID = '5E3B1C2D-7A8F-4B6C-9D0E-1F2A3B4C5D6E';
const RESTORE_JOB_ID = '7C1D2E3F-4A5B-6C7D-8E9F-0A1B2C3D4E5F';

const CREATED = {
  aurora: `arn:aws:rds:eu-west-2:${ACCOUNT}:cluster:${restoredName('patients-db')}`,
  dynamodb: `arn:aws:dynamodb:eu-west-2:${ACCOUNT}:table/${restoredName('appointments')}`,
  s3: `arn:aws:s3:::${restoredName('documents')}`,
  efs: `arn:aws:elasticfilesystem:eu-west-2:${ACCOUNT}:file-system/fs-0fedcba9876543210`,
  ebs: `arn:aws:ec2:eu-west-2:${ACCOUNT}:volume/vol-0fedcba9876543210`,
};
const copiedPointOf = (targetId: string) =>
  `arn:aws:backup:eu-west-2:${ACCOUNT}:recovery-point:${targetId}-copy-5e3b1c2d-7a8f-4b6c-9d0e-1f2a3b4c5d6e`;

type CleanupState = ChildState & {
  copy?: { jobId: string; job?: Record<string, unknown> };
  restore?: { jobId: string; job?: Record<string, unknown> };
  instance?: { identifier: string; status: string };
};

/**
 * The child state when Check Cleanup runs after a drill that got as far as validation: the copy (the copy-job
 * Lambda's result) and the restore job (DescribeRestoreJob, Step Functions naming) completed, deletes issued.
 */
async function stateAfterDrill(targetId: string, createdResourceArn: string): Promise<CleanupState> {
  const state = await childState(targetId);
  return {
    ...state,
    copy: {
      jobId: COPY_JOB_ID,
      job: {
        copyJobId: COPY_JOB_ID,
        state: 'COMPLETED',
        creationDate: '2025-03-04T02:00:40.000Z',
        completionDate: '2025-03-04T02:12:40.000Z',
        destinationRecoveryPointArn: copiedPointOf(targetId),
        statusMessage: null,
      },
    },
    restore: {
      jobId: RESTORE_JOB_ID,
      job: {
        RestoreJobId: RESTORE_JOB_ID,
        Status: 'COMPLETED',
        CreationDate: '2025-03-04T02:13:30.000Z',
        CompletionDate: '2025-03-04T02:31:30.000Z',
        CreatedResourceArn: createdResourceArn,
      },
    },
    ...(state.target.type === 'aurora' ? { instance: { identifier: state.names.instance, status: 'available' } } : {}),
    settle: { waitSeconds: 30, elapsedSeconds: 0 },
  } as CleanupState;
}

const copyGone = () => backup.on(DescribeRecoveryPointCommand).rejects(new BackupNotFound({ $metadata: { httpStatusCode: 400 }, message: 'Recovery point not found' }));

beforeEach(() => {
  for (const mock of [backup, rds, dynamodb, efs, ec2, s3]) mock.reset();
});

describe('checkCleanup (Check Cleanup)', () => {
  describe('Aurora', () => {
    it('confirms the drill clean when the copy, the drill instance and the cluster are all gone', async () => {
      copyGone();
      rds.on(DescribeDBInstancesCommand).rejects(new DBInstanceNotFoundFault({ $metadata: { httpStatusCode: 404 }, message: 'DBInstance not found' }));
      rds.on(DescribeDBClustersCommand).rejects(new DBClusterNotFoundFault({ $metadata: { httpStatusCode: 404 }, message: 'DBCluster not found' }));

      const status = await checkCleanup(await stateAfterDrill('patients-db', CREATED.aurora), testDeps([CHECKED_AT]));

      expect(status).toEqual({
        checkedAt: CHECKED_AT,
        complete: true,
        remaining: [],
        deleted: [copiedPointOf('patients-db'), `DB instance ${restoredName('patients-db')}-db`, CREATED.aurora],
      });
    });

    it('asks about exactly what the drill created, in the DR region', async () => {
      copyGone();
      rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });
      rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [] });

      await checkCleanup(await stateAfterDrill('patients-db', CREATED.aurora), testDeps([CHECKED_AT]));

      expect(backup.commandCalls(DescribeRecoveryPointCommand).map((c) => c.args[0].input)).toEqual([
        { BackupVaultName: DR_VAULT, RecoveryPointArn: copiedPointOf('patients-db') },
      ]);
      expect(rds.commandCalls(DescribeDBInstancesCommand).map((c) => c.args[0].input)).toEqual([
        { DBInstanceIdentifier: `${restoredName('patients-db')}-db` },
      ]);
      expect(rds.commandCalls(DescribeDBClustersCommand).map((c) => c.args[0].input)).toEqual([{ DBClusterIdentifier: restoredName('patients-db') }]);
      expect(await regionsOf([...backup.calls(), ...rds.calls()])).toEqual(['eu-west-2', 'eu-west-2', 'eu-west-2']);
    });

    it('reports what is still being deleted, with its state, as remaining', async () => {
      backup.on(DescribeRecoveryPointCommand).resolves({ Status: 'DELETING' });
      rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'deleting' }] });
      rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Status: 'available' }] });

      const status = await checkCleanup(await stateAfterDrill('patients-db', CREATED.aurora), testDeps([CHECKED_AT]));

      expect(status).toEqual({
        checkedAt: CHECKED_AT,
        complete: false,
        remaining: [
          `${copiedPointOf('patients-db')} (DELETING)`,
          `DB instance ${restoredName('patients-db')}-db (deleting)`,
          `${CREATED.aurora} (available)`,
        ],
        deleted: [],
      });
    });
  });

  describe('copies', () => {
    it('does not look for the copied recovery point when the plan keeps copies', async () => {
      const state = await stateAfterDrill('appointments', CREATED.dynamodb);
      state.drill.keepCopies = true;
      dynamodb.on(DescribeTableCommand).rejects(new TableNotFound({ $metadata: { httpStatusCode: 400 }, message: 'Requested resource not found' }));

      const status = await checkCleanup(state, testDeps([CHECKED_AT]));

      expect(backup.calls()).toHaveLength(0);
      expect(status).toEqual({ checkedAt: CHECKED_AT, complete: true, remaining: [], deleted: [CREATED.dynamodb] });
    });

    it('reports a copy job still running as remaining: it will create a recovery point later', async () => {
      const state = await stateAfterDrill('appointments', CREATED.dynamodb);
      state.copy = { jobId: COPY_JOB_ID, job: { ...state.copy!.job, state: 'RUNNING', completionDate: null, destinationRecoveryPointArn: null } };
      delete state.restore;

      const status = await checkCleanup(state, testDeps([CHECKED_AT]));

      expect(status).toMatchObject({ complete: false, remaining: [`copy job ${COPY_JOB_ID} (RUNNING)`], deleted: [] });
    });

    it('reports a copy job that was never described as remaining, state unknown', async () => {
      const state = await stateAfterDrill('appointments', CREATED.dynamodb);
      state.copy = { jobId: COPY_JOB_ID };
      delete state.restore;

      const status = await checkCleanup(state, testDeps([CHECKED_AT]));

      expect(status).toMatchObject({ complete: false, remaining: [`copy job ${COPY_JOB_ID} (state unknown)`] });
    });

    it('looks for no recovery point after a failed copy that produced none', async () => {
      const state = await stateAfterDrill('appointments', CREATED.dynamodb);
      state.copy = { jobId: COPY_JOB_ID, job: { ...state.copy!.job, state: 'FAILED', destinationRecoveryPointArn: null } };
      delete state.restore;

      const status = await checkCleanup(state, testDeps([CHECKED_AT]));

      expect(backup.calls()).toHaveLength(0);
      expect(status).toEqual({ checkedAt: CHECKED_AT, complete: true, remaining: [], deleted: [] });
    });
  });

  describe('restore jobs', () => {
    it('reports a restore job still running as remaining', async () => {
      const state = await stateAfterDrill('appointments', CREATED.dynamodb);
      state.restore = { jobId: RESTORE_JOB_ID, job: { RestoreJobId: RESTORE_JOB_ID, Status: 'RUNNING', CreationDate: '2025-03-04T02:13:30.000Z' } };
      copyGone();

      const status = await checkCleanup(state, testDeps([CHECKED_AT]));

      expect(status).toMatchObject({ complete: false, remaining: [`restore job ${RESTORE_JOB_ID} (RUNNING), creating ${state.names.restored}`] });
    });

    it('reports a restore job that was never described as remaining, state unknown, with the table it creates', async () => {
      const state = await stateAfterDrill('appointments', CREATED.dynamodb);
      state.restore = { jobId: RESTORE_JOB_ID };
      copyGone();

      const status = await checkCleanup(state, testDeps([CHECKED_AT]));

      expect(status).toMatchObject({ complete: false, remaining: [`restore job ${RESTORE_JOB_ID} (state unknown), creating ${state.names.restored}`] });
    });
  });

  describe('per resource type', () => {
    it('takes a DynamoDB table that AWS no longer knows as deleted, and a DELETING one as remaining', async () => {
      copyGone();
      dynamodb
        .on(DescribeTableCommand)
        .resolvesOnce({ Table: { TableStatus: 'DELETING' } })
        .rejects(new TableNotFound({ $metadata: { httpStatusCode: 400 }, message: 'Requested resource not found' }));
      const state = await stateAfterDrill('appointments', CREATED.dynamodb);

      const first = await checkCleanup(state, testDeps([CHECKED_AT]));
      const second = await checkCleanup(state, testDeps([CHECKED_AT]));

      expect(first.remaining).toEqual([`${CREATED.dynamodb} (DELETING)`]);
      expect(second).toMatchObject({ complete: true, deleted: [copiedPointOf('appointments'), CREATED.dynamodb] });
      expect(dynamodb.commandCalls(DescribeTableCommand)[0]?.args[0].input).toEqual({ TableName: restoredName('appointments') });
    });

    it('probes the restored bucket with HeadBucket: 404 is gone, an answer is still there', async () => {
      copyGone();
      s3.on(HeadBucketCommand)
        .resolvesOnce({})
        .rejects(new NotFound({ $metadata: { httpStatusCode: 404 }, message: 'Not Found' }));
      const state = await stateAfterDrill('documents', CREATED.s3);

      const first = await checkCleanup(state, testDeps([CHECKED_AT]));
      const second = await checkCleanup(state, testDeps([CHECKED_AT]));

      expect(first.remaining).toEqual([`${CREATED.s3} (exists)`]);
      expect(second).toMatchObject({ complete: true, deleted: [copiedPointOf('documents'), CREATED.s3] });
      expect(s3.commandCalls(HeadBucketCommand)[0]?.args[0].input).toEqual({ Bucket: restoredName('documents') });
      expect(await regionsOf(s3.calls())).toEqual(['eu-west-2', 'eu-west-2']);
    });

    it('probes the restored file system by its id', async () => {
      copyGone();
      efs.on(DescribeFileSystemsCommand).rejects(new FileSystemNotFound({ $metadata: { httpStatusCode: 404 }, message: 'File system not found', ErrorCode: 'FileSystemNotFound' }));

      const status = await checkCleanup(await stateAfterDrill('shared-files', CREATED.efs), testDeps([CHECKED_AT]));

      expect(efs.commandCalls(DescribeFileSystemsCommand)[0]?.args[0].input).toEqual({ FileSystemId: 'fs-0fedcba9876543210' });
      expect(status).toMatchObject({ complete: true, deleted: [copiedPointOf('shared-files'), CREATED.efs] });
    });

    it('probes the restored volume by its id; InvalidVolume.NotFound is gone', async () => {
      copyGone();
      ec2.on(DescribeVolumesCommand).rejects(
        new EC2ServiceException({
          name: 'InvalidVolume.NotFound',
          $fault: 'client',
          $metadata: { httpStatusCode: 400 },
          message: "The volume 'vol-0fedcba9876543210' does not exist.",
        }),
      );

      const status = await checkCleanup(await stateAfterDrill('imaging-cache', CREATED.ebs), testDeps([CHECKED_AT]));

      expect(ec2.commandCalls(DescribeVolumesCommand)[0]?.args[0].input).toEqual({ VolumeIds: ['vol-0fedcba9876543210'] });
      expect(status).toMatchObject({ complete: true, deleted: [copiedPointOf('imaging-cache'), CREATED.ebs] });
    });
  });

  it('has nothing to check for a drill that failed before creating anything', async () => {
    const state = await childState('patients-db');

    const status = await checkCleanup(state, testDeps([CHECKED_AT]));

    expect(status).toEqual({ checkedAt: CHECKED_AT, complete: true, remaining: [], deleted: [] });
    for (const mock of [backup, rds, dynamodb, efs, ec2, s3]) expect(mock.calls()).toHaveLength(0);
  });

  describe('errors', () => {
    it('lets an access denial through: it proves nothing about what is left', async () => {
      backup.on(DescribeRecoveryPointCommand).rejects(
        new BackupServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'not authorized' }),
      );

      const run = checkCleanup(await stateAfterDrill('appointments', CREATED.dynamodb), testDeps([CHECKED_AT]));

      await expect(run).rejects.toMatchObject({ name: 'AccessDeniedException' });
    });

    it('turns throttling into TransientAwsError', async () => {
      copyGone();
      dynamodb.on(DescribeTableCommand).rejects(
        Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }),
      );

      const run = checkCleanup(await stateAfterDrill('appointments', CREATED.dynamodb), testDeps([CHECKED_AT]));

      await expect(run).rejects.toMatchObject({ name: 'TransientAwsError' });
    });

    it('refuses to look outside the residency policy before any AWS call', async () => {
      const state = await stateAfterDrill('appointments', CREATED.dynamodb);
      state.drill.drRegion = OUTSIDE_REGION;

      const run = checkCleanup(state, testDeps([CHECKED_AT]));

      await expect(run).rejects.toMatchObject({
        name: 'ResidencyViolationError',
        message: 'target appointments cleanup: region us-east-1 is outside the residency policy [eu-west-1, eu-west-2]',
      });
      for (const mock of [backup, dynamodb]) expect(mock.calls()).toHaveLength(0);
    });
  });
});
