// Step Functions ends a Standard execution at 25,000 history events (Step Functions Developer Guide, "Quotas",
// execution history). A drill that dies there dies mid-rollback, with production wherever the switch left it. This
// counts, for each state machine, the events of its longest execution at the plan schema's limits: the path is walked
// through the REAL definition (local/runner/history-walk.ts checks every transition) and counted the way AWS records
// history (local/runner/history.ts); the loops run as often as the schema's limits allow.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../local/run-drill';
import { countPath, readDefinition, type Visit } from '../../local/runner/history-walk';
import type { Definition } from '../../local/runner/definitions';
import { ACTION_RETRY_SPACING_MS } from '../../lib/failover/observe';
import { failoverSchema } from '../../lib/plan/failover-schema';
import { MAX_TARGETS, planSchema, timeoutsSchema, type DrillOrder, type Target } from '../../lib/plan/schema';
import { RESTORE_QUOTAS, restorePhases } from '../../lib/plan/restore-quotas';
import type { PollMacro } from '../../scripts/statemachines/expand-source';

const CAP = 25_000;
/** Room for what a count of paths cannot see (an extra retry here and there, a later state or two). */
const LIMIT = 0.8 * CAP;

type Bound = { unwrap: () => { minValue: number | null; maxValue: number | null } };
const minOf = (s: unknown) => (s as Bound).unwrap().minValue!;
const maxOf = (s: unknown) => (s as Bound).unwrap().maxValue!;
function maxLengthOf(s: unknown): number {
  const checks = (s as { _zod: { def: { checks?: { _zod: { def: { check: string; maximum?: number } } }[] } } })._zod.def.checks ?? [];
  const max = checks.map((c) => c._zod.def).find((c) => c.check === 'max_length')?.maximum;
  if (max === undefined) throw new Error('the schema sets no maximum length');
  return max;
}

const failoverLimits = {
  probeIntervalSeconds: minOf(failoverSchema.shape.probeIntervalSeconds),
  switchSeconds: maxOf(failoverSchema.shape.switchTimeoutMinutes) * 60,
  rollbackSeconds: maxOf(failoverSchema.shape.rollbackTimeoutMinutes) * 60,
  targets: maxLengthOf(failoverSchema.shape.targets),
};
const restoreLimits = {
  copySeconds: maxOf(timeoutsSchema.shape.copyMinutes) * 60,
  restoreSeconds: maxOf(timeoutsSchema.shape.restoreMinutes) * 60,
  instanceSeconds: maxOf(timeoutsSchema.shape.instanceMinutes) * 60,
  cleanupSeconds: maxOf(timeoutsSchema.shape.cleanupMinutes) * 60,
};

const drill = readDefinition(PROJECT_ROOT, 'statemachines/drill.asl.yml');
const restoreTarget = readDefinition(PROJECT_ROOT, 'statemachines/restore-target.asl.yml');
const failoverTarget = readDefinition(PROJECT_ROOT, 'statemachines/failover-target.asl.yml');

const repeat = <T>(times: number, visits: T[]): T[] => Array.from({ length: times }, () => visits).flat();
const stateOf = (d: Definition, name: string) => {
  const state = d.States[name];
  if (!state) throw new Error(`no state "${name}"`);
  return state as Record<string, unknown>;
};

// ----- failover-target: the watch loop -----

/** The watchSeconds the definition gives Observe (and Start Watching): how long one invocation may look. */
function watchSecondsOf(d: Definition): number {
  const seconds = ['Start Watching', 'Observe'].map((n) => (stateOf(d, n).Parameters as { Payload: { watchSeconds?: number } }).Payload.watchSeconds ?? 0);
  if (seconds[0] !== seconds[1]) throw new Error('Start Watching and Observe look for different times');
  return seconds[0]!;
}

