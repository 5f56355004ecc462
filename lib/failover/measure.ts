// The failover drill's figures against the plan's objectives, each saying how it was obtained and how precise it is.
// Pure: everything comes from the watches, the preflight and the canary the state machine gathered.
import type { CanaryRead, CanaryWrite, FailoverItem, FailoverPreflight, Figure, PhaseFigures, Watch } from './contracts';
import { regionLabel } from './observe';
import { seriesDowntime } from './series';

/** Seconds between two ISO times, to a tenth. */
export const secondsBetween = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / 100) / 10;

const figure = (measuredSeconds: number | null, objectiveSeconds: number, detail: string): Figure => ({
  measuredSeconds,
  objectiveSeconds,
  met: measuredSeconds !== null && measuredSeconds <= objectiveSeconds,
  detail,
});

/** How far apart the looks were: a time seen at one look happened at most this long before it. */
const precision = (watch: Watch, item: FailoverItem) => {
  const gap = watch.series.maxGapMs > 0 ? watch.series.maxGapMs / 1000 : item.settings.probeIntervalSeconds;
  return `looked at every ${item.settings.probeIntervalSeconds} s, so up to ${gap} s after it happened`;
};

/** Cutover, downtime and traffic of one switch (cutover or failback), or null when the phase was never watched. */
export function phaseFigures(watch: Watch | undefined, item: FailoverItem): PhaseFigures | null {
  if (!watch) return null;
  const { objectives } = item;
  const toward = `${regionLabel(watch.towardRegion, item)} (${watch.towardRegion})`;
  const cluster = `${watch.towardRegion === item.primaryRegion ? 'primary' : 'DR'} cluster (${watch.towardRegion})`;
  const lastSeconds = watch.last ? secondsBetween(watch.startedAt, watch.last.at) : 0;

  const cutover = watch.writerAt
    ? figure(secondsBetween(watch.startedAt, watch.writerAt), objectives.cutoverSeconds, `the ${cluster} was writer ${secondsBetween(watch.startedAt, watch.writerAt)} s after the switch request; ${precision(watch, item)}`)
    : figure(null, objectives.cutoverSeconds, `the ${cluster} was not writer at the last look, ${lastSeconds} s after the switch request`);

  const { dns } = item.target;
  // From the VPC the figure includes the TTL the resolver kept the old answer for: what clients there saw.
  const how = !dns
    ? `the routing controls sent traffic to the ${toward}`
    : dns.measureFrom === 'vpc'
      ? `the VPC's resolver answered for the ${toward} (as clients in the VPC see it, the record's TTL included)`
      : `Route 53 answered for the ${toward}`;
  const traffic = watch.trafficAt
    ? figure(secondsBetween(watch.startedAt, watch.trafficAt), objectives.rtoSeconds, `${how} ${secondsBetween(watch.startedAt, watch.trafficAt)} s after the switch request; ${precision(watch, item)}`)
    : figure(null, objectives.rtoSeconds, `traffic had not moved to the ${toward} at the last look, ${lastSeconds} s after the switch request`);

  return { cutover, downtime: downtimeFigure(watch, item), traffic };
}

function downtimeFigure(watch: Watch, item: FailoverItem): PhaseFigures['downtime'] {
  const objective = item.objectives.rtoSeconds;
  const d = seriesDowntime(watch.series);
  if (!d) return { ...figure(null, objective, 'not measured: the health URL was never probed'), outages: 0, recovered: false, resolutionSeconds: 0 };
  const probes = `${watch.series.probes} probes of the health URL, at most ${d.resolutionSeconds} s apart`;
  let detail: string;
  if (d.outages === 0) detail = `no failed probe in ${probes}: any outage was shorter than that`;
  else if (!d.recovered) detail = `the health URL had not recovered at the last probe: down ${d.windowSeconds} s by then (${probes})`;
  else {
    const flaps = d.outages > 1 ? ` over ${d.outages} outages (${d.failedSeconds} s down in all)` : '';
    detail = `down ${d.windowSeconds} s from the first failed probe to the first good one after the last failure${flaps}; ${probes}`;
  }
  return {
    measuredSeconds: d.windowSeconds,
    objectiveSeconds: objective,
    met: d.recovered && d.windowSeconds <= objective,
    detail,
    outages: d.outages,
    recovered: d.recovered,
    resolutionSeconds: d.resolutionSeconds,
  };
}

