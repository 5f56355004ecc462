// Scenario: the source vault of an Aurora cluster and of an S3 bucket holds a continuous (point-in-time) recovery
// point beside the snapshots, begun after the newest snapshot, as the simulation seeds it. StartCopyJob cannot copy
// a continuous backup, so the drill must copy the newest snapshot and measure the RPO from it (REAL definitions).
// Through the drill's own copy (recoveryPoint.source: copy): with source dr-vault the DR vault holds only snapshots.
import { runLocalDrill, type LocalDrillResult } from '../../local/run-drill';
import { nhsCopyPlanInput } from './example-plans';

jest.setTimeout(60_000);

type Ran = Extract<LocalDrillResult, { refused: false }>;
const TARGETS = ['patients-db', 'documents'];

describe('restore drill: a continuous recovery point beside the snapshots', () => {
  it('copies the newest snapshot, not the newer continuous recovery point, and reports the RPO from the snapshot', async () => {
    const result = await runLocalDrill({ plan: nhsCopyPlanInput(), only: TARGETS });
    if (result.refused) throw new Error(`plan refused: ${JSON.stringify(result.problems)}`);
    const r: Ran = result;

    for (const id of TARGETS) {
      const target = r.plan.targets.find((t) => t.id === id)!;
      const listed = await r.account.call(r.plan.regions.primary, 'backup', 'ListRecoveryPointsByBackupVault', {
        BackupVaultName: target.sourceVault.split(':backup-vault:')[1],
        ByResourceArn: target.resourceArn,
      });
      const points = listed.RecoveryPoints as { RecoveryPointArn: string; CreationDate: string }[];
      const byDate = [...points].sort((a, b) => Date.parse(b.CreationDate) - Date.parse(a.CreationDate));
      // Arrange holds: the newest recovery point by CreationDate is the continuous one.
      expect(byDate[0]!.RecoveryPointArn).toContain(':recovery-point:continuous:');
      const snapshot = byDate.find((p) => !p.RecoveryPointArn.includes(':recovery-point:continuous:'))!;

      const result = r.report?.targets.find((t) => t.targetId === id);
      expect(result?.verdict).toBe('PASSED');
      expect(result?.recoveryPoint).toEqual({ arn: snapshot.RecoveryPointArn, createdAt: snapshot.CreationDate });
      const rpoMinutes = (Date.parse(r.report!.startedAt) - Date.parse(snapshot.CreationDate)) / 60_000;
      expect(result?.rpo.measuredMinutes).toBeCloseTo(rpoMinutes, 0);
    }
    const copies = r.account.calls.filter((c) => c.action === 'StartCopyJob');
    expect(copies.every((c) => c.ok)).toBe(true);
    expect(copies.map((c) => String((c.input as { RecoveryPointArn: string }).RecoveryPointArn))).not.toContainEqual(expect.stringContaining(':continuous:'));
    expect(r.account.leftovers()).toEqual([]);
  });
});
