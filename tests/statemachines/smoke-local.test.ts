// Scenario: `dr-drill smoke` on the local simulation (issue 14). A throwaway table with synthetic items is created,
// backed up on demand into the deployed plan's source vault, drilled end to end by the packaged state machines, and
// everything smoke made is gone afterwards: its table, its recovery point, the drill's copy in the DR vault and the
// restored table. Also when the drill fails (a fault injected at Start Restore Job) and when the person presses
// Ctrl-C while the copy runs.
import { runLocalSmoke, type LocalSmokeRun } from '../../cli/smoke/local';
import { smokeSettings } from '../../cli/smoke/settings';
import { SMOKE_ITEMS, SMOKE_TAG } from '../../cli/smoke/smoke';
import { TaskFaults } from '../../local/runner/task-faults';
import { restoredNameFor, drillIdFor } from '../../lib/drill/names';
import { DRILL_TAGS } from '../../lib/sweep/contracts';
import type { Plan } from '../../lib/plan/schema';
import { nhsRestorePlan } from './example-plans';

jest.setTimeout(60_000);

const SMOKE_ID = 'd0badcafe'.slice(0, 9);
const TABLE = `drdrill-${SMOKE_ID.slice(1)}-smoke`;

function settingsFor(plan: Plan) {
  const checked = smokeSettings({ stage: 'local' }, plan, undefined);
  if (!checked.ok) throw new Error(checked.problems.join('; '));
  return checked.settings;
}

async function smoke(options: { taskFaults?: TaskFaults; abortAt?: string } = {}): Promise<LocalSmokeRun & { lines: string[] }> {
  const plan = nhsRestorePlan();
  const lines: string[] = [];
  const controller = new AbortController();
  const run = await runLocalSmoke({
    deployedPlan: plan,
    settings: settingsFor(plan),
    out: (line) => lines.push(line),
    smokeId: SMOKE_ID,
    signal: controller.signal,
    taskFaults: options.taskFaults,
    onProgress: (event) => {
      if (options.abortAt && event.step === options.abortAt && !controller.signal.aborted) controller.abort();
    },
  });
  return { ...run, lines };
}

/** Everything in the simulated account that smoke or its drill made, still there (deleting counts as there). */
function leftBehind(run: LocalSmokeRun): string[] {
  const { made } = run.result;
  const restored = made.executionArn ? restoredNameFor(drillIdFor(made.executionArn), 'smoke') : '(none)';
  const ours = (arn: string) => arn.endsWith(`table/${TABLE}`) || arn.endsWith(`table/${restored}`) || arn === made.recoveryPointArn;
  return [
    ...run.env.account.resources().filter((r) => ours(r.arn)).map((r) => `${r.kind} ${r.arn} (${r.state})`),
    // The drill's copy in the DR vault and its restored table are the drill's: none may be left either.
    ...run.env.account.leftovers().map((l) => `${l.kind} ${l.arn} (${l.state})`),
  ];
}

async function copiesInDrVault(run: LocalSmokeRun): Promise<unknown[]> {
  const out = (await run.env.account.call('eu-west-2', 'backup', 'ListRecoveryPointsByBackupVault', {
    BackupVaultName: 'nhs-patient-platform-dr',
    ByResourceArn: run.result.made.tableArn,
  })) as { RecoveryPoints?: unknown[] };
  return out.RecoveryPoints ?? [];
}

const actions = (run: LocalSmokeRun) => run.calls.map((c) => `${c.service}:${c.action}`);

