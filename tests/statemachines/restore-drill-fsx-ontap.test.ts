// Scenario: an FSx for NetApp ONTAP volume (the UK-only example's lab-results share) drilled on the REAL definitions
// and the local simulation, every call authorized against its caller's packaged role. AWS Backup cannot copy ONTAP
// backups, so the volume is drillable only in a one-region plan, restored straight from the source vault: a new
// volume in the plan's isolated storage virtual machine, named after the drill, validated (lifecycle, size, used
// storage from CloudWatch), deleted without a final backup and confirmed gone. Anywhere else the plan check refuses it.
import { runLocalDrill } from '../../local/run-drill';
import type { LocalStack } from '../../local/stack/stack';
import { examplePlanInput, type PlanInput } from './example-plans';
import { drillKeepingRestoreMetadata, withoutAction, type DrillWithMetadata } from './scenario-helpers';

jest.setTimeout(60_000);

const LONDON = 'eu-west-2';
const TARGET = 'lab-results';
const SVM = 'svm-0a1b2c3d4e5f60718';
const SOURCE_VAULT = 'clinical-messaging';

type Ran = DrillWithMetadata;

async function drill(options: { plan?: PlanInput; faults?: string[]; editStack?: (stack: LocalStack) => LocalStack } = {}): Promise<Ran> {
  return drillKeepingRestoreMetadata({ ...options, plan: options.plan ?? examplePlanInput('uk-only-supplier.yml'), only: [TARGET] });
}

const target = (r: Ran) => r.report?.targets.find((t) => t.targetId === TARGET);
const callsOf = (r: Ran, action: string) => r.account.calls.filter((c) => c.action === action);

/** The stack with Delete Restored Resource's role unable to delete FSx volumes (its other deletes kept). */
const withoutVolumeDelete = (stack: LocalStack): LocalStack => withoutAction(stack, 'DeleteRestoredIamRoleLambdaExecution', 'fsx:DeleteVolume');

function ontapTarget(plan: PlanInput): Record<string, unknown> {
  return (plan.targets as Record<string, unknown>[]).find((t) => t.id === TARGET)!;
}