/** The replication lag preflight read before the switch, against the RPO. */
export function replicationLagFigure(preflight: FailoverPreflight | undefined, item: FailoverItem): Figure {
  const objective = item.objectives.rpoSeconds;
  if (!preflight || preflight.replicationLagMs === null) return figure(null, objective, 'not measured: preflight read no replication lag');
  const seconds = Math.round(preflight.replicationLagMs / 100) / 10;
  const metric = preflight.replicationLagMetric ?? 'AuroraGlobalDBReplicationLag';
  return figure(seconds, objective, `${metric} of the DR cluster before the switch (the newest one-minute maximum): ${seconds} s`);
}

export interface DataLossInput {
  item: FailoverItem;
  canaryWrite?: CanaryWrite;
  canaryRead?: CanaryRead;
  /** When the switch was requested: the marker's age then is what its absence proves lost. */
  switchStartedAt?: string;
  /** Replication lag read before the switch: after a failover, the best estimate of what was lost. */
  preflight?: FailoverPreflight | null;
}

/**
 * Data loss as the canary proves it. A switchover promises no loss: the marker written just before it is in the new
 * primary (0 s) or the switch lost data. A failover may lose the last moments of writes, so the state machine writes
 * the marker an RPO before the failover: found, it proves that nothing older than the RPO was lost, and the figure
 * is the replication lag read before the failover (the estimate of what was); missing, the RPO was not met.
 */
export function dataLossFigure({ item, canaryWrite, canaryRead, switchStartedAt, preflight }: DataLossInput): Figure & { canaryFound: boolean | null } {
  const switchover = item.target.mode === 'switchover';
  const objective = switchover ? 0 : item.objectives.rpoSeconds;
  if (!canaryWrite) return { ...figure(null, objective, 'not measured: the canary marker was not written'), canaryFound: null };
  if (!canaryRead) return { ...figure(null, objective, 'not measured: the canary was not read in the new primary'), canaryFound: null };
  const before = switchStartedAt ? Math.max(0, secondsBetween(canaryWrite.writtenAt, switchStartedAt)) : null;
  const written = before === null ? 'the marker written before the switch' : `the marker written ${before} s before the switch`;
  const where = `the new primary (${canaryRead.region})`;
  if (canaryRead.found && switchover) return { ...figure(0, objective, `${written} was found in ${where}: no data lost`), canaryFound: true };
  if (canaryRead.found) {
    const lagMs = preflight?.replicationLagMs ?? null;
    const bound = `nothing written before it was lost, so at most ${before ?? '?'} s of writes`;
    if (lagMs === null) {
      return { measuredSeconds: null, objectiveSeconds: objective, met: true, detail: `${written} was found in ${where}: ${bound} (no replication lag was read to estimate it)`, canaryFound: true };
    }
    const lag = Math.round(lagMs / 100) / 10;
    return { ...figure(lag, objective, `estimated from the replication lag before the failover (${lag} s); ${written} was found in ${where}: ${bound}`), canaryFound: true };
  }
  const newest = canaryRead.newestWrittenAt ? `; the newest canary row there was written at ${canaryRead.newestWrittenAt}` : '; it holds no canary row at all';
  const rule = switchover ? ' (a switchover must lose nothing)' : '';
  return { measuredSeconds: null, objectiveSeconds: objective, met: false, detail: `${written} is missing in ${where}${newest}${rule}`, canaryFound: false };
}
