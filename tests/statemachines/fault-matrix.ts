// The fault matrix (issue 6): every Task state of every state machine, read from the definitions themselves, failed
// in turn on the local simulation. This module holds the cells, the smallest drill that reaches each one, the run,
// and the checks every cell must pass; the *.test.ts files beside it split the matrix so jest runs it in parallel.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkPlan } from '../../lib/plan/load';
import type { Plan } from '../../lib/plan/schema';
import { drillIdFor } from '../../lib/drill/names';
import { reportKey } from '../../lib/drill/store';
import { drillReportSchema, type DrillReport } from '../../lib/report/schema';
import { createLocalEnvironment, PROJECT_ROOT, sweepLocal } from '../../local/run-drill';
import { statusChangeEvent } from '../../local/runner/status-change-event';
import type { SweeperOutput } from '../../functions/sweeper/sweeper';
import type { SweepReport } from '../../lib/sweep/contracts';
import { allStates, type StateDefinition } from '../../local/runner/definitions';
import type { ExecutionRecord } from '../../local/runner/engine';
import { readServiceLayout } from '../../local/runner/serverless-config';
import { TaskFaults, type FiredFault, type TaskFault, type TaskFaultKind } from '../../local/runner/task-faults';
import type { CallRecord, Leftover, SimAccount } from '../../local/sim/account';
import { localNotifications, type LocalNotification } from '../../local/sim/notifications';
import { examplePlanInput, nhsPlanWithDataApi, nhsPlanWithKiosk, withRecoveryPoint } from './example-plans';

export type PlanInput = Record<string, unknown>;

/** One row of the matrix: a Task state of one state machine, as its definition declares it. */
export interface TaskCell {
  machine: string;
  state: string;
  resource: string;
  /** Its Catch records failures under $.cleanupFailures: a step of the cleanup itself. */
  cleanupStep: boolean;
  /** A notification whose failure the drill can only end on (its Catch leads to a Fail state): nothing else tells people. */
  lastNotification: boolean;
}

/** Every Task state of every state machine in serverless.yml, nested ones (Map, Parallel) included. */
export function taskCells(): TaskCell[] {
  const layout = readServiceLayout(PROJECT_ROOT);
  const cells: TaskCell[] = [];
  for (const { key, file } of layout.stateMachines.values()) {
    const definition = parse(readFileSync(join(PROJECT_ROOT, file), 'utf8')) as { States: Record<string, StateDefinition> };
    const states = allStates(definition);
    const typeOf = new Map(states.map((s) => [s.name, s.definition.Type]));
    const enclosingCatches = catchesOfEnclosingStates(definition.States, []);
    for (const { name, definition: state } of states) {
      if (state.Type !== 'Task') continue;
      // A Task inside a Map item processor without a Catch of its own fails the Map, whose Catch decides.
      const own = (state.Catch ?? []) as { ResultPath?: string | null; Next?: string }[];
      const catches = own.length > 0 ? own : (enclosingCatches.get(name) ?? []);
      cells.push({
        machine: key,
        state: name,
        resource: String(state.Resource),
        cleanupStep: catches.some((c) => typeof c.ResultPath === 'string' && c.ResultPath.startsWith('$.cleanupFailures')),
        lastNotification: state.Resource === 'arn:aws:states:::sns:publish' && catches.some((c) => typeOf.get(c.Next ?? '') === 'Fail'),
      });
    }
  }
  return cells;
}

type CatchRule = { ResultPath?: string | null; Next?: string };

/** For each state nested in a Map or Parallel, the Catch of the nearest enclosing state that has one. */
function catchesOfEnclosingStates(states: Record<string, StateDefinition>, inherited: CatchRule[]): Map<string, CatchRule[]> {
  const out = new Map<string, CatchRule[]>();
  for (const [name, state] of Object.entries(states)) {
    out.set(name, inherited);
    const own = (state.Catch ?? []) as CatchRule[];
    const scope = own.length > 0 ? own : inherited;
    const processor = (state.ItemProcessor ?? state.Iterator) as { States: Record<string, StateDefinition> } | undefined;
    const nested = [...(processor ? [processor] : []), ...((state.Branches ?? []) as unknown as { States: Record<string, StateDefinition> }[])];
    for (const child of nested) for (const [k, v] of catchesOfEnclosingStates(child.States, scope)) out.set(k, v);
  }
  return out;
}

