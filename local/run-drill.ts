// A whole restore drill on the local simulation: the plan is checked first (no simulated AWS call for a plan
// that fails it, as in the CLI), then the real drill state machine runs against a simulated two-region
// account on a compressed clock. Used by `dr-drill run --local`, the scenario tests and the benchmark.
import { checkPlan } from '../lib/plan/load';
import type { Problem } from '../lib/plan/problem';
import { targetSchema, type Plan } from '../lib/plan/schema';
import { accountOfArn } from '../lib/plan/residency';
import type { DrillReport } from '../lib/report/schema';
import { drillReportSchema } from '../lib/report/schema';
import { drillIdFor } from '../lib/drill/names';
import { reportKey } from '../lib/drill/store';
import type { ProgressEvent } from '../lib/report/progress';
import { pinLogLevel } from '../lib/lambda/wrap';
import { SimAccount } from './sim/account';
import { seedForSelections, type SelectionSeed } from './sim/selection-seed';
import { SimClock } from './sim/clock';
import { parseFaults } from './sim/faults';
import { LocalEngine, type EngineEventNotice, type ExecutionRecord, type TaskTokenAnswer } from './runner/engine';
import type { Json } from './runner/definitions';
import type { TaskFaults } from './runner/task-faults';
import { toProgressEvent } from './runner/progress-events';
import { statusChangeEvent } from './runner/status-change-event';
import { matchesPattern } from './runner/event-pattern';
import type { SweeperOutput } from '../functions/sweeper/sweeper';
import type { SweepOptions, SweepReport } from '../lib/sweep/contracts';
import { Authorizer } from './iam/authorizer';
import { templateFor } from './stack/packaged';
import { readStack, type LocalStack } from './stack/stack';

export { PROJECT_ROOT } from './stack/packaged';

/** Where the stack keeps what its functions share, as the packaged template names them for the plan's account. */
export interface StackNames {
  storeBucket: string;
  evidenceBucket: string;
  drillsTable: string;
  topicArn: string;
}

function stackNames(stack: LocalStack): StackNames {
  const bucket = (id: string) => stack.buckets.find((b) => b.logicalId === id)?.name;
  const storeBucket = bucket('DrillStoreBucket');
  const evidenceBucket = bucket('EvidenceBucket');
  const drillsTable = stack.tables.find((t) => t.logicalId === 'DrillsTable')?.name;
  const topicArn = stack.topics.find((t) => t.logicalId === 'DrillTopic')?.arn;
  if (!storeBucket || !evidenceBucket || !drillsTable || !topicArn) throw new Error('the packaged stack lacks its drill store, evidence bucket, drills table or topic');
  return { storeBucket, evidenceBucket, drillsTable, topicArn };
}
/** Plans larger than this travel through the drill store rather than the execution input (capped at 256 KiB). */
export const INLINE_PLAN_LIMIT = 200 * 1024;

/** Regions the simulated account has beyond the plan's: a call that strayed there would be recorded, not refused. */
const EXTRA_REGIONS = ['us-east-1', 'eu-central-1'];

export interface LocalDrillOptions {
  /** The plan as parsed from YAML (unvalidated: the run checks it exactly as the CLI does). */
  plan: unknown;
  /**
   * Production resources the simulated account holds beyond the plan's targets, each written as a target would be
   * (seeded with its recovery points in its sourceVault), and the tags of any of them: what a plan's selections find.
   * Without it, a plan with selections gets resources invented for them (local/sim/selection-seed.ts), which the
   * result's `selectionSeed` lists.
   */
  protectedResources?: { targets: readonly unknown[]; tags?: Readonly<Record<string, Readonly<Record<string, string>>>> };
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
  /** Changes the packaged stack before the run is built from it: what an operator's config/<stage>.yml would change. */
  editStack?: (stack: LocalStack) => LocalStack;
  /** Hands over the engine before the drill starts, so a test can stop the execution (engine.stop) mid-way. */
  onEngine?: (engine: LocalEngine) => void;
  /** Changes the seeded account before the drill starts (calls made here have no caller: outside IAM, not the drill's). */
  arrange?: (account: SimAccount) => Promise<void>;
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
      names: StackNames;
      /** What the run invented for the plan's selections (no protectedResources given), to be said as such. */
      selectionSeed?: SelectionSeed;
      simulated: { startedAt: string; finishedAt: string };
      realMs: number;
    };

