// dr-drill validate --plan <file> --target <id> --connection <url>: runs one target's SQL checks against a database
// named on the command line (a copy restored by hand, a staging database) with the same read-only session and the
// same expectations as a drill, so checks can be written and tried before a drill depends on them.
import type { Command } from 'commander';
import { sqlConnectors } from '../../lib/checks/sql/connectors';
import { runSqlChecks } from '../../lib/checks/sql/run-sql-checks';
import { CheckSetupError, type CheckResult, type SqlCheckOutcome, type SqlConnector, type SqlEndpoint, type SqlSession } from '../../lib/checks/types';
import { formatDuration } from '../../lib/measure/durations';
import { closestMatch } from '../../lib/plan/did-you-mean';
import { TARGET_TYPES, type Plan, type Target } from '../../lib/plan/schema';
import { definitionOf, definitionOfType } from '../../lib/resource-types/targets/definition-registry';
import type { DatabaseValidation } from '../../lib/plan/validation-schema';
import { ExitCode, type CommandContext, type Output } from '../context';
import { loadPlanFile } from '../plan-file';

const CONNECT_TIMEOUT_MS = 10_000;
const EXAMPLE_URL = 'postgres://user:password@host:5432/database or mysql://user:password@host:3306/database';

export interface ValidateOptions {
  plan: string;
  target: string;
  connection: string;
}

type Engine = SqlEndpoint['engine'];

export function registerValidate(program: Command, ctx: CommandContext): void {
  program
    .command('validate')
    .description("run a target's SQL checks against a database you name, in a read-only transaction (no AWS calls)")
    .requiredOption('--plan <file>', 'the drill plan (YAML)')
    .requiredOption('--target <id>', 'the aurora or rds target whose validation.sql checks to run')
    .requiredOption(
      '--connection <url>',
      'postgres://user:password@host:port/database (or postgresql://, mysql://, mariadb://); add ?sslmode=verify-full to ' +
        'require TLS (for RDS, point NODE_EXTRA_CA_CERTS at the RDS CA bundle). Leave the password out of the URL to ' +
        'take it from DR_DRILL_DB_PASSWORD instead (a URL shows in ps and in shell history)',
    )
    .action(async (options: ValidateOptions) => ctx.setExitCode(await validateCommand(options, ctx.io)));
}

export async function validateCommand(options: ValidateOptions, io: Output, connectors: Record<Engine, SqlConnector> = sqlConnectors): Promise<number> {
  const usage = (message: string): number => {
    io.err(`dr-drill validate: ${message}`);
    return ExitCode.Usage;
  };

  const connection = parseConnectionUrl(options.connection);
  if (!connection.ok) return usage(`--connection: ${connection.problem}`);

  const loaded = await loadPlanFile(options.plan, io);
  if (!loaded.ok) return loaded.exitCode;
  const target = loaded.plan.targets.find((t) => t.id === options.target);
  if (!target) return usage(unknownTarget(options.target, loaded.plan));
  const validation = sqlValidation(target);
  if (!validation.ok) return usage(validation.problem);
  if (connection.engine !== validation.value.engine) {
    return usage(`--connection is a ${connection.engine} URL but target "${target.id}" checks a ${validation.value.engine} database`);
  }

  const endpoint: SqlEndpoint = { ...connection.endpoint, database: connection.endpoint.database || validation.value.database };
  let session: SqlSession;
  try {
    session = await connectors[endpoint.engine](endpoint, {
      statementTimeoutMs: validation.value.statementTimeoutSeconds * 1000,
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
    });
  } catch (error) {
    if (error instanceof CheckSetupError) return usage(error.message);
    throw error;
  }
  let outcomes: SqlCheckOutcome[];
  try {
    outcomes = await runSqlChecks(session, validation.value.sql);
  } finally {
    await session.close();
  }

  for (const { result } of outcomes) io.out(checkLine(result));
  const failed = outcomes.filter((o) => !o.result.passed).length;
  const ages = outcomes.map((o) => o.dataAgeSeconds).filter((age): age is number => age !== null && age >= 0);
  const where = `target ${target.id}, ${endpoint.engine} at ${endpoint.host}:${endpoint.port}/${endpoint.database}`;
  const age = ages.length ? `; newest data ${formatDuration(Math.max(...ages) / 60)} old` : '';
  const n = outcomes.length;
  const passedAll = n === 1 ? 'the check passed' : `all ${n} checks passed`;
  io.out(failed === 0 ? `✓ ${passedAll} (${where})${age}` : `✗ ${failed} of ${n} ${n === 1 ? 'check' : 'checks'} failed (${where})${age}`);
  return failed === 0 ? ExitCode.Ok : ExitCode.Problems;
}

