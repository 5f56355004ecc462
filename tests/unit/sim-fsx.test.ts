// The simulated FSx (lib/resource-types/targets/fsx/sim.ts, sim-service.ts): what a restore of an FSx for Windows
// backup refuses as FSx would, what a delete without SkipFinalBackup leaves, and the IAM it is asked for.
import { SimAccount } from '../../local/sim/account';
import { SimClock } from '../../local/sim/clock';
import { newestSnapshot, pollUntil } from '../../local/sim/drive';
import { requestsFor } from '../../local/iam/requests';
import { checkPlan } from '../../lib/plan/load';
import type { Plan } from '../../lib/plan/schema';
import { examplePlanInput } from '../statemachines/example-plans';

const START = Date.UTC(2025, 4, 4, 2, 0, 0);
const PRIMARY = 'eu-west-1';
const DR = 'eu-west-2';
type Json = Record<string, unknown>;

const SUBNET = 'subnet-0b1c2d3e4f5a60718';
const SG = 'sg-0c1d2e3f4a5b69788';
const DIRECTORY = 'd-9067a1b2c3';

function setUp() {
  const checked = checkPlan(examplePlanInput('pacs-imaging.yml'));
  if (!checked.ok) throw new Error('the PACS example must be valid');
  const plan: Plan = checked.plan;
  const clock = new SimClock(START);
  const account = new SimAccount({ clock, regions: [PRIMARY, DR] });
  account.seedFromPlan(plan);
  return { plan, clock, account, target: plan.targets[0]! };
}

/** The newest recovery point copied into the DR vault: an FSx backup there. */
async function copied(account: SimAccount, clock: SimClock, t: Plan['targets'][number]): Promise<string> {
  const { RecoveryPoints } = await account.call(PRIMARY, 'backup', 'ListRecoveryPointsByBackupVault', { BackupVaultName: 'pacs-imaging', ByResourceArn: t.resourceArn });
  const source = String(newestSnapshot(RecoveryPoints as Json[]).RecoveryPointArn);
  expect(source).toMatch(/^arn:aws:fsx:eu-west-1:\d{12}:backup\/backup-[0-9a-f]{17}$/);
  const { CopyJobId } = await account.call(PRIMARY, 'backup', 'StartCopyJob', {
    RecoveryPointArn: source,
    SourceBackupVaultName: 'pacs-imaging',
    DestinationBackupVaultArn: t.drVault,
    IamRoleArn: t.backupRoleArn,
  });
  const { CopyJob } = await pollUntil(clock, () => account.call(PRIMARY, 'backup', 'DescribeCopyJob', { CopyJobId }), (r) => ['COMPLETED', 'FAILED'].includes(String((r.CopyJob as Json).State)));
  return String((CopyJob as Json).DestinationRecoveryPointArn);
}

async function restore(metadata: Record<string, string>): Promise<{ job: Json; account: SimAccount; clock: SimClock }> {
  const { account, clock, target } = setUp();
  const arn = await copied(account, clock, target);
  expect(arn).toMatch(/^arn:aws:fsx:eu-west-2:\d{12}:backup\/backup-[0-9a-f]{17}$/);
  const { RestoreJobId } = await account.call(DR, 'backup', 'StartRestoreJob', { RecoveryPointArn: arn, IamRoleArn: target.backupRoleArn, Metadata: metadata });
  const job = await pollUntil(clock, () => account.call(DR, 'backup', 'DescribeRestoreJob', { RestoreJobId }), (r) => ['COMPLETED', 'FAILED'].includes(String(r.Status)), { everyMs: 5 * 60_000 });
  return { job, account, clock };
}

const windows = (config: Json) => JSON.stringify(config);