/**
 * One phase watched for `seconds` (its timeout) at the fastest probe interval, with the drill's action (`action`:
 * the routing change, or the switch back in a rollback) refused every time it may be tried. An invocation returns
 * when its watch time is up (at least watchSeconds - interval after it began), or early when the action is due: at
 * most once per ACTION_RETRY_SPACING_MS, because Observe asks again only that long after a failure. With no watch
 * time (the design before this test), every probe is an invocation and the loop waits the interval in a Wait state.
 */
function watchedPhase(d: Definition, seconds: number, action: string[], exit: string[]): Visit[] {
  const interval = failoverLimits.probeIntervalSeconds;
  const watch = watchSecondsOf(d);
  const look = d.States['Wait Probe Interval'] ? ['Wait Probe Interval', 'Observe', 'Keep Watch', 'Phase Done?'] : ['Observe', 'Keep Watch', 'Phase Done?'];
  // Before the watch time, a refused action was asked again at the next probe: the loop then ran once per probe.
  const attempts = watch > 0 ? Math.floor((seconds * 1000) / ACTION_RETRY_SPACING_MS) + 1 : 0;
  const quiet = watch > 0 ? Math.ceil(seconds / (watch - interval)) + 1 : Math.ceil(seconds / interval);
  return ['Start Watching', 'Keep Watch', 'Phase Done?', ...repeat(attempts, [...action, 'Observe', 'Keep Watch', 'Phase Done?']), ...repeat(quiet, look), ...exit];
}

function failoverTargetWorstCase(d: Definition): Visit[] {
  const hasNote = Boolean(d.States['Note Routing Failure']);
  // A refused routing change goes back to watching (with the new design, through the state that stamps the failure).
  const routing = hasNote ? ['Route Traffic', 'Note Routing Failure'] : ['Route Traffic', 'Wait Probe Interval'];
  const switchBack = ['Mark Switch Back', 'Switch Back To Primary', 'Forget Switch Back', ...(hasNote ? [] : ['Wait Probe Interval'])];
  const { switchSeconds, rollbackSeconds } = failoverLimits;
  return [
    'Initialise',
    'Preflight',
    'Preflight Passed?',
    'Approval Needed?',
    'Wait For Approval',
    ...(d.States.Approved ? ['Approved'] : []),
    'Write Canary',
    'Canary Needs Time?',
    'Let The Canary Age',
    'Mark Switch Start',
    'Switch Mode?',
    'Failover Global Cluster',
    // The cutover settles just before its timeout, after the routing change was refused all along but once.
    ...watchedPhase(d, switchSeconds, routing, ['Record Cutover', 'Read Canary In DR', 'Canary Survived?', 'Soak', 'Mark Failback Start', 'Reset Traffic Marks', 'Switch Over To Primary']),
    // The failback times out, its routing change refused every time.
    ...watchedPhase(d, switchSeconds, routing, ['Failback Timed Out', 'Failback Timed Out Reason', 'Begin Rollback', 'Reset Rollback Marks', 'Reset Switch Back']),
    // The rollback runs to its own timeout, the switch back refused every time it may be asked.
    ...watchedPhase(d, rollbackSeconds, switchBack, ['Record Rollback', 'Evaluate Failover', 'Recorded']),
  ];
}

// ----- restore-target: the polling loops -----

/** The `Type: Poll` blocks of restore-target's source, by the state name each stands for (docs/state-machines-source.md). */
const pollLoops = (parse(readFileSync(join(PROJECT_ROOT, 'statemachines/source/restore-target.yml'), 'utf8')) as { States: Record<string, PollMacro> }).States;

