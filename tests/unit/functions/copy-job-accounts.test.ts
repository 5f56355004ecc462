// The copy out of a central backup account's standard vault (issue 13): started and watched as the role the plan names
// in that account (assumed through STS with its ExternalId), with that account's AWS Backup role; Mark Created reads the
// copy job there and tags the copy with its own role in the recovery account.
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { BackupClient, DescribeCopyJobCommand, StartCopyJobCommand } from '@aws-sdk/client-backup';
import { ResourceGroupsTaggingAPIClient, TagResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { copyJob } from '../../../functions/copy-job/copy-job';
import { markCreated } from '../../../functions/mark-created/mark-created';
import { crossAccountWith } from '../plan-fixtures';
import { DRILL_ID, childState, regionOf, testDeps } from './fixtures';

const backup = mockClient(BackupClient);
const sts = mockClient(STSClient);
const tagging = mockClient(ResourceGroupsTaggingAPIClient);

const RECOVERY = '777788889999';
const CENTRAL = '444455556666';
const CENTRAL_ROLE = `arn:aws:iam::${CENTRAL}:role/dr-drill-central-copy`;
const CENTRAL_BACKUP_ROLE = `arn:aws:iam::${CENTRAL}:role/service-role/AWSBackupDefaultServiceRole`;
const DR_VAULT = `arn:aws:backup:eu-west-2:${RECOVERY}:backup-vault:recovery-dr`;
const SOURCE_POINT = `arn:aws:rds:eu-west-1:${CENTRAL}:snapshot:awsbackup:job-1`;
const COPY = `arn:aws:rds:eu-west-2:${RECOVERY}:snapshot:awsbackup:copyjob-1`;
const ASSUMED_KEY = 'ASIACENTRALSESSION01';
const route = {
  kind: 'cross-account-copy' as const,
  ownerAccount: CENTRAL,
  recoveryAccount: RECOVERY,
  copy: { assumeRoleArn: CENTRAL_ROLE, externalId: 'dr-drill-cross-account-7c1e', backupRoleArn: CENTRAL_BACKUP_ROLE },
};

const keyOf = async (call: { thisValue: unknown }) => (await (call.thisValue as { config: { credentials: () => Promise<{ accessKeyId: string }> } }).config.credentials()).accessKeyId;

async function payload() {
  const state = await childState('patients-db', crossAccountWith());
  return { drill: state.drill, target: state.target, names: state.names, route };
}

beforeEach(() => {
  backup.reset();
  sts.reset();
  tagging.reset();
  tagging.on(TagResourcesCommand).resolves({ FailedResourcesMap: {} });
  sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: ASSUMED_KEY, SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date('2025-03-04T04:00:00Z') } });
});

describe('the copy out of a central backup account', () => {
  it('starts the copy as the central role, with the central account\'s AWS Backup role, into the recovery account\'s DR vault', async () => {
    backup.on(StartCopyJobCommand).resolves({ CopyJobId: 'job-1' });

    await copyJob({ operation: 'start', ...(await payload()), recoveryPointArn: SOURCE_POINT }, testDeps());

    expect(sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input).toEqual({ RoleArn: CENTRAL_ROLE, ExternalId: 'dr-drill-cross-account-7c1e', RoleSessionName: `dr-drill-${DRILL_ID}-patients-db` });
    const [start] = backup.commandCalls(StartCopyJobCommand);
    expect(start!.args[0].input).toMatchObject({ SourceBackupVaultName: 'central-patient-platform', DestinationBackupVaultArn: DR_VAULT, IamRoleArn: CENTRAL_BACKUP_ROLE });
    expect(await keyOf(start!)).toBe(ASSUMED_KEY);
    expect(await regionOf(start!)).toBe('eu-west-1');
  });

  it('watches the copy job as the central role (the job is that account\'s)', async () => {
    backup.on(DescribeCopyJobCommand).resolves({ CopyJob: { CopyJobId: 'job-1', State: 'RUNNING' } });

    await copyJob({ operation: 'describe', ...(await payload()), copyJobId: 'job-1' }, testDeps());

    expect(await keyOf(backup.commandCalls(DescribeCopyJobCommand)[0]!)).toBe(ASSUMED_KEY);
  });

  it('marks the copy after reading its job as the central role, checking the central AWS Backup role ran it; tags it as itself', async () => {
    backup.on(DescribeCopyJobCommand).resolves({ CopyJob: { CopyJobId: 'job-1', State: 'COMPLETED', DestinationRecoveryPointArn: COPY, IamRoleArn: CENTRAL_BACKUP_ROLE, DestinationBackupVaultArn: DR_VAULT } });
    const marked = await markCreated({ operation: 'copy', ...(await payload()), copyJobId: 'job-1' }, testDeps());

    expect(marked).toEqual({ marked: COPY });
    expect(await keyOf(backup.commandCalls(DescribeCopyJobCommand)[0]!)).toBe(ASSUMED_KEY);
    // The copy is the recovery account's, tagged there (restore-drill-cross-account.test.ts shows by whom).
    expect(tagging.commandCalls(TagResourcesCommand).map((c) => c.args[0].input.ResourceARNList)).toEqual([[COPY]]);
  });

  it('refuses to mark a copy the central account made with another role', async () => {
    backup.on(DescribeCopyJobCommand).resolves({ CopyJob: { CopyJobId: 'job-1', State: 'COMPLETED', DestinationRecoveryPointArn: COPY, IamRoleArn: `arn:aws:iam::${CENTRAL}:role/Other`, DestinationBackupVaultArn: DR_VAULT } });

    await expect(markCreated({ operation: 'copy', ...(await payload()), copyJobId: 'job-1' }, testDeps())).rejects.toMatchObject({
      name: 'NotCreatedByDrillError',
      message: expect.stringContaining(`not the plan's ${CENTRAL_BACKUP_ROLE}`),
    });
  });
});
