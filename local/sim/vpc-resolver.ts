// The VPC's Route 53 Resolver as a Lambda attached to the VPC sees it (Deps.dns in local runs): it answers for the
// failover records of private hosted zones (associated with the VPC) and of public ones alike, from what Route 53
// answers at that instant (failover-world.ts), and it caches each answer for the record's TTL (DNS_TTL_MS). So after
// Route 53 changes its answer the resolver keeps giving the old one until the TTL runs out, and the reported TTL
// counts down: the drill measures the cutover the application's clients in the VPC see, TTL included.
import type { DnsLookup, DnsRecordType, DnsResolver } from '../../lib/failover/ports';
import type { FaultName } from './faults';
import { DNS_TTL_MS, dnsAnswer } from './failover-world';
import type { World } from './world';

/** One lookup, for tests and the local run's record. */
export interface DnsLookupRecord {
  /** Virtual time of the lookup. */
  at: string;
  name: string;
  type: DnsRecordType;
  targetId?: string;
  /** True when the answer came from the resolver's cache, not from Route 53 at that instant. */
  cached: boolean;
  result: DnsLookup;
}

export interface VpcResolverEnv {
  world: World;
  now(): number;
  faults(targetId: string): ReadonlySet<FaultName>;
}

const normalName = (name: string): string => name.trim().toLowerCase().replace(/\.$/, '');

export function simulatedVpcResolver(env: VpcResolverEnv, log: DnsLookupRecord[]): DnsResolver {
  return async (name, type) => {
    const now = env.now();
    const wanted = normalName(name);
    const record: DnsLookupRecord = { at: new Date(now).toISOString(), name: wanted, type, cached: false, result: { records: [], ttlSeconds: null, responseCode: 'NXDOMAIN' } };
    log.push(record);
    const fw = env.world.failover;
    const site = fw?.sites.find((s) => s.dns?.recordName === wanted);
    if (!fw || !site?.dns) return record.result;
    record.targetId = site.targetId;
    // The record exists, of another type than asked: NOERROR with no data.
    if (site.dns.recordType !== type) return (record.result = { records: [], ttlSeconds: null, responseCode: 'NOERROR' });
    const key = `${wanted} ${type}`;
    const cached = fw.vpcResolverCache.get(key);
    if (cached && now < cached.expiresAt) {
      record.cached = true;
      return (record.result = { records: [cached.answer], ttlSeconds: Math.ceil((cached.expiresAt - now) / 1000), responseCode: 'NOERROR' });
    }
    const answer = dnsAnswer(fw, site, env.faults(site.targetId), now);
    // NXDOMAIN (both routing controls off) is not kept here: the next lookup asks Route 53 again.
    if (answer === undefined) {
      fw.vpcResolverCache.delete(key);
      return record.result;
    }
    fw.vpcResolverCache.set(key, { answer, expiresAt: now + DNS_TTL_MS });
    return (record.result = { records: [answer], ttlSeconds: DNS_TTL_MS / 1000, responseCode: 'NOERROR' });
  };
}
