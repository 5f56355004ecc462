// Scenario tests: the REAL drill stopped mid-way on the local simulation (as StopExecution stops it, with its child
// executions), then the status change AWS would send goes to the real sweeper. A stopped drill never reaches its
// Clean Up: what it created stays until the sweeper removes it, and on-call hears of it once.
import { createLocalEnvironment, runLocalDrill, sweepLocal, type LocalEnvironment } from '../../local/run-drill';
import { statusChangeEvent } from '../../local/runner/status-change-event';
import { TaskFaults } from '../../local/runner/task-faults';
import type { ExecutionRecord } from '../../local/runner/engine';
import type { Json } from '../../local/runner/definitions';
import type { SweeperOutput } from '../../functions/sweeper/sweeper';
import { nhsCopyPlan, nhsCopyPlanInput } from './example-plans';

// A restored PostgreSQL starts in PGlite (a few seconds) for every drill that restores patients-db.
jest.setTimeout(60_000);

// Through the drill's own copy (recoveryPoint.source: copy): a killed drill leaves that copy too, for the sweeper.
const nhsPlanInput = nhsCopyPlanInput;
const nhsPlan = nhsCopyPlan;

const DR = 'eu-west-2';
const STRAY_TABLE = 'drdrill-0badc0de-stray';
const ORDINARY_BUCKET = 'nhs-patient-reports';
/** Long enough in simulated time for every asynchronous delete (RDS instance then cluster, recovery point) to finish. */
const DELETES_SETTLE_MS = 60 * 60_000;

/** Stops the drill once patients-db's child has restored the Aurora cluster and created its DB instance. */
function stopAfterInstanceCreated(env: () => LocalEnvironment, drillArn: () => string) {
  return ({ execution, event }: { execution: ExecutionRecord; event: { type: string; state?: { name: string } } }) => {
    const input = execution.input as { targetId?: string };
    if (input.targetId === 'patients-db' && event.type === 'StateExited' && event.state?.name === 'Create DB Instance') env().engine.stop(drillArn());
  };
}

