// The one way into a drill plan: YAML text (CLI) or an already-parsed object (state machine input) in, a valid plan
// or every problem found out. Never throws for a bad plan: a person fixes all problems in one pass, not one per run.
import { LineCounter, parseDocument } from 'yaml';
import { applyPlanDefaults, defaultPathFor, type Provenance } from './defaults';
import { checkResidency } from './residency';
import { schemaProblems } from './schema-problems';
import { planSchema, type Plan } from './schema';
import { ROOT_PATH, type Problem } from './problem';

export { formatProblem, type Problem } from './problem';

export type PlanCheck = { ok: true; plan: Plan } | { ok: false; problems: Problem[] };

/** Schema first; residency only on a plan that has the shape it reads. */
export function checkPlan(input: unknown): PlanCheck {
  if (input === undefined || input === null) return invalid({ path: ROOT_PATH, message: 'the plan is empty' });
  const merged = applyPlanDefaults(input);
  const parsed = planSchema.safeParse(merged.input, { reportInput: true });
  if (!parsed.success) {
    return { ok: false, problems: withDefaultsNamed(schemaProblems(parsed.error.issues, planSchema, merged.input), merged.input, merged.provenance) };
  }
  const problems = checkResidency(parsed.data);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, plan: parsed.data };
}

/** `fileName` only names the file in messages about the file as a whole. */
export function parsePlanText(text: string, fileName?: string): PlanCheck {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  // Only the first syntax error: the ones after it are usually the parser losing its footing, not new mistakes.
  const [syntaxError] = document.errors;
  if (syntaxError) {
    const { line, col } = lineCounter.linePos(syntaxError.pos[0]);
    return invalid({ path: ROOT_PATH, message: `line ${line}, column ${col}: ${syntaxError.message}` });
  }
  let input: unknown;
  try {
    input = document.toJS();
  } catch (error) {
    // Aliases that point nowhere, or too many of them (a "billion laughs" document), fail only here.
    return invalid({ path: ROOT_PATH, message: `cannot read the YAML: ${error instanceof Error ? error.message : String(error)}` });
  }
  if (input === null || input === undefined) {
    return invalid({ path: ROOT_PATH, message: `${fileName ?? 'the plan'} is empty: expected a drill plan (name, residency, regions, objectives, targets)` });
  }
  return checkPlan(input);
}

/**
 * Problems about merged values name the defaults: a bad default is reported once, at `defaults.…` (the defaults block
 * is checked there itself), not once per target; a missing field that defaults could give says it is missing from
 * both. Every other problem keeps its target's path.
 */
function withDefaultsNamed(problems: Problem[], input: unknown, provenance: Provenance): Problem[] {
  const out: Problem[] = [];
  for (const problem of problems) {
    const from = sourceOf(problem.path, provenance);
    if (from !== undefined) {
      if (problems.some((p) => p.path === from.defaults || p.path.startsWith(`${from.defaults}.`))) continue;
      out.push({ ...problem, message: `${problem.message} (the value comes from ${from.defaults})` });
      continue;
    }
    // Without a defaults block the plain message stands: the author has not used defaults, so do not blame them.
    const missing = problem.message === 'missing required field' && hasDefaults(input) ? missingDefault(problem.path, input) : undefined;
    const entry = problem.path.startsWith('selections[') ? 'selection' : 'target';
    out.push(missing ? { ...problem, message: `missing from the ${entry} and from defaults: set it here or in ${missing}` } : problem);
  }
  return out;
}

function sourceOf(path: string, provenance: Provenance): { defaults: string } | undefined {
  for (const [target, defaults] of provenance) {
    if (path === target || path.startsWith(`${target}.`) || path.startsWith(`${target}[`)) return { defaults };
  }
  return undefined;
}

function hasDefaults(input: unknown): boolean {
  return typeof input === 'object' && input !== null && 'defaults' in input && (input as { defaults?: unknown }).defaults != null;
}

const ENTRY_PATH = /^(targets|selections)\[(\d+)\]\.(\w+)(?:\.(\w+))?$/;

function missingDefault(path: string, input: unknown): string | undefined {
  const match = ENTRY_PATH.exec(path);
  if (!match) return undefined;
  const [, list, index, field, sub] = match;
  const entries = (input as Record<string, unknown> | null)?.[list!];
  const entry = Array.isArray(entries) ? entries[Number(index)] : undefined;
  return defaultPathFor(sub === undefined ? [list!, Number(index), field!] : [list!, Number(index), field!, sub], entry);
}

function invalid(problem: Problem): PlanCheck {
  return { ok: false, problems: [problem] };
}