// ----- Plans: the examples, cut down to what a cell needs -----

const ACCOUNT = '111122223333';
// Through the drill's own copy (recoveryPoint.source: copy), the path with the most Tasks: every cell of the copy is
// reached. The DR vault path adds no Task (Use Found Recovery Point and Restore The Copy? are a Pass and a Choice).
const example = (file: string): PlanInput => withRecoveryPoint(examplePlanInput(file), { source: 'copy' });
export const nhsPlan = (): PlanInput => example('nhs-patient-platform.yml');
export const auPlan = (): PlanInput => example('au-imaging.yml');

/**
 * The NHS plan with the Aurora target's SQL checks left out: its cells are about the instance the drill adds and the
 * cleanup, and without SQL no embedded PostgreSQL starts (seconds per drill). restore-drill.test.ts runs the SQL.
 */
export function nhsPlanAuroraWithoutSql(): PlanInput {
  const plan = nhsPlan();
  const targets = (plan.targets as Record<string, unknown>[]).map((t) => {
    if (t.id !== 'patients-db') return t;
    const { validation: _validation, ...rest } = t;
    return rest;
  });
  return { ...plan, targets };
}

type FailoverTargetInput = Record<string, unknown>;
const editFailover = (edit: (target: FailoverTargetInput) => void) => (): PlanInput => {
  const plan = nhsPlan();
  edit((plan.failover as { targets: FailoverTargetInput[] }).targets[0]!);
  return plan;
};
export const nhsPlanFailoverMode = editFailover((t) => (t.mode = 'failover'));
export const nhsPlanWithArc = editFailover((t) => {
  delete t.dns;
  t.routingControls = {
    clusterEndpoints: [{ region: 'eu-west-1', endpoint: 'https://host-abc123.route53-recovery-cluster.eu-west-1.amazonaws.com/v1' }],
    primaryControlArn: `arn:aws:route53-recovery-control::${ACCOUNT}:controlpanel/0123456789abcdef/routingcontrol/primary01`,
    drControlArn: `arn:aws:route53-recovery-control::${ACCOUNT}:controlpanel/0123456789abcdef/routingcontrol/london001`,
  };
});

// ----- Scenarios: the smallest drill that reaches a cell -----

export interface Scenario {
  /** Says what is drilled, for the test names and the printed matrix. */
  name: string;
  plan: () => PlanInput;
  /** The drill input's options beyond the plan; a misspelt option makes Check Plan refuse the drill. */
  input: Record<string, unknown>;
  /** The child execution the cell's fault is injected in (a restore or failover target id). */
  targetId?: string;
  /** Faults (every invocation, denied) that put the drill on the path through the cell. */
  setup?: Omit<TaskFault, 'error' | 'times'>[];
}

const restoreOnly = (targetId: string, plan: () => PlanInput = nhsPlan, name = targetId): Scenario => ({
  name: `restore ${name}`,
  plan,
  input: { only: [targetId], skipFailover: true },
  targetId,
});
const failoverOnly = (plan: () => PlanInput = nhsPlan, name = 'switchover with Route 53'): Scenario => ({
  name: `failover patients-global (${name})`,
  plan,
  input: { only: ['patients-global'] },
  targetId: 'patients-global',
});

const auroraOnly = restoreOnly('patients-db', nhsPlanAuroraWithoutSql, 'patients-db (Aurora, no SQL checks)');

/** What most cells need: a DynamoDB table is the cheapest restore target (no embedded PostgreSQL). */
export const DEFAULT_SCENARIOS: Record<string, Scenario> = {
  drill: restoreOnly('appointments'),
  restoreTarget: restoreOnly('appointments'),
  failoverTarget: failoverOnly(),
};

const withSetup = (scenario: Scenario, why: string, setup: Scenario['setup']): Scenario => ({ ...scenario, name: `${scenario.name}, ${why}`, setup });

/**
 * Cells the default scenario does not reach, each with the drill that does and why. A new Task falls to its
 * machine's default scenario; if that never reaches it, its cell fails and says so.
 */
