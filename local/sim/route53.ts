// Amazon Route 53 (a global service: any client region is accepted and recorded as given). TestDNSAnswer answers
// for the failover targets' records in public hosted zones (failover-world.ts decides what: the health check on the
// primary app, or the ARC routing controls) and refuses private ones; a name the zone lacks is NXDOMAIN.
// GetHealthCheckStatus shows what the checkers saw last. Inside a VPC, records are read through vpc-resolver.ts.
import { str, type Handler, type SimContext } from './context';
import { invalid, notFound } from './errors';
import { dnsAnswer, healthCheckAt, type FailoverSite } from './failover-world';
import { iso } from './world';

const SERVICE = 'route53';
/** Where Route 53's health checkers run; these are Route 53's own locations, not calls the drill makes. */
const CHECKER_REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2'];

const normalName = (name: string): string => name.toLowerCase().replace(/\.$/, '');

/** The SDK strips "/hostedzone/" from ids before sending; a caller through the simulation may not have. */
const zoneIdOf = (id: string): string => id.replace(/^\/?hostedzone\//, '');

const testDNSAnswer: Handler = (ctx, input) => {
  const zone = zoneIdOf(str(input.HostedZoneId) ?? '');
  const recordName = normalName(str(input.RecordName) ?? '');
  const recordType = str(input.RecordType) ?? '';
  const inZone = (ctx.world.failover?.sites ?? []).filter((s) => s.dns?.hostedZoneId === zone);
  if (inZone.length === 0) throw notFound(SERVICE, 'NoSuchHostedZone', `No hosted zone found with ID: ${zone}`);
  // "This call only supports querying public hosted zones." (Amazon Route 53 API Reference, TestDNSAnswer,
  // https://docs.aws.amazon.com/Route53/latest/APIReference/API_TestDNSAnswer.html). AWS does not document which
  // error a private zone gets; of the two errors the page lists (InvalidInput 400, NoSuchHostedZone 404) the zone
  // exists, so the simulation answers InvalidInput, "The input is not valid", the closest documented behaviour.
  if (inZone.some((s) => s.dns!.privateZone)) {
    throw invalid(SERVICE, 'InvalidInput', `Hosted zone ${zone} is a private hosted zone: TestDNSAnswer only supports querying public hosted zones`);
  }
  const site = inZone.find((s) => s.dns!.recordName === recordName);
  ctx.attribute(site?.targetId);
  const answer = site ? dnsAnswer(ctx.world.failover!, site, ctx.faults(site.targetId), ctx.now) : undefined;
  const found = site !== undefined && answer !== undefined;
  return {
    Nameserver: `ns-${ctx.random.int(1, 2047, 'nameserver', zone)}.awsdns-${String(ctx.random.int(0, 63, 'nameserver-group', zone)).padStart(2, '0')}.org`,
    RecordName: recordName,
    RecordType: recordType,
    // A record of another type than asked is NOERROR with no data, as a resolver would see it.
    RecordData: found && site.dns!.recordType === recordType ? [answer] : [],
    ResponseCode: found ? 'NOERROR' : 'NXDOMAIN',
    Protocol: 'UDP',
  };
};

function siteOfHealthCheck(ctx: SimContext, id: string | undefined): FailoverSite {
  const site = (ctx.world.failover?.sites ?? []).find((s) => s.dns && s.healthCheck.id === id);
  if (!site) throw notFound(SERVICE, 'NoSuchHealthCheck', `No health check exists with the specified ID ${id ?? ''}.`);
  ctx.attribute(site.targetId);
  return site;
}

const getHealthCheckStatus: Handler = (ctx, input) => {
  const site = siteOfHealthCheck(ctx, str(input.HealthCheckId));
  const view = healthCheckAt(ctx.world.failover!, site, ctx.now);
  const status = view.lastSampleOk ? 'Success: HTTP Status Code 200, OK' : 'Failure: HTTP Status Code 503. Reason: Service Unavailable';
  return {
    HealthCheckObservations: CHECKER_REGIONS.map((region, i) => ({
      Region: region,
      IPAddress: `15.177.${i * 8 + 2}.${ctx.random.int(1, 254, 'checker-ip', region)}`,
      StatusReport: { Status: status, CheckedTime: iso(view.lastSampleAt) },
    })),
  };
};

export const route53Handlers: Record<string, Handler> = {
  TestDNSAnswer: testDNSAnswer,
  GetHealthCheckStatus: getHealthCheckStatus,
};
