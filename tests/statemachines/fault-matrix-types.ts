// The fault matrix over the target types added after the matrix was written (see fault-matrix.ts): FSx for Windows,
// DocumentDB and Neptune add no Task of their own (the restore-target state machine is type-agnostic), so this fails,
// in turn, every restore-target Task a drill of each passes through, and checks each cell ends as every cell must: a
// report, a notification, cleanup, nothing left (by the drill or else by the sweeper; for FSx, no final backup).
// The ONTAP volume is drilled in its one-region plan, from the source vault: it passes through no copy Task.
// fault-matrix-types-1.test.ts and -2.test.ts each run a part of TYPES (PARTS), so jest's two workers share them.
import { cellFault, cellName, expectSafeEnd, outcomeOf, runDrill, taskCells, type DrillRun, type Scenario } from './fault-matrix';
import { examplePlanInput, withRecoveryPoint } from './example-plans';

const drillOf = (file: string, targetId: string, what: string): Scenario => ({
  name: `restore ${targetId} (${what})`,
  // Through the drill's own copy (recoveryPoint.source: copy; a one-region plan restores in place whatever it says):
  // the path with the most Tasks.
  plan: () => withRecoveryPoint(examplePlanInput(file), { source: 'copy' }),
  input: { only: [targetId] },
  targetId,
});

const RESTORE_TASKS = ['Start Restore Job', 'Tag Restored Resource', 'Validate Restored Resource', 'Tag Restored Resource Before Delete', 'Delete Restored Resource', 'Check Cleanup'];

export interface TypeCase {
  scenario: Scenario;
  /** What else every denied cell of this type must leave true. */
  expectAlso?: (run: DrillRun) => void;
  /** false: the drill restores from the source vault and passes through no copy Task. */
  copies?: false;
}

export const TYPES: Record<'fsxWindows' | 'documentDb' | 'neptune' | 'ontap', TypeCase> = {
  fsxWindows: {
    scenario: drillOf('pacs-imaging.yml', 'pacs-studies', 'FSx for Windows'),
    // A file system deleted without SkipFinalBackup leaves a billed final backup behind.
    expectAlso: (run) => expect(run.account.resources().filter((r) => r.kind === 'fsx-backup')).toEqual([]),
  },
  documentDb: { scenario: drillOf('fhir-imaging.yml', 'fhir-store', 'DocumentDB') },
  neptune: { scenario: drillOf('fhir-imaging.yml', 'terminology-graph', 'Neptune') },
  ontap: {
    scenario: drillOf('uk-only-supplier.yml', 'lab-results', 'FSx for NetApp ONTAP, one region'),
    // A volume deleted without SkipFinalBackup leaves a final backup behind.
    expectAlso: (run) => expect(run.account.resources().filter((r) => r.kind === 'fsx-backup')).toEqual([]),
    copies: false,
  },
};

/** How the test files share TYPES: every type in exactly one part. */
const PARTS: readonly (readonly (keyof typeof TYPES)[])[] = [
  ['fsxWindows', 'documentDb'],
  ['neptune', 'ontap'],
];

/** The matrix's restore-target cells for each type of one part, a describe block each. */
export function defineTypeMatrix(part: number): void {
  const cells = taskCells();
  const restoreTargetCells = cells.filter((c) => c.machine === 'restoreTarget');
  const types = PARTS[part]!.map((key) => TYPES[key]);

  it('splits every type into exactly one part', () => {
    expect(PARTS.flat().sort()).toEqual(Object.keys(TYPES).sort());
  });

  describe.each(types)('fault matrix: the restore-target Tasks of $scenario.name', ({ scenario: DRILL, expectAlso, copies }) => {
    let reached: ReturnType<typeof restoreTargetCells.filter> = [];
    let baseline: DrillRun;

    beforeAll(async () => {
      baseline = await runDrill(DRILL);
      expect(baseline.report?.verdict).toBe('PASSED');
      reached = restoreTargetCells.filter((c) => baseline.entered.includes(`restoreTarget/${DRILL.targetId}/${c.state}`));
    });

    it('passes through the restore, validation and cleanup Tasks', () => {
      const states = reached.map((c) => c.state);
      expect(states).toEqual(expect.arrayContaining(copies === false ? RESTORE_TASKS : ['Start Copy Job', ...RESTORE_TASKS]));
      if (copies === false) expect(states).not.toContain('Start Copy Job');
    });

    it('denied: ends every cell safely, with nothing left after the sweeper', async () => {
      const failures: string[] = [];
      for (const cell of reached) {
        const run = await runDrill(DRILL, [cellFault(cell, DRILL, 'denied')]);
        try {
          await expectSafeEnd(cell, DRILL, run, cells);
          expect(run.leftAfterSweep).toEqual([]);
          expectAlso?.(run);
        } catch (error) {
          failures.push(`${cellName(cell)}: ${(error as Error).message.split('\n').slice(0, 12).join('\n')}`);
        }
      }
      expect(failures).toEqual([]);
    });

    it('transient: retries every cell, and the drill ends as it would without it', async () => {
      const failures: string[] = [];
      for (const cell of reached) {
        const run = await runDrill(DRILL, [cellFault(cell, DRILL, 'transient')]);
        if (!run.retried.includes(`restoreTarget/${DRILL.targetId}/${cell.state}`)) failures.push(`${cellName(cell)}: not retried`);
        else if (JSON.stringify(outcomeOf(run)) !== JSON.stringify(outcomeOf(baseline))) failures.push(`${cellName(cell)}: ${JSON.stringify(outcomeOf(run))}`);
      }
      expect(failures).toEqual([]);
    });
  });
}