export const REACHED_BY: Record<string, Record<string, Scenario>> = {
  drill: {
    // Only a refused drill announces its refusal.
    'Notify Refusal': { name: 'a drill input with a misspelt option (refused)', plan: nhsPlan, input: { onlyy: ['appointments'] } },
    'Dry Run': { ...restoreOnly('appointments'), name: 'dry run of appointments', input: { only: ['appointments'], dryRun: true } },
    'Fail Over One Target': failoverOnly(),
    'Notify No Report': withSetup(restoreOnly('appointments'), 'Build Report failing', [{ stateMachine: 'drill', state: 'Build Report' }]),
    'Notify Without Evidence': withSetup(restoreOnly('appointments'), 'Record Evidence failing', [{ stateMachine: 'drill', state: 'Record Evidence' }]),
    'Notify Directly': withSetup(restoreOnly('appointments'), 'Notify failing', [{ stateMachine: 'drill', state: 'Notify' }]),
    'Notify Not Started': withSetup(restoreOnly('appointments'), 'Check Plan failing', [{ stateMachine: 'drill', state: 'Check Plan' }]),
  },
  restoreTarget: {
    // Only an Aurora cluster needs a DB instance added (and deleted) by the drill.
    'Create DB Instance': auroraOnly,
    'Describe DB Instance': auroraOnly,
    'Delete DB Instance': auroraOnly,
    'Describe Deleting Instance': auroraOnly,
    'Describe EC2 Instance Status': restoreOnly('ward-kiosk', nhsPlanWithKiosk),
    // Only checks through the RDS Data API need its HTTP endpoint enabled.
    'Enable Data API': restoreOnly('patients-db', nhsPlanWithDataApi, 'patients-db (Data API)'),
    // Cleanup waits for a job it never saw finish: only after the poll of that job failed.
    'Describe Settling Restore Job': withSetup(restoreOnly('appointments'), 'Describe Restore Job failing', [
      { stateMachine: 'restoreTarget', state: 'Describe Restore Job', targetId: 'appointments' },
    ]),
    'Describe Settling Copy Job': withSetup(restoreOnly('appointments'), 'Describe Copy Job failing', [
      { stateMachine: 'restoreTarget', state: 'Describe Copy Job', targetId: 'appointments' },
    ]),
  },
  failoverTarget: {
    'Failover Global Cluster': failoverOnly(nhsPlanFailoverMode, 'failover mode'),
    'Route Traffic': failoverOnly(nhsPlanWithArc, 'ARC routing controls'),
    // Only a rollback from the DR region asks for the switch back.
    'Switch Back To Primary': withSetup(failoverOnly(), 'Read Canary In DR failing', [{ stateMachine: 'failoverTarget', state: 'Read Canary In DR', targetId: 'patients-global' }]),
  },
};

export const scenarioFor = (cell: TaskCell): Scenario => REACHED_BY[cell.machine]?.[cell.state] ?? DEFAULT_SCENARIOS[cell.machine]!;

// ----- One drill -----

export interface DrillRun {
  plan: Plan;
  execution: ExecutionRecord;
  executions: ExecutionRecord[];
  report: DrillReport | null;
  notifications: LocalNotification[];
  /** What the drill left, a simulated day after it ended (before any sweep). */
  leftovers: Leftover[];
  /** What the sweeper removed: on the drill's status change (FAILED), then in its daily run. */
  swept: string[];
  sweepReports: SweepReport[];
  /** What is left after the sweeper. */
  leftAfterSweep: Leftover[];
  /** Messages on the topic before the status change reached the sweeper: the drill's own. */
  drillNotifications: LocalNotification[];
  calls: CallRecord[];
  fired: FiredFault[];
  /** `<machine>/<targetId or ->/<state>` for every state entered, retried, or caught. */
  entered: string[];
  retried: string[];
  account: SimAccount;
  realMs: number;
}

/** Counts every drill the matrix runs, for the printed matrix size. */
/** Drills run, their real time, and every (role, action, resource type) IAM evaluated in them. */
export const stats = { drills: 0, realMs: 0, iamEvaluated: new Set<string>() };

const targetOfExecution = (execution: ExecutionRecord): string => {
  const input = execution.input as { targetId?: string; item?: { target?: { id?: string } } } | null;
  return input?.targetId ?? input?.item?.target?.id ?? '-';
};

/** A day of simulated time after the drill ends (the sweeper runs daily): only what nobody deletes is left. */
const SETTLE_MS = 24 * 3600 * 1000;

