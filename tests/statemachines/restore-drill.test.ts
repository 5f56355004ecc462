// Scenario tests: the REAL drill and restore-target definitions run on the local simulation, with faults
// injected by name. Each asserts on what happened in the simulated account (the calls made, in which region,
// what is left), not only on the verdict.
import { createLocalEnvironment, runLocalDrill, type LocalDrillResult } from '../../local/run-drill';
import { nhsCopyPlan, nhsCopyPlanInput } from './example-plans';

// A restored PostgreSQL starts in PGlite (a few seconds) for every drill that restores patients-db.
jest.setTimeout(60_000);

// The failover block has its own scenarios (failover-drill.test.ts); these are about the restore drill through the
// drill's own cross-region copy (recoveryPoint.source: copy); restore-drill-recovery-source.test.ts drills the DR
// vault's copies.
const nhsPlanInput = nhsCopyPlanInput;
const nhsPlan = nhsCopyPlan;

type Ran = Extract<LocalDrillResult, { refused: false }> & { entered: (targetId: string, state: string) => number };
async function drill(faults: string[] = []): Promise<Ran> {
  const entries: string[] = [];
  const result = await runLocalDrill({
    plan: nhsPlanInput(),
    faults,
    onEngineEvent: ({ event, execution }) => {
      const id = (execution.input as { targetId?: string }).targetId ?? 'drill';
      if (event.type === 'StateEntered' || event.type === 'StateRetried') entries.push(`${id}/${event.state?.name}`);
    },
  });
  if (result.refused) throw new Error(`plan refused: ${JSON.stringify(result.problems)}`);
  return { ...result, entered: (targetId, state) => entries.filter((e) => e === `${targetId}/${state}`).length };
}

/** What every drill must leave true, whatever failed: nothing outside the policy, nothing left behind. */
function expectResidentAndClean(r: Ran): void {
  expect(r.account.calls.filter((c) => !ALLOWED.includes(c.region))).toEqual([]);
  expect(r.account.leftovers()).toEqual([]);
}

const callsOf = (r: Ran, action: string) => r.account.calls.filter((c) => c.action === action);
const target = (r: Ran, id: string) => r.report?.targets.find((t) => t.targetId === id);
const ALLOWED = ['eu-west-1', 'eu-west-2'];

