// Reading a plan file, shared by every command that takes one (`plan check` now; `run`, `start` later), so they all
// refuse a bad plan with the same lines and exit codes.
import { readFile } from 'node:fs/promises';
import { parsePlanText } from '../lib/plan/load';
import { formatProblem } from '../lib/plan/problem';
import type { Plan } from '../lib/plan/schema';
import { ExitCode, type Output } from './context';

export type LoadedPlan = { ok: true; plan: Plan } | { ok: false; exitCode: number };

/** Reads and checks `file`; when it is unusable, prints why (one line per problem) and says which code to exit with. */
export async function loadPlanFile(file: string, io: Output): Promise<LoadedPlan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    io.err(`✗ ${file}: cannot read the plan: ${readFailure(error)}`);
    return { ok: false, exitCode: ExitCode.Usage };
  }
  const checked = parsePlanText(text, file);
  if (checked.ok) return checked;
  const n = checked.problems.length;
  io.out(`✗ ${file}: ${n} ${n === 1 ? 'problem' : 'problems'}`);
  for (const problem of checked.problems) io.out(`  ${formatProblem(problem)}`);
  return { ok: false, exitCode: ExitCode.Problems };
}

function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}
