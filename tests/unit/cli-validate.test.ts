// dr-drill validate: everything it refuses before connecting to a database. The runs against a real database are in
// tests/integration/cli-validate.test.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { bufferOutput, main } from '../../cli/index';
import { parseConnectionUrl } from '../../cli/commands/validate';
import { nhsWith, REMOVE } from './plan-fixtures';

const STACK_FRAME = '    at ';
const PASSWORD = 's3cr3t-Pa55';
const PG_URL = `postgres://reader:${PASSWORD}@db.example.internal:5432/patients`;

const validation = {
  engine: 'postgres',
  database: 'patients',
  secretArn: 'arn:aws:secretsmanager:eu-west-2:111122223333:secret:dr-drill/patients-ro-AbCdEf',
  sql: [{ name: 'patients present', query: 'SELECT count(*) FROM patients', expect: '>= 1000' }],
};

let dir: string;
let planWithChecks: string;
let planWithoutChecks: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dr-drill-validate-'));
  planWithChecks = join(dir, 'with-checks.yml');
  planWithoutChecks = join(dir, 'without-checks.yml');
  writeFileSync(planWithChecks, stringify(nhsWith({ 'targets[0].validation': validation })));
  writeFileSync(planWithoutChecks, stringify(nhsWith({ 'targets[0].validation': REMOVE })));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const output = bufferOutput();
  const code = await main(argv, output);
  // Whatever happens, a person never sees a stack trace, nor the password they typed.
  expect(output.all.filter((line) => line.includes(STACK_FRAME))).toEqual([]);
  expect(output.all.filter((line) => line.includes(PASSWORD))).toEqual([]);
  return { code, ...output };
}

const validate = (options: { plan?: string; target?: string; connection?: string }) =>
  run(
    'validate',
    ...(options.plan === undefined ? [] : ['--plan', options.plan]),
    ...(options.target === undefined ? [] : ['--target', options.target]),
    ...(options.connection === undefined ? [] : ['--connection', options.connection]),
  );

describe('dr-drill validate refuses, in one line and with exit 2, before connecting', () => {
  it('a missing --connection', async () => {
    const { code, stderr } = await validate({ plan: planWithChecks, target: 'patients-db' });

    expect(code).toBe(2);
    expect(stderr).toEqual(["error: required option '--connection <url>' not specified", '(add --help for usage)']);
  });

  it('a connection that is not a URL', async () => {
    const { code, stdout, stderr } = await validate({ plan: planWithChecks, target: 'patients-db', connection: `reader:${PASSWORD}@db:5432` });

    expect(code).toBe(2);
    expect(stdout).toEqual([]);
    expect(stderr).toEqual([
      'dr-drill validate: --connection: not a database URL; expected postgres://user:password@host:5432/database or mysql://user:password@host:3306/database',
    ]);
  });

  it('a URL for another kind of server', async () => {
    const { code, stderr } = await validate({ plan: planWithChecks, target: 'patients-db', connection: `https://reader:${PASSWORD}@db/patients` });

    expect(code).toBe(2);
    expect(stderr).toEqual(['dr-drill validate: --connection: unsupported scheme "https"; use postgres://, postgresql://, mysql:// or mariadb://']);
  });

  it('a URL option it does not know', async () => {
    const { code, stderr } = await validate({ plan: planWithChecks, target: 'patients-db', connection: `${PG_URL}?application_name=x` });

    expect(code).toBe(2);
    expect(stderr).toEqual(['dr-drill validate: --connection: unsupported option "application_name"; the only ones read are sslmode and ssl']);
  });

  it('a target the plan does not have, suggesting the one meant', async () => {
    const { code, stderr } = await validate({ plan: planWithChecks, target: 'patient-db', connection: PG_URL });

    expect(code).toBe(2);
    expect(stderr).toEqual([
      'dr-drill validate: no target "patient-db" in plan "nhs-patient-platform" (did you mean patients-db?); its targets are patients-db, appointments, documents, shared-files',
    ]);
  });

  it('a target of a type that has no SQL checks', async () => {
    const { code, stderr } = await validate({ plan: planWithChecks, target: 'appointments', connection: PG_URL });

    expect(code).toBe(2);
    expect(stderr).toEqual(['dr-drill validate: target "appointments" is dynamodb: only aurora and rds targets have SQL checks']);
  });

  it('a database target without a validation block', async () => {
    const { code, stderr } = await validate({ plan: planWithoutChecks, target: 'patients-db', connection: PG_URL });

    expect(code).toBe(2);
    expect(stderr).toEqual(['dr-drill validate: target "patients-db" has no validation block with SQL checks']);
  });

  it('a URL for the other engine than the target checks', async () => {
    const { code, stderr } = await validate({ plan: planWithChecks, target: 'patients-db', connection: `mysql://reader:${PASSWORD}@db:3306/patients` });

    expect(code).toBe(2);
    expect(stderr).toEqual(['dr-drill validate: --connection is a mysql URL but target "patients-db" checks a postgres database']);
  });

  it('a plan file that cannot be read', async () => {
    const missing = join(dir, 'missing.yml');

    const { code, stderr } = await validate({ plan: missing, target: 'patients-db', connection: PG_URL });

    expect(code).toBe(2);
    expect(stderr).toEqual([`✗ ${missing}: cannot read the plan: no such file`]);
  });
});

