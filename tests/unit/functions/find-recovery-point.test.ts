import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  BackupClient,
  BackupServiceException,
  ListRecoveryPointsByBackupVaultCommand,
  type RecoveryPointByBackupVault,
} from '@aws-sdk/client-backup';
import { findRecoveryPoint } from '../../../functions/find-recovery-point/find-recovery-point';
import { ACCOUNT, OUTSIDE_REGION, STARTED_AT, childState, regionsOf, testDeps, type ChildState } from './fixtures';

const backup = mockClient(BackupClient);
const CLUSTER_ARN = `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:patients-db`;

/** A recovery point as AWS Backup lists it; `at` is its CreationDate. */
function point(at: string, status: RecoveryPointByBackupVault['Status'] = 'COMPLETED'): RecoveryPointByBackupVault {
  return {
    RecoveryPointArn: `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster-snapshot:awsbackup:job-${Date.parse(at).toString(16)}`,
    BackupVaultName: 'nhs-patient-platform',
    BackupVaultArn: `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:nhs-patient-platform`,
    ResourceArn: CLUSTER_ARN,
    ResourceType: 'Aurora',
    CreationDate: new Date(at),
    CompletionDate: new Date(Date.parse(at) + 20 * 60_000),
    Status: status,
  };
}

const throttling = () =>
  new BackupServiceException({ name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'Rate exceeded' });

let state: ChildState;

beforeEach(async () => {
  backup.reset();
  state = await childState('patients-db');
});

describe('findRecoveryPoint (Find Latest Recovery Point)', () => {
  it('answers the newest completed recovery point created before the drill started, across pages', async () => {
    const newest = point('2025-03-03T22:00:00.000Z');
    const pages = [
      {
        RecoveryPoints: [point('2025-03-02T22:00:00.000Z'), point('2025-03-04T02:30:00.000Z'), point('2025-03-04T01:00:00.000Z', 'PARTIAL')],
        NextToken: 'page-2',
      },
      { RecoveryPoints: [newest, point('2025-03-04T01:30:00.000Z', 'EXPIRED'), point('2025-02-20T22:00:00.000Z')] },
    ];
    // Copied when sent: the SDK paginator reuses one input object for every page.
    const requests: unknown[] = [];
    backup.on(ListRecoveryPointsByBackupVaultCommand).callsFake((input: object) => {
      requests.push({ ...input });
      return pages.shift();
    });

    const found = await findRecoveryPoint(state, testDeps());

    expect(found).toEqual({ arn: newest.RecoveryPointArn, createdAt: '2025-03-03T22:00:00.000Z' });
    expect(requests).toEqual([
      { BackupVaultName: 'nhs-patient-platform', ByResourceArn: CLUSTER_ARN },
      { BackupVaultName: 'nhs-patient-platform', ByResourceArn: CLUSTER_ARN, NextToken: 'page-2' },
    ]);
  });

  it('asks the source vault in the primary region, not the DR region the Lambda runs in', async () => {
    backup
      .on(ListRecoveryPointsByBackupVaultCommand)
      .resolvesOnce({ RecoveryPoints: [point('2025-03-03T20:00:00.000Z')], NextToken: 'page-2' })
      .resolvesOnce({ RecoveryPoints: [point('2025-03-03T22:00:00.000Z')] });

    await findRecoveryPoint(state, testDeps());

    expect(await regionsOf(backup.commandCalls(ListRecoveryPointsByBackupVaultCommand))).toEqual(['eu-west-1', 'eu-west-1']);
  });

  it('accepts a recovery point created at the very moment the drill started', async () => {
    backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [point(STARTED_AT)] });

    const found = await findRecoveryPoint(state, testDeps());

    expect(found.createdAt).toBe(STARTED_AT);
  });

  it('refuses with NoRecoveryPointError when the vault holds no completed recovery point of the resource', async () => {
    backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [point('2025-03-03T22:00:00.000Z', 'PARTIAL')] });

    const run = findRecoveryPoint(state, testDeps());

    await expect(run).rejects.toMatchObject({
      name: 'NoRecoveryPointError',
      message: `no completed snapshot recovery point of ${CLUSTER_ARN} in vault nhs-patient-platform (eu-west-1) created before the drill started (continuous backups cannot be copied: add a snapshot backup rule)`,
    });
  });

  it('skips a continuous recovery point newer than the snapshots: StartCopyJob cannot copy it and its CreationDate is not its data age', async () => {
    const snapshot = point('2025-03-03T22:00:00.000Z');
    const continuous: RecoveryPointByBackupVault = {
      ...point('2025-03-04T01:00:00.000Z'),
      RecoveryPointArn: `arn:aws:backup:eu-west-1:${ACCOUNT}:recovery-point:continuous:db-abcdefghijklmnopqrstuvwxyz-1a2b3c4d`,
    };
    backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [continuous, snapshot] });

    const found = await findRecoveryPoint(state, testDeps());

    expect(found).toEqual({ arn: snapshot.RecoveryPointArn, createdAt: '2025-03-03T22:00:00.000Z' });
  });

  it('refuses with NoRecoveryPointError when the only completed recovery point is continuous', async () => {
    backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({
      RecoveryPoints: [{ ...point('2025-03-04T01:00:00.000Z'), RecoveryPointArn: `arn:aws:backup:eu-west-1:${ACCOUNT}:recovery-point:continuous:db-only` }],
    });

    await expect(findRecoveryPoint(state, testDeps())).rejects.toMatchObject({ name: 'NoRecoveryPointError', message: expect.stringContaining('continuous backups cannot be copied') });
  });

  it('refuses with NoRecoveryPointError when every completed recovery point is newer than the drill', async () => {
    backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [point('2025-03-04T02:00:01.000Z')] });

    const run = findRecoveryPoint(state, testDeps());

    await expect(run).rejects.toMatchObject({ name: 'NoRecoveryPointError' });
  });

  it('refuses with NoRecoveryPointError when the vault lists nothing at all', async () => {
    backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({});

    const run = findRecoveryPoint(state, testDeps());

    await expect(run).rejects.toMatchObject({ name: 'NoRecoveryPointError' });
  });

  it('turns throttling into TransientAwsError, which the state machine retries, keeping the original as cause', async () => {
    const original = throttling();
    backup.on(ListRecoveryPointsByBackupVaultCommand).rejects(original);

    const error = await findRecoveryPoint(state, testDeps()).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'TransientAwsError', message: 'ThrottlingException: Rate exceeded' });
    expect((error as Error).cause).toBe(original);
  });

  it('lets an access denial through under its own name, so it is never retried', async () => {
    backup.on(ListRecoveryPointsByBackupVaultCommand).rejects(
      new BackupServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: 'User is not authorized to perform: backup:ListRecoveryPointsByBackupVault',
      }),
    );

    const run = findRecoveryPoint(state, testDeps());

    await expect(run).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('refuses a source region outside the residency policy before any AWS call', async () => {
    state.drill.sourceRegion = OUTSIDE_REGION;

    const run = findRecoveryPoint(state, testDeps());

    await expect(run).rejects.toMatchObject({
      name: 'ResidencyViolationError',
      message: 'target patients-db source vault: region us-east-1 is outside the residency policy [eu-west-1, eu-west-2]',
    });
    expect(backup.calls()).toHaveLength(0);
  });

  it('refuses a payload without the drill names with BadPayloadError', async () => {
    const { names: _names, ...event } = state;

    const run = findRecoveryPoint(event, testDeps());

    await expect(run).rejects.toMatchObject({ name: 'BadPayloadError' });
    expect(backup.calls()).toHaveLength(0);
  });
});
