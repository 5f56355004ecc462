// The one way into a drill plan: YAML text (CLI) or an already-parsed object (state machine input) in, a valid plan
// or every problem found out. Never throws for a bad plan: a person fixes all problems in one pass, not one per run.
import { LineCounter, parseDocument } from 'yaml';
import { checkResidency } from './residency';
import { schemaProblems } from './schema-problems';
import { planSchema, type Plan } from './schema';
import { ROOT_PATH, type Problem } from './problem';

export { formatProblem, type Problem } from './problem';

export type PlanCheck = { ok: true; plan: Plan } | { ok: false; problems: Problem[] };

/** Schema first; residency only on a plan that has the shape it reads. */
export function checkPlan(input: unknown): PlanCheck {
  if (input === undefined || input === null) return invalid({ path: ROOT_PATH, message: 'the plan is empty' });
  const parsed = planSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) return { ok: false, problems: schemaProblems(parsed.error.issues, planSchema, input) };
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

function invalid(problem: Problem): PlanCheck {
  return { ok: false, problems: [problem] };
}