describe('parseConnectionUrl', () => {
  it('reads user, password, host, port and database', () => {
    expect(parseConnectionUrl(PG_URL)).toEqual({
      ok: true,
      engine: 'postgres',
      endpoint: { engine: 'postgres', host: 'db.example.internal', port: 5432, database: 'patients', user: 'reader', password: PASSWORD, tls: false },
    });
  });

  it('accepts postgresql:// and mariadb://, and defaults each engine’s port', () => {
    expect(parseConnectionUrl('postgresql://reader@db/patients', {})).toMatchObject({ engine: 'postgres', endpoint: { port: 5432, password: '' } });
    expect(parseConnectionUrl('mariadb://reader:pw@db/patients')).toMatchObject({ engine: 'mysql', endpoint: { engine: 'mysql', port: 3306 } });
    expect(parseConnectionUrl('mysql://reader:pw@db:3307/patients')).toMatchObject({ engine: 'mysql', endpoint: { port: 3307 } });
  });

  it('takes the password from DR_DRILL_DB_PASSWORD when the URL leaves it out, and the URL\'s when it has one', () => {
    expect(parseConnectionUrl('postgres://reader@db/patients', { DR_DRILL_DB_PASSWORD: 'from-env' })).toMatchObject({ endpoint: { password: 'from-env' } });
    expect(parseConnectionUrl('postgres://reader:in-url@db/patients', { DR_DRILL_DB_PASSWORD: 'from-env' })).toMatchObject({ endpoint: { password: 'in-url' } });
  });

  it('decodes %-escaped characters in the user, password and database', () => {
    expect(parseConnectionUrl('postgres://read%40er:p%40ss%2Fw%3Ard@db/my%20db')).toMatchObject({
      endpoint: { user: 'read@er', password: 'p@ss/w:rd', database: 'my db' },
    });
  });

  it('leaves the database empty when the URL names none (the plan’s is used)', () => {
    expect(parseConnectionUrl('postgres://reader:pw@db:5432')).toMatchObject({ endpoint: { database: '' } });
  });

  it('reads an IPv6 host without its brackets', () => {
    expect(parseConnectionUrl('postgres://reader:pw@[::1]:5432/test')).toMatchObject({ endpoint: { host: '::1' } });
  });

  it('turns TLS on for sslmode=require, verify-ca and verify-full, or ssl=true', () => {
    for (const query of ['sslmode=require', 'sslmode=verify-ca', 'sslmode=verify-full', 'ssl=true', 'ssl=1']) {
      expect(parseConnectionUrl(`postgres://reader:pw@db/test?${query}`)).toMatchObject({ endpoint: { tls: true } });
    }
    expect(parseConnectionUrl('postgres://reader:pw@db/test?sslmode=disable')).toMatchObject({ endpoint: { tls: false } });
  });

  it('refuses what it cannot use, naming the part, never repeating the URL', () => {
    const problems = [
      'postgres:///test',
      'postgres://db/test',
      `postgres://reader:${PASSWORD}%zz@db/test`,
      `postgres://reader:${PASSWORD}@db/test?sslmode=maybe`,
      `postgres://reader:${PASSWORD}@db/test?ssl=yes`,
      `postgres://reader:${PASSWORD}@db/a/b`,
    ].map((url) => {
      const parsed = parseConnectionUrl(url);
      return parsed.ok ? 'accepted' : parsed.problem;
    });

    expect(problems).toEqual([
      'no host; expected postgres://user:password@host:5432/database or mysql://user:password@host:3306/database',
      'no user; expected postgres://user:password@host:5432/database or mysql://user:password@host:3306/database',
      'a user, password or database has a malformed %-escape',
      'sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full',
      'ssl must be true or false',
      'the database name cannot contain "/"',
    ]);
  });
});
