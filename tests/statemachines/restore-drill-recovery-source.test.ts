// Scenario: which recovery point a drill restores (issue 13), on the REAL definitions with IAM enforced. The NHS
// example's backup plan (seeded: nhs-patient-platform-daily, rule daily-35d) copies every backup to the DR vault, so
// by default the drill restores the DR vault's newest copy where it is (what a regional outage leaves) and copies
// nothing; a DR vault without a copy fails the target by name; a stale copy fails the RPO naming the copy rule and
// the primary's newer point; `both` restores the DR copy and proves the copy path too.
import { evidenceKeys } from '../../lib/evidence/contracts';
import { renderSummary } from '../../lib/report/summary';
import { runLocalDrill, type LocalDrillResult } from '../../local/run-drill';
import type { SimAccount } from '../../local/sim/account';
import { localNotifications } from '../../local/sim/notifications';
import { nhsRestorePlanInput, withRecoveryPoint, type PlanInput } from './example-plans';

jest.setTimeout(60_000);

type Ran = Extract<LocalDrillResult, { refused: false }> & { arranged: number };
const TARGET = 'appointments';
const PRIMARY = 'eu-west-1';
const DR = 'eu-west-2';
const RULE = 'backup plan nhs-patient-platform-daily rule daily-35d';
interface Listed {
  RecoveryPointArn: string;
  CreationDate: string;
  Status: string;
}

async function drill(plan: PlanInput = nhsRestorePlanInput(), arrange?: (account: SimAccount, plan: PlanInput) => Promise<void>): Promise<Ran> {
  let arranged = 0;
  const result = await runLocalDrill({
    plan,
    only: [TARGET],
    arrange: async (account) => {
      await arrange?.(account, plan);
      arranged = account.calls.length;
    },
  });
  if (result.refused) throw new Error(`plan refused: ${JSON.stringify(result.problems)}`);
  return { ...result, arranged };
}

const targetOf = (plan: PlanInput) => (plan.targets as { id: string; resourceArn: string; sourceVault: string; drVault: string }[]).find((t) => t.id === TARGET)!;
const vaultName = (arn: string) => arn.split(':backup-vault:')[1]!;

/** The vault's recovery points of the target, newest first (a test's read: no caller, outside IAM). */
async function pointsIn(account: SimAccount, region: string, vaultArn: string, resourceArn: string): Promise<Listed[]> {
  const out = await account.call(region, 'backup', 'ListRecoveryPointsByBackupVault', { BackupVaultName: vaultName(vaultArn), ByResourceArn: resourceArn });
  return (out.RecoveryPoints as unknown as Listed[]).filter((p) => p.Status === 'COMPLETED').sort((a, b) => Date.parse(b.CreationDate) - Date.parse(a.CreationDate));
}
const drPoints = (account: SimAccount, plan: PlanInput) => pointsIn(account, DR, targetOf(plan).drVault, targetOf(plan).resourceArn);
const primaryPoints = (account: SimAccount, plan: PlanInput) => pointsIn(account, PRIMARY, targetOf(plan).sourceVault, targetOf(plan).resourceArn);

/** Deletes the DR vault's copies of the target (all, or the newest `count`), as an expired or failed copy rule leaves it. */
const withoutDrCopies = (count?: number) => async (account: SimAccount, plan: PlanInput) => {
  const points = await drPoints(account, plan);
  for (const p of points.slice(0, count ?? points.length)) {
    await account.call(DR, 'backup', 'DeleteRecoveryPoint', { BackupVaultName: vaultName(targetOf(plan).drVault), RecoveryPointArn: p.RecoveryPointArn });
  }
};

const drillCalls = (r: Ran, action: string) => r.account.calls.slice(r.arranged).filter((c) => c.action === action);
async function evidenceHtml(r: Ran): Promise<string> {
  const keys = evidenceKeys(r.report!.plan.name, r.report!.startedAt, r.report!.drillId);
  return String((await r.account.call(DR, 's3', 'GetObject', { Bucket: r.names.evidenceBucket, Key: keys.htmlKey })).Body);
}

