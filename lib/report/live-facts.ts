// What the live view needs beyond a step's name, read from a state's input or output the same way in a local run
// (the engine's state input/output) and in AWS (the history's StateEntered input, StateExited output): how long a
// poll has waited against the plan's ceiling, and which targets each part of the drill drills.
import type { DrillFacts, PollFacts } from './progress';

type Obj = Record<string, unknown>;
const get = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Obj)[key] : undefined), value);

export interface PollLoop {
  /** The Task that looks (its "ok" carries the status it saw). */
  check: string;
  /** Where the loop keeps its count: `$.poll` while restoring, `$.settle` while cleaning up. */
  counter: 'poll' | 'settle';
  /** The ceiling its Decision compares the count with (lib/drill/contracts.ts, ceilingsSchema). */
  ceiling: 'copySeconds' | 'restoreSeconds' | 'instanceSeconds' | 'cleanupSeconds';
}

/**
 * restore-target's poll loops by their Wait state, as statemachines/source/restore-target.yml writes them
 * (`Type: Poll`: Wait, Check, Counter, and the ceiling its Decision reads); tests/unit/live-facts.test.ts reads the
 * source and fails when the two disagree.
 */
export const POLL_LOOPS: Readonly<Record<string, PollLoop>> = {
  'Wait For Copy': { check: 'Describe Copy Job', counter: 'poll', ceiling: 'copySeconds' },
  'Wait For Restore': { check: 'Describe Restore Job', counter: 'poll', ceiling: 'restoreSeconds' },
  'Wait For EC2 Instance': { check: 'Describe EC2 Instance Status', counter: 'poll', ceiling: 'instanceSeconds' },
  'Wait For Instance': { check: 'Describe DB Instance', counter: 'poll', ceiling: 'instanceSeconds' },
  'Wait For Restore To Settle': { check: 'Describe Settling Restore Job', counter: 'settle', ceiling: 'cleanupSeconds' },
  'Wait For Instance Deletion': { check: 'Describe Deleting Instance', counter: 'settle', ceiling: 'cleanupSeconds' },
  'Wait For Copy To Settle': { check: 'Describe Settling Copy Job', counter: 'settle', ceiling: 'cleanupSeconds' },
  'Wait For Deletions': { check: 'Check Cleanup', counter: 'settle', ceiling: 'cleanupSeconds' },
};

/**
 * Steps that run once against a ceiling of their own: validation, which the Lambda stops at the plan's
 * validationMinutes (or the target's validation.timeoutSeconds), both in `$.ceilings.validationSeconds`.
 */
export const TIMED_STEPS: Readonly<Record<string, 'validationSeconds'>> = {
  'Validate Restored Resource': 'validationSeconds',
};

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** At a poll's Wait (or a timed step's entry): how long it has waited so far and its ceiling; undefined for any other state. */
export function pollFacts(step: string, input: unknown): PollFacts | undefined {
  const timed = TIMED_STEPS[step];
  if (timed) {
    const ceilingSeconds = num(get(input, 'ceilings', timed));
    return ceilingSeconds !== undefined && ceilingSeconds > 0 ? { elapsedSeconds: 0, ceilingSeconds } : undefined;
  }
  const loop = POLL_LOOPS[step];
  if (!loop) return undefined;
  const elapsedSeconds = num(get(input, loop.counter, 'elapsedSeconds'));
  const ceilingSeconds = num(get(input, 'ceilings', loop.ceiling));
  return elapsedSeconds !== undefined && ceilingSeconds !== undefined && ceilingSeconds > 0 ? { elapsedSeconds, ceilingSeconds } : undefined;
}

/**
 * At Check Plan's exit: the drill's id and the targets of each part, as preflight settled them (its output at
 * `$.preflight`: functions/preflight/preflight.ts, PreflightResult). Read loosely: a part kind it does not know is
 * skipped, not an error, so the view survives a new kind of part.
 */
export function drillFacts(step: string, output: unknown): DrillFacts | undefined {
  if (step !== 'Check Plan') return undefined;
  const preflight = get(output, 'preflight');
  const id = get(preflight, 'drill', 'id');
  if (typeof id !== 'string') return undefined;
  const parts = get(preflight, 'parts');
  const restoreTargetIds = (Array.isArray(parts) ? parts : []).flatMap((p) => {
    const ids = get(p, 'targetIds');
    return Array.isArray(ids) ? ids.filter((t): t is string => typeof t === 'string') : [];
  });
  const items = get(preflight, 'failoverItems');
  const failoverTargetIds = (Array.isArray(items) ? items : []).map((i) => get(i, 'target', 'id')).filter((t): t is string => typeof t === 'string');
  return { id, restoreTargetIds, failoverTargetIds, dryRun: get(preflight, 'dryRun') === true };
}