describe('the simulated FSx for Windows restore', () => {
  it('creates a new file system in the DR subnet, CREATING for tens of minutes, then AVAILABLE', async () => {
    const { job, account } = await restore({ SubnetIds: `["${SUBNET}"]`, SecurityGroupIds: `["${SG}"]`, WindowsConfiguration: windows({ ActiveDirectoryId: DIRECTORY }) });

    expect(job.Status).toBe('COMPLETED');
    expect(String(job.CreatedResourceArn)).toMatch(/^arn:aws:fsx:eu-west-2:\d{12}:file-system\/fs-[0-9a-f]{17}$/);
    const minutes = (Date.parse(String(job.CompletionDate)) - Date.parse(String(job.CreationDate))) / 60_000;
    expect(minutes).toBeGreaterThanOrEqual(30);
    const id = String(job.CreatedResourceArn).split('/').pop();
    const { FileSystems } = await account.call(DR, 'fsx', 'DescribeFileSystems', { FileSystemIds: [id] });
    expect((FileSystems as Json[])[0]).toMatchObject({ Lifecycle: 'AVAILABLE', SubnetIds: [SUBNET], WindowsConfiguration: expect.objectContaining({ ActiveDirectoryId: DIRECTORY }) });
  });

  it.each([
    ['no subnet', { WindowsConfiguration: windows({ ActiveDirectoryId: DIRECTORY }) }, 'SubnetIds is required'],
    ["the source's subnet", { SubnetIds: '["subnet-0123456789abcdef0"]', WindowsConfiguration: windows({ ActiveDirectoryId: DIRECTORY }) }, "The subnet ID 'subnet-0123456789abcdef0' does not exist in eu-west-2"],
    ['no directory', { SubnetIds: `["${SUBNET}"]` }, 'ActiveDirectoryId is required'],
    ["the source's directory", { SubnetIds: `["${SUBNET}"]`, WindowsConfiguration: windows({ ActiveDirectoryId: 'd-1111111111' }) }, 'Directory d-1111111111 does not exist in eu-west-2'],
    ['one subnet for MULTI_AZ_1', { SubnetIds: `["${SUBNET}"]`, WindowsConfiguration: windows({ ActiveDirectoryId: DIRECTORY, DeploymentType: 'MULTI_AZ_1' }) }, 'A MULTI_AZ_1 file system takes exactly 2 subnet IDs'],
    ['an unknown security group', { SubnetIds: `["${SUBNET}"]`, SecurityGroupIds: '["sg-0000000000000000a"]', WindowsConfiguration: windows({ ActiveDirectoryId: DIRECTORY }) }, "The security group 'sg-0000000000000000a' does not exist"],
  ])('refuses a restore with %s, creating nothing', async (_what, metadata, message) => {
    const { job, account } = await restore(metadata);

    expect(job.Status).toBe('FAILED');
    expect(String(job.StatusMessage)).toContain(message);
    expect(account.leftovers().filter((l) => l.kind === 'fsx-file-system')).toEqual([]);
  });

  it('leaves a final backup when deleted without SkipFinalBackup, and asks IAM for fsx:CreateBackup then', async () => {
    const { job, account } = await restore({ SubnetIds: `["${SUBNET}"]`, WindowsConfiguration: windows({ ActiveDirectoryId: DIRECTORY }) });
    const id = String(job.CreatedResourceArn).split('/').pop();

    const out = await account.call(DR, 'fsx', 'DeleteFileSystem', { FileSystemId: id });

    expect(out).toMatchObject({ Lifecycle: 'DELETING', WindowsResponse: { FinalBackupId: expect.stringMatching(/^backup-/) } });
    expect(account.leftovers().map((l) => l.kind)).toContain('fsx-backup');
    const scope = { region: DR, account: account.accountId, keyOf: () => undefined, clusterEngine: () => undefined };
    expect(requestsFor('fsx', 'DeleteFileSystem', { FileSystemId: id }, scope)?.map((r) => r.action)).toEqual(['fsx:DeleteFileSystem', 'fsx:DeleteFileSystem', 'fsx:CreateBackup']);
    expect(requestsFor('fsx', 'DeleteFileSystem', { FileSystemId: id, WindowsConfiguration: { SkipFinalBackup: true } }, scope)).toEqual([
      { action: 'fsx:DeleteFileSystem', resource: `arn:aws:fsx:${DR}:${account.accountId}:file-system/${id}` },
    ]);
  });
});