describe('restore drill: which recovery point, from which vault', () => {
  it('restores the DR vault\'s newest copy where it is, by default, because the backup plan copies there; copies and deletes nothing', async () => {
    const plan = nhsRestorePlanInput();
    const r = await drill(plan);
    const [newestDr] = await drPoints(r.account, plan);
    const [newestPrimary] = await primaryPoints(r.account, plan);

    const t = r.report!.targets[0]!;
    expect(t.verdict).toBe('PASSED');
    expect(t.recoveryPoints).toMatchObject({
      source: 'dr-vault',
      why: `dr-vault: ${RULE} copies to the DR vault`,
      copyRule: RULE,
      primary: { arn: newestPrimary!.RecoveryPointArn, createdAt: newestPrimary!.CreationDate },
      // A copy keeps its source's CreationDate: the DR copy's age is the data's.
      dr: { arn: newestDr!.RecoveryPointArn, createdAt: newestPrimary!.CreationDate },
      restored: { arn: newestDr!.RecoveryPointArn, vault: 'nhs-patient-platform-dr', chosen: 'latest' },
    });
    expect(t.recoveryPoint).toEqual({ arn: newestDr!.RecoveryPointArn, createdAt: newestDr!.CreationDate });
    expect(drillCalls(r, 'StartCopyJob')).toEqual([]);
    expect(drillCalls(r, 'DeleteRecoveryPoint')).toEqual([]);
    expect(drillCalls(r, 'StartRestoreJob').map((c) => [c.region, c.input?.RecoveryPointArn])).toEqual([[DR, newestDr!.RecoveryPointArn]]);
    expect(drillCalls(r, 'GetBackupPlan').map((c) => [c.region, c.ok])).toEqual([[PRIMARY, true]]);
    expect([...r.account.iamEvaluations]).toContain('FindRecoveryPointIamRoleLambdaExecution|backup:GetBackupPlan|backup:backupPlan');
    // The backup plan's copies are all still there; nothing the drill made is left.
    expect((await drPoints(r.account, plan)).map((p) => p.RecoveryPointArn)).toContain(newestDr!.RecoveryPointArn);
    expect(r.account.leftovers()).toEqual([]);

    const summary = renderSummary(r.report!, { color: false });
    expect(summary).toContain(`source dr-vault: ${RULE} copies to the DR vault`);
    expect(summary).toMatch(/newest in the primary vault: .* old at drill start/);
    expect(summary).toMatch(/newest in the DR vault \(what a regional outage leaves\): .* old at drill start \(the RPO\)/);
    const html = await evidenceHtml(r);
    expect(html).toContain('Newest in the DR vault (what a regional outage leaves)');
    expect(html).toContain('Newest in the primary vault');
    expect(localNotifications(r.account)[0]!.text).toMatch(/recovery points: newest in the primary vault .* old; newest in the DR vault .* old \(the RPO\)/);
  });

  it('fails the target by name when the DR vault holds no copy, naming the copy rule that should put it there', async () => {
    const r = await drill(nhsRestorePlanInput(), withoutDrCopies());

    const t = r.report!.targets[0]!;
    expect(t).toMatchObject({ verdict: 'FAILED', failedStep: 'findRecoveryPoint' });
    expect(t.reason).toContain('NoDrVaultCopyError: no recovery point of');
    expect(t.reason).toContain(`${RULE} should copy it there`);
    expect(t.reason).toContain('a regional outage would leave nothing to restore');
    expect(drillCalls(r, 'StartCopyJob')).toEqual([]);
    expect(drillCalls(r, 'StartRestoreJob')).toEqual([]);
    expect(localNotifications(r.account)[0]!.text).toContain(`${RULE} should copy it there`);
    expect(await evidenceHtml(r)).toContain('NoDrVaultCopyError');
    expect(r.account.leftovers()).toEqual([]);
  });

  it('fails the RPO on a stale DR copy, naming the copy rule and the primary vault\'s newer point (the copy lag)', async () => {
    // The restored data's own freshness check (24 h) fails on a copy this old too; at 3 days it leaves the RPO to say it.
    const plan = nhsRestorePlanInput();
    const appointments = (plan.targets as { id: string; validation: { freshness: { maxAgeSeconds: number } } }[]).find((t) => t.id === TARGET)!;
    appointments.validation.freshness.maxAgeSeconds = 3 * 86_400;
    const r = await drill(plan, withoutDrCopies(1));
    const [newestPrimary] = await primaryPoints(r.account, plan);
    const [staleDr] = await drPoints(r.account, plan);

    const t = r.report!.targets[0]!;
    expect(t).toMatchObject({ verdict: 'FAILED', failedStep: 'objectives' });
    expect(t.rpo.met).toBe(false);
    expect(t.recoveryPoint).toEqual({ arn: staleDr!.RecoveryPointArn, createdAt: staleDr!.CreationDate });
    expect(t.reason).toContain(`made by ${RULE}; the primary vault has a newer point of ${newestPrimary!.CreationDate}, not yet in the DR vault: copy lag 24 h`);
    // The restore itself was proven, from the DR vault's older copy; nothing was copied.
    expect(drillCalls(r, 'StartRestoreJob').map((c) => c.input?.RecoveryPointArn)).toEqual([staleDr!.RecoveryPointArn]);
    expect(drillCalls(r, 'StartCopyJob')).toEqual([]);
    expect(await evidenceHtml(r)).toContain('copy lag');
    expect(r.account.leftovers()).toEqual([]);
  });

  it('both, random within 14 days: restores one of the DR vault\'s copies, copies the primary\'s newest, deletes only its own copy', async () => {
    // A freshness check measures the restored data's own age: with older backups chosen it must allow the window.
    const plan = withRecoveryPoint(nhsRestorePlanInput(), { source: 'both', selection: 'random', windowDays: 14 });
    const appointments = (plan.targets as { id: string; validation: { freshness: { maxAgeSeconds: number } } }[]).find((t) => t.id === TARGET)!;
    appointments.validation.freshness.maxAgeSeconds = 14 * 86_400;
    const r = await drill(plan);
    const [newestPrimary] = await primaryPoints(r.account, plan);
    const dr = await drPoints(r.account, plan);

    const t = r.report!.targets[0]!;
    expect(t.verdict).toBe('PASSED');
    const restored = t.recoveryPoints!.restored;
    expect(dr.map((p) => p.RecoveryPointArn)).toContain(restored.arn);
    expect(restored.chosen).toMatch(/^random within 14 days: 3 candidates, chose the one of /);
    // The RPO still measures the newest.
    expect(t.recoveryPoint?.arn).toBe(dr[0]!.RecoveryPointArn);
    expect(drillCalls(r, 'StartRestoreJob').map((c) => c.input?.RecoveryPointArn)).toEqual([restored.arn]);
    const copies = drillCalls(r, 'StartCopyJob');
    expect(copies.map((c) => [c.region, c.input?.RecoveryPointArn])).toEqual([[PRIMARY, newestPrimary!.RecoveryPointArn]]);
    const deleted = drillCalls(r, 'DeleteRecoveryPoint').filter((c) => c.ok).map((c) => c.input?.RecoveryPointArn);
    expect(deleted).toHaveLength(1);
    expect(dr.map((p) => p.RecoveryPointArn)).not.toContain(deleted[0]);
    expect(r.account.leftovers()).toEqual([]);
    expect(await evidenceHtml(r)).toContain('random within 14 days: 3 candidates');
  });
});
