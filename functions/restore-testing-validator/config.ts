// The validator's own configuration, read once at cold start: a missing or malformed value fails the cold start with
// a message that names the variable, rather than every restore test being reported FAILED for a deployment fault.

export const PLAN_KEY_VARIABLE = 'RESTORE_TESTING_PLAN_KEY';
/** The same shape Check Plan accepts for a plan file in the drill store. */
const PLAN_KEY_PATTERN = /^plans\/[\w./-]+\.(ya?ml|json)$/;

export interface RestoreTestingConfig {
  /** The dr-drill plan, in the drill store, whose targets (and their checks) the restore tests are matched to. */
  planKey: string;
}

export function restoreTestingConfig(env: NodeJS.ProcessEnv = process.env): RestoreTestingConfig {
  const planKey = env[PLAN_KEY_VARIABLE];
  if (!planKey) {
    throw new Error(`${PLAN_KEY_VARIABLE} is not set: name the dr-drill plan in the drill store that restore tests are checked against (e.g. plans/restore-testing.yml)`);
  }
  if (!PLAN_KEY_PATTERN.test(planKey)) {
    throw new Error(`${PLAN_KEY_VARIABLE} is "${planKey}": it must be plans/<file>.yml, .yaml or .json, a plan file in the drill store`);
  }
  return { planKey };
}
