// Observe Failover: one look at the world while a switch runs (cutover, failback or rollback): the writer and any
// switch in progress, where traffic goes, and one probe of the health URL. It folds the look into the phase's watch
// and returns it with the flags the state machine's Choice states read. Changes nothing.
import { z } from 'zod';
import { rethrowClassified } from '../../lib/aws/classify-error';
import { failoverItemSchema, phaseSchema, watchSchema, type FailoverItem, type Observation, type Watch } from '../../lib/failover/contracts';
import { ArcEndpointsUnavailable } from '../../lib/failover/arc-endpoints';
import { describeGlobalCluster } from '../../lib/failover/global-cluster';
import { probeHealth } from '../../lib/failover/http-probe';
import { applyRequests, foldObservation, startWatch } from '../../lib/failover/observe';
import { readTraffic } from '../../lib/failover/traffic';
import { BadPayloadError, TransientAwsError } from '../../lib/errors';
import { parsePayload } from '../../lib/lambda/parse';
import type { Deps } from '../../lib/lambda/deps';

export const observeEventSchema = z.object({
  item: failoverItemSchema,
  phase: phaseSchema,
  startedAt: z.string().datetime({ offset: true }),
  /** Absent on the phase's first look: a new watch is begun. */
  watch: watchSchema.optional(),
  switchRequestedAt: z.string().datetime({ offset: true }).nullable().optional(),
  routingSetAt: z.string().datetime({ offset: true }).nullable().optional(),
});

/** A probe never waits longer than this, nor longer than the interval between looks. */
const MAX_PROBE_TIMEOUT_MS = 3_000;

export async function observeFailover(event: unknown, deps: Deps): Promise<Watch> {
  const { item, phase, startedAt, watch: given, switchRequestedAt, routingSetAt } = parsePayload(observeEventSchema, event, 'Observe Failover');
  if (given && given.phase !== phase) {
    throw new BadPayloadError(`Observe Failover: the watch is for the ${given.phase} but the event names the ${phase}`);
  }
  const watch = applyRequests(given ?? startWatch(item, phase, startedAt), { switchRequestedAt, routingSetAt });
  const observation = await observe(item, deps, Math.min(MAX_PROBE_TIMEOUT_MS, item.settings.probeIntervalSeconds * 1000));
  return foldObservation(watch, observation, item);
}

/** The writer, the traffic and the health URL, all asked at the same moment so that they describe one instant. */
export async function observe(item: FailoverItem, deps: Deps, probeTimeoutMs: number): Promise<Observation> {
  if (!deps.http) throw new Error('no HTTP client was given to the observe function: it cannot probe the health URL');
  const at = deps.now().toISOString();
  try {
    const [cluster, traffic, health] = await Promise.all([
      describeGlobalCluster(deps, item),
      readTraffic(deps, item),
      probeHealth(deps.http, item.target.healthUrl, probeTimeoutMs),
    ]);
    return {
      at,
      writerRegion: cluster?.writerRegion ?? null,
      switchStatus: cluster?.switchStatus ?? null,
      trafficRegion: traffic.region,
      trafficAnswer: traffic.answer,
      healthy: health.ok,
      healthAnswer: health.answer,
    };
  } catch (error) {
    // Every ARC endpoint down at once is an outage of the control plane's data plane: worth another look shortly.
    if (error instanceof ArcEndpointsUnavailable) throw new TransientAwsError(error.message, { cause: error });
    rethrowClassified(error);
  }
}