describe('restore drill on the local simulation', () => {
  it('recovers every target of the NHS plan, measures RTO/RPO and leaves nothing behind', async () => {
    const r = await drill();

    expect(r.execution.status).toBe('SUCCEEDED');
    expect(r.report?.verdict).toBe('PASSED');
    expect(r.report?.targets.map((t) => [t.targetId, t.verdict])).toEqual([
      ['patients-db', 'PASSED'],
      ['appointments', 'PASSED'],
      ['documents', 'PASSED'],
      ['shared-files', 'PASSED'],
    ]);
    // One child execution per target keeps the parent's history small.
    expect(r.children).toHaveLength(4);
    expect(r.execution.historyEvents).toBeLessThan(200);
    // What it cost: every target's restore and copy is priced, and the transitions the estimate derives from the
    // waits (lib/cost/step-functions.ts) are within 10% of the ones the executions made, which AWS bills.
    const cost = r.report!.cost!;
    expect(new Set(cost.lines.map((l) => l.targetId))).toEqual(new Set([null, 'patients-db', 'appointments', 'documents', 'shared-files']));
    const made = r.execution.transitions + r.children.reduce((sum, c) => sum + c.transitions, 0);
    const estimated = cost.lines.find((l) => l.price === 'step-functions.transition')!.quantity;
    expect(Math.abs(estimated - made) / made).toBeLessThan(0.1);

    // Copies start in the primary region, restores in the DR region.
    expect(callsOf(r, 'StartCopyJob').map((c) => c.region)).toEqual(Array(4).fill('eu-west-1'));
    expect(callsOf(r, 'StartRestoreJob').map((c) => c.region)).toEqual(Array(4).fill('eu-west-2'));
    // Aurora is restored without an instance: the drill adds one and deletes it before the cluster.
    expect(callsOf(r, 'CreateDBInstance')).toHaveLength(1);
    const deletes = r.account.calls.filter((c) => c.ok && ['DeleteDBInstance', 'DeleteDBCluster'].includes(c.action)).map((c) => c.action);
    expect(deletes).toEqual(['DeleteDBInstance', 'DeleteDBCluster']);
    expect(callsOf(r, 'DeleteRecoveryPoint').filter((c) => c.ok)).toHaveLength(4);

    expect(r.account.calls.every((c) => ALLOWED.includes(c.region))).toBe(true);
    expect(r.account.leftovers()).toEqual([]);

    const db = target(r, 'patients-db');
    // Real SQL on the restored PostgreSQL: counts and the data's own age, never row values.
    expect(db?.checks.map((c) => [c.name, c.passed])).toEqual([
      ['cluster available', true],
      ['cluster endpoint', true],
      ['instance available', true],
      ['instance endpoint', true],
      ['patients restored', true],
      ['appointments restored', true],
      ['no orphaned appointments', true],
      ['newest patient update', true],
    ]);
    expect(JSON.stringify(r.report)).not.toMatch(/Test Patient|TEST-999-000/);
    expect(Math.abs((db?.dataRpo?.measuredMinutes ?? 0) - (db?.rpo.measuredMinutes ?? 0))).toBeLessThan(5);
    expect(db?.rto.measuredMinutes).toBeGreaterThan(10);
    expect(db?.rto.met).toBe(true);
    expect(db?.rpo.measuredMinutes).toBeGreaterThanOrEqual(120);
    expect(db?.minutes.copy).toBeGreaterThan(0);
    expect(db?.checks.every((c) => c.passed)).toBe(true);
    expect(db?.cleanup).toMatchObject({ complete: true, leftBehind: [], errors: [] });
    // Simulated AWS time, not wall time: a drill of many minutes.
    expect(Date.parse(r.simulated.finishedAt) - Date.parse(r.simulated.startedAt)).toBeGreaterThan(20 * 60_000);
  });

  it('fails the target whose copy job fails, cleans up, and still drills the others', async () => {
    const r = await drill(['copy-job-failed']);

    expect(r.execution.status).toBe('FAILED');
    expect(r.execution.error?.Error).toBe('DrillFailed');
    const db = target(r, 'patients-db');
    expect(db).toMatchObject({ verdict: 'FAILED', failedStep: 'waitForCopy' });
    expect(db?.reason).toMatch(/copy/i);
    expect(db?.jobs.restoreJobId).toBeNull();
    expect(r.report?.targets.filter((t) => t.verdict === 'PASSED')).toHaveLength(3);
    expect(callsOf(r, 'StartRestoreJob')).toHaveLength(3);
    expectResidentAndClean(r);
  });

  it('fails the target whose restore job fails and deletes the copied recovery point', async () => {
    const r = await drill(['restore-job-failed']);

    const db = target(r, 'patients-db');
    expect(db).toMatchObject({ verdict: 'FAILED', failedStep: 'waitForRestore' });
    expect(callsOf(r, 'CreateDBInstance')).toHaveLength(0);
    expect(callsOf(r, 'DeleteRecoveryPoint').filter((c) => c.ok)).toHaveLength(4);
    expectResidentAndClean(r);
  });

  it('fails the freshness check of a restore missing its last week of writes, and still deletes instance and cluster', async () => {
    const r = await drill(['validation-failed']);

    const db = target(r, 'patients-db');
    expect(db).toMatchObject({ verdict: 'FAILED', failedStep: 'validate' });
    // A real SQL check on the restored PostgreSQL: the rows are there, the newest week is not.
    expect(db?.checks.find((c) => c.name === 'patients restored')?.passed).toBe(true);
    expect(db?.checks.find((c) => c.name === 'newest patient update')).toMatchObject({ passed: false, expected: '<= 86400' });
    expect(db?.dataRpo?.met).toBe(false);
    expect(r.entered('patients-db', 'Validate Restored Resource')).toBe(1);
    expect(r.account.calls.filter((c) => c.ok && c.action === 'DeleteDBInstance')).toHaveLength(1);
    expect(r.account.calls.filter((c) => c.ok && c.action === 'DeleteDBCluster')).toHaveLength(1);
    expectResidentAndClean(r);
  });

  it('fails a table missing an item the plan names, without naming its key values, and deletes the table', async () => {
    const r = await drill(['validation-failed:appointments']);

    const table = target(r, 'appointments');
    expect(table).toMatchObject({ verdict: 'FAILED', failedStep: 'validate' });
    expect(table?.checks.find((c) => c.name === 'keys present')).toMatchObject({ passed: false });
    expect(JSON.stringify(table)).not.toContain('TEST-999-000-0044');
    expect(table?.rto.measuredMinutes).toBeNull();
    expect(r.entered('appointments', 'Validate Restored Resource')).toBe(1);
    expect(r.account.calls.filter((c) => c.ok && c.action === 'DeleteTable')).toHaveLength(1);
    expect(target(r, 'patients-db')?.verdict).toBe('PASSED');
    expectResidentAndClean(r);
  });

  it('retries throttled calls and still passes', async () => {
    const r = await drill(['throttled']);

    const throttled = r.account.calls.filter((c) => !c.ok && /Throttl/.test(c.error ?? ''));
    expect(new Set(throttled.map((c) => c.action))).toEqual(
      new Set(['StartCopyJob', 'DescribeCopyJob', 'StartRestoreJob', 'DescribeRestoreJob', 'DescribeDBInstances']),
    );
    expect(r.report?.verdict).toBe('PASSED');
    expectResidentAndClean(r);
  });

  it('times out a restore at the plan ceiling, waits for it to settle, and deletes what it created', async () => {
    const r = await drill(['wait-timeout']);

    const db = target(r, 'patients-db');
    expect(db).toMatchObject({ verdict: 'FAILED', failedStep: 'waitForRestore' });
    expect(db?.reason).toMatch(/WaitTimeout/);
    // The job could not be cancelled: cleanup waited for it and deleted the cluster it created late.
    expect(r.account.calls.filter((c) => c.ok && c.action === 'DeleteDBCluster')).toHaveLength(1);
    expectResidentAndClean(r);
  });

  it('reads a plan from the drill store when the input names it (plans too large for an execution input)', async () => {
    const result = await runLocalDrill({ plan: nhsPlanInput(), only: ['appointments'], planVia: 'store' });
    if (result.refused) throw new Error('refused');

    expect(result.execution.input).toEqual({ planKey: 'plans/nhs-patient-platform.json', only: ['appointments'], trigger: { kind: 'local', by: null } });
    expect(result.report?.verdict).toBe('PASSED');
    expect(result.report?.targets.map((t) => t.targetId)).toEqual(['appointments']);
    expect(result.account.leftovers()).toEqual([]);
  });

  it('refuses a plan outside the residency policy before any AWS call (CLI gate)', async () => {
    const input = nhsPlanInput();
    const targets = input.targets as Record<string, unknown>[];
    targets[2]!.drVault = 'arn:aws:backup:us-east-1:111122223333:backup-vault:documents-dr';

    const result = await runLocalDrill({ plan: input });

    expect(result.refused).toBe(true);
    if (!result.refused) return;
    expect(result.problems.map((p) => `${p.path}: ${p.message}`)).toContain(
      'targets[2].drVault: region us-east-1 is outside the residency policy [eu-west-1, eu-west-2]',
    );
    expect(result.calls).toHaveLength(0);
  });

  it('refuses the same plan again in the state machine\'s first step, with zero AWS calls (preflight gate)', async () => {
    const { engine, account, clock } = createLocalEnvironment(nhsPlan());
    const input = nhsPlanInput();
    (input.targets as Record<string, unknown>[])[2]!.drVault = 'arn:aws:backup:us-east-1:111122223333:backup-vault:documents-dr';

    const execution = await engine.run(engine.machineArn('drill'), { plan: input } as never);
    clock.dispose();

    expect(execution.status).toBe('FAILED');
    expect(execution.error?.Error).toBe('ResidencyViolationError');
    expect(execution.error?.Cause).toContain('targets[2].drVault: region us-east-1 is outside the residency policy');
    // Nothing touched the account's resources; the refusal was only announced on the drill topic.
    expect(account.calls.map((c) => `${c.service}:${c.action}`)).toEqual(['sns:Publish']);
    expect(account.calls[0]?.input?.Subject).toBe('REFUSED dr-drill: ResidencyViolationError');
    expect(engine.executions).toHaveLength(1);
  });
});
