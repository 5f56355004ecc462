// Route 53 ARC routing controls are read and set at a cluster's regional endpoints; AWS's own guidance is to try
// them in turn, moving on when one is unavailable. Only endpoints in the residency policy's regions are used.
import type { Route53RecoveryClusterClient } from '@aws-sdk/client-route53-recovery-cluster';
import { isTransientAwsError } from '../aws/classify-error';
import { assertRegionAllowed } from '../drill/residency-guard';
import type { Deps } from '../lambda/deps';
import type { FailoverItem } from './contracts';

type RoutingControls = NonNullable<FailoverItem['target']['routingControls']>;
type ClusterEndpoint = RoutingControls['clusterEndpoints'][number];

// What AWS says when another endpoint may well answer: this one is down, busy or broken.
const ENDPOINT_ERRORS = new Set(['EndpointTemporarilyUnavailableException', 'InternalServerException', 'ThrottlingException']);

/** Every allowed endpoint failed for reasons another try may not share: the message names each endpoint and why. */
export class ArcEndpointsUnavailable extends Error {
  override readonly name = 'ArcEndpointsUnavailable';
}

/** An error of the endpoint rather than of the request: another endpoint (or a later try) may succeed. */
export function isEndpointError(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.name && ENDPOINT_ERRORS.has(e.name)) return true;
  // No HTTP status: the request never got an answer (refused, DNS, timeout, TLS).
  return isTransientAwsError(error) || e.$metadata?.httpStatusCode === undefined;
}

export function routingControlsOf(item: FailoverItem): RoutingControls {
  const controls = item.target.routingControls;
  if (!controls) throw new Error(`failover target ${item.target.id} has no routingControls: its traffic moves with DNS`);
  return controls;
}

/**
 * Runs `call` at the first allowed endpoint that answers. An endpoint error moves on to the next; any other error
 * (access denied, unknown control, a safety rule refusing the change) would be the same everywhere and is thrown.
 */
export async function atArcEndpoint<T>(
  deps: Pick<Deps, 'clients'>,
  item: FailoverItem,
  call: (client: Route53RecoveryClusterClient) => Promise<T>,
): Promise<{ value: T; endpoint: ClusterEndpoint }> {
  const { clusterEndpoints } = routingControlsOf(item);
  const allowed = clusterEndpoints.filter((e) => item.drill.allowedRegions.includes(e.region));
  if (allowed.length === 0) {
    // Throws ResidencyViolationError naming the first endpoint's region: none may be used.
    assertRegionAllowed(clusterEndpoints[0]?.region ?? 'none', item.drill, `failover target ${item.target.id}: ARC cluster endpoints`);
  }
  const failures: string[] = [];
  for (const endpoint of allowed) {
    const region = assertRegionAllowed(endpoint.region, item.drill, `failover target ${item.target.id}: ARC cluster endpoint`);
    try {
      return { value: await call(deps.clients.get('route53recoverycluster', region, endpoint.endpoint)), endpoint };
    } catch (error) {
      if (!isEndpointError(error)) throw error;
      failures.push(`${endpoint.endpoint}: ${describe(error)}`);
    }
  }
  throw new ArcEndpointsUnavailable(`no ARC cluster endpoint answered (${failures.join('; ')})`);
}

function describe(error: unknown): string {
  const e = error as { name?: string; message?: string; code?: string };
  const what = [e.name, e.code].filter((x) => x && x !== 'Error').join(' ');
  return [what, e.message].filter(Boolean).join(': ') || 'no answer';
}
