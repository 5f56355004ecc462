// The health URL probe of the failover drill: the production HttpGet (fetch with a hard timeout) and one probe's
// answer as data. A probe that gets no answer is a fact about the service (it was down), never an error of the drill.
import type { HttpGet } from './ports';

/** One GET, status only: the body is never read, and a redirect is reported as it is rather than followed. */
export const fetchHttpGet: HttpGet = async (url, { timeoutMs }) => {
  const response = await fetch(url, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  // Releases the connection without reading what the application sent.
  await response.body?.cancel().catch(() => undefined);
  return { status: response.status };
};

export interface HealthAnswer {
  ok: boolean;
  /** "HTTP 200", or why there was no status: "timeout after 3000 ms", "could not connect (ECONNREFUSED)". */
  answer: string;
}

/** Probes the URL once: healthy on any 2xx. */
export async function probeHealth(http: HttpGet, url: string, timeoutMs: number): Promise<HealthAnswer> {
  try {
    const { status } = await http(url, { timeoutMs });
    return { ok: status >= 200 && status < 300, answer: `HTTP ${status}` };
  } catch (error) {
    return { ok: false, answer: noAnswer(error, timeoutMs) };
  }
}

function noAnswer(error: unknown, timeoutMs: number): string {
  const name = (error as Error | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `timeout after ${timeoutMs} ms`;
  // fetch wraps the network error: its code (ECONNREFUSED, ENOTFOUND, a TLS code) says what happened.
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code ?? (error as { code?: unknown } | null)?.code;
  return `could not connect (${typeof code === 'string' ? code : (name ?? 'unknown error')})`;
}
