// How many state transitions a drill's executions made, which Step Functions bills ($0.025 per 1,000, Standard
// workflows). AWS counts them in the execution history, which the drill does not read back (a 1,000-target drill has
// 1,001 histories); they are estimated instead from what each target did and how long its waits lasted, with the
// poll policies of statemachines/source/restore-target.yml (a test holds the two equal, and compares the estimate with
// the transitions a local run counted).

/** A poll loop's waits: the first, doubled after each look, never more than the maximum (the source's PollPolicies). */
export interface PollPolicy {
  firstWaitSeconds: number;
  maxWaitSeconds: number;
}

export const POLL_POLICIES = {
  'backup job': { firstWaitSeconds: 30, maxWaitSeconds: 300 },
  'settling job': { firstWaitSeconds: 60, maxWaitSeconds: 300 },
  resource: { firstWaitSeconds: 30, maxWaitSeconds: 120 },
} as const satisfies Record<string, PollPolicy>;

/** Wait, the Task that looks, the Choice that decides, Back Off and Cap: five per look (a Hold now and then is not counted). */
const TRANSITIONS_PER_LOOK = 5;
/** A target's straight path: Load Target to Evaluate Target through the copy, restore, mark, validate and delete steps. */
const TARGET_PATH = 30;
/** The parent's Map iteration that starts and waits for one child execution. */
const PARENT_PER_TARGET = 3;
/** The parent's own steps: Check Plan, Drill Parts, Build Report, Record Evidence, Notify and the Choices between them. */
const PARENT_FIXED = 15;

/** How many looks a poll loop takes to see something that took `seconds`: at least one. */
export function looksFor(seconds: number, policy: PollPolicy): number {
  let looks = 1;
  let waited = policy.firstWaitSeconds;
  let wait = policy.firstWaitSeconds;
  while (waited < seconds) {
    wait = Math.min(wait * 2, policy.maxWaitSeconds);
    waited += wait;
    looks += 1;
  }
  return looks;
}

/** What a target waited for, in minutes (null: that wait did not happen). */
export interface TargetWaits {
  copy: number | null;
  restore: number | null;
  instance: number | null;
  cleanup: number | null;
}

/** The transitions of one target's child execution and its share of the parent's. */
export function targetTransitions(waits: TargetWaits): number {
  const loop = (minutes: number | null, policy: PollPolicy) => (minutes === null || !Number.isFinite(minutes) ? 0 : looksFor(minutes * 60, policy) * TRANSITIONS_PER_LOOK);
  return (
    TARGET_PATH +
    PARENT_PER_TARGET +
    loop(waits.copy, POLL_POLICIES['backup job']) +
    loop(waits.restore, POLL_POLICIES['backup job']) +
    loop(waits.instance, POLL_POLICIES.resource) +
    loop(waits.cleanup, POLL_POLICIES.resource)
  );
}

/** The parent execution's own transitions, outside its per-target Map iterations. */
export const drillTransitions = (): number => PARENT_FIXED;
