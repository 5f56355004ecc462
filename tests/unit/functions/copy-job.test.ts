import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { BackupClient, BackupServiceException, DescribeCopyJobCommand, StartCopyJobCommand } from '@aws-sdk/client-backup';
import { copyJob } from '../../../functions/copy-job/copy-job';
import { ACCOUNT, BACKUP_ROLE_ARN, DRILL_ID, DR_VAULT_ARN, OUTSIDE_REGION, childState, regionOf, testDeps, type ChildState } from './fixtures';

const backup = mockClient(BackupClient);

const RECOVERY_POINT_ARN = `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster-snapshot:awsbackup:job-4f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b`;
const COPY_JOB_ID = '5E3B1C2D-7A8F-4B6C-9D0E-1F2A3B4C5D6E';
const COPIED_ARN = `arn:aws:rds:eu-west-2:${ACCOUNT}:cluster-snapshot:awsbackup:copyjob-5e3b1c2d-7a8f-4b6c-9d0e-1f2a3b4c5d6e`;

let state: ChildState;

/** The payloads Start Copy Job and Describe Copy Job build from the child state. */
const startEvent = () => ({
  operation: 'start',
  drill: state.drill,
  target: state.target,
  names: state.names,
  recoveryPointArn: RECOVERY_POINT_ARN,
});
const describeEvent = () => ({ operation: 'describe', drill: state.drill, target: state.target, names: state.names, copyJobId: COPY_JOB_ID });

beforeEach(async () => {
  backup.reset();
  state = await childState('patients-db');
});