function checkLine(result: CheckResult): string {
  return `${result.passed ? '✓' : '✗'} ${result.name}: ${String(result.value)} (expected ${result.expected}) — ${result.reason}`;
}

function unknownTarget(id: string, plan: Plan): string {
  const ids = plan.targets.map((t) => t.id);
  const guess = closestMatch(id, ids);
  return `no target "${id}" in plan "${plan.name}"${guess ? ` (did you mean ${guess}?)` : ''}; its targets are ${ids.join(', ')}`;
}

type Found<T> = { ok: true; value: T } | { ok: false; problem: string };

function sqlValidation(target: Target): Found<DatabaseValidation> {
  const sqlChecks = definitionOf(target).sqlChecks;
  if (!sqlChecks) {
    const types = TARGET_TYPES.filter((type) => definitionOfType(type).sqlChecks);
    const named = types.length > 1 ? `${types.slice(0, -1).join(', ')} and ${types.at(-1)!}` : types.join('');
    return { ok: false, problem: `target "${target.id}" is ${target.type}: only ${named} targets have SQL checks` };
  }
  const validation = sqlChecks(target);
  if (!validation) return { ok: false, problem: `target "${target.id}" has no validation block with SQL checks` };
  return { ok: true, value: validation };
}

type ParsedConnection = { ok: true; engine: Engine; endpoint: SqlEndpoint } | { ok: false; problem: string };

const SCHEMES: Record<string, Engine> = { 'postgres:': 'postgres', 'postgresql:': 'postgres', 'mysql:': 'mysql', 'mariadb:': 'mysql' };
const DEFAULT_PORTS: Record<Engine, number> = { postgres: 5432, mysql: 3306 };
const TLS_MODES: Record<string, boolean> = { disable: false, allow: false, prefer: false, require: true, 'verify-ca': true, 'verify-full': true };

/**
 * Reads a database URL. Problems name the part that is wrong and never repeat the URL: it holds a password.
 * The database may be left out, and then the plan's is used.
 */
export function parseConnectionUrl(text: string, env: NodeJS.ProcessEnv = process.env): ParsedConnection {
  const fail = (problem: string): ParsedConnection => ({ ok: false, problem });
  let url: URL;
  try {
    // Without "scheme://", `user:password@host` would parse with the user as its scheme.
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) throw new TypeError('no scheme');
    url = new URL(text);
  } catch {
    return fail(`not a database URL; expected ${EXAMPLE_URL}`);
  }
  const engine = SCHEMES[url.protocol];
  if (!engine) return fail(`unsupported scheme "${url.protocol.replace(/:$/, '')}"; use postgres://, postgresql://, mysql:// or mariadb://`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) return fail(`no host; expected ${EXAMPLE_URL}`);
  if (!url.username) return fail(`no user; expected ${EXAMPLE_URL}`);

  let user: string, password: string, database: string;
  try {
    [user, password, database] = [url.username, url.password, url.pathname.replace(/^\//, '')].map(decodeURIComponent) as [string, string, string];
  } catch {
    return fail('a user, password or database has a malformed %-escape');
  }
  if (database.includes('/')) return fail('the database name cannot contain "/"');

  let tls = false;
  for (const [key, value] of url.searchParams) {
    if (key === 'sslmode') {
      if (!(value in TLS_MODES)) return fail(`sslmode must be one of ${Object.keys(TLS_MODES).join(', ')}`);
      tls = TLS_MODES[value] as boolean;
    } else if (key === 'ssl') {
      if (!/^(true|false|1|0)$/.test(value)) return fail('ssl must be true or false');
      tls = value === 'true' || value === '1';
    } else {
      return fail(`unsupported option "${key}"; the only ones read are sslmode and ssl`);
    }
  }
  // A password in the URL is visible to every user of the machine (ps) and kept in shell history.
  if (!password && env.DR_DRILL_DB_PASSWORD) password = env.DR_DRILL_DB_PASSWORD;
  return { ok: true, engine, endpoint: { engine, host, port: Number(url.port) || DEFAULT_PORTS[engine], database, user, password, tls } };
}
