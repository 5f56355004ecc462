// Scenario: a one-region plan (issue 13). A UK-only supplier's policy allows London alone, so its drill restores in
// eu-west-2, where the backups are. Targets whose DR vault is their source vault are restored straight from it, with
// no copy; the example's S3 target names a separate restore vault, so it is copied there (an in-region copy),
// restored from the copy, and the copy deleted. The source vault's recovery points are only read.
import { runLocalDrill, type LocalDrillResult } from '../../local/run-drill';
import { localNotifications } from '../../local/sim/notifications';
import { evidenceKeys } from '../../lib/evidence/contracts';
import { renderSummary } from '../../lib/report/summary';
import { ONE_REGION_MEANING } from '../../lib/plan/one-region';
import { examplePlanInput, type PlanInput } from './example-plans';

// A restored PostgreSQL starts in PGlite (a few seconds).
jest.setTimeout(60_000);

const LONDON = 'eu-west-2';
const SOURCE_VAULT = 'clinical-messaging';
const RESTORE_VAULT = 'clinical-messaging-restore';
const TARGETS = ['messages-db', 'message-queue-state', 'message-archive', 'lab-results'];
/** Restored straight from the source vault (drVault is sourceVault; the ONTAP volume can only be), and restored from an in-region copy. */
const DIRECT = ['messages-db', 'message-queue-state', 'lab-results'];
const COPIED = 'message-archive';

type Ran = Extract<LocalDrillResult, { refused: false }>;
async function drill(faults: string[] = [], plan: PlanInput = examplePlanInput('uk-only-supplier.yml')): Promise<Ran> {
  const result = await runLocalDrill({ plan, faults });
  if (result.refused) throw new Error(`plan refused: ${JSON.stringify(result.problems)}`);
  return result;
}

const callsOf = (r: Ran, action: string) => r.account.calls.filter((c) => c.action === action);

/** The source vault's recovery points as AWS lists them after the drill (arn -> status). */
async function sourceRecoveryPoints(r: Ran): Promise<Map<string, string>> {
  const out = await r.account.call(LONDON, 'backup', 'ListRecoveryPointsByBackupVault', { BackupVaultName: SOURCE_VAULT });
  const points = (out as { RecoveryPoints?: { RecoveryPointArn: string; Status: string }[] }).RecoveryPoints ?? [];
  return new Map(points.map((p) => [p.RecoveryPointArn, p.Status]));
}

/** The recovery points each target was restored from (their copies' sources), and the proof they are intact. */
async function expectSourceRecoveryPointsUntouched(r: Ran): Promise<void> {
  const restoredFrom = (r.report?.targets ?? []).map((t) => t.recoveryPoint?.arn).filter((arn): arn is string => !!arn);
  expect(restoredFrom).toHaveLength(TARGETS.length);
  // Only copies the drill made were deleted: never from the source vault, never a recovery point it found there.
  const deletes = callsOf(r, 'DeleteRecoveryPoint');
  expect(deletes.filter((c) => c.input?.BackupVaultName !== RESTORE_VAULT)).toEqual([]);
  expect(r.account.calls.filter((c) => c.action === 'TagResource' && restoredFrom.includes(String(c.input?.ResourceArn)))).toEqual([]);
  expect(deletes.filter((c) => restoredFrom.includes(String(c.input?.RecoveryPointArn)))).toEqual([]);
  const listed = await sourceRecoveryPoints(r);
  for (const arn of restoredFrom) expect([arn, listed.get(arn)]).toEqual([arn, 'COMPLETED']);
}

