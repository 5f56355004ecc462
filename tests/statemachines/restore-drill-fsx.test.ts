// Scenario: the PACS example's FSx for Windows file system drilled on the REAL definitions and the local simulation,
// every call authorized against its caller's packaged role. AWS Backup restores it as a new file system in the plan's
// isolated subnet, joined to the DR region's directory; the drill validates it (lifecycle, capacity, used storage
// from CloudWatch), deletes it without a final backup, and confirms it gone.
import { runLocalDrill } from '../../local/run-drill';
import type { LocalStack } from '../../local/stack/stack';
import { examplePlanInput, type PlanInput } from './example-plans';
import { drillKeepingRestoreMetadata, withoutAction, type DrillWithMetadata } from './scenario-helpers';

jest.setTimeout(60_000);

const ALLOWED = ['eu-west-1', 'eu-west-2'];
const TARGET = 'pacs-studies';

type Ran = DrillWithMetadata;

async function drill(options: { plan?: PlanInput; faults?: string[]; editStack?: (stack: LocalStack) => LocalStack } = {}): Promise<Ran> {
  return drillKeepingRestoreMetadata({ ...options, plan: options.plan ?? examplePlanInput('pacs-imaging.yml') });
}

const target = (r: Ran) => r.report?.targets.find((t) => t.targetId === TARGET);
const callsOf = (r: Ran, action: string) => r.account.calls.filter((c) => c.action === action);

/** The stack with Delete Restored Resource's role unable to delete FSx file systems (its other deletes kept). */
const withoutFsxDelete = (stack: LocalStack): LocalStack => withoutAction(stack, 'DeleteRestoredIamRoleLambdaExecution', 'fsx:DeleteFileSystem');

