import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { BackupClient, DescribeCopyJobCommand, DescribeRestoreJobCommand, TagResourceCommand, type DescribeCopyJobCommandOutput, type DescribeRestoreJobCommandOutput } from '@aws-sdk/client-backup';
import { DescribeFileSystemsCommand, EFSClient } from '@aws-sdk/client-efs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ResourceGroupsTaggingAPIClient, TagResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { markCreated } from '../../../functions/mark-created/mark-created';
import { ACCOUNT, BACKUP_ROLE_ARN, DR_VAULT_ARN, childState, testDeps, type ChildState } from './fixtures';

const backup = mockClient(BackupClient);
const efs = mockClient(EFSClient);
const ec2 = mockClient(EC2Client);
const tagging = mockClient(ResourceGroupsTaggingAPIClient);

const COPY_JOB_ID = '5E3B1C2D-7A8F-4B6C-9D0E-1F2A3B4C5D6E';
const RESTORE_JOB_ID = '7C1D2E3F-4A5B-6C7D-8E9F-0A1B2C3D4E5F';
const COPY = `arn:aws:backup:eu-west-2:${ACCOUNT}:recovery-point:shared-files-copy-5e3b1c2d`;
const RESTORED_FS = `arn:aws:elasticfilesystem:eu-west-2:${ACCOUNT}:file-system/fs-0fedcba9876543210`;
const RESTORE_STARTED = new Date('2025-03-04T02:20:00.000Z');
const SOURCE_POINT = `arn:aws:backup:eu-west-2:${ACCOUNT}:recovery-point:shared-files-nightly-0a1b2c3d`;

const copyJob = (over: Record<string, unknown> = {}): DescribeCopyJobCommandOutput => ({
  $metadata: {},
  CopyJob: { CopyJobId: COPY_JOB_ID, State: 'COMPLETED', DestinationRecoveryPointArn: COPY, DestinationBackupVaultArn: DR_VAULT_ARN, IamRoleArn: BACKUP_ROLE_ARN, ...over },
});
const restoreJob = (over: Record<string, unknown> = {}): DescribeRestoreJobCommandOutput => ({
  $metadata: {},
  RestoreJobId: RESTORE_JOB_ID,
  Status: 'COMPLETED',
  RecoveryPointArn: COPY,
  CreatedResourceArn: RESTORED_FS,
  IamRoleArn: BACKUP_ROLE_ARN,
  CreationDate: RESTORE_STARTED,
  ...over,
});
const fileSystemCreated = (at: string) => ({ FileSystems: [{ FileSystemId: 'fs-0fedcba9876543210', CreationTime: new Date(at) }] as never });

async function request(operation: 'copy' | 'restored'): Promise<ChildState & Record<string, unknown>> {
  const state = await childState('shared-files');
  const common = { operation, drill: state.drill, target: state.target, names: state.names };
  return (operation === 'copy' ? { ...common, copyJobId: COPY_JOB_ID } : { ...common, restoreJobId: RESTORE_JOB_ID, restorePoint: { arn: COPY, copyJobId: COPY_JOB_ID } }) as never;
}

/**
 * A restore of the recovery point found in the source vault, without a copy: the target's DR vault is its source
 * vault, as a one-region plan may name it.
 */
async function uncopiedRequest(over: { sameVault?: boolean } = {}): Promise<Record<string, unknown>> {
  const event = (await request('restored')) as Record<string, unknown> & { target: { sourceVault: string; drVault: string } };
  const target = { ...event.target, drVault: over.sameVault === false ? event.target.drVault : event.target.sourceVault };
  return { ...event, target, restorePoint: { arn: SOURCE_POINT, copyJobId: null } };
}

beforeEach(() => {
  backup.reset();
  efs.reset();
  ec2.reset();
  tagging.reset();
  backup.on(DescribeCopyJobCommand).resolves(copyJob());
  backup.on(DescribeRestoreJobCommand).resolves(restoreJob());
  backup.on(TagResourceCommand).resolves({});
  efs.on(DescribeFileSystemsCommand).resolves(fileSystemCreated('2025-03-04T02:31:00.000Z'));
  tagging.on(TagResourcesCommand).resolves({ FailedResourcesMap: {} });
});

