// Health probes kept as stretches of equal answers (ProbeSeries, lib/failover/contracts.ts), and the downtime they
// show. A stretch keeps its first and last probe: every change between up and down happens between the last probe of
// one stretch and the first of the next, so measureDowntime over those probes gives what the full series would.
import type { ProbeSeries } from './contracts';
import { measureDowntime, type Downtime, type Probe } from './downtime';

export interface ProbeAnswer {
  /** When the probe was sent (ISO-8601). */
  at: string;
  ok: boolean;
  /** An HTTP status ("HTTP 503") or why there was none ("timeout after 3000 ms"). */
  answer: string;
}

export const emptySeries = (): ProbeSeries => ({ segments: [], probes: 0, maxGapMs: 0 });

/** The series with one more probe: the last stretch extended when the answer kind is the same, a new one opened when not. */
export function appendProbe(series: ProbeSeries, probe: ProbeAnswer): ProbeSeries {
  const ms = Date.parse(probe.at);
  if (Number.isNaN(ms)) throw new Error(`probe time "${probe.at}" is not ISO-8601`);
  const segments = series.segments.map((s) => ({ ...s }));
  const last = segments[segments.length - 1];
  if (!last) {
    return { segments: [{ ok: probe.ok, firstAt: probe.at, lastAt: probe.at, count: 1, lastAnswer: probe.answer }], probes: 1, maxGapMs: 0 };
  }
  // Probes come from successive Lambda invocations whose clocks may disagree by a few milliseconds: a probe that
  // seems to predate the previous one is taken as simultaneous, so the stretches never run backwards.
  const lastMs = Date.parse(last.lastAt);
  const at = ms < lastMs ? last.lastAt : probe.at;
  const maxGapMs = Math.max(series.maxGapMs, Math.max(0, ms - lastMs));
  if (last.ok === probe.ok) {
    last.lastAt = at;
    last.count += 1;
    last.lastAnswer = probe.answer;
  } else {
    segments.push({ ok: probe.ok, firstAt: at, lastAt: at, count: 1, lastAnswer: probe.answer });
  }
  return { segments, probes: series.probes + 1, maxGapMs };
}

/** The probes measureDowntime needs: the first and the last of each stretch. */
export function boundaryProbes(series: ProbeSeries): Probe[] {
  return series.segments.flatMap((s) =>
    s.count > 1 && s.lastAt !== s.firstAt ? [{ at: s.firstAt, ok: s.ok }, { at: s.lastAt, ok: s.ok }] : [{ at: s.firstAt, ok: s.ok }],
  );
}

/**
 * The downtime the series shows, or null when nothing was probed. Its resolution is the largest gap between two
 * probes as they were taken (kept in the series), not the gaps between the stretches' boundaries.
 */
export function seriesDowntime(series: ProbeSeries): Downtime | null {
  if (series.probes === 0 || series.segments.length === 0) return null;
  return { ...measureDowntime(boundaryProbes(series)), resolutionSeconds: series.maxGapMs / 1000 };
}