describe('a drill stopped mid-way', () => {
  it('leaves what it created, and the status change sweeps exactly that and tells on-call once', async () => {
    const plan = nhsPlan();
    let drillArn = '';
    const env: LocalEnvironment = createLocalEnvironment(plan, { onEvent: stopAfterInstanceCreated(() => env, () => drillArn) });
    // Untagged: one named like a drill's restore, one ordinary. The sweeper finds by tag, so neither is a candidate.
    env.account.createTable(STRAY_TABLE, DR, { partition: 'id' });
    env.account.createBucket(ORDINARY_BUCKET, DR);
    const before = env.account.resources().filter((r) => !r.createdByDrill).map((r) => r.arn);
    const name = 'stopped-mid-way';
    drillArn = `${env.engine.machineArn('drill').replace(':stateMachine:', ':execution:')}:${name}`;

    const execution = await env.engine.run(env.engine.machineArn('drill'), { plan: nhsPlanInput() as Json, only: ['patients-db'], trigger: { kind: 'local', by: null } }, name);

    expect(execution.status).toBe('ABORTED');
    const child = env.engine.executions.find((e) => e.parentArn === execution.arn)!;
    expect(child.status).toBe('ABORTED');
    const left = env.account.leftovers();
    expect(left.map((l) => l.kind).sort()).toEqual(['db-cluster', 'db-instance', 'recovery-point']);
    expect(env.account.published()).toEqual([]);

    const out = (await env.engine.invokeFunction('sweeper', statusChangeEvent(execution, env.account.accountId, DR))) as SweeperOutput;
    await env.clock.sleep(DELETES_SETTLE_MS);

    expect(out).toMatchObject({ trigger: 'status-change', handled: true, status: 'ABORTED', notified: 'by the sweeper' });
    if (out.trigger !== 'status-change' || !out.handled) throw new Error('the sweeper did not handle the status change');
    expect(out.report.removed.map((r) => r.kind)).toEqual(['db-instance', 'db-cluster', 'recovery-point']);
    expect(out.report.failed).toEqual([]);
    expect(env.account.leftovers()).toEqual([]);
    // Nothing else was touched: the account's own resources, the stray drill-named table, the ordinary bucket.
    const after = env.account.resources().filter((r) => !r.createdByDrill).map((r) => r.arn);
    expect(after).toEqual(before);
    expect(after).toEqual(expect.arrayContaining([expect.stringContaining(`table/${STRAY_TABLE}`), `arn:aws:s3:::${ORDINARY_BUCKET}`]));
    const deletes = env.account.calls.filter((c) => c.ok && /^(Delete|Terminate)/.test(c.action) && !['DeleteObjects'].includes(c.action));
    expect(deletes.map((c) => c.action)).toEqual(['DeleteDBInstance', 'DeleteDBCluster', 'DeleteRecoveryPoint']);
    expect(deletes.map((c) => c.input?.SkipFinalSnapshot ?? null)).toEqual([true, true, null]);

    const messages = env.account.published();
    expect(messages).toHaveLength(1);
    expect(messages[0]!.subject).toBe(`FAILED dr-drill: drill ABORTED (${plan.name}), swept 3`);
    expect(messages[0]!.messageAttributes).toMatchObject({ verdict: { StringValue: 'FAILED' }, loud: { StringValue: 'true' } });
    expect(messages[0]!.message).toContain('was stopped (ABORTED) before it finished');
    expect(messages[0]!.message).toMatch(/db-cluster drdrill-[0-9a-f]{8}-patients-db \(drill d[0-9a-f]{8}, target patients-db\)/);
    expect(messages[0]!.message).toContain('Nothing it created is left behind.');

    // EventBridge delivers at least once: the same change again finds nothing to sweep and announces nothing.
    const again = (await env.engine.invokeFunction('sweeper', statusChangeEvent(execution, env.account.accountId, DR))) as SweeperOutput;
    expect(again).toMatchObject({ trigger: 'status-change', handled: true, notified: 'by an earlier delivery' });
    expect(env.account.published()).toHaveLength(1);
    env.clock.dispose();
    await env.account.databases.close();
  });

  it('is swept by the status changes a local run delivers, as in AWS (the drill and its stopped child)', async () => {
    let drillArn = '';
    let env: { engine: LocalEnvironment['engine'] } | undefined;
    const result = await runLocalDrill({
      plan: nhsPlanInput(),
      only: ['patients-db'],
      onEngine: (engine) => (env = { engine }),
      onEngineEvent: (notice) => {
        if (notice.execution.stateMachine === 'drill') drillArn = notice.execution.arn;
        stopAfterInstanceCreated(() => env as LocalEnvironment, () => drillArn)(notice);
      },
    });
    if (result.refused) throw new Error('plan refused');

    expect(result.execution.status).toBe('ABORTED');
    // One status change for the drill, one for its child: each swept, only the drill's announced.
    expect(result.sweeps.map((s) => (s.trigger === 'status-change' && s.handled ? [s.targetId, s.notified] : s))).toEqual(
      expect.arrayContaining([
        [null, 'by the sweeper'],
        ['patients-db', 'not needed'],
      ]),
    );
    const failed = result.sweeps.flatMap((s) => (s.trigger === 'status-change' && s.handled ? s.report.failed : []));
    expect(failed).toEqual([]);
    expect(result.account.published().map((m) => m.subject)).toEqual([expect.stringMatching(/^FAILED dr-drill: drill ABORTED/)]);
    // Every delete was asked for; those AWS finishes asynchronously are still under way when the run ends.
    expect(result.account.leftovers().every((l) => /deleting/.test(l.state))).toBe(true);
  });

  it('that failed through its own states is swept but not announced twice', async () => {
    const result = await runLocalDrill({ plan: nhsPlanInput(), only: ['appointments'], faults: ['restore-job-failed:appointments'] });
    if (result.refused) throw new Error('plan refused');

    expect(result.execution.status).toBe('FAILED');
    expect(result.sweeps).toEqual([expect.objectContaining({ trigger: 'status-change', handled: true, notified: 'by the drill' })]);
    // The drill's own message only.
    expect(result.account.published()).toHaveLength(1);
    expect(result.account.leftovers()).toEqual([]);
  });

  it('leaves nothing for a later sweep to find once the status change was handled', async () => {
    const plan = nhsPlan();
    let drillArn = '';
    const env: LocalEnvironment = createLocalEnvironment(plan, { deliverStatusChanges: true, onEvent: stopAfterInstanceCreated(() => env, () => drillArn) });
    drillArn = `${env.engine.machineArn('drill').replace(':stateMachine:', ':execution:')}:again`;
    await env.engine.run(env.engine.machineArn('drill'), { plan: nhsPlanInput() as Json, only: ['patients-db'], trigger: { kind: 'local', by: null } }, 'again');
    await env.engine.settled();
    await env.clock.sleep(DELETES_SETTLE_MS);

    const report = await sweepLocal(env, { dryRun: true });

    expect(report.found).toEqual([]);
    expect(env.account.leftovers()).toEqual([]);
    env.clock.dispose();
    await env.account.databases.close();
  });

  it('whose notifications all failed is announced FAILED by the sweeper', async () => {
    const taskFaults = new TaskFaults([
      { stateMachine: 'drill', state: 'Notify', error: 'denied' },
      { stateMachine: 'drill', state: 'Notify Directly', error: 'denied' },
    ]);
    const result = await runLocalDrill({ plan: nhsPlanInput(), only: ['appointments'], taskFaults });
    if (result.refused) throw new Error('plan refused');

    expect(result.execution.status).toBe('FAILED');
    expect(result.execution.error?.Error).toBe('DrillNotificationFailed');
    expect(result.sweeps).toEqual([expect.objectContaining({ trigger: 'status-change', handled: true, notified: 'by the sweeper' })]);
    const messages = result.account.published();
    expect(messages.map((m) => m.subject)).toEqual(['FAILED dr-drill: drill FAILED (nhs-patient-platform), swept 0']);
    expect(messages[0]!.message).toContain('finished but could not send its own notification (DrillNotificationFailed)');
    expect(messages[0]!.message).toContain('Nothing tagged by dr-drill was found: nothing is orphaned.');
  });
});