describe('copyJob (Start Copy Job / Describe Copy Job)', () => {
  describe('start', () => {
    it('starts the copy from the source vault into the DR vault with the backup role and a per-target idempotency token', async () => {
      backup.on(StartCopyJobCommand).resolves({ CopyJobId: COPY_JOB_ID, CreationDate: new Date('2025-03-04T02:00:40.000Z') });

      const result = await copyJob(startEvent(), testDeps());

      expect(result).toEqual({ copyJobId: COPY_JOB_ID });
      expect(backup.commandCalls(StartCopyJobCommand).map((c) => c.args[0].input)).toEqual([
        {
          RecoveryPointArn: RECOVERY_POINT_ARN,
          SourceBackupVaultName: 'nhs-patient-platform',
          DestinationBackupVaultArn: DR_VAULT_ARN,
          IamRoleArn: BACKUP_ROLE_ARN,
          IdempotencyToken: `${DRILL_ID}-patients-db`,
        },
      ]);
    });

    it('starts the copy in the source region eu-west-1, not the DR region eu-west-2 the Lambda runs in', async () => {
      backup.on(StartCopyJobCommand).resolves({ CopyJobId: COPY_JOB_ID });

      await copyJob(startEvent(), testDeps());

      const [call] = backup.commandCalls(StartCopyJobCommand);
      expect(await regionOf(call!)).toBe('eu-west-1');
    });

    it('sends the same idempotency token when the state machine retries the start', async () => {
      backup.on(StartCopyJobCommand).resolves({ CopyJobId: COPY_JOB_ID });

      await copyJob(startEvent(), testDeps());
      await copyJob(startEvent(), testDeps());

      const tokens = backup.commandCalls(StartCopyJobCommand).map((c) => c.args[0].input.IdempotencyToken);
      expect(tokens).toEqual([`${DRILL_ID}-patients-db`, `${DRILL_ID}-patients-db`]);
    });

    it('fails loudly when AWS Backup answers without a copy job id', async () => {
      backup.on(StartCopyJobCommand).resolves({});

      const run = copyJob(startEvent(), testDeps());

      await expect(run).rejects.toThrow('StartCopyJob returned no CopyJobId');
    });

    it('turns throttling into TransientAwsError', async () => {
      backup.on(StartCopyJobCommand).rejects(
        new BackupServiceException({ name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'Rate exceeded' }),
      );

      const run = copyJob(startEvent(), testDeps());

      await expect(run).rejects.toMatchObject({ name: 'TransientAwsError', message: 'ThrottlingException: Rate exceeded' });
    });

    it('lets a refused copy through under its own name, so it is not retried', async () => {
      backup.on(StartCopyJobCommand).rejects(
        new BackupServiceException({
          name: 'InvalidRequestException',
          $fault: 'client',
          $metadata: { httpStatusCode: 400 },
          message: 'Cross-account copy is not allowed for this resource type',
        }),
      );

      const run = copyJob(startEvent(), testDeps());

      await expect(run).rejects.toMatchObject({ name: 'InvalidRequestException' });
    });
  });

  describe('describe', () => {
    it('answers the job with ISO timestamps and the copied recovery point', async () => {
      backup.on(DescribeCopyJobCommand).resolves({
        CopyJob: {
          CopyJobId: COPY_JOB_ID,
          SourceBackupVaultArn: `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:nhs-patient-platform`,
          SourceRecoveryPointArn: RECOVERY_POINT_ARN,
          DestinationBackupVaultArn: DR_VAULT_ARN,
          DestinationRecoveryPointArn: COPIED_ARN,
          ResourceArn: `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:patients-db`,
          CreationDate: new Date('2025-03-04T02:00:40.000Z'),
          CompletionDate: new Date('2025-03-04T02:12:40.000Z'),
          State: 'COMPLETED',
          BackupSizeInBytes: 21_474_836_480,
          IamRoleArn: BACKUP_ROLE_ARN,
          ResourceType: 'Aurora',
        },
      });

      const result = await copyJob(describeEvent(), testDeps());

      expect(result).toEqual({
        copyJobId: COPY_JOB_ID,
        state: 'COMPLETED',
        creationDate: '2025-03-04T02:00:40.000Z',
        completionDate: '2025-03-04T02:12:40.000Z',
        destinationRecoveryPointArn: COPIED_ARN,
        statusMessage: null,
        // Its size, for the drill's cost estimate (data across regions, storage in the DR vault).
        backupSizeInBytes: 21_474_836_480,
      });
      expect(backup.commandCalls(DescribeCopyJobCommand).map((c) => c.args[0].input)).toEqual([{ CopyJobId: COPY_JOB_ID }]);
    });

    it('keeps every key, as null, while the copy is still running: the Choice states read them', async () => {
      backup.on(DescribeCopyJobCommand).resolves({ CopyJob: { CopyJobId: COPY_JOB_ID, State: 'RUNNING' } });

      const result = await copyJob(describeEvent(), testDeps());

      expect(result).toStrictEqual({
        copyJobId: COPY_JOB_ID,
        state: 'RUNNING',
        creationDate: null,
        completionDate: null,
        destinationRecoveryPointArn: null,
        statusMessage: null,
        backupSizeInBytes: null,
      });
    });

    it("passes AWS Backup's status message on for a failed copy", async () => {
      backup.on(DescribeCopyJobCommand).resolves({
        CopyJob: {
          CopyJobId: COPY_JOB_ID,
          State: 'FAILED',
          CreationDate: new Date('2025-03-04T02:00:40.000Z'),
          CompletionDate: new Date('2025-03-04T02:03:10.000Z'),
          StatusMessage: 'Insufficient privileges to perform this action.',
        },
      });

      const result = await copyJob(describeEvent(), testDeps());

      expect(result).toMatchObject({ state: 'FAILED', statusMessage: 'Insufficient privileges to perform this action.' });
    });

    it('answers state UNKNOWN when AWS Backup describes no job', async () => {
      backup.on(DescribeCopyJobCommand).resolves({});

      const result = await copyJob(describeEvent(), testDeps());

      expect(result).toMatchObject({ copyJobId: COPY_JOB_ID, state: 'UNKNOWN' });
    });

    it('describes the job in the source region, where it was started', async () => {
      backup.on(DescribeCopyJobCommand).resolves({ CopyJob: { CopyJobId: COPY_JOB_ID, State: 'RUNNING' } });

      await copyJob(describeEvent(), testDeps());

      const [call] = backup.commandCalls(DescribeCopyJobCommand);
      expect(await regionOf(call!)).toBe('eu-west-1');
    });

    it('turns a 5xx from AWS Backup into TransientAwsError', async () => {
      backup.on(DescribeCopyJobCommand).rejects(
        new BackupServiceException({ name: 'ServiceUnavailableException', $fault: 'server', $metadata: { httpStatusCode: 503 }, message: 'Service unavailable' }),
      );

      const run = copyJob(describeEvent(), testDeps());

      await expect(run).rejects.toMatchObject({ name: 'TransientAwsError' });
    });
  });

  describe('residency', () => {
    it('refuses a source region outside the policy before any AWS call', async () => {
      state.drill.sourceRegion = OUTSIDE_REGION;

      const run = copyJob(startEvent(), testDeps());

      await expect(run).rejects.toMatchObject({
        name: 'ResidencyViolationError',
        message: 'target patients-db copy job: region us-east-1 is outside the residency policy [eu-west-1, eu-west-2]',
      });
      expect(backup.calls()).toHaveLength(0);
    });

    it('refuses to copy into a DR vault outside the policy before any AWS call', async () => {
      state.target.drVault = `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:nhs-patient-platform-dr`;

      const run = copyJob(startEvent(), testDeps());

      await expect(run).rejects.toMatchObject({
        name: 'ResidencyViolationError',
        message: 'target patients-db DR vault: region us-east-1 is outside the residency policy [eu-west-1, eu-west-2]',
      });
      expect(backup.calls()).toHaveLength(0);
    });
  });

  it('refuses an unknown operation with BadPayloadError', async () => {
    const run = copyJob({ ...startEvent(), operation: 'cancel' }, testDeps());

    await expect(run).rejects.toMatchObject({ name: 'BadPayloadError' });
    expect(backup.calls()).toHaveLength(0);
  });
});
