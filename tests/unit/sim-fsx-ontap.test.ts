// The simulated FSx for NetApp ONTAP (lib/resource-types/targets/fsx-ontap/sim.ts, ../fsx/sim-service.ts): a seeded
// production volume with its backups in the source vault, what a restore (fsx:CreateVolumeFromBackup, run by AWS
// Backup) refuses as FSx would, DescribeVolumes and DescribeStorageVirtualMachines, what DeleteVolume without
// SkipFinalBackup leaves, and the IAM it is asked for.
import { SimAccount } from '../../local/sim/account';
import { SimClock } from '../../local/sim/clock';
import { newestSnapshot, pollUntil } from '../../local/sim/drive';
import { requestsFor } from '../../local/iam/requests';
import { checkPlan } from '../../lib/plan/load';
import type { Plan } from '../../lib/plan/schema';
import { examplePlanInput } from '../statemachines/example-plans';

const START = Date.UTC(2025, 4, 4, 2, 0, 0);
const LONDON = 'eu-west-2';
const SVM = 'svm-0a1b2c3d4e5f60718';
type Json = Record<string, unknown>;

function setUp() {
  const checked = checkPlan(examplePlanInput('uk-only-supplier.yml'));
  if (!checked.ok) throw new Error('the UK-only example must be valid');
  const plan: Plan = checked.plan;
  const clock = new SimClock(START);
  const account = new SimAccount({ clock, regions: [LONDON] });
  account.seedFromPlan(plan);
  return { clock, account, target: plan.targets.find((t) => t.id === 'lab-results')! };
}

async function restore(metadata: Record<string, string>): Promise<{ job: Json; account: SimAccount; clock: SimClock; source: string }> {
  const { account, clock, target } = setUp();
  const { RecoveryPoints } = await account.call(LONDON, 'backup', 'ListRecoveryPointsByBackupVault', { BackupVaultName: 'clinical-messaging', ByResourceArn: target.resourceArn });
  const source = String(newestSnapshot(RecoveryPoints as Json[]).RecoveryPointArn);
  const { RestoreJobId } = await account.call(LONDON, 'backup', 'StartRestoreJob', { RecoveryPointArn: source, IamRoleArn: target.backupRoleArn, Metadata: metadata });
  const job = await pollUntil(clock, () => account.call(LONDON, 'backup', 'DescribeRestoreJob', { RestoreJobId }), (r) => ['COMPLETED', 'FAILED'].includes(String(r.Status)), { everyMs: 60_000 });
  return { job, account, clock, source };
}

const ontap = (config: Json) => JSON.stringify(config);

