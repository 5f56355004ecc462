// The fault matrix on the path only a one-region plan takes (issue 13): a target restored straight from its source
// vault, with no copy (Copy Needed? -> Use Found Recovery Point). Every Task of that path is failed in turn, denied
// and transient, on the UK-only example's DynamoDB table. Besides what every cell must leave true (fault-matrix.ts:
// a report, one notification, cleanup, nothing left, no call outside London), the recovery point the drill restored
// from is the source vault's own backup: whatever fails, it is never copied, tagged or deleted.
import { cellFault, cellName, expectSafeEnd, outcomeOf, runDrill, taskCells, type DrillRun, type Scenario } from './fault-matrix';
import { examplePlanInput } from './example-plans';

jest.setTimeout(60_000);

const TARGET = 'message-queue-state';
const SOURCE_VAULT = 'clinical-messaging';
const scenario: Scenario = {
  name: `restore ${TARGET} (one region, from the source vault)`,
  plan: () => examplePlanInput('uk-only-supplier.yml'),
  input: { only: [TARGET] },
  targetId: TARGET,
};

/** The restore-target Tasks a one-region drill from the source vault goes through when nothing fails. */
const DIRECT_PATH = [
  'Load Target',
  'Find Latest Recovery Point',
  'Get Restore Metadata',
  'Prepare Restore',
  'Start Restore Job',
  'Describe Restore Job',
  'Tag Restored Resource',
  'Validate Restored Resource',
  'Tag Restored Resource Before Delete',
  'Delete Restored Resource',
  'Check Cleanup',
  'Evaluate Target',
];

const cells = taskCells();
const onPath = cells.filter((c) => c.machine === 'restoreTarget' && DIRECT_PATH.includes(c.state));
let baseline: Promise<DrillRun> | undefined;
const baselineRun = () => (baseline ??= runDrill(scenario));

/** The source vault's recovery points, as AWS lists them after the drill. */
async function sourcePoints(run: DrillRun): Promise<Map<string, string>> {
  const out = (await run.account.call('eu-west-2', 'backup', 'ListRecoveryPointsByBackupVault', { BackupVaultName: SOURCE_VAULT })) as {
    RecoveryPoints?: { RecoveryPointArn: string; Status: string }[];
  };
  return new Map((out.RecoveryPoints ?? []).map((p) => [p.RecoveryPointArn, p.Status]));
}

async function expectSourceUntouched(run: DrillRun): Promise<void> {
  // Every call to the account, the sweeper's after the drill included (run.calls stops when the drill ends).
  const calls = run.account.calls;
  const mine = calls.filter((c) => c.targetId === TARGET);
  expect(mine.filter((c) => c.action === 'StartCopyJob')).toEqual([]);
  expect(calls.filter((c) => c.action === 'DeleteRecoveryPoint' && c.input?.BackupVaultName === SOURCE_VAULT)).toEqual([]);
  const points = await sourcePoints(run);
  const tagged = calls.filter((c) => ['TagResource', 'TagResources'].includes(c.action)).flatMap((c) => [c.input?.ResourceArn, ...((c.input?.ResourceARNList as unknown[]) ?? [])]);
  expect(tagged.filter((arn) => points.has(String(arn)))).toEqual([]);
  const found = run.report?.targets.find((t) => t.targetId === TARGET)?.recoveryPoint?.arn;
  if (found) expect(points.get(found)).toBe('COMPLETED');
}

describe('fault matrix: one-region restore from the source vault (UK only)', () => {
  it('goes through exactly these Tasks when nothing fails, copies nothing, and leaves the source vault as it was', async () => {
    const run = await baselineRun();

    expect(run.report?.verdict).toBe('PASSED');
    const entered = cells.filter((c) => c.machine === 'restoreTarget' && run.entered.includes(`restoreTarget/${TARGET}/${c.state}`)).map((c) => c.state);
    expect(entered.sort()).toEqual([...DIRECT_PATH].sort());
    expect(run.entered).toContain(`restoreTarget/${TARGET}/Use Found Recovery Point`);
    expect(run.entered).not.toContain(`restoreTarget/${TARGET}/Start Copy Job`);
    await expectSourceUntouched(run);
    expect(run.leftovers).toEqual([]);
  });

  for (const cell of onPath) {
    it(`${cellName(cell)}, denied: a safe end, and the source recovery point untouched`, async () => {
      const run = await runDrill(scenario, [cellFault(cell, scenario, 'denied')]);

      await expectSafeEnd(cell, scenario, run, cells);
      // A restore that started is cleaned up, though no copy was made (expectSafeEnd checks targets that copied).
      if (run.calls.some((c) => c.ok && c.action === 'StartRestoreJob')) expect(run.entered).toContain(`restoreTarget/${TARGET}/Confirm Cleanup`);
      await expectSourceUntouched(run);
    });

    it(`${cellName(cell)}, transient: retried, and the drill ends as it would without it`, async () => {
      const run = await runDrill(scenario, [cellFault(cell, scenario, 'transient')]);

      expect(run.retried).toContain(`restoreTarget/${TARGET}/${cell.state}`);
      expect(outcomeOf(run)).toEqual(outcomeOf(await baselineRun()));
      await expectSourceUntouched(run);
    });
  }
});
