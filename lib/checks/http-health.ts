// An HTTP health check on a restored instance: one GET, compared by status code only. The body is never read, so
// nothing the restored application serves can reach a result or a log.
import type { CheckResult } from '../drill/contracts';

export interface HttpHealth {
  port: number;
  path: string;
  expectStatus: number;
  timeoutSeconds: number;
}

export const HEALTH_CHECK_NAME = 'HTTP health';

export async function httpHealthCheck(host: string, health: HttpHealth): Promise<CheckResult> {
  const url = `http://${host}:${health.port}${health.path}`;
  const expected = `HTTP ${health.expectStatus}`;
  const failed = (reason: string): CheckResult => ({ name: HEALTH_CHECK_NAME, passed: false, value: null, expected, reason });
  let status: number;
  try {
    // A redirect is an answer worth reporting as it is: following it could leave the isolated network.
    const response = await fetch(url, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(health.timeoutSeconds * 1000) });
    status = response.status;
    // Releases the connection without reading what the application sent.
    await response.body?.cancel().catch(() => undefined);
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') return failed(`GET ${url}: no answer within ${health.timeoutSeconds} s`);
    const code = (error as { cause?: { code?: string } }).cause?.code;
    return failed(`GET ${url}: could not connect (${code ?? name})`);
  }
  const passed = status === health.expectStatus;
  return {
    name: HEALTH_CHECK_NAME,
    passed,
    value: status,
    expected,
    reason: passed ? `GET ${url} answered ${status}` : `GET ${url} answered ${status}, not ${health.expectStatus}`,
  };
}
