// The application the failover targets' health URLs lead to, and the HTTP probe that reaches it (Deps.http).
//
// Each target has one app per region: it answers 200 on the health URL's path only while its region's cluster is the
// global writer and no switch runs, else 503; other paths are 404. The probe resolves the URL's host as a client
// would: through a resolver cache that keeps an answer for the record's 60 s TTL, so after Route 53 changes its
// answer the probe still reaches the old region for up to a minute. A host nobody answers for fails as fetch does
// (TypeError "fetch failed", cause getaddrinfo ENOTFOUND). The app's own regional names resolve directly.
import type { HttpGet } from '../../lib/failover/ports';
import type { FaultName } from './faults';
import { DNS_TTL_MS, appHealthy, appOfAnswer, dnsAnswer, type FailoverWorld } from './failover-world';
import type { World } from './world';

/** One probe, for tests and the local run's record: what the host resolved to, whether from cache, the answer. */
export interface ProbeRecord {
  /** Virtual time of the probe. */
  at: string;
  url: string;
  host: string;
  /** The DNS answer used (the regional app's name), and whether it came from the resolver cache. */
  answer?: string;
  cached?: boolean;
  /** The region of the app that answered. */
  region?: string;
  targetId?: string;
  status?: number;
  error?: string;
}

export interface HttpEnv {
  world: World;
  now(): number;
  faults(targetId: string): ReadonlySet<FaultName>;
}

function fetchFailed(host: string): TypeError {
  const cause = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname: host });
  return new TypeError('fetch failed', { cause });
}

/** The answer a client gets for `host` now: from its cache while the TTL lasts, else a fresh lookup (cached). */
function resolve(env: HttpEnv, fw: FailoverWorld, host: string, record: ProbeRecord): string | undefined {
  if (appOfAnswer(fw, host)) return host;
  const site = fw.sites.find((s) => s.healthHost === host);
  if (!site) return undefined;
  record.targetId = site.targetId;
  const now = env.now();
  const cached = fw.resolverCache.get(host);
  if (cached && now < cached.expiresAt) {
    record.cached = true;
    return cached.answer;
  }
  const answer = dnsAnswer(fw, site, env.faults(site.targetId), now);
  // NXDOMAIN is not kept here: the next probe asks again.
  if (answer === undefined) fw.resolverCache.delete(host);
  else fw.resolverCache.set(host, { answer, expiresAt: now + DNS_TTL_MS });
  record.cached = false;
  return answer;
}

export function simulatedHttp(env: HttpEnv, log: ProbeRecord[]): HttpGet {
  return async (url, options) => {
    const record: ProbeRecord = { at: new Date(env.now()).toISOString(), url, host: '' };
    log.push(record);
    try {
      if (!(options.timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${options.timeoutMs}`);
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new TypeError(`Failed to parse URL from ${url}`);
      }
      const host = parsed.hostname.toLowerCase();
      record.host = host;
      const fw = env.world.failover;
      const answer = fw ? resolve(env, fw, host, record) : undefined;
      const reached = answer !== undefined && fw ? appOfAnswer(fw, answer) : undefined;
      if (!fw || !reached) throw fetchFailed(host);
      record.answer = answer;
      record.region = reached.app.region;
      record.targetId = reached.site.targetId;
      const status = parsed.pathname !== reached.site.healthPath ? 404 : appHealthy(fw, reached.site, reached.app.region, env.now()) ? 200 : 503;
      record.status = status;
      return { status };
    } catch (error) {
      const e = error as Error & { cause?: Error };
      record.error = e.cause?.message ?? e.message;
      throw error;
    }
  };
}
