// Set Routing Controls (ARC targets only): once the writer has moved, send traffic to its region: that region's
// routing control On and the other Off, in one UpdateRoutingControlStates call so that the two never disagree.
// Tried at each allowed cluster endpoint in turn; an endpoint that is down moves on to the next.
import { z } from 'zod';
import { UpdateRoutingControlStatesCommand } from '@aws-sdk/client-route53-recovery-cluster';
import { BadPayloadError, ResidencyViolationError } from '../../lib/errors';
import { failoverItemSchema } from '../../lib/failover/contracts';
import { atArcEndpoint } from '../../lib/failover/arc-endpoints';
import { RoutingControlError } from '../../lib/failover/errors';
import { parsePayload } from '../../lib/lambda/parse';
import type { Deps } from '../../lib/lambda/deps';

const eventSchema = z.object({ item: failoverItemSchema, toward: z.string().min(1) });

export interface RoutingSet {
  setAt: string;
  /** The cluster endpoint that accepted the change. */
  endpoint: string;
}

export async function setRoutingControls(event: unknown, deps: Deps): Promise<RoutingSet> {
  const { item, toward } = parsePayload(eventSchema, event, 'Set Routing Controls');
  const controls = item.target.routingControls;
  if (!controls) throw new BadPayloadError(`Set Routing Controls: failover target ${item.target.id} has no routingControls (its traffic moves with DNS)`);
  if (toward !== item.primaryRegion && toward !== item.drRegion) {
    throw new BadPayloadError(`Set Routing Controls: toward ${toward} is neither the primary (${item.primaryRegion}) nor the DR region (${item.drRegion})`);
  }
  const toDr = toward === item.drRegion;
  const entries = [
    { RoutingControlArn: controls.drControlArn, RoutingControlState: toDr ? 'On' : 'Off' },
    { RoutingControlArn: controls.primaryControlArn, RoutingControlState: toDr ? 'Off' : 'On' },
  ] as const;
  try {
    const { endpoint } = await atArcEndpoint(deps, item, (client) =>
      client.send(new UpdateRoutingControlStatesCommand({ UpdateRoutingControlStateEntries: entries.map((e) => ({ ...e })) })),
    );
    return { setAt: deps.now().toISOString(), endpoint: endpoint.endpoint };
  } catch (error) {
    if (error instanceof ResidencyViolationError) throw error;
    const e = error as Error;
    // A refusal (access denied, a safety rule) is the same at every endpoint: said once, with AWS's own words.
    const why = e.name === 'ArcEndpointsUnavailable' ? e.message : `${e.name}: ${e.message}`;
    throw new RoutingControlError(`failover target ${item.target.id}: the routing controls could not be set toward ${toward}: ${why}`, { cause: error });
  }
}
