// The production DnsResolver (ports.ts): node:dns's Resolver, which asks the name servers of the Lambda's network.
// In a Lambda attached to a VPC that is the VPC's Route 53 Resolver (the VPC+2 address): it answers for the private
// hosted zones associated with the VPC, and caches answers for their TTL as it does for every client there.
// A failed lookup is a fact about DNS at that moment (NXDOMAIN, SERVFAIL, a timeout), never an error of the drill.
import { CANCELLED, CONNREFUSED, EOF, FORMERR, NODATA, NOTFOUND, NOTIMP, REFUSED, SERVFAIL, TIMEOUT, BADRESP } from 'node:dns';
import { Resolver } from 'node:dns/promises';
import type { DnsLookup, DnsResolver } from './ports';

/** The part of node:dns's Resolver the adapter uses: tests hand in a fake, so no lookup leaves the process. */
export interface ResolverLike {
  resolve4(name: string, options: { ttl: true }): Promise<Array<{ address: string; ttl: number }>>;
  resolve6(name: string, options: { ttl: true }): Promise<Array<{ address: string; ttl: number }>>;
  resolveCname(name: string): Promise<string[]>;
}

/** The resolver's own failures (SERVFAIL, REFUSED, a timeout...), by node:dns's error codes. */
const RESOLVER_FAILURES = new Set<string>([SERVFAIL, REFUSED, TIMEOUT, CONNREFUSED, FORMERR, NOTIMP, BADRESP, CANCELLED, EOF]);

/** Each try waits this long; two tries stay inside the observe function's 3 s probe budget. */
const TRY_TIMEOUT_MS = 1_200;

export function nodeDnsResolver(resolver: ResolverLike = new Resolver({ timeout: TRY_TIMEOUT_MS, tries: 2 })): DnsResolver {
  return async (name, type): Promise<DnsLookup> => {
    try {
      if (type === 'CNAME') {
        // Node's resolveCname reports no TTL: the cutover is still measured as clients see it (the resolver caches).
        return { records: await resolver.resolveCname(name), ttlSeconds: null, responseCode: 'NOERROR' };
      }
      const found = type === 'A' ? await resolver.resolve4(name, { ttl: true }) : await resolver.resolve6(name, { ttl: true });
      const ttl = found.length > 0 ? Math.min(...found.map((r) => r.ttl)) : null;
      return { records: found.map((r) => r.address), ttlSeconds: ttl, responseCode: 'NOERROR' };
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      // NOTFOUND is "no such name" (NXDOMAIN), NODATA "no record of that type": answers, not failures.
      if (code === NOTFOUND) return { records: [], ttlSeconds: null, responseCode: 'NXDOMAIN' };
      if (code === NODATA) return { records: [], ttlSeconds: null, responseCode: 'NOERROR' };
      if (typeof code === 'string' && RESOLVER_FAILURES.has(code)) return { records: [], ttlSeconds: null, responseCode: code };
      throw error;
    }
  };
}

/**
 * Deps.dns for the observer functions: node:dns when the stack attached the function to the VPC named by
 * dnsObserverVpc in config/<stage>.yml (serverless.yml then sets DNS_OBSERVER_VPC to its first subnet), else none,
 * so that a target measured from the VPC is refused rather than resolved from outside it.
 */
export function vpcDnsResolver(env: NodeJS.ProcessEnv = process.env): DnsResolver | undefined {
  return env.DNS_OBSERVER_VPC ? nodeDnsResolver() : undefined;
}
