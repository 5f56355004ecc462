// A whole restore drill on the local simulation: the plan is checked first (no simulated AWS call for a plan
// that fails it, as in the CLI), then the real drill state machine runs against a simulated two-region
// account on a compressed clock. Used by `dr-drill run --local`, the scenario tests and the benchmark.
import { resolve } from 'node:path';
import { checkPlan } from '../lib/plan/load';
import type { Problem } from '../lib/plan/problem';
import type { Plan } from '../lib/plan/schema';
import { accountOfArn } from '../lib/plan/residency';
import type { DrillReport } from '../lib/report/schema';
import { drillReportSchema } from '../lib/report/schema';
import { drillIdFor } from '../lib/drill/names';
import { reportKey } from '../lib/drill/store';
import type { ProgressEvent } from '../lib/report/progress';
import { pinLogLevel } from '../lib/lambda/wrap';
import { SimAccount } from './sim/account';
import { SimClock } from './sim/clock';
import { parseFaults } from './sim/faults';
import { LocalEngine, type EngineEventNotice, type ExecutionRecord, type TaskTokenAnswer } from './runner/engine';
import type { Json } from './runner/definitions';
import { readServiceLayout } from './runner/serverless-config';
import type { TaskFaults } from './runner/task-faults';
import { toProgressEvent } from './runner/progress-events';
import { stateMachineArn } from './runner/definitions';
import { statusChangeEvent } from './runner/status-change-event';
import type { SweeperOutput, SweeperSettings } from '../functions/sweeper/sweeper';
import { DEFAULT_MAX_AGE_HOURS, type SweepOptions, type SweepReport } from '../lib/sweep/contracts';

export const PROJECT_ROOT = resolve(__dirname, '..');

export const LOCAL_STORE_BUCKET = 'dr-drill-local-drillstorebucket';
/** The rest of what `serverless deploy` creates, as the simulated account holds it. */
export const LOCAL_EVIDENCE_BUCKET = 'dr-drill-local-evidencebucket';
export const LOCAL_DRILLS_TABLE = 'dr-drill-local-drills';
/** As local/runner/definitions.ts names the stack's DrillTopic for a Ref in a definition. */
export const LOCAL_TOPIC = 'dr-drill-local-DrillTopic';
/** Plans larger than this travel through the drill store rather than the execution input (capped at 256 KiB). */
export const INLINE_PLAN_LIMIT = 200 * 1024;

/** Regions the simulated account has beyond the plan's: a call that strayed there would be recorded, not refused. */
const EXTRA_REGIONS = ['us-east-1', 'eu-central-1'];

export interface LocalDrillOptions {
  /** The plan as parsed from YAML (unvalidated: the run checks it exactly as the CLI does). */
  plan: unknown;
  faults?: readonly string[];
  /** Faults at named Task states (local/runner/task-faults.ts); the caller keeps the object to read what fired. */
  taskFaults?: TaskFaults;
  only?: readonly string[];
  onProgress?: (event: ProgressEvent) => void;
  /** Every engine event, for tests and benchmarks that need more than progress. */
  onEngineEvent?: (notice: EngineEventNotice) => void;
  seed?: string;
  /** How the plan reaches the state machine: in the input, or as a file in the drill store (default: by size). */
  planVia?: 'input' | 'store';
  /** How the simulated approver answers a failover drill waiting for approval (default: approve). */
  approval?: LocalApprovalAnswer;
  /** Approve the failover at start, as `dr-drill start --approve` records its caller: nobody is asked. */
  approvedBy?: string;
  /** Check everything, create and change nothing (the drill input's dryRun). */
  dryRun?: boolean;
  /** Run the restore drill only (the drill input's skipFailover). */
  skipFailover?: boolean;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  /** Deliver a drill's ABORTED / TIMED_OUT / FAILED status change to the sweeper, as AWS does (default true). */
  deliverStatusChanges?: boolean;
  /** Hands over the engine before the drill starts, so a test can stop the execution (engine.stop) mid-way. */
  onEngine?: (engine: LocalEngine) => void;
}

export const LOCAL_APPROVALS = ['approve', 'reject', 'timeout'] as const;
export type LocalApproval = (typeof LOCAL_APPROVALS)[number];
/** Or SendTaskSuccess with exactly this output, as a person may send it from the console (`{}`, any JSON). */
export type LocalApprovalAnswer = LocalApproval | { sendTaskSuccessOutput: Json };
/** A person takes a couple of minutes to read the request and answer; simulated time, so it costs nothing. */
export const LOCAL_APPROVER_DELAY_MS = 2 * 60 * 1000;
export const LOCAL_APPROVER = 'local approver (dr-drill run --local --approval approve)';

