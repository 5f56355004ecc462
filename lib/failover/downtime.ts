// Downtime as patients would have seen it during a failover drill, measured from the health probes taken while the
// switch ran. Probes are only ever a sample: every figure is as precise as the probe interval, and says so.

export interface Probe {
  /** When the probe was sent (ISO-8601). */
  at: string;
  ok: boolean;
}

export interface Downtime {
  /** First failed probe to the first good probe after the last failed one: the outage a user saw, flaps included. */
  windowSeconds: number;
  /** Time spent down, summed over every failed stretch (each from its first failed probe to the next good one). */
  failedSeconds: number;
  /** How many times the service went down: more than one means it flapped during the switch. */
  outages: number;
  firstFailureAt: string | null;
  recoveredAt: string | null;
  /** False when the last probes were still failing: the service had not come back when probing stopped. */
  recovered: boolean;
  /** The largest gap between two probes: no figure above is more precise than this. */
  resolutionSeconds: number;
}

export class ProbeSeriesError extends Error {
  override readonly name = 'ProbeSeriesError';
}

export function measureDowntime(probes: readonly Probe[]): Downtime {
  const series = probes
    .map((p) => ({ ms: Date.parse(p.at), ok: p.ok, at: p.at }))
    .sort((a, b) => a.ms - b.ms);
  if (series.some((p) => Number.isNaN(p.ms))) throw new ProbeSeriesError('a probe has a timestamp that is not ISO-8601');
  if (series.length === 0) throw new ProbeSeriesError('no probes were taken: downtime cannot be measured');

  let resolutionMs = 0;
  for (let i = 1; i < series.length; i += 1) resolutionMs = Math.max(resolutionMs, series[i]!.ms - series[i - 1]!.ms);

  let failedMs = 0;
  let outages = 0;
  let downSince: number | null = null;
  for (const probe of series) {
    if (!probe.ok && downSince === null) {
      downSince = probe.ms;
      outages += 1;
    } else if (probe.ok && downSince !== null) {
      failedMs += probe.ms - downSince;
      downSince = null;
    }
  }

  const firstFailure = series.find((p) => !p.ok) ?? null;
  // A good answer between failures is a flap, not a recovery: the service is back at the first good probe after
  // the last failed one (none if probing ended on a failure).
  const lastFailureIndex = series.map((p) => p.ok).lastIndexOf(false);
  const recoveredAt = firstFailure ? (series[lastFailureIndex + 1] ?? null) : null;
  const recovered = firstFailure === null || recoveredAt !== null;
  const endMs = recoveredAt?.ms ?? series[series.length - 1]!.ms;
  if (downSince !== null) failedMs += endMs - downSince;

  return {
    windowSeconds: firstFailure ? (endMs - firstFailure.ms) / 1000 : 0,
    failedSeconds: failedMs / 1000,
    outages,
    firstFailureAt: firstFailure?.at ?? null,
    recoveredAt: recoveredAt?.at ?? null,
    recovered,
    resolutionSeconds: resolutionMs / 1000,
  };
}