describe('restore drill of an FSx for NetApp ONTAP volume (one region, from the source vault) on the local simulation', () => {
  it('restores a new volume into the isolated SVM from the source vault, validates it, deletes it without a final backup and leaves nothing', async () => {
    const r = await drill();

    expect(r.execution.status).toBe('SUCCEEDED');
    expect(r.report?.verdict).toBe('PASSED');
    expect(target(r)?.verdict).toBe('PASSED');

    // Every call in London, the drill's own and AWS Backup's jobs alike; no copy job at all.
    expect(r.account.calls.filter((c) => c.region !== LONDON)).toEqual([]);
    expect(callsOf(r, 'StartCopyJob')).toEqual([]);
    expect(target(r)).toMatchObject({ jobs: { copyJobId: null }, minutes: { copy: null } });

    // Restored from the recovery point found in the source vault, into the plan's SVM, named after the drill.
    const restores = callsOf(r, 'StartRestoreJob');
    expect(restores.map((c) => [c.region, c.ok, c.input?.RecoveryPointArn])).toEqual([[LONDON, true, target(r)?.recoveryPoint?.arn]]);
    expect(target(r)?.recoveryPoint?.arn).toMatch(/^arn:aws:fsx:eu-west-2:222233334444:backup\/backup-[0-9a-f]{17}$/);
    const metadata = r.restoreMetadata ?? {};
    expect(metadata.Name).toMatch(/^[A-Za-z0-9_]+$/);
    expect(metadata.Name).toContain('lab_results');
    const ontap = JSON.parse(metadata.OntapConfiguration ?? '{}') as Record<string, unknown>;
    expect(ontap).toMatchObject({ StorageVirtualMachineId: SVM, JunctionPath: `/${metadata.Name}` });
    const keys = Object.keys(metadata).map((k) => k.toLowerCase());
    for (const key of ['volumeid', 'filesystemid', 'storagevirtualmachineid']) expect(keys).not.toContain(key);

    expect(target(r)?.checks.map((c) => [c.name, c.passed])).toEqual([
      ['volume created', true],
      ['volume size', true],
      ['used storage', true],
    ]);
    // Used storage came from CloudWatch, by the volume's file system and id.
    const metrics = callsOf(r, 'GetMetricData').filter((c) => c.targetId === TARGET);
    expect(metrics.map((c) => [c.region, c.ok])).toEqual([[LONDON, true]]);

    // Deleted by Delete Restored Resource's role with the drill's tag on it, skipping the final backup.
    const deletes = callsOf(r, 'DeleteVolume');
    expect(deletes.map((c) => [c.service, c.region, c.ok, c.input])).toEqual([
      ['fsx', LONDON, true, { VolumeId: expect.stringMatching(/^fsvol-[0-9a-f]{17}$/), OntapConfiguration: { SkipFinalBackup: true } }],
    ]);
    const evaluated = [...r.account.iamEvaluations];
    expect(evaluated).toContain('DeleteRestoredIamRoleLambdaExecution|fsx:DeleteVolume|fsx:volume');
    expect(evaluated).toContain('MarkCreatedIamRoleLambdaExecution|fsx:TagResource|fsx:volume');
    expect(evaluated).toContain('ValidateRestoreIamRoleLambdaExecution|fsx:DescribeVolumes|*');
    expect(target(r)?.cleanup).toMatchObject({ complete: true, leftBehind: [], errors: [] });
    expect(target(r)?.cleanup.deleted).toEqual([expect.stringMatching(/^arn:aws:fsx:eu-west-2:222233334444:volume\/fs-[0-9a-f]{17}\/fsvol-[0-9a-f]{17}$/)]);

    // The source recovery point is untouched: not deleted, not tagged, still listed COMPLETED in the source vault.
    const source = String(target(r)?.recoveryPoint?.arn);
    expect(callsOf(r, 'DeleteRecoveryPoint')).toEqual([]);
    expect(r.account.calls.filter((c) => ['TagResource', 'TagResources'].includes(c.action) && JSON.stringify(c.input ?? {}).includes(source))).toEqual([]);
    const listed = (await r.account.call(LONDON, 'backup', 'ListRecoveryPointsByBackupVault', { BackupVaultName: SOURCE_VAULT })) as { RecoveryPoints?: { RecoveryPointArn: string; Status: string }[] };
    expect(listed.RecoveryPoints?.find((p) => p.RecoveryPointArn === source)?.Status).toBe('COMPLETED');

    // No final backup, no volume: nothing left.
    expect(r.account.resources().filter((x) => x.createdByDrill && (x.kind === 'fsx-volume' || x.kind === 'fsx-backup'))).toEqual([]);
    expect(r.account.leftovers()).toEqual([]);
  });

  it('fails the used-storage check when the restored volume holds too little, and still deletes it', async () => {
    const r = await drill({ faults: [`validation-failed:${TARGET}`] });

    expect(target(r)?.verdict).toBe('FAILED');
    const checks = target(r)?.checks ?? [];
    expect(checks.find((c) => c.name === 'volume created')).toMatchObject({ passed: true });
    expect(checks.find((c) => c.name === 'used storage')).toMatchObject({ passed: false, value: 10, expected: '>= 20 GiB' });
    expect(callsOf(r, 'DeleteVolume').filter((c) => c.ok)).toHaveLength(1);
    expect(r.account.leftovers()).toEqual([]);
  });

  it("reports the volume MISCONFIGURED, with FSx's reason, when the plan asks for no data checks", async () => {
    const plan = examplePlanInput('uk-only-supplier.yml');
    delete ontapTarget(plan).validation;
    const r = await drill({ plan, faults: [`validation-failed:${TARGET}`] });

    expect(target(r)?.verdict).toBe('FAILED');
    const created = target(r)?.checks.find((c) => c.name === 'volume created');
    expect(created).toMatchObject({ passed: false, value: 'MISCONFIGURED', expected: 'CREATED or AVAILABLE' });
    expect(created?.reason).toContain('could not be mounted');
    expect(r.account.leftovers()).toEqual([]);
  });

  it('leaves the volume, and says so, when Delete Restored Resource may not delete it; the sweeper then deletes it without a final backup', async () => {
    const r = await drill({ editStack: withoutVolumeDelete });

    expect(target(r)?.cleanup.complete).toBe(false);
    const deletes = callsOf(r, 'DeleteVolume');
    expect(deletes.map((c) => [c.ok, c.error, c.input?.OntapConfiguration])).toEqual([
      [false, 'AccessDeniedException', { SkipFinalBackup: true }],
      [true, undefined, { SkipFinalBackup: true }],
    ]);
    expect([...r.account.iamEvaluations]).toContain('SweeperIamRoleLambdaExecution|fsx:DeleteVolume|fsx:volume');
    const removed = r.sweeps.flatMap((sweep) => ('report' in sweep ? (sweep.report?.removed ?? []) : []));
    expect(removed.map((x) => [x.kind, x.targetId])).toEqual([['fsx-volume', TARGET]]);
    expect(r.account.resources().filter((x) => x.kind === 'fsx-backup')).toEqual([]);
  });

  it('refuses an ONTAP volume in a two-region plan, naming the AWS limitation and the way to drill it', async () => {
    const plan = examplePlanInput('pacs-imaging.yml');
    const first = (plan.targets as Record<string, unknown>[])[0]!;
    (plan.targets as Record<string, unknown>[]).push({
      id: TARGET,
      type: 'fsx-ontap',
      resourceArn: 'arn:aws:fsx:eu-west-1:111122223333:volume/fs-0123456789abcdef0/fsvol-0123456789abcdef0',
      sourceVault: first.sourceVault,
      drVault: first.drVault,
      backupRoleArn: first.backupRoleArn,
      restore: { storageVirtualMachineId: SVM },
    });
    const result = await runLocalDrill({ plan });

    expect(result.refused).toBe(true);
    const problems = result.refused ? result.problems : [];
    expect(problems.map((p) => p.path)).toEqual([`targets[${(plan.targets as unknown[]).length - 1}].resourceArn`]);
    expect(problems[0]?.message).toContain('AWS Backup cannot copy ONTAP volume backups');
    expect(problems[0]?.message).toContain('Drill it in a one-region plan');
    expect(problems[0]?.message).toContain('drVault the same as sourceVault');
    // Refused before any call to AWS.
    expect(result.refused ? result.calls : null).toEqual([]);
  });

  it('refuses an ONTAP volume in a one-region plan that names a separate restore vault: there is no copy to restore', async () => {
    const plan = examplePlanInput('uk-only-supplier.yml');
    ontapTarget(plan).drVault = 'arn:aws:backup:eu-west-2:222233334444:backup-vault:clinical-messaging-restore';
    const result = await runLocalDrill({ plan });

    expect(result.refused).toBe(true);
    const problems = result.refused ? result.problems : [];
    expect(problems.map((p) => p.path)).toEqual(['targets[3].drVault']);
    expect(problems[0]?.message).toContain('not yet available for Amazon FSx for NetApp ONTAP volumes');
  });
});
