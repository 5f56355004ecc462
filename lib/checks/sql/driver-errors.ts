// Turning driver errors into the one line a report shows. Two rules hold for every line made here: it never contains
// the password, and it never contains a value read from the restored data (drivers quote the offending value in
// data errors, e.g. `invalid input syntax for type integer: "Test Patient 0001"`).
import type { SqlEndpoint } from '../types';

const MAX_REASON = 300;

/** A check query failed; the message is already one clean line (no row values, no password). */
export class SqlQueryError extends Error {
  override readonly name = 'SqlQueryError';
}

export function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  const trimmed = line.trim();
  return trimmed.length > MAX_REASON ? `${trimmed.slice(0, MAX_REASON - 1)}…` : trimmed;
}

export function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') return error.errors.map(messageOf).join('; ');
  return error instanceof Error ? error.message : String(error);
}

/** Drivers do not echo passwords, but the line is about to leave the process: make sure. */
export function withoutSecret(text: string, secret: string): string {
  return secret ? text.split(secret).join('***') : text;
}

/** Replaces everything between the first quote and the last matching one: in a data error that is the value. */
export function withoutQuotedValues(message: string): string {
  return message.replace(/(["'`])[\s\S]*\1/, '$1…$1');
}

/** The statement timeout, said the same way for every engine. */
export function timeoutReason(statementTimeoutMs: number): string {
  return `cancelled: the query ran longer than the statement timeout (${formatSeconds(statementTimeoutMs)})`;
}

export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

// Node network errors are best said in words; their own messages repeat the address and the syscall.
const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is the database running and listening on that port?)',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found (DNS lookup failed)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'the server closed the connection',
  EPIPE: 'the server closed the connection',
};

/** Why a connection could not be made, as one line naming where it tried (never the password). */
export function connectFailure(error: unknown, endpoint: SqlEndpoint, options: { timedOut: boolean; connectTimeoutMs: number }): string {
  const where = `${endpoint.engine} at ${endpoint.host}:${endpoint.port} (database ${endpoint.database}, user ${endpoint.user})`;
  const cause = options.timedOut ? `no answer within ${formatSeconds(options.connectTimeoutMs)}` : connectCause(error);
  return withoutSecret(`cannot connect to ${where}: ${cause}`, endpoint.password);
}

function connectCause(error: unknown): string {
  const inner = error instanceof AggregateError && error.errors.length > 0 ? error.errors[0] : error;
  const code = (inner as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code in NETWORK_REASONS) return NETWORK_REASONS[code] as string;
  if (code === 'ETIMEDOUT') return 'timed out';
  const message = firstLine(messageOf(error));
  if (typeof code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|HANDSHAKE/.test(code)) return `TLS: ${message}`;
  return message || 'the connection failed';
}

/** Why a session could not be made read-only with a timeout after it connected. */
export function setupFailure(error: unknown, endpoint: SqlEndpoint): string {
  return withoutSecret(`connected to ${endpoint.host}:${endpoint.port} but could not start a read-only session: ${firstLine(messageOf(error))}`, endpoint.password);
}
