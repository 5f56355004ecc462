// What every plan check reports: where (a path a person can find in the YAML) and what is wrong, as one line.

export interface Problem {
  /** `targets[2].drVault`, `residency.allowedRegions[0]`, or `(root)` for the whole document. */
  path: string;
  message: string;
}

export const ROOT_PATH = '(root)';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Writes a path the way a plan author reads it: `targets[2].restore.kmsKeyArn`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let path = '';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (typeof segment === 'string' && IDENTIFIER.test(segment)) path += path ? `.${segment}` : segment;
    // A key a person mistyped can hold anything (spaces, dots): quote it so the path stays unambiguous.
    else path += `[${JSON.stringify(String(segment))}]`;
  }
  return path || ROOT_PATH;
}

export function formatProblem(problem: Problem): string {
  return `${problem.path}: ${problem.message}`;
}
