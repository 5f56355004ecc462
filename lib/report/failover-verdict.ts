// The failover drill's part of the drill verdict and headline. The monthly evidence must show a failover happened,
// so NOT_RUN fails the drill as FAILED does; and a service left off its primary (or in a state nobody knows) is the
// first thing anyone reading the headline must see.
import type { FailoverResult } from '../failover/contracts';
import { formatSeconds } from '../measure/seconds';

/** Failures named in the headline; the rest are counted (same rule as the restore targets). */
const HEADLINE_FAILURES = 3;

export function failoverPassed(results: readonly FailoverResult[]): boolean {
  return results.every((r) => r.verdict === 'PASSED');
}

/** Known to be elsewhere: the writer or the traffic was seen in another region than the primary. */
function seenOffPrimary(r: FailoverResult, primaryRegion: string): boolean {
  const { writerRegion, trafficRegion } = r.service;
  return (writerRegion !== null && writerRegion !== primaryRegion) || (trafficRegion !== null && trafficRegion !== primaryRegion);
}

/**
 * What must lead the headline, or null when no result is loud. A service seen off its primary, one whose state is
 * unknown, and one back on its primary that still needs a person (a rollback that never settled) are told apart:
 * all need someone now, but each needs a different first step.
 */
export function loudLead(results: readonly FailoverResult[], primaryRegion: string): string | null {
  const loud = results.filter((r) => r.loud);
  const off = loud.filter((r) => seenOffPrimary(r, primaryRegion));
  const home = loud.filter((r) => !seenOffPrimary(r, primaryRegion) && r.service.onPrimary);
  const unknown = loud.filter((r) => !seenOffPrimary(r, primaryRegion) && !r.service.onPrimary);
  const where = (r: FailoverResult) => `writer in ${r.service.writerRegion ?? 'unknown region'}, traffic to ${r.service.trafficRegion ?? 'unknown region'}`;
  const parts: string[] = [];
  if (off.length) parts.push(`SERVICE NOT ON PRIMARY: ${off.map((r) => `${r.targetId}: ${where(r)}`).join('; ')}`);
  if (unknown.length) parts.push(`SERVICE STATE UNKNOWN: ${unknown.map((r) => `${r.targetId}: ${r.service.summary}`).join('; ')}`);
  if (home.length) parts.push(`SERVICE NEEDS ATTENTION: ${home.map((r) => `${r.targetId}: ${r.reason}`).join('; ')}`);
  return parts.length ? parts.join(' — ') : null;
}

function describeProblem(r: FailoverResult): string {
  // NOT_RUN stops before anything changed; its step (preflight, approval) is already in its reason, and so may be
  // the words "not run", which the prefix says once.
  if (r.verdict === 'NOT_RUN') return `failover not run (${r.targetId}): ${r.reason.replace(/^not run:\s*/i, '')}`;
  return `failover failed${r.stoppedAt ? ` at ${r.stoppedAt}` : ''} (${r.targetId}): ${r.reason}`;
}

/** One entry per failover target that did not pass, the first few named. */
export function failoverProblems(results: readonly FailoverResult[]): string[] {
  const failed = results.filter((r) => r.verdict !== 'PASSED');
  const named = failed.slice(0, HEADLINE_FAILURES).map(describeProblem);
  if (failed.length > HEADLINE_FAILURES) named.push(`+${failed.length - HEADLINE_FAILURES} more failover targets failed`);
  return named;
}

/** `failover 1/1 passed, worst downtime 84 s (objective 120 s)`: the figure patients felt, over both switches. */
export function failoverPassedSummary(results: readonly FailoverResult[]): string {
  const downtimes = results
    .flatMap((r) => [r.cutover?.downtime, r.failback?.downtime])
    .filter((d): d is NonNullable<typeof d> => d !== undefined && d !== null && d.measuredSeconds !== null);
  const ratio = (d: (typeof downtimes)[number]) => (d.measuredSeconds ?? 0) / d.objectiveSeconds;
  const worst = downtimes.reduce<(typeof downtimes)[number] | null>((w, d) => (w === null || ratio(d) > ratio(w) ? d : w), null);
  const line = `failover ${results.length}/${results.length} passed`;
  if (!worst || worst.measuredSeconds === null) return line;
  return `${line}, worst downtime ${formatSeconds(worst.measuredSeconds)} (objective ${formatSeconds(worst.objectiveSeconds)})`;
}