export async function runDrill(scenario: Scenario, faults: TaskFault[] = []): Promise<DrillRun> {
  const started = Date.now();
  const planInput = scenario.plan();
  const checked = checkPlan(planInput);
  if (!checked.ok) throw new Error(`the plan of "${scenario.name}" must be valid: ${JSON.stringify(checked.problems)}`);
  const setup: TaskFault[] = (scenario.setup ?? []).map((f) => ({ ...f, error: 'denied', times: Infinity }));
  const taskFaults = new TaskFaults([...faults, ...setup]);
  const entered: string[] = [];
  const retried: string[] = [];
  const { engine, account, clock, names } = createLocalEnvironment(checked.plan, {
    taskFaults,
    onEvent: ({ event, execution }) => {
      if (!event.state) return;
      const key = `${execution.stateMachine}/${targetOfExecution(execution)}/${event.state.name}`;
      if (event.type === 'StateEntered') entered.push(key);
      if (event.type === 'StateRetried') retried.push(key);
    },
  });
  const input = { plan: planInput, ...scenario.input, trigger: { kind: 'local', by: null } };
  const execution = await engine.run(engine.machineArn('drill'), input as never, `fault-matrix-${stats.drills}`);
  const report = await readReport(account, checked.plan.regions.dr, names.storeBucket, execution);
  const executions = [...engine.executions];
  const calls = [...account.calls];
  const drillNotifications = localNotifications(account);
  // What is still being deleted finishes, and a job the drill lost sight of creates what it creates: left is left.
  await clock.sleep(SETTLE_MS);
  const leftovers = account.leftovers();
  // The stack's EventBridge rule hands every drill or restore-target execution that did not succeed to the sweeper
  // (which also tells people when the drill could not); the sweeper's daily run takes whatever is left after that.
  const swept: string[] = [];
  const sweepReports: SweepReport[] = [];
  const region = checked.plan.regions.dr;
  for (const ended of executions.filter((e) => e.status !== 'SUCCEEDED' && (e.stateMachine === 'drill' || e.stateMachine === 'restoreTarget'))) {
    const out = (await engine.invokeFunction('sweeper', statusChangeEvent(ended, account.accountId, region))) as SweeperOutput;
    if ('report' in out) sweepReports.push(out.report);
  }
  sweepReports.push(await sweepLocal({ engine }));
  swept.push(...sweepReports.flatMap((r) => r.removed.map((removed) => removed.arn)));
  await clock.sleep(SETTLE_MS);
  const leftAfterSweep = account.leftovers();
  clock.dispose();
  await account.databases.close();
  stats.drills += 1;
  for (const evaluated of account.iamEvaluations) stats.iamEvaluated.add(evaluated);
  const realMs = Date.now() - started;
  stats.realMs += realMs;
  return {
    plan: checked.plan,
    execution,
    executions,
    report,
    notifications: localNotifications(account),
    drillNotifications,
    leftovers,
    swept,
    sweepReports,
    leftAfterSweep,
    calls,
    fired: taskFaults.fired,
    entered,
    retried,
    account,
    realMs,
  };
}

async function readReport(account: SimAccount, region: string, storeBucket: string, execution: ExecutionRecord): Promise<DrillReport | null> {
  try {
    const object = await account.call(region, 's3', 'GetObject', { Bucket: storeBucket, Key: reportKey(drillIdFor(execution.arn)) });
    return drillReportSchema.parse(JSON.parse(String(object.Body)));
  } catch {
    return null;
  }
}

/** The fault of a cell: denied at every invocation (an IAM policy does not heal), transient at the first only. */
export function cellFault(cell: TaskCell, scenario: Scenario, error: TaskFaultKind): TaskFault {
  const targetId = cell.machine === 'drill' ? undefined : scenario.targetId;
  return { stateMachine: cell.machine, state: cell.state, ...(targetId ? { targetId } : {}), error, times: error === 'denied' ? Infinity : 1 };
}

export const cellName = (cell: TaskCell): string => `${cell.machine} / ${cell.state}`;

/**
 * Cells whose leftovers the sweeper does not remove today, each with the reason. The drill's report names them,
 * loudly (checked for every cell); these are for a person, or a sweeper that can prove more. Any other cell must end
 * with nothing left after the sweep.
 */
export const LEFT_FOR_A_PERSON: Record<string, string> = {
  'restoreTarget / Describe Settling Restore Job':
    'the restore completed after the drill lost sight of its job, so its resource was never tagged; the sweeper finds only tagged resources. The report names the restore job and what it creates.',
  'restoreTarget / Describe Settling Copy Job':
    'the copy completed after the drill lost sight of its job, so its recovery point was never tagged; the sweeper finds only tagged resources. The report names the copy job.',
};