export type LocalDrillResult =
  | { refused: true; problems: Problem[]; calls: readonly unknown[] }
  | {
      refused: false;
      plan: Plan;
      execution: ExecutionRecord;
      children: ExecutionRecord[];
      report: DrillReport | null;
      /** What the sweeper did with each status change the run delivered (none when the drill passed). */
      sweeps: SweeperOutput[];
      account: SimAccount;
      simulated: { startedAt: string; finishedAt: string };
      realMs: number;
    };

export interface LocalEnvironment {
  clock: SimClock;
  account: SimAccount;
  engine: LocalEngine;
  /** What the sweeper did with each status change delivered (deliverStatusChanges). */
  sweeps: SweeperOutput[];
}

/**
 * A simulated account seeded from `plan` (its resources, vaults and recovery points) and an engine running the
 * real definitions against it. Simulated time starts now: the local engine stamps $$.Execution.StartTime with the
 * real clock.
 */
export function createLocalEnvironment(
  plan: Plan,
  options: {
    faults?: readonly string[];
    /** Faults at named Task states (local/runner/task-faults.ts). */
    taskFaults?: TaskFaults;
    seed?: string;
    onEvent?: (notice: EngineEventNotice) => void;
    approval?: LocalApprovalAnswer;
    /** What `{}` runs, as the deployed stack bundles deployed/plan.yml. */
    deployedPlan?: { source: string; text: string };
    /** The functions' log level (default SILENT): the log tests turn everything on. */
    logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
    /**
     * Deliver each ABORTED / TIMED_OUT / FAILED status change to the sweeper, as the stack's EventBridge rule does;
     * off by default here so tests of the drill alone see only the drill's calls.
     */
    deliverStatusChanges?: boolean;
  } = {},
): LocalEnvironment {
  // The engine stamps $$.Execution.StartTime with the real clock when the execution starts; starting simulated
  // time a second ahead keeps every simulated timestamp after the drill's start, as in AWS.
  const clock = new SimClock(Date.now() + 1000);
  // The functions' log lines are for CloudWatch; locally the progress lines tell the same story (failures included).
  pinLogLevel(options.logLevel ?? 'SILENT');
  const regions = [...new Set([...plan.residency.allowedRegions, plan.regions.primary, plan.regions.dr, ...EXTRA_REGIONS])];
  const account = new SimAccount({ clock, regions, faults: parseFaults(options.faults ?? []), seed: options.seed ?? plan.name });
  account.seedFromPlan(plan);
  // What `serverless deploy` would have created in the DR region: the stack's drill store.
  account.createBucket(LOCAL_STORE_BUCKET, plan.regions.dr);
  account.createBucket(LOCAL_EVIDENCE_BUCKET, plan.regions.dr);
  account.createTable(LOCAL_DRILLS_TABLE, plan.regions.dr, { partition: 'planName', sort: 'startedAt' });
  const topicArn = account.createTopic(LOCAL_TOPIC, plan.regions.dr);
  const arns = { region: plan.regions.dr, accountId: accountOf(plan), stage: 'local' };
  const sweeper: SweeperSettings = {
    drillStateMachineArn: stateMachineArn(arns, 'drill'),
    restoreTargetStateMachineArn: stateMachineArn(arns, 'restoreTarget'),
    topicArn,
    maxAgeHours: DEFAULT_MAX_AGE_HOURS,
  };
  const sweeps: SweeperOutput[] = [];
  const engine: LocalEngine = new LocalEngine({
    layout: readServiceLayout(PROJECT_ROOT),
    arns,
    storeBucket: LOCAL_STORE_BUCKET,
    extraDeps: {
      evidenceBucket: LOCAL_EVIDENCE_BUCKET,
      drillsTable: LOCAL_DRILLS_TABLE,
      notify: { topicArn, evidenceBucket: LOCAL_EVIDENCE_BUCKET },
      sweeper,
      ...(options.deployedPlan ? { deployedPlan: options.deployedPlan } : {}),
    },
    account,
    clock,
    onEvent: options.onEvent,
    answerTaskToken: () => simulatedApprover(clock, options.approval ?? 'approve'),
    taskFaults: options.taskFaults,
    // The stack's rule matches the drill and restore-target state machines only (serverless.yml, SweeperKilledDrillRule).
    onExecutionEnded: options.deliverStatusChanges
      ? async (execution) => {
          if (execution.stateMachine !== 'drill' && execution.stateMachine !== 'restoreTarget') return;
          sweeps.push((await engine.invokeFunction('sweeper', statusChangeEvent(execution, arns.accountId, arns.region))) as SweeperOutput);
        }
      : undefined,
  });
  return { clock, account, engine, sweeps };
}

