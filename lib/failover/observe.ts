// The observe loop's pure half: a Watch (lib/failover/contracts.ts) begun for a phase, and each observation folded
// into it. The flags it sets are all the failover state machine's Choice states read, so every rule about when a
// phase is done, late, or needs the drill to act lives here, where it is tested.
import type { FailoverItem, Observation, Phase, Watch } from './contracts';
import { appendProbe, emptySeries } from './series';

/** A new watch: the cutover goes to the DR region; the failback and a rollback come back to the primary. */
export function startWatch(item: FailoverItem, phase: Phase, startedAt: string): Watch {
  const toDr = phase === 'cutover';
  const seconds = phase === 'rollback' ? item.settings.rollbackTimeoutSeconds : item.settings.switchTimeoutSeconds;
  const startMs = Date.parse(startedAt);
  if (Number.isNaN(startMs)) throw new Error(`phase ${phase} started at "${startedAt}", which is not ISO-8601`);
  return {
    phase,
    towardRegion: toDr ? item.drRegion : item.primaryRegion,
    towardClusterArn: toDr ? item.target.drClusterArn : item.target.primaryClusterArn,
    startedAt,
    // The cutover and failback begin with the switch call; a rollback requests its switch only if it needs one.
    switchRequestedAt: phase === 'rollback' ? null : startedAt,
    deadlineAt: new Date(startMs + seconds * 1000).toISOString(),
    writerAt: null,
    trafficAt: null,
    routingSetAt: null,
    series: emptySeries(),
    observations: 0,
    last: null,
    settled: false,
    timedOut: false,
    needsSwitch: false,
    needsRouting: false,
  };
}

/** What the state machine did since the last look, as it hands it back: a value (or null, "forget it") replaces the watch's. */
export interface WatchRequests {
  /** Rollback only: when the switch back was requested; null when the request failed and may be made again. */
  switchRequestedAt?: string | null;
  /** ARC only: when the routing controls were set toward the phase's region; null when not (yet). */
  routingSetAt?: string | null;
}

/**
 * When the drill last failed to act (a routing change, a switch back): it asks again only this long after, so a
 * refusal that lasts does not turn each probe into another failed call (and ~20 more history events: see
 * tests/unit/history-worst-case.test.ts). The probes go on meanwhile.
 */
export const ACTION_RETRY_SPACING_MS = 60_000;

export interface FailedActions {
  /** ARC only: when setting the routing controls last failed (null: it has not, or it was since done). */
  routingFailedAt?: string | null;
  /** Rollback only: when the switch back was last refused. */
  switchFailedAt?: string | null;
}

const mayRetry = (failedAt: string | null | undefined, at: string) => !failedAt || Date.parse(at) - Date.parse(failedAt) >= ACTION_RETRY_SPACING_MS;

export function applyRequests(watch: Watch, requests: WatchRequests): Watch {
  const next = { ...watch };
  // The cutover's and failback's switch request is their start: only a rollback's is ever made (or forgotten) later.
  if (watch.phase === 'rollback' && requests.switchRequestedAt !== undefined) next.switchRequestedAt = requests.switchRequestedAt;
  if (requests.routingSetAt !== undefined) next.routingSetAt = requests.routingSetAt;
  return next;
}

/** The watch with one more observation folded in, and its flags worked out from it. */
export function foldObservation(watch: Watch, observation: Observation, item: FailoverItem, failed: FailedActions = {}): Watch {
  const toward = watch.towardRegion;
  const switching = observation.switchStatus !== null;
  const writerThere = observation.writerRegion === toward && !switching;
  const trafficThere = observation.trafficRegion === toward;
  const settled = writerThere && trafficThere && observation.healthy;
  const usesArc = item.target.routingControls !== undefined;
  const next: Watch = {
    ...watch,
    series: appendProbe(watch.series, { at: observation.at, ok: observation.healthy, answer: observation.healthAnswer }),
    observations: watch.observations + 1,
    last: observation,
    writerAt: watch.writerAt ?? (writerThere ? observation.at : null),
    trafficAt: watch.trafficAt ?? (trafficThere ? observation.at : null),
  };
  next.settled = settled;
  next.timedOut = !settled && Date.parse(observation.at) >= Date.parse(watch.deadlineAt);
  next.needsSwitch =
    watch.phase === 'rollback' && !switching && observation.writerRegion !== toward && watch.switchRequestedAt === null && mayRetry(failed.switchFailedAt, observation.at);
  next.needsRouting = usesArc && writerThere && !trafficThere && watch.routingSetAt === null && mayRetry(failed.routingFailedAt, observation.at);
  return next;
}

/**
 * Why a watch is not settled, in words for the person on call: the first of writer, switch, traffic and health that
 * is not where it should be. `after` is how long the phase had run by its last look.
 */
export function whyNotSettled(watch: Watch, item: FailoverItem): string {
  const last = watch.last;
  const seconds = Math.round(((last ? Date.parse(last.at) : Date.parse(watch.startedAt)) - Date.parse(watch.startedAt)) / 1000);
  const limit = Math.round((Date.parse(watch.deadlineAt) - Date.parse(watch.startedAt)) / 1000);
  const after = `after ${watch.timedOut ? limit : seconds} s`;
  if (!last) return 'nothing could be observed';
  const where = (region: string | null) => regionLabel(region, item);
  if (last.switchStatus !== null) return `the switch was still ${last.switchStatus} ${after}`;
  if (last.writerRegion !== watch.towardRegion) {
    const cluster = watch.towardRegion === item.primaryRegion ? 'primary cluster' : 'DR cluster';
    return `the ${cluster} (${watch.towardRegion}) was not the writer ${after} (writer: ${last.writerRegion ?? 'none'})`;
  }
  if (last.trafficRegion !== watch.towardRegion) {
    return item.target.dns
      ? `DNS still answered ${last.trafficRegion ? `the ${where(last.trafficRegion)}` : `"${last.trafficAnswer ?? 'nothing'}"`} ${after}`
      : `the routing controls still did not send traffic to the ${where(watch.towardRegion)} ${after} (${last.trafficAnswer ?? 'state unknown'})`;
  }
  if (!last.healthy) return `the health URL still failed (${last.healthAnswer}) ${after}`;
  return `it had not settled ${after}`;
}

/** "primary" or "DR region" for the plan's two regions; the region code for anything else. */
export function regionLabel(region: string | null, item: FailoverItem): string {
  if (region === null) return 'unknown';
  if (region === item.primaryRegion) return 'primary';
  if (region === item.drRegion) return 'DR region';
  return region;
}
