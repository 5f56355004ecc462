// Small pieces every target type's checks.ts builds its results from: one check result, the "is X" and "is present"
// checks readiness is made of, and "not found means not restored".
import { isNotFound } from '../../aws/classify-error';
import type { CheckResult } from '../../drill/contracts';
import type { DataCheckInput, DataCheckOutcome, ReadinessInput, RestoreTestCheckInput, RestoreTestCheckOutcome } from './target-checks';
import type { Target } from '../../plan/schema';

export function check(name: string, passed: boolean, value: CheckResult['value'], expected: string, reason: string): CheckResult {
  return { name, passed, value, expected, reason };
}

export const equalsCheck = (name: string, actual: string | undefined, wanted: string, what: string): CheckResult =>
  check(name, actual === wanted, actual ?? null, wanted, actual === wanted ? `${what} is ${wanted}` : `${what} is ${actual ?? 'unknown'}, not ${wanted}`);

export const presentCheck = (name: string, value: string | undefined, what: string): CheckResult =>
  check(name, Boolean(value), value ? 'present' : null, 'present', value ? `${what} is present` : `${what} is missing`);

/** A resource AWS does not know is a failed check (it was not restored), not an error of the drill. */
export async function orMissing<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** The last path segment of an ARN (`.../fs-123` -> `fs-123`). */
export const idFromArn = (arn: string): string => arn.split('/').pop() as string;

/** No data checks: the plan asks for none, or the type has none. */
export const NO_DATA_CHECKS: DataCheckOutcome = { checks: [], dataAgeSeconds: null };

/**
 * A restore test checked as a drill checks its restore: readiness, then the data checks, both on the resource AWS
 * Backup named. The data checks run even when readiness failed, so the console lists every check that failed.
 */
export async function readinessAndDataChecks<T extends Target>(
  checks: { readiness(input: ReadinessInput<T>): Promise<CheckResult[]>; dataChecks(input: DataCheckInput<T>): Promise<DataCheckOutcome> },
  input: RestoreTestCheckInput<T>,
): Promise<RestoreTestCheckOutcome> {
  const { target, names, restoredResourceArn, region, clients, now } = input;
  const readiness = await checks.readiness({ target, names, restoredResourceArn, region, clients });
  const data = await checks.dataChecks({ target, names, restoredResourceArn, region, clients, now });
  return { checks: [...readiness, ...data.checks], notChecked: null };
}
