// The production DnsResolver (lib/failover/dns-resolver.ts) over a fake node:dns Resolver: no lookup leaves the
// process. What it must get right: the TTL clients see, and that NXDOMAIN, NODATA and a failing resolver are answers
// about DNS at that moment, while anything else is a fault of the code and is thrown.
import { nodeDnsResolver, vpcDnsResolver, type ResolverLike } from '../../lib/failover/dns-resolver';

const dnsError = (code: string, syscall = 'queryCname') => Object.assign(new Error(`${syscall} ${code} patients.example.uk`), { code, syscall, hostname: 'patients.example.uk' });

function fakeResolver(overrides: Partial<ResolverLike> = {}): ResolverLike & { asked: string[] } {
  const asked: string[] = [];
  const unexpected = (what: string) => async () => {
    throw new Error(`the fake resolver was not told how to answer ${what}`);
  };
  return {
    asked,
    resolve4: async (name, options) => {
      asked.push(`A ${name} ttl=${options.ttl}`);
      return (overrides.resolve4 ?? unexpected('A'))(name, options);
    },
    resolve6: async (name, options) => {
      asked.push(`AAAA ${name} ttl=${options.ttl}`);
      return (overrides.resolve6 ?? unexpected('AAAA'))(name, options);
    },
    resolveCname: async (name) => {
      asked.push(`CNAME ${name}`);
      return (overrides.resolveCname ?? unexpected('CNAME'))(name);
    },
  };
}

describe('the node:dns resolver adapter', () => {
  it('gives the A records with the TTL the resolver still caches them for (the lowest of them)', async () => {
    const fake = fakeResolver({ resolve4: async () => [{ address: '10.1.2.3', ttl: 42 }, { address: '10.1.2.4', ttl: 17 }] });

    const lookup = await nodeDnsResolver(fake)('patients.example.uk', 'A');

    expect(lookup).toEqual({ records: ['10.1.2.3', '10.1.2.4'], ttlSeconds: 17, responseCode: 'NOERROR' });
    expect(fake.asked).toEqual(['A patients.example.uk ttl=true']);
  });

  it('asks AAAA records with their TTL too', async () => {
    const fake = fakeResolver({ resolve6: async () => [{ address: 'fd00::5', ttl: 60 }] });

    expect(await nodeDnsResolver(fake)('patients.example.uk', 'AAAA')).toEqual({ records: ['fd00::5'], ttlSeconds: 60, responseCode: 'NOERROR' });
    expect(fake.asked).toEqual(['AAAA patients.example.uk ttl=true']);
  });

  it('gives the CNAME target, with no TTL because node:dns reports none for CNAME', async () => {
    const fake = fakeResolver({ resolveCname: async () => ['patients-eu-west-2.example.uk'] });

    expect(await nodeDnsResolver(fake)('patients.example.uk', 'CNAME')).toEqual({ records: ['patients-eu-west-2.example.uk'], ttlSeconds: null, responseCode: 'NOERROR' });
  });

  it('reads "no such name" as NXDOMAIN and "no record of that type" as NOERROR with no records', async () => {
    const nxdomain = fakeResolver({ resolveCname: async () => Promise.reject(dnsError('ENOTFOUND')) });
    const nodata = fakeResolver({ resolve4: async () => Promise.reject(dnsError('ENODATA', 'queryA')) });

    expect(await nodeDnsResolver(nxdomain)('gone.example.uk', 'CNAME')).toEqual({ records: [], ttlSeconds: null, responseCode: 'NXDOMAIN' });
    expect(await nodeDnsResolver(nodata)('patients.example.uk', 'A')).toEqual({ records: [], ttlSeconds: null, responseCode: 'NOERROR' });
  });

  it('reports a failing resolver (SERVFAIL, timeout, refused) as what DNS answered, not as an error', async () => {
    for (const code of ['ESERVFAIL', 'ETIMEOUT', 'EREFUSED', 'ECONNREFUSED']) {
      const fake = fakeResolver({ resolveCname: async () => Promise.reject(dnsError(code)) });
      expect(await nodeDnsResolver(fake)('patients.example.uk', 'CNAME')).toEqual({ records: [], ttlSeconds: null, responseCode: code });
    }
  });

  it('throws what is not a DNS answer: a fault of the code must not pass for an outage', async () => {
    const fake = fakeResolver({ resolveCname: async () => Promise.reject(new TypeError('The "hostname" argument must be of type string')) });

    await expect(nodeDnsResolver(fake)('patients.example.uk', 'CNAME')).rejects.toThrow(TypeError);
  });

  it('builds on node:dns by default without sending anything', () => {
    expect(typeof nodeDnsResolver()).toBe('function');
  });
});

describe('the observer functions\' resolver', () => {
  it('is node:dns only when the stack attached the function to a VPC (DNS_OBSERVER_VPC), so a VPC measurement is never made from outside it', () => {
    expect(vpcDnsResolver({})).toBeUndefined();
    expect(vpcDnsResolver({ DNS_OBSERVER_VPC: '' })).toBeUndefined();
    expect(typeof vpcDnsResolver({ DNS_OBSERVER_VPC: 'subnet-0123456789abcdef0' })).toBe('function');
  });
});
