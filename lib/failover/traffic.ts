// Where patients' traffic goes right now. DNS, by the target's dns.measureFrom: `route53` asks Route 53 what it
// answers for the failover record (TestDNSAnswer: public hosted zones only; no resolver cache in the way); `vpc`
// resolves the record through the VPC's Route 53 Resolver as the application's clients there do (private zones too),
// so the answer moves only once the cached one's TTL has run out. ARC: which region's routing control is On.
import { TestDNSAnswerCommand } from '@aws-sdk/client-route-53';
import { GetRoutingControlStateCommand } from '@aws-sdk/client-route53-recovery-cluster';
import { assertRegionAllowed } from '../drill/residency-guard';
import type { Deps } from '../lambda/deps';
import type { FailoverItem } from './contracts';
import { atArcEndpoint, routingControlsOf } from './arc-endpoints';
import { DnsObserverNotInVpcError } from './errors';

export interface TrafficView {
  /** The region traffic goes to, or null when the answer names neither region (or both). */
  region: string | null;
  /** What was seen: the DNS answer, or the two routing controls' states. */
  answer: string;
}

export async function readTraffic(deps: Pick<Deps, 'clients' | 'dns'>, item: FailoverItem): Promise<TrafficView> {
  if (!item.target.dns) return readRoutingControls(deps, item);
  return item.target.dns.measureFrom === 'vpc' ? readDnsInVpc(deps, item) : readDns(deps, item);
}

/** Why a target measured from the VPC cannot be measured here, or null when it can. */
export function vpcMeasurementProblem(deps: Pick<Deps, 'dns'>, item: FailoverItem): string | null {
  const { dns } = item.target;
  if (dns?.measureFrom !== 'vpc' || deps.dns) return null;
  return (
    `failover target ${item.target.id} reads ${dns.recordName} from inside the VPC (dns.measureFrom: vpc), but this ` +
    `stack's observer functions are not attached to a VPC: name its subnets and security groups as dnsObserverVpc in config/<stage>.yml and deploy again`
  );
}

async function readDnsInVpc(deps: Pick<Deps, 'dns'>, item: FailoverItem): Promise<TrafficView> {
  const dns = item.target.dns as NonNullable<FailoverItem['target']['dns']>;
  const problem = vpcMeasurementProblem(deps, item);
  if (problem || !deps.dns) throw new DnsObserverNotInVpcError(problem ?? 'no resolver');
  const lookup = await deps.dns(dns.recordName, dns.recordType);
  const view = trafficFromDnsAnswer(lookup.records, lookup.responseCode, item);
  // The TTL the resolver still keeps the answer for: how much longer clients in the VPC may be sent there.
  return lookup.ttlSeconds === null || lookup.records.length === 0 ? view : { ...view, answer: `${view.answer} (TTL ${lookup.ttlSeconds} s)` };
}

async function readDns(deps: Pick<Deps, 'clients'>, item: FailoverItem): Promise<TrafficView> {
  const dns = item.target.dns as NonNullable<FailoverItem['target']['dns']>;
  // Route 53 is a global service: the SDK sends its calls to the global endpoint whatever region the client has,
  // so the client is built for the DR region (allowed) and no other region is ever named here.
  const region = assertRegionAllowed(item.drRegion, item.drill, `failover target ${item.target.id}: Route 53`);
  const out = await deps.clients
    .get('route53', region)
    .send(new TestDNSAnswerCommand({ HostedZoneId: dns.hostedZoneId, RecordName: dns.recordName, RecordType: dns.recordType }));
  return trafficFromDnsAnswer(out.RecordData ?? [], out.ResponseCode ?? null, item);
}

/** Names compare without case or a trailing dot: Route 53 may answer `Name.Example.uk.` for `name.example.uk`. */
const normalise = (value: string) => value.trim().toLowerCase().replace(/\.$/, '');

export function trafficFromDnsAnswer(records: readonly string[], responseCode: string | null, item: FailoverItem): TrafficView {
  const dns = item.target.dns as NonNullable<FailoverItem['target']['dns']>;
  const answers = records.map(normalise);
  const primary = answers.includes(normalise(dns.primaryAnswer));
  const dr = answers.includes(normalise(dns.drAnswer));
  const answer = records.length > 0 ? records.join(', ') : `no answer (${responseCode ?? 'no response code'})`;
  return { region: primary === dr ? null : primary ? item.primaryRegion : item.drRegion, answer };
}

async function readRoutingControls(deps: Pick<Deps, 'clients'>, item: FailoverItem): Promise<TrafficView> {
  const controls = routingControlsOf(item);
  const { value } = await atArcEndpoint(deps, item, async (client) => {
    // Both from the same endpoint, so the two states are one view of the cluster.
    const [primary, dr] = await Promise.all(
      [controls.primaryControlArn, controls.drControlArn].map(async (arn) => {
        const out = await client.send(new GetRoutingControlStateCommand({ RoutingControlArn: arn }));
        return out.RoutingControlState ?? 'unknown';
      }),
    );
    return { primary: primary as string, dr: dr as string };
  });
  return trafficFromControls(value.primary, value.dr, item);
}

export function trafficFromControls(primary: string, dr: string, item: FailoverItem): TrafficView {
  const answer = `primary control ${primary}, DR control ${dr}`;
  if (primary === 'On' && dr === 'Off') return { region: item.primaryRegion, answer };
  if (dr === 'On' && primary === 'Off') return { region: item.drRegion, answer };
  return { region: null, answer };
}
