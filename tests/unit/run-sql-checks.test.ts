import { connectFailure, withoutQuotedValues } from '../../lib/checks/sql/driver-errors';
import { runSqlChecks } from '../../lib/checks/sql/run-sql-checks';
import type { SqlEndpoint, SqlSession } from '../../lib/checks/types';

// A session that answers each query from a table: the runner's logic without a database.
function fakeSession(answers: Record<string, { value: unknown; rowCount?: number } | Error>): SqlSession & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async scalar(sql) {
      asked.push(sql);
      const answer = answers[sql];
      if (answer === undefined) throw new Error(`fake: no answer for ${sql}`);
      if (answer instanceof Error) throw answer;
      return { value: answer.value, rowCount: answer.rowCount ?? 1 };
    },
    close: async () => undefined,
  };
}

describe('runSqlChecks', () => {
  it('compares each scalar with its expectation and reports name, value, expectation and reason', async () => {
    const session = fakeSession({ 'select count(*) from patients': { value: '1200' }, 'select max(id) from patients': { value: null } });

    const outcomes = await runSqlChecks(session, [
      { name: 'patients present', query: 'select count(*) from patients', expect: '>= 1000' },
      { name: 'ids assigned', query: 'select max(id) from patients', expect: 'not null' },
    ]);

    expect(outcomes).toEqual([
      { result: { name: 'patients present', passed: true, value: 1200, expected: '>= 1000', reason: 'value 1200 is >= 1000' }, dataAgeSeconds: null },
      { result: { name: 'ids assigned', passed: false, value: null, expected: 'not null', reason: 'value is null' }, dataAgeSeconds: null },
    ]);
  });

  it('returns a freshness check’s value as the data age, whether it passed or not', async () => {
    const session = fakeSession({ age: { value: '90000.5' } });

    const [outcome] = await runSqlChecks(session, [{ name: 'recent updates', query: 'age', expect: '<= 86400', freshness: true }]);

    expect(outcome).toEqual({
      result: { name: 'recent updates', passed: false, value: 90000.5, expected: '<= 86400', reason: 'value 90000.5 is not <= 86400' },
      dataAgeSeconds: 90000.5,
    });
  });

  it('has no data age when a freshness query returns no number', async () => {
    const session = fakeSession({ age: { value: null } });

    const [outcome] = await runSqlChecks(session, [{ name: 'recent updates', query: 'age', expect: '<= 86400', freshness: true }]);

    expect(outcome?.dataAgeSeconds).toBeNull();
    expect(outcome?.result.passed).toBe(false);
  });

  it('fails a check whose query fails with the first line of the reason, and still runs the next', async () => {
    const session = fakeSession({
      broken: new Error('relation "patients" does not exist\n    at Parser.parseErrorMessage (node_modules/pg-protocol/dist/parser.js:1:1)'),
      fine: { value: 1 },
    });

    const outcomes = await runSqlChecks(session, [
      { name: 'first', query: 'broken', expect: '>= 1' },
      { name: 'second', query: 'fine', expect: '>= 1' },
    ]);

    expect(session.asked).toEqual(['broken', 'fine']);
    expect(outcomes.map((o) => o.result)).toEqual([
      { name: 'first', passed: false, value: null, expected: '>= 1', reason: 'query failed: relation "patients" does not exist' },
      { name: 'second', passed: true, value: 1, expected: '>= 1', reason: 'value 1 is >= 1' },
    ]);
  });

  it('fails a query that returns no rows, whatever the expectation', async () => {
    const session = fakeSession({ none: { value: null, rowCount: 0 } });

    const [outcome] = await runSqlChecks(session, [{ name: 'archived', query: 'none', expect: 'null' }]);

    expect(outcome?.result).toEqual({ name: 'archived', passed: false, value: null, expected: 'null', reason: 'the query returned no rows' });
  });

  it('never puts text read from the data in a result', async () => {
    const session = fakeSession({ name: { value: 'Test Patient 0001' } });

    const [outcome] = await runSqlChecks(session, [{ name: 'a name', query: 'name', expect: 'equals someone else' }]);

    expect(JSON.stringify(outcome)).not.toContain('Test Patient');
    expect(outcome?.result.value).toBe('(text)');
  });
});

describe('driver error lines', () => {
  const endpoint: SqlEndpoint = { engine: 'postgres', host: 'db.internal', port: 5432, database: 'patients', user: 'reader', password: 'hunter2-secret' };

  it('hide the value a data error quotes, keeping what kind of error it was', () => {
    expect(withoutQuotedValues('invalid input syntax for type integer: "Test Patient 0001"')).toBe('invalid input syntax for type integer: "…"');
    expect(withoutQuotedValues("Duplicate entry 'Test Patient 0001' for key 'PRIMARY'")).toBe("Duplicate entry '…'");
    expect(withoutQuotedValues('Incorrect integer value: \'it\'s "odd"\' for column `test`.`t`.`c` at row 1')).toBe(
      "Incorrect integer value: '…' for column `test`.`t`.`c` at row 1",
    );
  });

  it('say where a connection was tried and why it failed, in words, without the password', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
    const auth = new Error('password authentication failed for user "reader" (tried hunter2-secret)');

    expect(connectFailure(refused, endpoint, { timedOut: false, connectTimeoutMs: 10_000 })).toBe(
      'cannot connect to postgres at db.internal:5432 (database patients, user reader): connection refused (is the database running and listening on that port?)',
    );
    expect(connectFailure(auth, endpoint, { timedOut: false, connectTimeoutMs: 10_000 })).toBe(
      'cannot connect to postgres at db.internal:5432 (database patients, user reader): password authentication failed for user "reader" (tried ***)',
    );
    expect(connectFailure(new Error('Connection terminated unexpectedly'), endpoint, { timedOut: true, connectTimeoutMs: 2500 })).toBe(
      'cannot connect to postgres at db.internal:5432 (database patients, user reader): no answer within 2.5 s',
    );
  });

  it('read the first address’s failure from the AggregateError Node gives for a host with several addresses', () => {
    const both = new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })], '');

    expect(connectFailure(both, endpoint, { timedOut: false, connectTimeoutMs: 10_000 })).toMatch(/: connection refused/);
  });
});
