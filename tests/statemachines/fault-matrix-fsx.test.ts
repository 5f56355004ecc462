// The fault matrix for an FSx for Windows target (see fault-matrix.ts): FSx adds no Task of its own (the
// restore-target state machine is type-agnostic), so this fails, in turn, every restore-target Task an FSx drill
// passes through, and checks each cell ends as every cell must: a report, a notification, cleanup, nothing left
// (the restored file system deleted without a final backup, by the drill or else by the sweeper).
import { cellFault, cellName, expectSafeEnd, outcomeOf, runDrill, taskCells, type DrillRun, type Scenario } from './fault-matrix';
import { examplePlanInput } from './example-plans';

jest.setTimeout(60_000);

const FSX_DRILL: Scenario = {
  name: 'restore pacs-studies (FSx for Windows)',
  plan: () => examplePlanInput('pacs-imaging.yml'),
  input: { only: ['pacs-studies'] },
  targetId: 'pacs-studies',
};

const cells = taskCells();
const restoreTargetCells = cells.filter((c) => c.machine === 'restoreTarget');

describe('fault matrix: the restore-target Tasks of an FSx for Windows drill', () => {
  let reached: ReturnType<typeof restoreTargetCells.filter> = [];
  let baseline: DrillRun;

  beforeAll(async () => {
    baseline = await runDrill(FSX_DRILL);
    expect(baseline.report?.verdict).toBe('PASSED');
    reached = restoreTargetCells.filter((c) => baseline.entered.includes(`restoreTarget/pacs-studies/${c.state}`));
  });

  it('passes through the restore, validation and cleanup Tasks', () => {
    expect(reached.map((c) => c.state)).toEqual(
      expect.arrayContaining(['Start Copy Job', 'Start Restore Job', 'Tag Restored Resource', 'Validate Restored Resource', 'Tag Restored Resource Before Delete', 'Delete Restored Resource', 'Check Cleanup']),
    );
  });

  it('denied: ends every cell safely, with nothing left after the sweeper and no final backup', async () => {
    const failures: string[] = [];
    for (const cell of reached) {
      const run = await runDrill(FSX_DRILL, [cellFault(cell, FSX_DRILL, 'denied')]);
      try {
        await expectSafeEnd(cell, FSX_DRILL, run, cells);
        expect(run.leftAfterSweep).toEqual([]);
        expect(run.account.resources().filter((r) => r.kind === 'fsx-backup')).toEqual([]);
      } catch (error) {
        failures.push(`${cellName(cell)}: ${(error as Error).message.split('\n').slice(0, 12).join('\n')}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('transient: retries every cell, and the drill ends as it would without it', async () => {
    const failures: string[] = [];
    for (const cell of reached) {
      const run = await runDrill(FSX_DRILL, [cellFault(cell, FSX_DRILL, 'transient')]);
      if (!run.retried.includes(`restoreTarget/pacs-studies/${cell.state}`)) failures.push(`${cellName(cell)}: not retried`);
      else if (JSON.stringify(outcomeOf(run)) !== JSON.stringify(outcomeOf(baseline))) failures.push(`${cellName(cell)}: ${JSON.stringify(outcomeOf(run))}`);
    }
    expect(failures).toEqual([]);
  });
});
