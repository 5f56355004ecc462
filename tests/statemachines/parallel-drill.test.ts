// Scenario tests of `order: parallel`: the REAL drill definition runs the restore part and the failover part at the
// same time on the local simulation. Asserts on the executions' simulated start and stop times, the calls made, what
// was left in the account and what the report says, including when one part fails and the other must still finish.
// Cheap targets only (DynamoDB and S3 restores: no embedded PostgreSQL), so the file stays well under 20 s.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT, runLocalDrill, type LocalDrillResult } from '../../local/run-drill';
import type { ExecutionRecord } from '../../local/runner/engine';
import { TaskFaults } from '../../local/runner/task-faults';

jest.setTimeout(60_000);

type Ran = Extract<LocalDrillResult, { refused: false }>;
const RESTORE_TARGETS = ['appointments', 'documents'];

async function parallelDrill(options: { faults?: string[]; taskFaults?: TaskFaults } = {}): Promise<Ran> {
  const plan = parse(readFileSync(join(PROJECT_ROOT, 'examples', 'nhs-patient-platform.yml'), 'utf8')) as Record<string, unknown>;
  plan.order = 'parallel';
  const r = await runLocalDrill({ plan, only: [...RESTORE_TARGETS, 'patients-global'], faults: options.faults, taskFaults: options.taskFaults });
  if (r.refused) throw new Error(`plan refused: ${JSON.stringify(r.problems)}`);
  return r;
}

const ms = (iso: string | null) => Date.parse(iso ?? '');
const childrenOf = (r: Ran, machine: 'restoreTarget' | 'failoverTarget') => r.children.filter((c) => c.stateMachine === machine);
/** The simulated window from the first execution's start to the last one's stop. */
const windowOf = (executions: ExecutionRecord[]) => ({ start: Math.min(...executions.map((e) => ms(e.startedAt))), stop: Math.max(...executions.map((e) => ms(e.stoppedAt))) });
const callsOf = (r: Ran, action: string) => r.account.calls.filter((c) => c.ok && c.action === action);

describe('a parallel drill on the local simulation', () => {
  it('runs the restore part and the failover part at the same time, and the report gives both', async () => {
    const r = await parallelDrill();

    expect(r.execution.status).toBe('SUCCEEDED');
    const restores = childrenOf(r, 'restoreTarget');
    const failovers = childrenOf(r, 'failoverTarget');
    expect(restores.map((c) => c.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(failovers.map((c) => c.status)).toEqual(['SUCCEEDED']);

    // Both parts began as the drill began, neither waiting for the other: each starts before the other ends.
    const restore = windowOf(restores);
    const failover = windowOf(failovers);
    expect(failover.start).toBeLessThan(restore.stop);
    expect(restore.start).toBeLessThan(failover.stop);
    expect(Math.abs(failover.start - restore.start)).toBeLessThan(60_000);
    // The switch to London and back happened while restores were running in the DR region.
    const switches = callsOf(r, 'SwitchoverGlobalCluster').map((c) => ms(c.at));
    expect(switches).toHaveLength(2);
    expect(switches[0]).toBeLessThan(restore.stop);
    expect(callsOf(r, 'StartRestoreJob').map((c) => c.targetId).sort()).toEqual(RESTORE_TARGETS);
    // The drill took about its longer part, not the sum of both.
    const drill = ms(r.simulated.finishedAt) - ms(r.simulated.startedAt);
    expect(drill).toBeLessThan(restore.stop - restore.start + (failover.stop - failover.start));

    expect(r.report?.verdict).toBe('PASSED');
    expect(r.report?.targets.map((t) => [t.targetId, t.verdict])).toEqual([
      ['appointments', 'PASSED'],
      ['documents', 'PASSED'],
    ]);
    expect(r.report?.failover?.map((f) => [f.targetId, f.verdict])).toEqual([['patients-global', 'PASSED']]);
    expect(r.report?.parts?.order).toBe('parallel');
    expect(r.report?.parts?.overlapMinutes).toBeGreaterThan(10);
    expect(r.account.leftovers()).toEqual([]);
  });

  it('lets the restore part finish and clean up while the failover rolls back from a stuck switch', async () => {
    const r = await parallelDrill({ faults: ['switchover-stuck'] });

    const failover = r.report?.failover?.[0];
    expect(failover?.verdict).toBe('FAILED');
    expect(failover?.rollback).not.toBeNull();
    // Production is back on its primary: a failed drill, but nobody need act now.
    expect(failover?.loud).toBe(false);
    // The restore drill ran to its end: every target recovered, checked and deleted, nothing left behind.
    expect(r.report?.targets.map((t) => [t.targetId, t.verdict, t.cleanup.complete])).toEqual([
      ['appointments', 'PASSED', true],
      ['documents', 'PASSED', true],
    ]);
    expect(childrenOf(r, 'restoreTarget').map((c) => c.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(r.account.leftovers()).toEqual([]);
    expect(r.report?.verdict).toBe('FAILED');
    expect(r.report?.headline).toMatch(/2\/2 targets recovered/);
  });

  it('lets the restore part finish when the failover part cannot even start its child execution', async () => {
    const taskFaults = new TaskFaults([{ stateMachine: 'drill', state: 'Fail Over One Target', error: 'denied', times: Infinity }]);
    const r = await parallelDrill({ taskFaults });

    expect(taskFaults.fired.length).toBeGreaterThan(0);
    expect(childrenOf(r, 'failoverTarget')).toEqual([]);
    expect(callsOf(r, 'SwitchoverGlobalCluster')).toEqual([]);
    expect(r.report?.targets.map((t) => [t.targetId, t.verdict])).toEqual([
      ['appointments', 'PASSED'],
      ['documents', 'PASSED'],
    ]);
    // The failover's state is unknown: loud, and the drill failed.
    expect(r.report?.failover?.[0]?.loud).toBe(true);
    expect(r.report?.verdict).toBe('FAILED');
    expect(r.account.leftovers()).toEqual([]);
  });

  it('lets the failover part switch over and back while a restore fails', async () => {
    const r = await parallelDrill({ faults: ['restore-job-failed:documents'] });

    expect(r.report?.targets.map((t) => [t.targetId, t.verdict])).toEqual([
      ['appointments', 'PASSED'],
      ['documents', 'FAILED'],
    ]);
    expect(r.report?.failover?.map((f) => [f.verdict, f.service.onPrimary])).toEqual([['PASSED', true]]);
    expect(callsOf(r, 'SwitchoverGlobalCluster')).toHaveLength(2);
    expect(r.account.leftovers()).toEqual([]);
    expect(r.report?.verdict).toBe('FAILED');
  });
});