/**
 * The sweeper run against a local environment's simulated account, as `dr-drill sweep` invokes it: its report.
 * For tests that must prove nothing is left (the fault matrix): `await sweepLocal(env)`, then `env.account.leftovers()`.
 */
export async function sweepLocal(env: Pick<LocalEnvironment, 'engine'>, options: SweepOptions = {}): Promise<SweepReport> {
  const out = (await env.engine.invokeFunction('sweeper', options)) as SweeperOutput;
  if (out.trigger !== 'invoke') throw new Error('dr-drill local: the sweeper did not answer a sweep request');
  return out.report;
}

/** Answers a failover approval the way `dr-drill approve` would (SendTaskSuccess / SendTaskFailure), or never. */
async function simulatedApprover(clock: SimClock, approval: LocalApprovalAnswer): Promise<TaskTokenAnswer> {
  if (approval === 'timeout') return null;
  if (typeof approval === 'object') {
    await clock.sleep(LOCAL_APPROVER_DELAY_MS);
    return { output: approval.sendTaskSuccessOutput };
  }
  await clock.sleep(LOCAL_APPROVER_DELAY_MS);
  if (approval === 'reject') return { error: 'DrillRejected', cause: `rejected by ${LOCAL_APPROVER.replace('approve)', 'reject)')}` };
  return { output: { approvedBy: LOCAL_APPROVER, approvedAt: clock.nowIso() } };
}

function accountOf(plan: Plan): string {
  const id = accountOfArn(plan.targets[0]!.drVault);
  if (!id) throw new Error('the plan names no AWS account in its vault ARNs');
  return id;
}

export async function runLocalDrill(options: LocalDrillOptions): Promise<LocalDrillResult> {
  const checked = checkPlan(options.plan);
  if (!checked.ok) return { refused: true, problems: checked.problems, calls: [] };
  const plan = checked.plan;

  const realStart = Date.now();
  const { clock, account, engine, sweeps } = createLocalEnvironment(plan, {
    deliverStatusChanges: options.deliverStatusChanges ?? true,
    faults: options.faults,
    taskFaults: options.taskFaults,
    seed: options.seed,
    approval: options.approval,
    logLevel: options.logLevel,
    onEvent: (notice) => {
      options.onEngineEvent?.(notice);
      const progress = toProgressEvent(notice);
      if (progress) options.onProgress?.(progress);
    },
  });

  // An execution input is capped at 256 KiB: a large plan goes to the drill store and the input names it, as an
  // operator would do with `aws s3 cp plan.yml s3://<store>/plans/`.
  const planJson = JSON.stringify(options.plan);
  const only = {
    ...(options.only?.length ? { only: [...options.only] } : {}),
    ...(options.approvedBy ? { approvedBy: options.approvedBy } : {}),
    ...(options.dryRun ? { dryRun: true } : {}),
    ...(options.skipFailover ? { skipFailover: true } : {}),
    trigger: { kind: 'local', by: null },
  };
  let input: Record<string, unknown> = { plan: options.plan, ...only };
  if (options.planVia === 'store' || (options.planVia === undefined && Buffer.byteLength(planJson) > INLINE_PLAN_LIMIT)) {
    const planKey = `plans/${plan.name}.json`;
    await account.call(plan.regions.dr, 's3', 'PutObject', { Bucket: LOCAL_STORE_BUCKET, Key: planKey, Body: planJson });
    input = { planKey, ...only };
  }
  options.onEngine?.(engine);
  const execution = await engine.run(engine.machineArn('drill'), input as never, `local-${realStart}`);
  // AWS delivers the status change after the execution ends; the local run waits for the sweep it starts.
  await engine.settled();
  const report = await readReport(account, plan.regions.dr, execution);
  clock.dispose();
  await account.databases.close();
  return {
    refused: false,
    plan,
    execution,
    children: engine.executions.filter((e) => e.parentArn === execution.arn),
    report,
    sweeps,
    account,
    simulated: { startedAt: execution.startedAt, finishedAt: execution.stoppedAt ?? clock.nowIso() },
    realMs: Date.now() - realStart,
  };
}

/** The full report Build Report stored, read back from the simulated drill store (null when none was written). */
async function readReport(account: SimAccount, region: string, execution: ExecutionRecord): Promise<DrillReport | null> {
  const drillId = drillIdFor(execution.arn);
  try {
    const object = await account.call(region, 's3', 'GetObject', { Bucket: LOCAL_STORE_BUCKET, Key: reportKey(drillId) });
    return drillReportSchema.parse(JSON.parse(String(object.Body)));
  } catch {
    return null;
  }
}