/** The states a polling loop visits until its ceiling, its back-off (start, doubling, cap) read from the definition. */
function pollUntil(d: Definition, start: string, ceilingSeconds: number): string[] {
  const loop = pollLoops[start];
  if (loop?.Type !== 'Poll') throw new Error(`"${start}" is not a Poll block of restore-target's source`);
  let wait = (stateOf(d, start).Result as { waitSeconds: number }).waitSeconds;
  const capAt = (stateOf(d, loop.Cap).Choices as { NumericGreaterThan: number }[])[0]!.NumericGreaterThan;
  const held = (stateOf(d, loop.Hold).Parameters as { waitSeconds: number }).waitSeconds;
  const out = [start];
  for (let elapsed = 0; ; ) {
    out.push(...(loop.CheckFirst ? [loop.Check, loop.Decision] : [loop.Wait, loop.Check, loop.Decision]));
    if (elapsed >= ceilingSeconds) return out;
    if (loop.CheckFirst) out.push(loop.Wait);
    elapsed += wait;
    wait += wait;
    out.push(loop.BackOff, loop.Cap);
    if (wait > capAt) {
      out.push(loop.Hold);
      wait = held;
    }
  }
}

/**
 * An Aurora target, the type with the most loops: every job finishes at its last look before its ceiling (the
 * longest path: a timeout would skip the later loops), the restored instance never goes away, and the cleanup is
 * checked until its ceiling.
 */
function restoreTargetWorstCase(d: Definition): Visit[] {
  const { copySeconds, restoreSeconds, instanceSeconds, cleanupSeconds } = restoreLimits;
  return [
    'Load Target',
    'Initialise',
    'Find Latest Recovery Point',
    // A copy is the longer path (a one-region plan restoring from its source vault skips it).
    'Copy Needed?',
    'Start Copy Job',
    ...pollUntil(d, 'Start Copy Poll', copySeconds),
    'Mark Copied Recovery Point',
    'Restore The Copy?',
    'Use Copied Recovery Point',
    'Get Restore Metadata',
    'Prepare Restore',
    'Start Restore Job',
    ...pollUntil(d, 'Start Restore Poll', restoreSeconds),
    'Tag Restored Resource',
    'What Follows Restore?',
    'Create DB Instance',
    ...pollUntil(d, 'Start Instance Poll', instanceSeconds),
    'Checks Use Data API?',
    'Data API Asked For?',
    'Enable Data API',
    'Validate Restored Resource',
    'Clean Up',
    'Restored Resource Exists?',
    'Tag Restored Resource Before Delete',
    'Has DB Instance?',
    'Delete DB Instance',
    ...pollUntil(d, 'Start Instance Deletion Poll', cleanupSeconds),
    'Instance Never Deleted',
    'Delete Restored Resource',
    'Deletion Step Failed?',
    'Record Deletion Step Failure',
    'Copy Settled?',
    'Keep Copy?',
    'Mark Copied Recovery Point Before Delete',
    'Delete Copied Recovery Point',
    ...pollUntil(d, 'Confirm Cleanup', cleanupSeconds),
    'Evaluate Target',
  ];
}

// ----- drill: one Map item per target -----

/**
 * Every restore target and every failover target, each child execution failing after its retries (the longest item).
 * The restore targets come in the most phases a plan can need: all of the type with the smallest quota, at the
 * highest concurrency (lib/plan/restore-quotas.ts).
 */
function drillWorstCase(order: DrillOrder): Visit[] {
  const smallest = (Object.entries(RESTORE_QUOTAS) as [Target['type'], number][]).sort((a, b) => a[1] - b[1])[0]![0];
  const phases = restorePhases(Array.from({ length: MAX_TARGETS }, (_, i) => ({ id: `t${i}`, type: smallest })), maxOf(planSchema.shape.concurrency));
  // Every order drills the same targets; parallel runs both parts in one step, the others in two.
  const restore: Visit[] = [
    'Restore Drill In This Step?',
    { map: 'Restore Drill', items: phases.map((ids): Visit[] => [{ map: 'Drill Targets', items: repeat(ids.length, [['Drill One Target', 'Target Drill Did Not Finish']]) }]) },
  ];
  const failover: Visit[] = ['Failover Drill In This Step?', { map: 'Failover Drill', items: repeat(failoverLimits.targets, [['Fail Over One Target', 'Failover Drill Did Not Finish']]) }];
  const noRestore: Visit[] = ['Restore Drill In This Step?', 'No Restore Drill In This Step'];
  const noFailover: Visit[] = ['Failover Drill In This Step?', 'No Failover Drill In This Step'];
  const step = (branches: Visit[][]): Visit[] => [{ parallel: 'Restore And Fail Over', branches }];
  const steps = order === 'parallel' ? [step([restore, failover])] : [step([restore, noFailover]), step([noRestore, failover])];
  return [
    'Check Plan',
    'Dry Run?',
    { map: 'Drill Parts', items: steps },
    'Build Report',
    'Record Evidence',
    'Notify',
    'Drill Passed?',
    'Drill Failed',
  ];
}