export interface LocalEnvironment {
  clock: SimClock;
  account: SimAccount;
  engine: LocalEngine;
  /** The packaged stack the run is built from, and the names of its buckets, table and topic. */
  stack: LocalStack;
  names: StackNames;
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
    /** The stack to run (default: localStackFor(plan)); a test may change a role to see what AWS would deny. */
    stack?: LocalStack;
    /**
     * Simulated time at the start (default: a second from now). `dr-drill smoke --local` starts it in the past: its
     * backup must complete before the drill starts, which the engine stamps with the real clock.
     */
    startAt?: number;
  } = {},
): LocalEnvironment {
  // The engine stamps $$.Execution.StartTime with the real clock when the execution starts; starting simulated
  // time a second ahead keeps every simulated timestamp after the drill's start, as in AWS.
  const clock = new SimClock(options.startAt ?? Date.now() + 1000);
  // The functions' log lines are for CloudWatch; locally the progress lines tell the same story (failures included).
  pinLogLevel(options.logLevel ?? 'SILENT');
  const regions = [...new Set([...plan.residency.allowedRegions, plan.regions.primary, plan.regions.dr, ...EXTRA_REGIONS])];
  const account = new SimAccount({ clock, regions, faults: parseFaults(options.faults ?? []), seed: options.seed ?? plan.name });
  account.seedFromPlan(plan);
  const stack = options.stack ?? localStackFor(plan);
  const names = stackNames(stack);
  // What `serverless deploy` creates for the functions to share.
  const keys = new Map<string, string>();
  for (const bucket of stack.buckets) {
    const arn = account.createBucket(bucket.name, stack.region);
    if (bucket.kmsKeyArn) keys.set(arn, bucket.kmsKeyArn);
  }
  for (const table of stack.tables) account.createTable(table.name, stack.region, { partition: table.partitionKey, ...(table.sortKey ? { sort: table.sortKey } : {}) });
  for (const topic of stack.topics) {
    const arn = account.createTopic(topic.arn.split(':').pop()!, stack.region);
    if (topic.kmsKeyArn) keys.set(arn, topic.kmsKeyArn);
  }
  // From here on every call a function or state machine makes is authorized against its packaged role.
  account.enforce({ authorizer: new Authorizer(stack.roles, stack.account), keys });
  // Lambda publishes EMF metrics to CloudWatch through its log; locally they would only be noise on stdout.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const sweeps: SweeperOutput[] = [];
  const engine: LocalEngine = new LocalEngine({
    stack,
    ...(options.deployedPlan ? { localPorts: { deployedPlan: options.deployedPlan } } : {}),
    account,
    clock,
    onEvent: options.onEvent,
    answerTaskToken: () => simulatedApprover(clock, options.approval ?? 'approve'),
    taskFaults: options.taskFaults,
    // EventBridge delivers an execution's status change to every function a rule of the stack matches it with
    // (the sweeper's rule: drill and restore-target executions that ended ABORTED, TIMED_OUT or FAILED).
    onExecutionEnded: options.deliverStatusChanges
      ? async (execution) => {
          const event = statusChangeEvent(execution, stack.account, stack.region);
          for (const rule of stack.rules.filter((r) => matchesPattern(r.pattern, event))) {
            for (const target of rule.targets) {
              const fn = [...stack.functions.values()].find((f) => f.arn === target);
              if (!fn) throw new Error(`dr-drill local: rule ${rule.logicalId} targets ${target}, which is not a function of the stack`);
              const out = await engine.invokeFunction(fn.key, event);
              if (fn.key === 'sweeper') sweeps.push(out as SweeperOutput);
            }
          }
        }
      : undefined,
  });
  return { clock, account, engine, sweeps, stack, names };
}

/** The stack an operator deploys for this plan, in its DR region of its account: what a local run is built from. */
export function localStackFor(plan: Plan): LocalStack {
  return readStack(templateFor(plan, { region: plan.regions.dr, allowedRegions: plan.residency.allowedRegions }), accountOf(plan), plan.regions.dr);
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
  // A plan of selections only has no target until Check Plan resolves them: its selections name the vaults.
  const vault = plan.targets[0]?.drVault ?? plan.selections?.[0]?.drVault;
  const id = vault ? accountOfArn(vault) : undefined;
  if (!id) throw new Error('the plan names no AWS account in its vault ARNs');
  return id;
}

export async function runLocalDrill(options: LocalDrillOptions): Promise<LocalDrillResult> {
  const checked = checkPlan(options.plan);
  if (!checked.ok) return { refused: true, problems: checked.problems, calls: [] };
  const plan = checked.plan;
  // The account is seeded with the listed targets and the resources only selections find: the caller's, or invented.
  const selectionSeed = options.protectedResources === undefined && plan.selections?.length ? seedForSelections(plan) : undefined;
  const protectedResources = options.protectedResources ?? selectionSeed;
  const extra = (protectedResources?.targets ?? []).map((t) => targetSchema.parse(t));
  const seeded = extra.length > 0 ? { ...plan, targets: [...plan.targets, ...extra] } : plan;

  const realStart = Date.now();
  const { clock, account, engine, sweeps, names } = createLocalEnvironment(seeded, {
    ...(options.editStack ? { stack: options.editStack(localStackFor(plan)) } : {}),
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
    await account.call(plan.regions.dr, 's3', 'PutObject', { Bucket: names.storeBucket, Key: planKey, Body: planJson });
    input = { planKey, ...only };
  }
  for (const [arn, tags] of Object.entries(protectedResources?.tags ?? {})) account.tagProductionResource(arn, tags);
  options.onEngine?.(engine);
  await options.arrange?.(account);
  const execution = await engine.run(engine.machineArn('drill'), input as never, `local-${realStart}`);
  // AWS delivers the status change after the execution ends; the local run waits for the sweep it starts.
  await engine.settled();
  const report = await readReport(account, plan.regions.dr, names.storeBucket, execution);
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
    names,
    ...(selectionSeed ? { selectionSeed } : {}),
    simulated: { startedAt: execution.startedAt, finishedAt: execution.stoppedAt ?? clock.nowIso() },
    realMs: Date.now() - realStart,
  };
}

/** The full report Build Report stored, read back from the simulated drill store (null when none was written). */
async function readReport(account: SimAccount, region: string, storeBucket: string, execution: ExecutionRecord): Promise<DrillReport | null> {
  const drillId = drillIdFor(execution.arn);
  try {
    const object = await account.call(region, 's3', 'GetObject', { Bucket: storeBucket, Key: reportKey(drillId) });
    return drillReportSchema.parse(JSON.parse(String(object.Body)));
  } catch {
    return null;
  }
}
