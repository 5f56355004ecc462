// Runs a target's SQL checks in one session, in plan order. A failing query is a failed check, never an error of
// the run: the next checks still run, so a report says everything that was and was not proven.
import { checkExpectation, numericValue } from '../expectation';
import type { SqlCheck, SqlCheckOutcome, SqlSession } from '../types';
import { firstLine, messageOf } from './driver-errors';

export async function runSqlChecks(session: SqlSession, checks: SqlCheck[]): Promise<SqlCheckOutcome[]> {
  const outcomes: SqlCheckOutcome[] = [];
  for (const check of checks) outcomes.push(await runSqlCheck(session, check));
  return outcomes;
}

async function runSqlCheck(session: SqlSession, check: SqlCheck): Promise<SqlCheckOutcome> {
  const failed = (reason: string): SqlCheckOutcome => ({
    result: { name: check.name, passed: false, value: null, expected: check.expect, reason },
    dataAgeSeconds: null,
  });
  let scalar: { value: unknown; rowCount: number };
  try {
    scalar = await session.scalar(check.query);
  } catch (error) {
    // Sessions made here already clean their messages; first line only in case another session does not.
    return failed(`query failed: ${firstLine(messageOf(error)) || 'no reason given'}`);
  }
  if (scalar.rowCount === 0) return failed('the query returned no rows');

  const verdict = checkExpectation(check.expect, scalar.value);
  return {
    result: { name: check.name, passed: verdict.passed, value: verdict.shown, expected: check.expect, reason: verdict.reason },
    dataAgeSeconds: check.freshness ? numericValue(scalar.value) : null,
  };
}