describe('restore drill of an FSx for Windows file system on the local simulation', () => {
  it('restores a new file system into the isolated network, validates it, deletes it without a final backup and leaves nothing', async () => {
    const r = await drill();

    expect(r.execution.status).toBe('SUCCEEDED');
    expect(r.report?.verdict).toBe('PASSED');
    expect(target(r)?.verdict).toBe('PASSED');

    // The restore metadata names the DR network and directory, never production's.
    const metadata = r.restoreMetadata ?? {};
    expect(metadata).toMatchObject({ SubnetIds: '["subnet-0b1c2d3e4f5a60718"]', SecurityGroupIds: '["sg-0c1d2e3f4a5b69788"]' });
    const windows = JSON.parse(metadata.WindowsConfiguration ?? '{}') as Record<string, unknown>;
    expect(windows).toMatchObject({ ActiveDirectoryId: 'd-9067a1b2c3', ThroughputCapacity: 32, AutomaticBackupRetentionDays: 0, DeploymentType: 'SINGLE_AZ_2' });
    for (const key of ['Aliases', 'PreferredSubnetId', 'AuditLogConfiguration']) expect(windows).not.toHaveProperty(key);
    const keys = Object.keys(metadata).map((k) => k.toLowerCase());
    for (const key of ['vpcid', 'kmskeyid', 'filesystemid']) expect(keys).not.toContain(key);
    expect(callsOf(r, 'StartRestoreJob').map((c) => [c.region, c.ok])).toEqual([['eu-west-2', true]]);

    expect(target(r)?.checks.map((c) => [c.name, c.passed])).toEqual([
      ['file system available', true],
      ['storage capacity', true],
      ['used storage', true],
    ]);
    // Used storage came from CloudWatch, asked by the validation function in the DR region.
    expect(callsOf(r, 'GetMetricData').map((c) => [c.region, c.ok, c.targetId])).toEqual([['eu-west-2', true, TARGET]]);

    // Marked with the drill's tag (its id is AWS's), then deleted by Delete Restored Resource's role with that tag,
    // skipping the final backup.
    const deletes = callsOf(r, 'DeleteFileSystem');
    expect(deletes.map((c) => [c.service, c.region, c.ok, c.input])).toEqual([
      ['fsx', 'eu-west-2', true, { FileSystemId: expect.stringMatching(/^fs-[0-9a-f]{17}$/), WindowsConfiguration: { SkipFinalBackup: true } }],
    ]);
    const evaluated = [...r.account.iamEvaluations];
    expect(evaluated).toContain('DeleteRestoredIamRoleLambdaExecution|fsx:DeleteFileSystem|fsx:file-system');
    expect(evaluated).toContain('MarkCreatedIamRoleLambdaExecution|fsx:TagResource|fsx:file-system');
    expect(evaluated).toContain('ValidateRestoreIamRoleLambdaExecution|fsx:DescribeFileSystems|*');
    expect(target(r)?.cleanup).toMatchObject({ complete: true, leftBehind: [], errors: [] });
    expect(target(r)?.cleanup.deleted).toEqual(expect.arrayContaining([expect.stringMatching(/^arn:aws:fsx:eu-west-2:\d{12}:file-system\/fs-/)]));

    expect(r.account.resources().filter((x) => x.createdByDrill && (x.kind === 'fsx-file-system' || x.kind === 'fsx-backup'))).toEqual([]);
    expect(r.account.calls.filter((c) => !ALLOWED.includes(c.region))).toEqual([]);
    expect(r.account.leftovers()).toEqual([]);
  });

  it('fails the used-storage check when the restored share holds too little, and still deletes it', async () => {
    const r = await drill({ faults: [`validation-failed:${TARGET}`] });

    expect(r.report?.verdict).toBe('FAILED');
    expect(target(r)?.verdict).toBe('FAILED');
    const checks = target(r)?.checks ?? [];
    expect(checks.find((c) => c.name === 'file system available')).toMatchObject({ passed: true });
    expect(checks.find((c) => c.name === 'used storage')).toMatchObject({ passed: false, value: 100, expected: '>= 200 GiB' });
    expect(callsOf(r, 'DeleteFileSystem').filter((c) => c.ok)).toHaveLength(1);
    expect(target(r)?.cleanup).toMatchObject({ complete: true, leftBehind: [] });
    expect(r.account.leftovers()).toEqual([]);
  });

  it('reports the file system MISCONFIGURED, with FSx\'s reason, when the plan asks for no data checks', async () => {
    const plan = examplePlanInput('pacs-imaging.yml');
    delete (plan.targets as Record<string, unknown>[])[0]!.validation;
    const r = await drill({ plan, faults: [`validation-failed:${TARGET}`] });

    expect(target(r)?.verdict).toBe('FAILED');
    const available = target(r)?.checks.find((c) => c.name === 'file system available');
    expect(available).toMatchObject({ passed: false, value: 'MISCONFIGURED', expected: 'AVAILABLE' });
    expect(available?.reason).toContain('cannot reach the domain controllers');
    expect(r.account.leftovers()).toEqual([]);
  });

  it('creates nothing when the restore job fails', async () => {
    const r = await drill({ faults: [`restore-job-failed:${TARGET}`] });

    expect(target(r)?.verdict).toBe('FAILED');
    expect(callsOf(r, 'DeleteFileSystem')).toEqual([]);
    expect(r.account.leftovers()).toEqual([]);
  });

  it('leaves the file system, and says so, when Delete Restored Resource may not delete it; the sweeper then deletes it', async () => {
    const r = await drill({ editStack: withoutFsxDelete });

    expect(target(r)?.verdict).toBe('FAILED');
    expect(target(r)?.cleanup.complete).toBe(false);
    expect(target(r)?.cleanup.leftBehind).toEqual([expect.stringMatching(/^arn:aws:fsx:eu-west-2:\d{12}:file-system\/fs-[0-9a-f]{17} \(AVAILABLE\)$/)]);
    // Denied to the drill; then the sweeper, told of the failed drill, deletes it with its own role, the drill's tag
    // on it, still without a final backup.
    const deletes = callsOf(r, 'DeleteFileSystem');
    expect(deletes.map((c) => [c.ok, c.error, c.input])).toEqual([
      [false, 'AccessDeniedException', expect.objectContaining({ WindowsConfiguration: { SkipFinalBackup: true } })],
      [true, undefined, expect.objectContaining({ WindowsConfiguration: { SkipFinalBackup: true } })],
    ]);
    expect([...r.account.iamEvaluations]).toContain('SweeperIamRoleLambdaExecution|fsx:DeleteFileSystem|fsx:file-system');
    const removed = r.sweeps.flatMap((sweep) => ('report' in sweep ? (sweep.report?.removed ?? []) : []));
    expect(removed.map((x) => [x.kind, x.targetId])).toEqual([['fsx-file-system', TARGET]]);
    // Being deleted when the run ends: no final backup is made.
    expect(r.account.leftovers().map((l) => [l.kind, l.state])).toEqual([['fsx-file-system', 'deleting']]);
    expect(r.account.resources().filter((x) => x.kind === 'fsx-backup')).toEqual([]);
  });

  it('refuses an FSx for NetApp ONTAP volume given as fsx at the plan check, naming its type, the AWS limitation and how to drill it', async () => {
    const plan = examplePlanInput('pacs-imaging.yml');
    (plan.targets as Record<string, unknown>[])[0]!.resourceArn = 'arn:aws:fsx:eu-west-1:111122223333:volume/fs-0123456789abcdef0/fsvol-0123456789abcdef0';
    const result = await runLocalDrill({ plan });

    expect(result.refused).toBe(true);
    const message = JSON.stringify(result.refused ? result.problems : []);
    expect(message).toContain('FSx for NetApp ONTAP volume');
    expect(message).toContain('give it type fsx-ontap');
    expect(message).toContain('AWS Backup cannot copy ONTAP volume backups');
    expect(message).toContain('Drill it in a one-region plan');
  });
});