describe('Mark Created', () => {
  it("marks the copy AWS Backup records the drill's copy job made, with the drill's keys", async () => {
    const event = await request('copy');
    await expect(markCreated(event, testDeps())).resolves.toEqual({ marked: COPY });
    expect(backup).toHaveReceivedCommandWith(TagResourceCommand, {
      ResourceArn: COPY,
      Tags: { 'dr-drill:drill-id': (event.drill as { id: string }).id, 'dr-drill:target': 'shared-files', 'dr-drill:execution': (event.drill as { executionArn: string }).executionArn },
    });
  });

  it('marks the file system the restore job created from that copy, after the job started', async () => {
    await expect(markCreated(await request('restored'), testDeps())).resolves.toEqual({ marked: RESTORED_FS });
    expect(tagging).toHaveReceivedCommandWith(TagResourcesCommand, { ResourceARNList: [RESTORED_FS] });
  });

  it.each([
    ['a copy job run with another role (not the plan\'s AWS Backup role)', () => backup.on(DescribeCopyJobCommand).resolves(copyJob({ IamRoleArn: `arn:aws:iam::${ACCOUNT}:role/prod-backup` }))],
    ['a copy job into another vault', () => backup.on(DescribeCopyJobCommand).resolves(copyJob({ DestinationBackupVaultArn: `arn:aws:backup:eu-west-2:${ACCOUNT}:backup-vault:prod-dr` }))],
    ['a copy job that has not completed', () => backup.on(DescribeCopyJobCommand).resolves(copyJob({ State: 'RUNNING', DestinationRecoveryPointArn: undefined }))],
  ])('refuses to mark anything for %s', async (_name, arrange) => {
    arrange();
    await expect(markCreated(await request('copy'), testDeps())).rejects.toMatchObject({ name: 'NotCreatedByDrillError' });
    expect(backup).not.toHaveReceivedCommand(TagResourceCommand);
  });

  it.each([
    ["a restore job run with another role (a production restore)", () => backup.on(DescribeRestoreJobCommand).resolves(restoreJob({ IamRoleArn: `arn:aws:iam::${ACCOUNT}:role/prod-backup` }))],
    ["a restore job from another recovery point", () => backup.on(DescribeRestoreJobCommand).resolves(restoreJob({ RecoveryPointArn: `arn:aws:backup:eu-west-2:${ACCOUNT}:recovery-point:prod-1` }))],
    ['a file system created before the restore job started (an existing, production one)', () => efs.on(DescribeFileSystemsCommand).resolves(fileSystemCreated('2024-11-01T09:00:00.000Z'))],
    ['a restore job that has not completed', () => backup.on(DescribeRestoreJobCommand).resolves(restoreJob({ Status: 'RUNNING', CreatedResourceArn: undefined }))],
    ['a created resource outside the DR region', () => backup.on(DescribeRestoreJobCommand).resolves(restoreJob({ CreatedResourceArn: RESTORED_FS.replace('eu-west-2', 'eu-west-1') }))],
  ])('refuses to mark %s', async (_name, arrange) => {
    arrange();
    await expect(markCreated(await request('restored'), testDeps())).rejects.toMatchObject({ name: 'NotCreatedByDrillError' });
    expect(tagging).not.toHaveReceivedCommand(TagResourcesCommand);
  });

  it('fails (not silently) when the tagging API could not tag the resource', async () => {
    tagging.on(TagResourcesCommand).resolves({ FailedResourcesMap: { [RESTORED_FS]: { StatusCode: 403, ErrorCode: 'InvalidParameterException', ErrorMessage: 'denied' } } });
    await expect(markCreated(await request('restored'), testDeps())).rejects.toMatchObject({
      name: 'TagResourcesFailed',
      message: expect.stringContaining(`left ${RESTORED_FS} untagged: 403 InvalidParameterException denied`),
    });
  });

  it('fails as transient (retried) when the tagging API answered a 5xx for the resource', async () => {
    tagging.on(TagResourcesCommand).resolves({ FailedResourcesMap: { [RESTORED_FS]: { StatusCode: 500, ErrorCode: 'InternalServiceException', ErrorMessage: 'try again' } } });
    await expect(markCreated(await request('restored'), testDeps())).rejects.toMatchObject({ name: 'TransientAwsError' });
  });

  describe('a restore without a copy (a one-region plan whose DR vault is its source vault)', () => {
    const sourceVaultOf = async () => ((await uncopiedRequest()) as { target: { sourceVault: string } }).target.sourceVault;
    const fromSourceVault = async (over: Record<string, unknown> = {}) =>
      backup.on(DescribeRestoreJobCommand).resolves(restoreJob({ RecoveryPointArn: SOURCE_POINT, BackupVaultArn: await sourceVaultOf(), ...over }));

    it('marks what the restore job created from the recovery point in the source vault, and reads no copy job', async () => {
      await fromSourceVault();

      await expect(markCreated(await uncopiedRequest(), testDeps())).resolves.toEqual({ marked: RESTORED_FS });
      expect(backup).not.toHaveReceivedCommand(DescribeCopyJobCommand);
    });

    it.each([
      ['a restore job from another recovery point', { RecoveryPointArn: `arn:aws:backup:eu-west-2:${ACCOUNT}:recovery-point:prod-1` }],
      ['a restore job from another vault', { BackupVaultArn: `arn:aws:backup:eu-west-2:${ACCOUNT}:backup-vault:prod-other` }],
      ['a restore job that names no vault', { BackupVaultArn: undefined }],
    ])('refuses to mark %s', async (_name, over) => {
      await fromSourceVault(over);

      await expect(markCreated(await uncopiedRequest(), testDeps())).rejects.toMatchObject({ name: 'NotCreatedByDrillError' });
      expect(tagging).not.toHaveReceivedCommand(TagResourcesCommand);
    });

    it('refuses a restore from the source vault when the target has a DR vault of its own: a restore without a copy must come from the DR vault', async () => {
      await fromSourceVault();

      const request = (await uncopiedRequest({ sameVault: false })) as { target: { drVault: string } };
      await expect(markCreated(request, testDeps())).rejects.toMatchObject({
        name: 'NotCreatedByDrillError',
        message: expect.stringContaining(`not the plan's ${request.target.drVault}`),
      });
      expect(tagging).not.toHaveReceivedCommand(TagResourcesCommand);
    });

    it('marks what a restore of the DR vault\'s own recovery point created (source dr-vault), and reads no copy job', async () => {
      const request = (await uncopiedRequest({ sameVault: false })) as { target: { drVault: string } };
      backup.on(DescribeRestoreJobCommand).resolves(restoreJob({ RecoveryPointArn: SOURCE_POINT, BackupVaultArn: request.target.drVault }));

      await expect(markCreated(request, testDeps())).resolves.toEqual({ marked: RESTORED_FS });
      expect(backup).not.toHaveReceivedCommand(DescribeCopyJobCommand);
    });
  });

  it('rejects a payload naming an ARN instead of job ids', async () => {
    const event = { ...(await request('restored')), restoreJobId: undefined, resourceArn: RESTORED_FS };
    await expect(markCreated(event, testDeps())).rejects.toMatchObject({ name: 'BadPayloadError' });
  });
});
