// The subject on-call reads on a lock screen: what needs a person now, the verdict and plan, then the figures that
// matter most, in that order, as many as fit. SNS refuses a subject of 100 characters or more, or one with a line
// break or control character, and rewrites one that is not ASCII: the subject is built to be none of those.
import type { FailoverResult } from '../failover/contracts';
import { formatDuration } from '../measure/durations';
import { formatSeconds } from '../measure/seconds';
import type { DrillReport } from '../report/schema';

/** SNS: "less than 100 characters long". */
export const SUBJECT_MAX = 99;

/** `37 min/60`, `75 s/120`, `9 h 05 min/24 h`: the objective's unit is dropped when the measure ends in the same one. */
function compactPair(measured: string, objective: string): string {
  const unitOf = (text: string) => / (s|min|h|d)$/.exec(text)?.[1];
  const plainObjective = /^\d+(?:\.\d+)? (s|min|h|d)$/.test(objective);
  return `${measured}/${plainObjective && unitOf(measured) === unitOf(objective) ? objective.replace(/ \w+$/, '') : objective}`;
}

/** The loud failover targets' one word for what is wrong, the way the report's headline tells them apart. */
function loudPart(results: readonly FailoverResult[]): string | null {
  const loud = results.filter((r) => r.loud);
  if (loud.length === 0) return null;
  const seen = (r: FailoverResult) => r.service.writerRegion !== null || r.service.trafficRegion !== null;
  if (loud.some((r) => !r.service.onPrimary && seen(r))) return 'SERVICE NOT ON PRIMARY';
  if (loud.some((r) => !r.service.onPrimary)) return 'SERVICE STATE UNKNOWN';
  return 'SERVICE NEEDS ATTENTION';
}

/** A failed restore is a problem; a passed one is figures on a pass, a count on a drill failed by something else. */
function restorePart(report: DrillReport): { problem: string | null; figures: string | null } {
  const { counts, worst } = report;
  if (counts.targets === 0) return { problem: null, figures: null };
  if (counts.failed > 0) return { problem: `${counts.failed}/${counts.targets} targets failed`, figures: null };
  const count = `${counts.passed}/${counts.targets} targets passed`;
  if (report.verdict !== 'PASSED' || !worst.rto || !worst.rpo) return { problem: null, figures: count };
  const rto = compactPair(formatDuration(worst.rto.measuredMinutes), formatDuration(worst.rto.objectiveMinutes));
  const rpo = compactPair(formatDuration(worst.rpo.measuredMinutes), formatDuration(worst.rpo.objectiveMinutes));
  return { problem: null, figures: `worst RTO ${rto}, RPO ${rpo}` };
}

function failoverPart(report: DrillReport, results: readonly FailoverResult[]): { problem: string | null; figures: string | null } {
  if (results.length === 0) return { problem: null, figures: null };
  const notPassed = results.filter((r) => r.verdict !== 'PASSED');
  const count = (n: number) => (results.length > 1 ? ` ${n}/${results.length}` : '');
  if (notPassed.length > 0) {
    const word = notPassed.some((r) => r.verdict === 'FAILED') ? 'FAILED' : 'NOT RUN';
    return { problem: `failover${count(notPassed.length)} ${word} (${notPassed.map((r) => r.targetId).join(', ')})`, figures: null };
  }
  const passed = `failover${count(results.length)} passed`;
  const downtimes = results
    .flatMap((r) => [r.cutover?.downtime, r.failback?.downtime])
    .filter((d): d is NonNullable<typeof d> => Boolean(d) && d?.measuredSeconds !== null);
  if (report.verdict !== 'PASSED' || downtimes.length === 0) return { problem: null, figures: passed };
  const worst = downtimes.reduce((w, d) => ((d.measuredSeconds ?? 0) / d.objectiveSeconds > (w.measuredSeconds ?? 0) / w.objectiveSeconds ? d : w));
  return { problem: null, figures: `failover downtime ${compactPair(formatSeconds(worst.measuredSeconds ?? 0), formatSeconds(worst.objectiveSeconds))}` };
}

function dryRunPart(report: DrillReport): string | null {
  const targets = report.dryRun?.targets ?? [];
  if (targets.length === 0) return null;
  const notReady = targets.filter((t) => !t.ok).length;
  return notReady ? `${notReady}/${targets.length} targets not ready` : `${targets.length}/${targets.length} targets ready`;
}

const ascii = (text: string) => text.replace(/[^\x20-\x7E]/g, '?');

/** The lead, then each part that still fits, in order of importance; a lead too long on its own is cut. */
function fit(lead: string, parts: (string | null)[], separator: string): string {
  let subject = lead;
  let first = true;
  for (const part of parts) {
    if (!part) continue;
    const next = `${subject}${first ? ': ' : separator}${part}`;
    if (next.length > SUBJECT_MAX) continue;
    subject = next;
    first = false;
  }
  return subject.length <= SUBJECT_MAX ? subject : `${subject.slice(0, SUBJECT_MAX - 3)}...`;
}

export function subjectOf(report: DrillReport): string {
  const failover = report.failover ?? [];
  const loud = loudPart(failover);
  const verdict = `${report.dryRun ? 'DRY RUN ' : ''}${report.verdict} ${report.plan.name}`;
  const lead = loud ? `${loud} - ${verdict}` : verdict;
  const outside = report.residency.outside.length ? `OUTSIDE residency: ${report.residency.outside.join(', ')}` : null;
  if (report.dryRun) return ascii(fit(lead, [outside, dryRunPart(report)], '; '));
  const restore = restorePart(report);
  const switched = failoverPart(report, failover);
  // Problems first, whichever drill they come from; then what passed, as far as it fits.
  const parts = [outside, restore.problem, switched.problem, restore.figures, switched.figures];
  // A pass reads as one list of figures; a failure as separate problems.
  return ascii(fit(lead, parts, report.verdict === 'PASSED' ? ', ' : '; '));
}