// ----- What every cell must leave true -----

/** Where the global database's writer and any switch in progress are now, asked the way the drill asks. */
export async function globalDatabaseNow(run: DrillRun): Promise<{ writer: string | undefined; switching: boolean }> {
  const described = (await run.account.call(run.plan.regions.dr, 'rds', 'DescribeGlobalClusters', { GlobalClusterIdentifier: 'patients-global' })) as {
    GlobalClusters: { GlobalClusterMembers: { DBClusterArn: string; IsWriter: boolean }[]; FailoverState?: unknown }[];
  };
  const cluster = described.GlobalClusters[0]!;
  return { writer: cluster.GlobalClusterMembers.find((m) => m.IsWriter)?.DBClusterArn, switching: cluster.FailoverState !== undefined };
}

/** Kinds whose identifier AWS assigns: a drill that lost sight of the job creating one cannot name it. */
const AWS_ASSIGNED_IDS: ReadonlySet<string> = new Set(['recovery-point', 'efs-file-system', 'fsx-file-system', 'ebs-volume', 'ec2-instance']);

export interface CellVerdict {
  /** Resources the drill could not delete and named in its report (a fault on a cleanup step). */
  leftBehindAndReported: string[];
  /** Left after the sweep too (LEFT_FOR_A_PERSON). */
  leftForAPerson: string[];
  /** The drill could not tell anyone (its last notification failed): the status-change handler must. */
  silent: boolean;
  /** The global database could not be brought back and the report says so loudly. */
  serviceNotBack: boolean;
}

/**
 * The checks of one denied cell: the fault fired, the drill ended, a report (or a notification saying there is none),
 * exactly one notification (none only when the drill's last notification was the faulted step, and then the drill
 * fails so its status change is heard), cleanup ran for every target that created something, nothing left behind
 * but what a failed delete left and the report names, no call outside the allowed regions, the global database back
 * on its primary or the report saying loudly that it is not.
 */
