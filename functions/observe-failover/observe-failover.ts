// Observe Failover: looks at the world while a switch runs (cutover, failback or rollback): the writer and any switch
// in progress, where traffic goes, and a probe of the health URL, every probeIntervalSeconds for up to watchSeconds
// (the state machine says how long). Each look is folded into the phase's watch; it returns as soon as the phase is
// settled, timed out or needs the drill to act, or when the time is up, with the flags the Choice states read.
// Many looks per invocation keep the execution's history small (a state machine loop per probe costs ~9 history
// events, and Step Functions ends an execution at 25,000: tests/unit/history-worst-case.test.ts) without widening
// the gap between probes, which is the downtime measurement's resolution. Changes nothing.
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
  /** When the switch back / the routing change last failed: asked again only ACTION_RETRY_SPACING_MS later. */
  switchFailedAt: z.string().datetime({ offset: true }).nullable().optional(),
  routingFailedAt: z.string().datetime({ offset: true }).nullable().optional(),
  /** Keep looking for up to this long (0 or absent: one look). The Lambda's timeout must exceed it. */
  watchSeconds: z.number().int().nonnegative().max(600).optional(),
});

/** A probe never waits longer than this, nor longer than the interval between looks. */
const MAX_PROBE_TIMEOUT_MS = 3_000;

export async function observeFailover(event: unknown, deps: Deps): Promise<Watch> {
  const parsed = parsePayload(observeEventSchema, event, 'Observe Failover');
  const { item, phase, startedAt, watch: given, switchRequestedAt, routingSetAt, switchFailedAt, routingFailedAt } = parsed;
  if (given && given.phase !== phase) {
    throw new BadPayloadError(`Observe Failover: the watch is for the ${given.phase} but the event names the ${phase}`);
  }
  const watchMs = (parsed.watchSeconds ?? 0) * 1000;
  if (watchMs > 0 && !deps.sleep) throw new Error('no sleep was given to the observe function: it cannot wait between looks');
  const intervalMs = item.settings.probeIntervalSeconds * 1000;
  const probeTimeoutMs = Math.min(MAX_PROBE_TIMEOUT_MS, intervalMs);
  const began = deps.now().getTime();
  const until = began + watchMs;
  let watch = applyRequests(given ?? startWatch(item, phase, startedAt), { switchRequestedAt, routingSetAt });
  for (;;) {
    // Probes keep the plan's cadence across invocations: the next one is due an interval after the last began.
    const dueAt = watch.last ? Date.parse(watch.last.at) + intervalMs : 0;
    const waitMs = dueAt - deps.now().getTime();
    if (waitMs > 0 && deps.sleep) await deps.sleep(waitMs);
    watch = foldObservation(watch, await observe(item, deps, probeTimeoutMs), item, { switchFailedAt, routingFailedAt });
    if (watch.settled || watch.timedOut || watch.needsSwitch || watch.needsRouting) return tally(watch, began, deps.now().getTime());
    if (Date.parse(watch.last!.at) + intervalMs >= until) return tally(watch, began, deps.now().getTime());
  }
}

/** This invocation counted into the watch: Lambda bills each invocation and the time it ran (the cost estimate's). */
function tally(watch: Watch, began: number, ended: number): Watch {
  const seconds = Math.max(0, ended - began) / 1000;
  return { ...watch, invocations: (watch.invocations ?? 0) + 1, busySeconds: Math.round(((watch.busySeconds ?? 0) + seconds) * 1000) / 1000 };
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