describe('one-region restore drill (UK only: London) on the local simulation', () => {
  it('restores in London, from the source vault or an in-region copy, checks the data and leaves nothing', async () => {
    const r = await drill();

    expect(r.execution.status).toBe('SUCCEEDED');
    expect(r.report?.verdict).toBe('PASSED');
    expect(r.report?.targets.map((t) => [t.targetId, t.verdict])).toEqual(TARGETS.map((id) => [id, 'PASSED']));

    // Every call, the drill's own and AWS Backup's jobs alike, in London.
    expect(r.account.calls.filter((c) => c.region !== LONDON)).toEqual([]);
    const listed = await sourceRecoveryPoints(r);
    const from = (id: string) => r.report?.targets.find((t) => t.targetId === id)?.recoveryPoint?.arn;
    const restores = callsOf(r, 'StartRestoreJob');
    expect(restores.map((c) => c.region)).toEqual(TARGETS.map(() => LONDON));
    const restoredFrom = (id: string) => restores.find((c) => c.targetId === id)?.input?.RecoveryPointArn;

    // The database, the table and the ONTAP volume: restored from the recovery point found in the source vault, without a copy.
    for (const id of DIRECT) {
      expect([id, restoredFrom(id)]).toEqual([id, from(id)]);
      expect(listed.has(String(from(id)))).toBe(true);
      expect(r.report?.targets.find((t) => t.targetId === id)).toMatchObject({ jobs: { copyJobId: null }, minutes: { copy: null } });
    }
    // The bucket: copied in London from the source vault into the separate restore vault, restored from the copy.
    const copies = callsOf(r, 'StartCopyJob');
    expect(copies.map((c) => [c.targetId, c.region, c.input?.SourceBackupVaultName, c.input?.DestinationBackupVaultArn])).toEqual([
      [COPIED, LONDON, SOURCE_VAULT, `arn:aws:backup:${LONDON}:222233334444:backup-vault:${RESTORE_VAULT}`],
    ]);
    expect(listed.has(String(restoredFrom(COPIED)))).toBe(false);
    // Only that copy is deleted, from the restore vault.
    expect(callsOf(r, 'DeleteRecoveryPoint').filter((c) => c.ok).map((c) => [c.targetId, c.input?.BackupVaultName])).toEqual([[COPIED, RESTORE_VAULT]]);
    await expectSourceRecoveryPointsUntouched(r);
    expect(r.account.leftovers()).toEqual([]);

    // The RPO is still the age of the recovery point found in the source vault (a copy keeps its source's
    // creation date), and the data's own age agrees with it.
    const db = r.report?.targets.find((t) => t.targetId === 'messages-db');
    expect(db?.rpo.met).toBe(true);
    expect(Math.abs((db?.dataRpo?.measuredMinutes ?? 0) - (db?.rpo.measuredMinutes ?? 0))).toBeLessThan(5);
  });

  it('says in words, in the report, the evidence page and the message, what a one-region policy means', async () => {
    const r = await drill();
    const report = r.report!;

    expect(report.residency).toEqual({
      policy: 'UK only',
      allowedRegions: [LONDON],
      regionsTouched: [LONDON],
      outside: [],
      meaning: ONE_REGION_MEANING,
    });
    expect(ONE_REGION_MEANING).toBe('a regional outage cannot be recovered within this residency policy; this drill proves recovery from backup');
    expect(renderSummary(report, { color: false })).toContain(`Regions touched: ${LONDON} — inside policy "UK only" [${LONDON}]\nOne region: ${ONE_REGION_MEANING}.`);

    const keys = evidenceKeys(report.plan.name, report.startedAt, report.drillId);
    const page = String((await r.account.call(LONDON, 's3', 'GetObject', { Bucket: r.names.evidenceBucket, Key: keys.htmlKey })).Body);
    expect(page).toContain(`One region: ${ONE_REGION_MEANING}.`);
    const evidence = String((await r.account.call(LONDON, 's3', 'GetObject', { Bucket: r.names.evidenceBucket, Key: keys.evidenceKey })).Body);
    expect(evidence).toContain(ONE_REGION_MEANING);

    const [message] = localNotifications(r.account);
    expect(message?.text).toContain(`One region: ${ONE_REGION_MEANING}.`);
    expect(message?.structured?.residency.meaning).toBe(ONE_REGION_MEANING);
    expect(JSON.stringify(message?.slack)).toContain(`one region: ${ONE_REGION_MEANING}`);
  });

  it('fails the target whose restore fails, deletes nothing of the source vault, and drills the others', async () => {
    const r = await drill(['restore-job-failed:messages-db', 'restore-job-failed:message-archive']);

    for (const id of ['messages-db', COPIED]) {
      expect(r.report?.targets.find((t) => t.targetId === id)).toMatchObject({ verdict: 'FAILED', failedStep: 'waitForRestore' });
    }
    expect(r.report?.targets.filter((t) => t.verdict === 'PASSED').map((t) => t.targetId)).toEqual(['message-queue-state', 'lab-results']);
    // The copy made for the failed bucket restore is deleted; the database had none.
    expect(callsOf(r, 'DeleteRecoveryPoint').filter((c) => c.ok).map((c) => c.targetId)).toEqual([COPIED]);
    expect(r.account.calls.filter((c) => c.region !== LONDON)).toEqual([]);
    await expectSourceRecoveryPointsUntouched(r);
    expect(r.account.leftovers()).toEqual([]);
  });

});