export async function expectSafeEnd(cell: TaskCell, scenario: Scenario, run: DrillRun, cells: readonly TaskCell[]): Promise<CellVerdict> {
  const fired = run.fired.filter((f) => f.fault.stateMachine === cell.machine && f.fault.state === cell.state);
  if (fired.length === 0) throw new Error(`${cellName(cell)}: the scenario "${scenario.name}" never reached this Task; give it one in REACHED_BY`);

  // Ended, every child included: no hang.
  expect(run.executions.filter((e) => e.status === 'RUNNING').map((e) => e.arn)).toEqual([]);

  // Residency, whatever failed.
  const allowed = run.plan.residency.allowedRegions;
  expect(run.calls.filter((c) => !allowed.includes(c.region)).map((c) => `${c.service}:${c.action} in ${c.region}`)).toEqual([]);

  // One notification, unless the faulted step was the drill's last way to tell anyone.
  const faulted = new Set([cell.state, ...(scenario.setup ?? []).map((f) => f.state)]);
  const silent = cells.some((c) => c.machine === 'drill' && c.lastNotification && faulted.has(c.state) && run.entered.includes(`drill/-/${c.state}`));
  if (silent) {
    // The drill ends FAILED, and its status change makes the sweeper send the one FAILED message.
    expect(run.drillNotifications).toEqual([]);
    expect(run.execution.status).toBe('FAILED');
    expect(run.notifications.map((n) => n.subject)).toEqual([expect.stringMatching(/FAILED/)]);
  } else {
    // The drill's own message, and no second one from the sweeper.
    expect(run.drillNotifications.map((n) => n.subject)).toHaveLength(1);
    expect(run.notifications.map((n) => n.messageId)).toEqual(run.drillNotifications.map((n) => n.messageId));
  }
  const note = run.drillNotifications[0];

  // A report, or a notification that says why there is none.
  const started = run.entered.includes('drill/-/Drill Parts') || run.entered.includes('drill/-/Dry Run');
  if (run.report) {
    if (note) expect(note.attributes.verdict).toBe(run.report.verdict);
  } else {
    expect(run.execution.status).toBe('FAILED');
    if (started) {
      // The drill ran: only a failed Build Report leaves no report, and the fallback says so.
      expect(run.fired.map((f) => f.fault.state)).toContain('Build Report');
      if (note) expect(note.subject).toMatch(/report could not be built/);
    } else {
      // Never started: nothing was created, and the message says the drill did not run.
      expect(run.executions).toHaveLength(1);
      if (note) expect(['REFUSED', 'FAILED']).toContain(note.attributes.verdict);
    }
  }

  // Cleanup ran for every target that copied anything.
  for (const child of run.executions.filter((e) => e.stateMachine === 'restoreTarget')) {
    const targetId = targetOfExecution(child);
    const copied = run.calls.some((c) => c.ok && c.action === 'StartCopyJob' && c.targetId === targetId);
    if (copied) expect(run.entered).toContain(`restoreTarget/${targetId}/Confirm Cleanup`);
  }

  // Nothing left, except what a failed delete could not remove: then the report names exactly that, loudly.
  const leftBehindAndReported: string[] = [];
  if (run.leftovers.length > 0) {
    const left = run.leftovers.map((l) => l.arn).sort();
    expect({ cell: cellName(cell), cleanupStep: cell.cleanupStep || [...faulted].some((s) => cells.find((c) => c.state === s)?.cleanupStep), left }).toEqual({
      cell: cellName(cell),
      cleanupStep: true,
      left,
    });
    // Named by its ARN or identifier; or, when the drill lost sight of the job creating it and AWS assigns the
    // identifier (a copied recovery point, a file system, a volume, an instance), by that job.
    const unnamed = run.leftovers.filter((l) => {
      const leftBehind = run.report?.targets.find((t) => t.targetId === l.targetId)?.cleanup.leftBehind ?? [];
      const id = l.arn.split(/[:/]/).pop() ?? l.arn;
      const job = l.kind === 'recovery-point' ? 'copy job ' : 'restore job ';
      return !leftBehind.some((entry) => {
        const words = entry.split(/[\s,()]+/);
        return words.includes(l.arn) || words.includes(id) || (AWS_ASSIGNED_IDS.has(l.kind) && entry.startsWith(job));
      });
    });
    expect(unnamed).toEqual([]);
    expect(run.report?.verdict).toBe('FAILED');
    expect(run.report?.counts.cleanupIncomplete).toBeGreaterThan(0);
    expect(note?.text ?? '').toMatch(/LEFT \d+ behind/);
    leftBehindAndReported.push(...left);
  }
  if (run.report?.verdict === 'PASSED') expect(run.leftovers).toEqual([]);
  // And then the sweeper removes what the drill could not: nothing is left (but what LEFT_FOR_A_PERSON explains).
  const forAPerson = LEFT_FOR_A_PERSON[cellName(cell)] !== undefined;
  if (forAPerson) {
    expect(run.leftAfterSweep.filter((l) => !leftBehindAndReported.includes(l.arn))).toEqual([]);
  } else {
    expect(run.leftAfterSweep).toEqual([]);
    expect(run.swept).toEqual(expect.arrayContaining(leftBehindAndReported));
  }
  const leftForAPerson = run.leftAfterSweep.map((l) => l.arn);

  // The global database is back on its primary, or the report says loudly that it is not.
  let serviceNotBack = false;
  if (run.plan.failover && run.executions.some((e) => e.stateMachine === 'failoverTarget')) {
    const now = await globalDatabaseNow(run);
    const primary = run.plan.failover.targets[0]!.primaryClusterArn;
    if (now.writer !== primary || now.switching) {
      serviceNotBack = true;
      expect(run.report?.failover?.[0]?.loud).toBe(true);
      expect(run.report?.headline).toMatch(/^SERVICE /);
    }
  }
  return { leftBehindAndReported, leftForAPerson, silent, serviceNotBack };
}

/** What a transient fault must not change: the same verdicts, the same messages, nothing left. */
export function outcomeOf(run: DrillRun): Record<string, unknown> {
  return {
    status: run.execution.status,
    verdict: run.report?.verdict ?? null,
    targets: run.report?.targets.map((t) => `${t.targetId}: ${t.verdict}`) ?? [],
    failover: run.report?.failover?.map((f) => `${f.targetId}: ${f.verdict}`) ?? [],
    notifications: run.notifications.map((n) => n.attributes.verdict ?? null),
    leftovers: run.leftovers.length,
  };
}

// ----- The matrix, as jest tests -----

