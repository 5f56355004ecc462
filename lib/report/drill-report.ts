// Turns the targets' results into the drill report: verdict, worst RTO/RPO, proof of residency, headline.
import { estimateDrillCost } from '../cost/estimate';
import type { DrillContext, TargetResult } from '../drill/contracts';
import type { FailoverResult } from '../failover/contracts';
import { formatDuration, minutesBetween } from '../measure/durations';
import { oneRegionMeaning } from '../plan/one-region';
import { REGION_PATTERN } from '../plan/schema';
import { failoverPassed, failoverPassedSummary, failoverProblems, loudLead } from './failover-verdict';
import { drillParts } from './parts';
import { drillReportSchema, type DrillReport, type WorstMeasure } from './schema';

export interface BuildDrillReportInput {
  drill: DrillContext;
  results: TargetResult[];
  /** One per failover target of the plan; left out when the plan has no failover block. */
  failover?: FailoverResult[];
  finishedAt: string;
}

/** Failures named in the headline; the rest are counted, so a notification stays one line for 1000 targets. */
const HEADLINE_FAILURES = 3;

function worst(results: TargetResult[], pick: (r: TargetResult) => TargetResult['rto']): WorstMeasure | null {
  let found: WorstMeasure | null = null;
  for (const r of results) {
    const { measuredMinutes, objectiveMinutes, met } = pick(r);
    if (measuredMinutes === null) continue;
    const candidate = { targetId: r.targetId, measuredMinutes, objectiveMinutes, met };
    // By ratio to the objective: 50 min against 60 is worse than 70 min against 240.
    const ratio = (m: WorstMeasure) => m.measuredMinutes / m.objectiveMinutes;
    if (!found || ratio(candidate) > ratio(found) || (ratio(candidate) === ratio(found) && measuredMinutes > found.measuredMinutes)) {
      found = candidate;
    }
  }
  return found;
}

function regionOf(arn: string | null | undefined): string | null {
  const region = arn?.split(':')[3];
  return region && REGION_PATTERN.test(region) ? region : null;
}

/**
 * The drill's two regions, plus any region named by an ARN in the results: the residency line is evidence,
 * so it reports where recovery points and restored resources actually were, not only where they were meant to be.
 */
function regionsTouched(drill: DrillContext, results: TargetResult[], failover: FailoverResult[]): string[] {
  const seen = new Set([drill.sourceRegion, drill.drRegion]);
  // A global cluster with a member in a third region holds patient data there too, drill or no drill.
  const failoverRegions = failover.flatMap((r) => [
    ...(r.preflight?.members ?? []).map((m) => regionOf(m.clusterArn)),
    r.service.writerRegion,
    r.service.trafficRegion,
  ]);
  const extra = results
    .flatMap((r) => [regionOf(r.recoveryPoint?.arn), regionOf(r.restoredResourceArn)])
    .concat(failoverRegions)
    .filter((region): region is string => region !== null && !seen.has(region));
  return [...seen, ...[...new Set(extra)].sort()];
}

function describeWorst(label: 'RTO' | 'RPO', m: WorstMeasure | null): string {
  if (!m) return `worst ${label} not measured`;
  return `worst ${label} ${formatDuration(m.measuredMinutes)} (objective ${formatDuration(m.objectiveMinutes)}${m.met ? '' : ', missed'})`;
}

function describeFailure(r: TargetResult): string {
  return r.failedStep ? `${r.targetId}: ${r.reason} at ${r.failedStep}` : `${r.targetId}: ${r.reason}`;
}

/** What the restore targets proved, without the verdict: the failover part may still fail a drill they passed. */
function restorePart(report: Omit<DrillReport, 'headline'>): string {
  const { counts, targets, worst: w } = report;
  if (counts.targets === 0) return report.failover?.length ? 'no restore targets selected' : 'no targets were drilled';
  if (counts.failed === 0) return `${counts.passed}/${counts.targets} targets recovered; ${describeWorst('RTO', w.rto)}, ${describeWorst('RPO', w.rpo)}`;
  const failed = targets.filter((r) => r.verdict !== 'PASSED');
  const named = failed.slice(0, HEADLINE_FAILURES).map(describeFailure);
  if (failed.length > HEADLINE_FAILURES) named.push(`+${failed.length - HEADLINE_FAILURES} more`);
  return `${counts.failed} of ${counts.targets} targets failed (${named.join('; ')})`;
}

function headline(report: Omit<DrillReport, 'headline'>, primaryRegion: string): string {
  const { verdict, plan, residency, failover } = report;
  let line: string;
  if (!failover) {
    line = `${verdict} ${plan.name}: ${restorePart(report)}`;
  } else {
    // Why the drill failed comes first: a failover that did not run fails a drill whose restores all passed.
    const problems = failoverProblems(failover);
    const parts = problems.length ? [...problems, restorePart(report)] : [restorePart(report), failoverPassedSummary(failover)];
    line = `${verdict} ${plan.name}: ${parts.join('; ')}`;
    const lead = loudLead(failover, primaryRegion);
    if (lead) line = `${lead} — ${line}`;
  }
  return residency.outside.length ? `${line}; OUTSIDE residency policy: ${residency.outside.join(', ')}` : line;
}

/** A one-region drill's report says in words what its policy means; a two-region one's keeps its old shape. */
export function residencyMeaning(drill: Pick<DrillContext, 'sourceRegion' | 'drRegion' | 'allowedRegions'>): { meaning?: string } {
  const meaning = oneRegionMeaning(drill.sourceRegion, drill.drRegion, drill.allowedRegions);
  return meaning ? { meaning } : {};
}

export function buildDrillReport({ drill, results, failover, finishedAt }: BuildDrillReportInput): DrillReport {
  minutesBetween(drill.startedAt, finishedAt, 'drill (started to finished)');
  const passed = results.filter((r) => r.verdict === 'PASSED').length;
  const touched = regionsTouched(drill, results, failover ?? []);
  // Zero targets of either kind means the drill proved nothing, which must never read as a pass; a run limited to
  // the failover drill (`only`) proves the failover alone.
  const drilledAnything = results.length + (failover?.length ?? 0) > 0;
  const restorePassed = drilledAnything && passed === results.length;
  const report: Omit<DrillReport, 'headline'> = {
    drillId: drill.id,
    executionArn: drill.executionArn,
    plan: { name: drill.planName, hash: drill.planHash },
    startedAt: drill.startedAt,
    finishedAt,
    verdict: restorePassed && failoverPassed(failover ?? []) ? 'PASSED' : 'FAILED',
    counts: {
      targets: results.length,
      passed,
      failed: results.length - passed,
      cleanupIncomplete: results.filter((r) => !r.cleanup.complete).length,
    },
    worst: { rto: worst(results, (r) => r.rto), rpo: worst(results, (r) => r.rpo) },
    residency: {
      policy: drill.residencyPolicy,
      allowedRegions: drill.allowedRegions,
      regionsTouched: touched,
      outside: touched.filter((region) => !drill.allowedRegions.includes(region)),
      ...residencyMeaning(drill),
    },
    targets: results,
    // Only when the plan has failover targets: a restore-only report keeps exactly its old shape.
    ...(failover ? { failover } : {}),
    cost: estimateDrillCost({ targets: results, region: drill.drRegion, failover: failover ?? [] }),
    ...(drill.order ? { parts: drillParts(drill.order, results, failover ?? []) } : {}),
  };
  // Parsed on the way out: the report crosses a boundary (stored, sent), and zod rejects a NaN that slipped in.
  return drillReportSchema.parse({ ...report, headline: headline(report, drill.sourceRegion) });
}
