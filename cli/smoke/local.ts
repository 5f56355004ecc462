// `dr-drill smoke --local`: the same steps on the local simulation. The simulated account is seeded from a plan that
// stands for the deployed one (its vaults, roles and production resources); smoke's calls are made as the person
// running it (outside the stack's IAM, as an operator's are), while the drill runs the packaged state machines with
// every call authorized against their packaged roles, as `dr-drill run --local` does.
import { createLocalEnvironment, type LocalEnvironment } from '../../local/run-drill';
import type { TaskFaults } from '../../local/runner/task-faults';
import { toProgressEvent } from '../../local/runner/progress-events';
import type { Json } from '../../local/runner/definitions';
import type { Plan } from '../../lib/plan/schema';
import type { ProgressEvent } from '../../lib/report/progress';
import { runSmoke, type SmokePorts, type SmokeResult } from './smoke';
import type { SmokeSettings } from './settings';

/** Longer than smoke's own waits before the drill can take (table 5 min, backup 60 min). */
const SIMULATED_HEAD_START_MS = 75 * 60_000;

export interface LocalSmokeOptions {
  /** The plan the simulated stack stands deployed with: its first target's vaults and role are smoke's defaults. */
  deployedPlan: Plan;
  settings: SmokeSettings;
  out: (line: string) => void;
  onProgress?: (event: ProgressEvent) => void;
  /** Faults at named Task states of the drill (local/runner/task-faults.ts). */
  taskFaults?: TaskFaults;
  /** Ctrl-C, or a test that stops smoke part-way. */
  signal?: AbortSignal;
  smokeId?: string;
}

export interface SmokeCall {
  region: string;
  service: string;
  action: string;
  ok: boolean;
  input: Record<string, unknown>;
}

export interface LocalSmokeRun {
  result: SmokeResult;
  env: LocalEnvironment;
  /** The calls smoke itself made (the drill's are in env.account.calls, beside these). */
  calls: SmokeCall[];
  /** The drill execution's status, when one ran. */
  drillStatus?: string;
}

export async function runLocalSmoke(options: LocalSmokeOptions): Promise<LocalSmokeRun> {
  const env = createLocalEnvironment(options.deployedPlan, {
    taskFaults: options.taskFaults,
    // A drill that fails or is stopped sends its status change to the sweeper, as the stack's rule does in AWS.
    deliverStatusChanges: true,
    // Smoke's table and backup happen in simulated time before the drill, whose start the engine stamps with the real
    // clock (the engine then waits for real time to catch up): begin far enough back for any backup to be older.
    startAt: Date.now() - SIMULATED_HEAD_START_MS,
    onEvent: (notice) => {
      const progress = toProgressEvent(notice);
      if (progress) options.onProgress?.(progress);
    },
  });
  const { account, clock, engine } = env;
  const calls: SmokeCall[] = [];
  let drillStatus: string | undefined;
  const signal = options.signal ?? new AbortController().signal;
  const ports: SmokePorts = {
    async call(region, service, action, input) {
      const record: SmokeCall = { region, service, action, ok: false, input };
      calls.push(record);
      const output = await account.call(region, service, action, input);
      record.ok = true;
      return output;
    },
    async drill(input, drillSignal, onStarted) {
      const name = `smoke-${Date.now()}`;
      const machine = engine.machineArn('drill');
      const arn = `${machine.replace(':stateMachine:', ':execution:')}:${name}`;
      onStarted(arn);
      // Ctrl-C: StopExecution, as the AWS side does; the sweeper then gets the ABORTED status change.
      const stop = () => engine.stop(arn, 'States.Aborted', 'stopped by dr-drill smoke (Ctrl-C)');
      drillSignal.addEventListener('abort', stop, { once: true });
      try {
        const execution = await engine.run(machine, input as unknown as Json, name);
        await engine.settled();
        drillStatus = execution.status;
        return { passed: execution.status === 'SUCCEEDED' };
      } finally {
        drillSignal.removeEventListener('abort', stop);
      }
    },
    // Simulated time runs fast: a sleep is not cut short by Ctrl-C (SimClock would keep one abort listener per sleep).
    sleep: (ms) => clock.sleep(ms),
    now: () => new Date(clock.now()),
    out: options.out,
    signal,
    by: 'local',
  };
  try {
    const result = await runSmoke(options.settings, ports, options.smokeId);
    return { result, env, calls, ...(drillStatus ? { drillStatus } : {}) };
  } finally {
    clock.dispose();
    await account.databases.close();
  }
}