const machines = [
  { name: 'drill', definition: drill, path: () => drillWorstCase('restore-first') },
  { name: 'drill (parallel)', definition: drill, path: () => drillWorstCase('parallel') },
  { name: 'restore-target', definition: restoreTarget, path: () => restoreTargetWorstCase(restoreTarget) },
  { name: 'failover-target', definition: failoverTarget, path: () => failoverTargetWorstCase(failoverTarget) },
];

describe('worst-case execution history at the plan schema\'s limits', () => {
  const rows = machines.map(({ name, definition, path }) => {
    const visits = path();
    return { name, atLimits: countPath(definition, visits).events, everyRetry: countPath(definition, visits, { everyRetry: true }).events };
  });

  afterAll(() => {
    const { probeIntervalSeconds, switchSeconds, rollbackSeconds, targets } = failoverLimits;
    const lines = [
      `Worst-case history events per execution (cap ${CAP.toLocaleString('en-GB')}; limit asserted ${LIMIT.toLocaleString('en-GB')})`,
      `  limits: ${MAX_TARGETS} restore + ${targets} failover targets; copy ${restoreLimits.copySeconds / 3600} h, restore ${restoreLimits.restoreSeconds / 3600} h, instance ${restoreLimits.instanceSeconds / 3600} h, cleanup ${restoreLimits.cleanupSeconds / 3600} h;`,
      `          probes every ${probeIntervalSeconds} s, switch ${switchSeconds / 60} min, rollback ${rollbackSeconds / 60} min, Observe watches ${watchSecondsOf(failoverTarget)} s`,
      '  state machine      at the limits   every retry used',
      ...rows.map((r) => `  ${r.name.padEnd(17)} ${String(r.atLimits).padStart(14)} ${String(r.everyRetry).padStart(18)}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  });

  it.each(machines.map((m) => m.name))('%s stays well under the 25,000-event cap', (name) => {
    const row = rows.find((r) => r.name === name)!;
    expect(row.atLimits).toBeLessThan(LIMIT);
  });

  it('the failover watch keeps its probes at the plan interval: one invocation looks for a minute, not once', () => {
    expect(watchSecondsOf(failoverTarget)).toBe(60);
    expect(failoverTarget.States['Wait Probe Interval']).toBeUndefined();
  });

  it('gives Observe Failover a Lambda timeout longer than its watch, its last probe and the reads\' retries', () => {
    const config = parse(readFileSync(join(PROJECT_ROOT, 'serverless.yml'), 'utf8')) as { functions: Record<string, { timeout?: number }> };
    expect(config.functions.observeFailover!.timeout).toBeGreaterThanOrEqual(watchSecondsOf(failoverTarget) + 3 + 20);
  });

  it('checks every path against its definition: a step the machine cannot take is refused', () => {
    expect(() => countPath(failoverTarget, ['Initialise', 'Write Canary'])).toThrow(/cannot go to "Write Canary"/);
    expect(() => countPath(failoverTarget, ['Preflight'])).toThrow(/starts at "Preflight"/);
    expect(() => countPath(failoverTarget, ['Initialise', 'Preflight'])).toThrow(/not a terminal state/);
  });
});