export interface MatrixPart {
  machines: readonly string[];
  /** [index, of]: this file runs every `of`-th cell from `index`, so jest's workers share the matrix. */
  slice?: readonly [number, number];
}

export function defineFaultMatrix(part: MatrixPart): void {
  const cells = taskCells();
  const ofMachines = cells.filter((c) => part.machines.includes(c.machine));
  const [index, of] = part.slice ?? [0, 1];
  const mine = ofMachines.filter((_, i) => i % of === index);
  const label = `${part.machines.join(' + ')}${of > 1 ? ` (part ${index + 1} of ${of})` : ''}`;
  const baselines = new Map<string, Promise<DrillRun>>();
  const baselineOf = (scenario: Scenario): Promise<DrillRun> => {
    const key = scenario.name;
    if (!baselines.has(key)) baselines.set(key, runDrill(scenario));
    return baselines.get(key)!;
  };
  const findings = { leftBehind: [] as string[], forAPerson: [] as string[], silent: [] as string[], serviceNotBack: [] as string[], covered: 0 };
  const before = { ...stats };

  describe(`fault matrix: ${label}`, () => {
    it('has a scenario for every Task named in REACHED_BY, and every machine has a default one', () => {
      for (const machine of part.machines) {
        expect(DEFAULT_SCENARIOS[machine]).toBeDefined();
        const named = Object.keys(REACHED_BY[machine] ?? {});
        const tasks = cells.filter((c) => c.machine === machine).map((c) => c.state);
        expect(named.filter((state) => !tasks.includes(state))).toEqual([]);
      }
      expect(mine.length).toBeGreaterThan(0);
    });

    for (const cell of mine) {
      const scenario = scenarioFor(cell);
      it(`${cellName(cell)}, denied (${scenario.name}): the drill ends with a report, a notification, cleanup, and nothing left`, async () => {
        const run = await runDrill(scenario, [cellFault(cell, scenario, 'denied')]);
        const verdict = await expectSafeEnd(cell, scenario, run, cells);
        findings.covered += 1;
        if (verdict.leftBehindAndReported.length) findings.leftBehind.push(`${cellName(cell)}: ${verdict.leftBehindAndReported.join(', ')}`);
        if (verdict.leftForAPerson.length) findings.forAPerson.push(`${cellName(cell)}: ${verdict.leftForAPerson.join(', ')} (${LEFT_FOR_A_PERSON[cellName(cell)]})`);
        if (verdict.silent) findings.silent.push(cellName(cell));
        if (verdict.serviceNotBack) findings.serviceNotBack.push(cellName(cell));
      });

      it(`${cellName(cell)}, transient (${scenario.name}): retried, and the drill ends as it would without it`, async () => {
        const run = await runDrill(scenario, [cellFault(cell, scenario, 'transient')]);
        const fired = run.fired.filter((f) => f.fault.stateMachine === cell.machine && f.fault.state === cell.state);
        expect(fired).toHaveLength(1);
        const key = `${cell.machine}/${cell.machine === 'drill' ? '-' : scenario.targetId}/${cell.state}`;
        expect(run.retried).toContain(key);
        expect(outcomeOf(run)).toEqual(outcomeOf(await baselineOf(scenario)));
        findings.covered += 1;
      });
    }

    afterAll(() => {
      const drills = stats.drills - before.drills;
      const seconds = ((stats.realMs - before.realMs) / 1000).toFixed(1);
      const lines = [
        `fault matrix, ${label}: ${mine.length} Task states x 2 errors (denied, transient) = ${mine.length * 2} cells, ${findings.covered} passed; ${drills} drills in ${seconds} s`,
        `  IAM: every call authorized against its caller's packaged role; ${stats.iamEvaluated.size} distinct (role, action, resource type) evaluated in this file's drills`,
        `  (the whole matrix: ${cells.length} Task states of ${new Set(cells.map((c) => c.machine)).size} state machines x 2 errors = ${cells.length * 2} cells, split over the fault-matrix-*.test.ts files)`,
        ...findings.leftBehind.map((l) => `  left behind by the drill and named in its report: ${l}`),
        ...findings.forAPerson.map((l) => `  still there after the sweeper: ${l}`),
        ...findings.silent.map((l) => `  the drill could not notify; the sweeper's status-change handler did: ${l}`),
        ...findings.serviceNotBack.map((l) => `  global database not back on its primary, said loudly: ${l}`),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
  });
}
