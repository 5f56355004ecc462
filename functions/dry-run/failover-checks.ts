// What a failover target needs, read the way Failover Preflight reads it and nothing more: the global database
// (members in allowed regions, the plan's primary writing, the DR cluster a member, no switch under way), both canary
// secrets, and where traffic goes now (the DNS answer as the plan measures it, or the ARC routing controls). Nothing is switched, written
// or turned; the health URL is not probed (the real run's preflight does that, minutes before it switches).
import type { DrillContext } from '../../lib/drill/contracts';
import type { DryRunCheck } from '../../lib/dry-run/contracts';
import { checkOf, fail, pass, type Verdict } from '../../lib/dry-run/check';
import { settle, type DryRunReads } from '../../lib/dry-run/reads';
import type { FailoverItem } from '../../lib/failover/contracts';
import { clusterIdOf, describeGlobalCluster, type GlobalClusterView } from '../../lib/failover/global-cluster';
import { failoverItemFor } from '../../lib/failover/items';
import { readTraffic, type TrafficView } from '../../lib/failover/traffic';
import type { Deps } from '../../lib/lambda/deps';
import type { FailoverTarget } from '../../lib/plan/failover-schema';
import type { Plan } from '../../lib/plan/schema';
import { globalReasons, trafficReasons } from '../failover-preflight/failover-preflight';
import { secretCheck } from './restore-checks';

export async function failoverChecks(deps: Deps, reads: DryRunReads, plan: Plan, drill: DrillContext, target: FailoverTarget): Promise<DryRunCheck[]> {
  // Nobody approves a dry run: approval only decides whether a real run would wait, which wouldDo says.
  const item = failoverItemFor(plan, target, drill, null);
  const [global, primarySecret, drSecret, traffic] = await Promise.all([
    settle(() => describeGlobalCluster(deps, item)),
    reads.secret(target.canary.secretArn),
    reads.secret(target.canary.drSecretArn),
    settle(() => readTraffic(deps, item)),
  ]);
  return [
    checkOf('global cluster', global, (view) => globalVerdict(view, item), `the global database ${target.globalClusterIdentifier} was not found (asked in ${item.drRegion})`),
    secretCheck('canary secret (primary)', primarySecret, target.canary.secretArn),
    secretCheck('canary secret (DR)', drSecret, target.canary.drSecretArn),
    checkOf(
      target.dns ? (target.dns.measureFrom === 'vpc' ? 'DNS answer in the VPC' : 'Route 53 answer') : 'routing controls',
      traffic,
      (view) => trafficVerdict(view, item),
      target.dns ? `hosted zone ${target.dns.hostedZoneId} not found` : 'a routing control of the plan was not found',
    ),
  ];
}

function globalVerdict(view: GlobalClusterView | null, item: FailoverItem): Verdict {
  const reasons = globalReasons(view, item);
  if (reasons.length > 0) return fail(reasons.join('; '));
  const members = view!.members.map((m) => `${clusterIdOf(m.clusterArn)} (${m.region}${m.isWriter ? ', writer' : ''})`).join(', ');
  return pass(`${item.target.globalClusterIdentifier}: ${members}, all inside [${item.drill.allowedRegions.join(', ')}]`);
}

function trafficVerdict(view: TrafficView, item: FailoverItem): Verdict {
  const reasons = trafficReasons(view, item);
  if (reasons.length > 0) return fail(reasons.join('; '));
  const { dns } = item.target;
  if (!dns) return pass(`${view.answer}: traffic on the primary (${item.primaryRegion})`);
  const who = dns.measureFrom === 'vpc' ? "the VPC's resolver" : 'Route 53';
  return pass(`${who} answers ${view.answer} for ${dns.recordName}: the primary (${item.primaryRegion})`);
}
