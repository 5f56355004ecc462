// One drill's line in the drills table: enough for a trend chart and for `dr-drill report` to find the evidence,
// taken from the report (nothing here that the evidence record does not hold).
import type { DrillReport } from '../report/schema';
import { evidenceKeys, type DrillIndexEntry } from './contracts';

export function indexEntryFor(report: DrillReport, kind: DrillIndexEntry['kind']): DrillIndexEntry {
  const cutovers = (report.failover ?? []).map((f) => f.cutover?.downtime).filter((d) => d !== undefined && d !== null);
  const worstDowntime = cutovers.reduce<(typeof cutovers)[number] | null>(
    (worst, d) => (worst === null || (d.measuredSeconds ?? Infinity) > (worst.measuredSeconds ?? Infinity) ? d : worst),
    null,
  );
  return {
    planName: report.plan.name,
    startedAt: report.startedAt,
    drillId: report.drillId,
    executionArn: report.executionArn,
    kind,
    verdict: report.verdict,
    finishedAt: report.finishedAt,
    headline: report.headline,
    worstRtoMinutes: report.worst.rto?.measuredMinutes ?? null,
    rtoObjectiveMinutes: report.worst.rto?.objectiveMinutes ?? null,
    worstRpoMinutes: report.worst.rpo?.measuredMinutes ?? null,
    rpoObjectiveMinutes: report.worst.rpo?.objectiveMinutes ?? null,
    failoverDowntimeSeconds: worstDowntime?.measuredSeconds ?? null,
    failoverRtoSeconds: worstDowntime?.objectiveSeconds ?? null,
    ...(report.coverage ? { coverage: coverageOfEntry(report.coverage) } : {}),
    ...evidenceKeys(report.plan.name, report.startedAt, report.drillId),
  };
}

/** What later drills read back: this drill's proofs, and enough of the plan's settings to list the scope again. */
function coverageOfEntry(c: NonNullable<DrillReport['coverage']>): NonNullable<DrillIndexEntry['coverage']> {
  return {
    proven: c.drilled.proven,
    failed: c.drilled.failed,
    windowDays: c.windowDays,
    maxUnprovenDays: c.maxUnprovenDays,
    region: c.region,
    vaults: c.vaults,
    protectedCount: c.protectedCount,
    provenCount: c.provenCount,
    line: c.line,
  };
}