describe('the simulated FSx for NetApp ONTAP volume and its restore', () => {
  it('seeds the production volume, its FSx backups in the source vault and the isolated SVM', async () => {
    const { account, target } = setUp();
    const volumeId = target.resourceArn.split('/').pop();

    const { Volumes } = await account.call(LONDON, 'fsx', 'DescribeVolumes', { VolumeIds: [volumeId] });
    expect((Volumes as Json[])[0]).toMatchObject({ VolumeId: volumeId, Lifecycle: 'CREATED', VolumeType: 'ONTAP', ResourceARN: target.resourceArn });
    const { RecoveryPoints } = await account.call(LONDON, 'backup', 'ListRecoveryPointsByBackupVault', { BackupVaultName: 'clinical-messaging', ByResourceArn: target.resourceArn });
    expect((RecoveryPoints as Json[]).map((p) => [p.ResourceType, String(p.RecoveryPointArn).replace(/[0-9a-f]{17}$/, '…')])).toContainEqual(['FSx', `arn:aws:fsx:${LONDON}:222233334444:backup/backup-…`]);
    const { StorageVirtualMachines } = await account.call(LONDON, 'fsx', 'DescribeStorageVirtualMachines', { StorageVirtualMachineIds: [SVM] });
    expect((StorageVirtualMachines as Json[])[0]).toMatchObject({ StorageVirtualMachineId: SVM, Lifecycle: 'CREATED' });
  });

  it('creates a new volume in the SVM, CREATED, at the junction path asked for; the source recovery point stays', async () => {
    const { job, account, source } = await restore({ Name: 'drill_lab_results', OntapConfiguration: ontap({ StorageVirtualMachineId: SVM, JunctionPath: '/drill_lab_results' }) });

    expect(job.Status).toBe('COMPLETED');
    expect(String(job.CreatedResourceArn)).toMatch(/^arn:aws:fsx:eu-west-2:222233334444:volume\/fs-[0-9a-f]{17}\/fsvol-[0-9a-f]{17}$/);
    const id = String(job.CreatedResourceArn).split('/').pop();
    const { Volumes } = await account.call(LONDON, 'fsx', 'DescribeVolumes', { VolumeIds: [id] });
    expect((Volumes as Json[])[0]).toMatchObject({ Lifecycle: 'CREATED', Name: 'drill_lab_results', OntapConfiguration: expect.objectContaining({ StorageVirtualMachineId: SVM, JunctionPath: '/drill_lab_results' }) });
    const { RecoveryPoints } = await account.call(LONDON, 'backup', 'ListRecoveryPointsByBackupVault', { BackupVaultName: 'clinical-messaging' });
    expect((RecoveryPoints as Json[]).find((p) => p.RecoveryPointArn === source)?.Status).toBe('COMPLETED');
  });

  it.each([
    ['no SVM', { Name: 'drill_x', OntapConfiguration: ontap({ JunctionPath: '/drill_x' }) }, 'StorageVirtualMachineId is required'],
    ['an SVM the region lacks', { Name: 'drill_x', OntapConfiguration: ontap({ StorageVirtualMachineId: 'svm-0000000000000000a' }) }, "Storage virtual machine 'svm-0000000000000000a' does not exist in eu-west-2"],
    ['a name ONTAP refuses', { Name: 'drill-x', OntapConfiguration: ontap({ StorageVirtualMachineId: SVM }) }, "Volume name 'drill-x' is invalid"],
    ['a junction path without its slash', { Name: 'drill_x', OntapConfiguration: ontap({ StorageVirtualMachineId: SVM, JunctionPath: 'drill_x' }) }, 'must have a leading forward slash'],
  ])('refuses a restore with %s, creating nothing', async (_what, metadata, message) => {
    const { job, account } = await restore(metadata);

    expect(job.Status).toBe('FAILED');
    expect(String(job.StatusMessage)).toContain(message);
    expect(account.leftovers().filter((l) => l.kind === 'fsx-volume')).toEqual([]);
  });

  it('leaves a final backup when deleted without SkipFinalBackup, and asks IAM for fsx:CreateBackup then', async () => {
    const { job, account } = await restore({ Name: 'drill_lab_results', OntapConfiguration: ontap({ StorageVirtualMachineId: SVM }) });
    const arn = String(job.CreatedResourceArn);
    const id = arn.split('/').pop();

    const out = await account.call(LONDON, 'fsx', 'DeleteVolume', { VolumeId: id });

    expect(out).toMatchObject({ Lifecycle: 'DELETING', OntapResponse: { FinalBackupId: expect.stringMatching(/^backup-/) } });
    expect(account.leftovers().map((l) => l.kind)).toContain('fsx-backup');
    const scope = { region: LONDON, account: account.accountId, keyOf: () => undefined, clusterEngine: () => undefined };
    expect(requestsFor('fsx', 'DeleteVolume', { VolumeId: id }, scope)?.map((r) => r.action)).toEqual(['fsx:DeleteVolume', 'fsx:DeleteVolume', 'fsx:CreateBackup']);
    expect(requestsFor('fsx', 'DeleteVolume', { VolumeId: id, OntapConfiguration: { SkipFinalBackup: true } }, scope)).toEqual([{ action: 'fsx:DeleteVolume', resource: arn }]);
  });

  it('deletes it with SkipFinalBackup leaving nothing, after which DescribeVolumes says VolumeNotFound', async () => {
    const { job, account, clock } = await restore({ Name: 'drill_lab_results', OntapConfiguration: ontap({ StorageVirtualMachineId: SVM }) });
    const id = String(job.CreatedResourceArn).split('/').pop();

    await account.call(LONDON, 'fsx', 'DeleteVolume', { VolumeId: id, OntapConfiguration: { SkipFinalBackup: true } });
    await clock.sleep(10 * 60_000);

    await expect(account.call(LONDON, 'fsx', 'DescribeVolumes', { VolumeIds: [id] })).rejects.toMatchObject({ name: 'VolumeNotFound' });
    expect(account.leftovers().filter((l) => l.kind === 'fsx-volume' || l.kind === 'fsx-backup')).toEqual([]);
  });
});
