// The failover drill's part of the cost estimate, from what Evaluate Failover recorded it ran (failover-usage.ts):
// pure. Priced: the Lambda invocations and Observe Failover's running time, the state transitions, the CloudWatch
// read. Not estimated, each with its reason: what the drill's own records cannot size (the canary row's replicated
// I/Os, the probes' cost to whatever serves the health URL, the Route 53 calls) and what is billed whether or not a
// drill runs (the global database, an ARC cluster): a standing cost is not the drill's, and is never a zero here.
import type { FailoverResult } from '../failover/contracts';
import type { PriceTable } from './prices';
import { price, type Priced } from './priced';

/**
 * The failover functions' memory and architecture (serverless.yml: provider.memorySize and provider.architecture,
 * which no failover function overrides; tests/unit/cost-failover.test.ts holds them equal). Lambda bills duration
 * in GB-seconds of the configured memory.
 */
export const FAILOVER_LAMBDA_MEMORY_MB = 512;
export const FAILOVER_LAMBDA_ARCHITECTURE = 'arm64';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

export function priceFailover(out: Priced, prices: PriceTable, result: FailoverResult, region: string): void {
  const id = result.targetId;
  const usage = result.usage;
  if (!usage) {
    out.notEstimated.push({ targetId: id, what: 'what its failover drill ran', why: 'its result records no usage (recorded before cost estimates)' });
    return;
  }
  const { observe } = usage;
  const others = Object.entries(usage.invocations);
  const otherCount = others.reduce((n, [, count]) => n + count, 0);
  const requests = observe.invocations + otherCount;
  const named = [observe.invocations > 0 ? `Observe Failover ${observe.invocations}` : null, ...others.map(([fn, n]) => `${fn} ${n}`)].filter(Boolean).join(', ');
  price(out, prices, { targetId: id, what: `Lambda requests of the failover drill (${named})`, key: 'lambda.request', region, amount: requests, hours: null });
  if (observe.invocations > 0) {
    const how = observe.counted ? 'as its invocations timed themselves' : "from each watch's first and last look";
    price(out, prices, {
      targetId: id,
      what: `Lambda duration: Observe Failover ran ${observe.seconds.toLocaleString('en-GB')} s at ${FAILOVER_LAMBDA_MEMORY_MB} MB (${how})`,
      key: `lambda.${FAILOVER_LAMBDA_ARCHITECTURE === 'arm64' ? 'arm' : 'x86'}.gb-second`,
      region,
      amount: observe.seconds * (FAILOVER_LAMBDA_MEMORY_MB / 1024),
      hours: null,
    });
  }
  if (otherCount > 0) {
    out.notEstimated.push({
      targetId: id,
      what: `Lambda duration of the other ${plural(otherCount, 'invocation')} (${others.map(([fn]) => fn).join(', ')})`,
      why: 'their running times are not recorded (each reads or writes once and returns: seconds, not minutes)',
    });
  }
  price(out, prices, {
    targetId: id,
    what: 'Step Functions state transitions of the failover drill (estimated from the path it took and its looks)',
    key: 'step-functions.transition',
    region,
    amount: usage.transitions,
    hours: null,
  });
  if (usage.metricsRequested > 0) {
    price(out, prices, { targetId: id, what: 'CloudWatch GetMetricData: the replication lags read before the switch', key: 'cloudwatch.metric-requested', region, amount: usage.metricsRequested, hours: null });
  }

  if (usage.canaryWrites > 0 && usage.replicatedTo.length > 0) {
    out.notEstimated.push({
      targetId: id,
      what: `the canary row replicated to ${usage.replicatedTo.join(', ')} (Aurora Global Database replicated write I/Os and cross-region data transfer)`,
      why: 'Aurora bills replicated write I/Os per million, counting them by the log pages a write fills, and the bytes it sends across regions per GB; it reports neither per statement: one marker row is a tiny fraction of either price',
    });
  }
  if (usage.switched) out.notEstimated.push({
    targetId: id,
    what: `the global database ${result.globalClusterIdentifier} during the drill (its ${usage.mode === 'switchover' ? 'switchovers' : 'failover and switch back'})`,
    why: "a standing cost, not the drill's: its clusters, instances, storage and the replication of production writes are billed whether or not a drill runs, and the switch itself adds no resource",
  });
  if (usage.switched && usage.mode === 'failover') {
    out.notEstimated.push({
      targetId: id,
      what: 'what bringing the old primary back as a secondary after the failover copies or keeps',
      why: 'after a failover that allows data loss the old primary must rejoin the global database as a secondary before the switch back; whatever Aurora copies across regions or keeps to do so is not reported to the drill',
    });
  }
  if (usage.looks === 0 && usage.routingChanges === 0) {
    // Nothing was watched: no traffic reads to name.
  } else if (usage.trafficFrom === 'arc') {
    out.notEstimated.push({
      targetId: id,
      what: `${plural(usage.looks, 'routing-control read')} and ${plural(usage.routingChanges, 'routing-control change')} on the ARC cluster`,
      why: "a standing cost, not the drill's: an ARC cluster is billed by the hour whether or not a drill runs, and these calls go to its endpoints",
    });
  } else {
    out.notEstimated.push(
      usage.trafficFrom === 'route53'
        ? { targetId: id, what: plural(usage.looks, 'Route 53 TestDNSAnswer call'), why: 'not in the price table: no price for the TestDNSAnswer API was found (the drill calls it a few times a minute while it watches)' }
        : {
            targetId: id,
            what: plural(usage.looks, "DNS query through the VPC's resolver", "DNS queries through the VPC's resolver"),
            why: 'not in the price table (Route 53 bills DNS queries per million; the drill makes a few a minute while it watches)',
          },
    );
  }
  if (usage.probes > 0) {
    out.notEstimated.push({
      targetId: id,
      what: `${plural(usage.probes, 'probe')} of the health URL`,
      why: 'billed by whatever serves the URL (a load balancer, an API), which the drill does not know',
    });
  }
}
