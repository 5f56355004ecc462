// dr-drill validate run in-process against the real PostgreSQL on this machine, with the NHS example plan given a
// validation block for patients-db that checks this run's own table.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'pg';
import { stringify } from 'yaml';
import { bufferOutput, main } from '../../cli/index';
import { nhsWith } from '../unit/plan-fixtures';
import { adminPostgres, closedPort, createPostgresPatients, PATIENT_ROWS, uniqueSuffix } from './sql-fixtures';

const STACK_FRAME = '    at ';
const PASSWORD = 'not-the-Pa55word';
const suffix = uniqueSuffix();
const patients = `patients_${suffix}`;
const role = `drdrill_test_${suffix}`;

const secretArn = 'arn:aws:secretsmanager:eu-west-2:111122223333:secret:dr-drill/patients-ro-AbCdEf';
const checks = {
  count: { name: 'patients present', query: `SELECT count(*) FROM ${patients}`, expect: '>= 1000' },
  fresh: { name: 'recent updates', query: `SELECT extract(epoch FROM now() - max(updated_at))::int FROM ${patients}`, expect: '<= 86400', freshness: true },
  named: { name: 'names recorded', query: `SELECT count(*) FROM ${patients} WHERE full_name IS NULL`, expect: '= 0' },
  tooFew: { name: 'patients present', query: `SELECT count(*) FROM ${patients}`, expect: '>= 5000' },
  missing: { name: 'appointments present', query: `SELECT count(*) FROM appointments_${suffix}`, expect: '>= 1' },
};

let admin: Client;
let dir: string;

function planWith(sql: object[]): string {
  const file = join(dir, `plan-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(file, stringify(nhsWith({ 'targets[0].validation': { engine: 'postgres', database: 'test', secretArn, sql } })));
  return file;
}

async function validate(plan: string, connection: string) {
  const output = bufferOutput();
  const code = await main(['validate', '--plan', plan, '--target', 'patients-db', '--connection', connection], output);
  expect(output.all.filter((line) => line.includes(STACK_FRAME))).toEqual([]);
  expect(output.all.filter((line) => line.includes(PASSWORD))).toEqual([]);
  return { code, ...output };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dr-drill-validate-'));
  admin = await adminPostgres();
  await createPostgresPatients(admin, patients, 300);
  await admin.query(`CREATE ROLE ${role} NOLOGIN`);
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (!admin) return;
  await admin.query(`DROP TABLE IF EXISTS ${patients}`);
  await admin.query(`DROP ROLE IF EXISTS ${role}`);
  await admin.end();
});

describe('dr-drill validate against PostgreSQL', () => {
  it('prints a line per passed check and a summary with the data age, and exits 0', async () => {
    const plan = planWith([checks.count, checks.fresh, checks.named]);

    const { code, stdout, stderr } = await validate(plan, `postgres://postgres:${PASSWORD}@127.0.0.1:5432/test`);

    expect(stderr).toEqual([]);
    expect(stdout).toEqual([
      `✓ patients present: ${PATIENT_ROWS} (expected >= 1000) — value ${PATIENT_ROWS} is >= 1000`,
      expect.stringMatching(/^✓ recent updates: 30\d \(expected <= 86400\) — value 30\d is <= 86400$/),
      '✓ names recorded: 0 (expected = 0) — value 0 is = 0',
      '✓ all 3 checks passed (target patients-db, postgres at 127.0.0.1:5432/test); newest data 5 min old',
    ]);
    expect(code).toBe(0);
  });

  it('prints what failed and why, counts the failures, and exits 1', async () => {
    const plan = planWith([checks.tooFew, checks.missing, checks.named]);

    const { code, stdout } = await validate(plan, 'postgresql://postgres@127.0.0.1/test');

    expect(stdout).toEqual([
      `✗ patients present: ${PATIENT_ROWS} (expected >= 5000) — value ${PATIENT_ROWS} is not >= 5000`,
      `✗ appointments present: null (expected >= 1) — query failed: relation "appointments_${suffix}" does not exist`,
      '✓ names recorded: 0 (expected = 0) — value 0 is = 0',
      '✗ 2 of 3 checks failed (target patients-db, postgres at 127.0.0.1:5432/test)',
    ]);
    expect(code).toBe(1);
  });

  it('uses the plan’s database when the URL names none', async () => {
    const plan = planWith([checks.count]);

    const { code, stdout } = await validate(plan, 'postgres://postgres@127.0.0.1:5432');

    expect(stdout.at(-1)).toBe('✓ the check passed (target patients-db, postgres at 127.0.0.1:5432/test)');
    expect(code).toBe(0);
  });

  it('says in one line that the database cannot be reached, and exits 2', async () => {
    const plan = planWith([checks.count]);
    const port = await closedPort();

    const { code, stdout, stderr } = await validate(plan, `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/test`);

    expect(stdout).toEqual([]);
    expect(stderr).toEqual([
      `dr-drill validate: cannot connect to postgres at 127.0.0.1:${port} (database test, user postgres): connection refused (is the database running and listening on that port?)`,
    ]);
    expect(code).toBe(2);
  });

  it('says in one line that the server refused the login, without the password, and exits 2', async () => {
    const plan = planWith([checks.count]);

    const { code, stdout, stderr } = await validate(plan, `postgres://${role}:${PASSWORD}@127.0.0.1:5432/test`);

    expect(stdout).toEqual([]);
    expect(stderr).toEqual([
      `dr-drill validate: cannot connect to postgres at 127.0.0.1:5432 (database test, user ${role}): role "${role}" is not permitted to log in`,
    ]);
    expect(code).toBe(2);
  });
});
