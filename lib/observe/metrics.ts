// The drill's figures as CloudWatch metrics (Powertools EMF: one JSON line on stdout each, turned into metrics by
// CloudWatch Logs, no API call and no extra permission). Namespace DrDrill, dimension PlanName; per-target figures
// carry TargetId too, so a dashboard can show one target's RTO over the months.
//
// CloudWatch has no minutes unit: minute figures are sent without a unit and their names say "Minutes".
// A figure that was not measured (a restore that failed has no RTO) is not sent, rather than sent as 0.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { oldestUnprovenDays } from '../coverage/compute';
import type { Coverage } from '../coverage/contracts';
import type { DrillReport } from '../report/schema';

export const METRICS_NAMESPACE = 'DrDrill';

/** The Metrics a function publishes with; tests inject their own. */
export function drillMetrics(): Metrics {
  return new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'dr-drill' });
}

/**
 * Per target: RtoMinutes, RpoMinutes (when measured), Verdict (1 passed, 0 failed); per drill: DrillCompleted 1,
 * DrillFailed 0/1, DrillDurationMinutes, WorstRtoMinutes, WorstRpoMinutes, FailoverDowntimeSeconds (when a failover
 * ran). A dry run publishes nothing: it restores nothing, so it has no figure, and counting it as a drill would
 * hide a month without one. Coverage (when the report has it and its scope could be listed): ProtectedResources,
 * ProvenResources, UnprovenOverLimit (the count the CoverageUnproven alarm fires on) and OldestUnprovenDays.
 */
export function publishDrillMetrics(report: DrillReport, metrics: Metrics): void {
  if (report.dryRun) return;
  const plan = report.plan.name;
  // One EMF line per target: dimensions are per line, and 1,000 targets stay well under EMF's 100 metrics a line.
  for (const target of report.targets) {
    metrics.addDimension('PlanName', plan).addDimension('TargetId', target.targetId);
    if (target.rto.measuredMinutes !== null) metrics.addMetric('RtoMinutes', MetricUnit.NoUnit, target.rto.measuredMinutes);
    if (target.rpo.measuredMinutes !== null) metrics.addMetric('RpoMinutes', MetricUnit.NoUnit, target.rpo.measuredMinutes);
    metrics.addMetric('Verdict', MetricUnit.Count, target.verdict === 'PASSED' ? 1 : 0);
    metrics.publishStoredMetrics();
  }
  metrics.addDimension('PlanName', plan);
  metrics.addMetric('DrillCompleted', MetricUnit.Count, 1);
  metrics.addMetric('DrillFailed', MetricUnit.Count, report.verdict === 'FAILED' ? 1 : 0);
  metrics.addMetric('DrillDurationMinutes', MetricUnit.NoUnit, minutesBetween(report.startedAt, report.finishedAt));
  if (report.worst.rto) metrics.addMetric('WorstRtoMinutes', MetricUnit.NoUnit, report.worst.rto.measuredMinutes);
  if (report.worst.rpo) metrics.addMetric('WorstRpoMinutes', MetricUnit.NoUnit, report.worst.rpo.measuredMinutes);
  const downtime = worstCutoverDowntime(report);
  if (downtime !== null) metrics.addMetric('FailoverDowntimeSeconds', MetricUnit.Seconds, downtime);
  addCoverageMetrics(report.coverage, metrics);
  metrics.publishStoredMetrics();
}

/**
 * ProtectedResources, ProvenResources, UnprovenOverLimit and (when there is a resource in scope) OldestUnprovenDays,
 * as a drill and the daily Coverage Check send them. Not sent when the scope could not be listed: an unknown coverage
 * is not a coverage of 0 (nor of everything).
 */
export function addCoverageMetrics(coverage: Coverage | undefined, metrics: Metrics): void {
  if (!coverage || coverage.protectedCount === null || coverage.provenCount === null || coverage.overLimitCount === null) return;
  metrics.addMetric('ProtectedResources', MetricUnit.Count, coverage.protectedCount);
  metrics.addMetric('ProvenResources', MetricUnit.Count, coverage.provenCount);
  metrics.addMetric('UnprovenOverLimit', MetricUnit.Count, coverage.overLimitCount);
  const oldest = oldestUnprovenDays(coverage);
  if (oldest !== null) metrics.addMetric('OldestUnprovenDays', MetricUnit.NoUnit, oldest);
}

/** The longest downtime patients saw during any target's cutover, as the drills index records it; null if none ran. */
function worstCutoverDowntime(report: DrillReport): number | null {
  const measured = (report.failover ?? []).map((f) => f.cutover?.downtime.measuredSeconds).filter((s): s is number => typeof s === 'number');
  return measured.length > 0 ? Math.max(...measured) : null;
}

/** One decimal, as the report's own minute figures; never negative, whatever the clocks said. */
function minutesBetween(startIso: string, endIso: string): number {
  const ms = Date.parse(endIso) - Date.parse(startIso);
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms / 6_000) / 10 : 0;
}