describe('dr-drill smoke --local', () => {
  it('drills a throwaway table end to end with the deployed stack and leaves nothing', async () => {
    const run = await smoke();

    expect(run.result).toMatchObject({ passed: true, leftovers: [] });
    expect(run.drillStatus).toBe('SUCCEEDED');
    expect(leftBehind(run)).toEqual([]);
    expect(await copiesInDrVault(run)).toEqual([]);

    // Smoke's own calls: create, fill, back up (waiting for the job), then delete what it made.
    const own = actions(run);
    expect(own.slice(0, 2)).toEqual(['dynamodb:CreateTable', 'dynamodb:DescribeTable']);
    expect(own.filter((a) => a === 'dynamodb:PutItem')).toHaveLength(SMOKE_ITEMS);
    expect(own).toContain('backup:DescribeBackupJob');
    expect(own.indexOf('backup:StartBackupJob')).toBeLessThan(own.indexOf('backup:DeleteRecoveryPoint'));
    expect(own.filter((a) => a === 'dynamodb:DeleteTable')).toHaveLength(1); // its table; the drill deleted the restored one
    const start = run.calls.find((c) => c.action === 'StartBackupJob')!;
    const plan = nhsRestorePlan();
    expect(start.input).toMatchObject({
      BackupVaultName: 'nhs-patient-platform',
      IamRoleArn: plan.targets[0]!.backupRoleArn,
      IdempotencyToken: `dr-drill-smoke-${SMOKE_ID}`,
      RecoveryPointTags: { [DRILL_TAGS.drillId]: SMOKE_ID, [SMOKE_TAG]: 'local' },
    });
    const create = run.calls.find((c) => c.action === 'CreateTable')!;
    expect(create.input).toMatchObject({ TableName: TABLE, BillingMode: 'PAY_PER_REQUEST' });

    // The drill's own calls, made by the packaged roles: the copy of smoke's recovery point, its restore, the checks.
    const drillCalls = run.env.account.calls.filter((c) => !run.calls.some((o) => o.input === c.input));
    const copy = drillCalls.find((c) => c.action === 'StartCopyJob');
    expect(copy?.input).toMatchObject({ RecoveryPointArn: run.result.made.recoveryPointArn, SourceBackupVaultName: 'nhs-patient-platform' });
    expect(drillCalls.some((c) => c.action === 'StartRestoreJob' && c.region === 'eu-west-2')).toBe(true);
    expect(drillCalls.filter((c) => c.action === 'GetItem' && c.ok)).toHaveLength(SMOKE_ITEMS);
    // Nothing that existed before was touched: every delete names something smoke or its drill made.
    for (const c of run.env.account.calls.filter((c) => /^Delete/.test(c.action))) {
      expect(JSON.stringify(c.input)).toMatch(/drdrill-|recovery-point:/);
    }
    const deletedRps = run.env.account.calls.filter((c) => c.action === 'DeleteRecoveryPoint').map((c) => c.input?.RecoveryPointArn);
    expect(deletedRps).toContain(run.result.made.recoveryPointArn);
    // The drill notified, as a real one does.
    expect(run.env.account.published().length).toBeGreaterThan(0);
    expect(run.lines.some((l) => l.includes('backup job') && l.includes('RUNNING'))).toBe(true);
  });

  it('still deletes everything it made when the drill fails (Start Restore Job denied)', async () => {
    const faults = new TaskFaults([{ stateMachine: 'restoreTarget', state: 'Start Restore Job', error: 'denied', times: Infinity }]);
    const run = await smoke({ taskFaults: faults });

    expect(faults.fired.length).toBeGreaterThan(0);
    expect(run.result.passed).toBe(false);
    expect(run.drillStatus).not.toBe('SUCCEEDED');
    expect(run.result.leftovers).toEqual([]);
    expect(leftBehind(run)).toEqual([]);
    expect(await copiesInDrVault(run)).toEqual([]);
    expect(actions(run)).toEqual(expect.arrayContaining(['backup:DeleteRecoveryPoint', 'dynamodb:DeleteTable']));
  });

  it('on Ctrl-C during the copy, stops the drill and still deletes everything', async () => {
    const run = await smoke({ abortAt: 'Wait For Copy' });

    expect(run.result).toMatchObject({ passed: false, failure: 'interrupted (Ctrl-C)' });
    expect(run.drillStatus).toBe('ABORTED');
    expect(run.result.leftovers).toEqual([]);
    expect(leftBehind(run)).toEqual([]);
    expect(await copiesInDrVault(run)).toEqual([]);
  });
});
