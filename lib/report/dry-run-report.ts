// The report of a dry run: nothing was created or changed, so there are no target results, RTO or RPO; the
// verdict says whether a real run could start, and the headline what stands in its way.
import type { DrillContext } from '../drill/contracts';
import type { DryRunResult } from '../dry-run/contracts';
import { residencyMeaning } from './drill-report';
import { drillReportSchema, type DrillReport } from './schema';

/** Problems named in the headline; the rest are counted. */
const HEADLINE_PROBLEMS = 3;

export function buildDryRunReport(drill: DrillContext, dryRun: DryRunResult | null, finishedAt: string): DrillReport {
  const result: DryRunResult = dryRun ?? { checkedAt: finishedAt, ok: false, targets: [] };
  const failedTargets = result.targets.filter((t) => !t.ok);
  const problems = failedTargets.flatMap((t) => t.checks.filter((c) => !c.passed).map((c) => `${t.targetId}: ${c.name}: ${c.detail}`));
  const named = problems.slice(0, HEADLINE_PROBLEMS);
  if (problems.length > HEADLINE_PROBLEMS) named.push(`+${problems.length - HEADLINE_PROBLEMS} more`);
  const verdict = dryRun !== null && result.ok && result.targets.length > 0 ? 'PASSED' : 'FAILED';
  const what =
    dryRun === null
      ? 'the dry run recorded no result (its step failed): nothing is known about the account'
      : verdict === 'PASSED'
        ? `${result.targets.length} target(s) checked, a real run could start; nothing was created or changed`
        : `${failedTargets.length} of ${result.targets.length} target(s) would fail (${named.join('; ')}); nothing was created or changed`;
  const regions = [...new Set([drill.sourceRegion, drill.drRegion])];
  return drillReportSchema.parse({
    drillId: drill.id,
    executionArn: drill.executionArn,
    plan: { name: drill.planName, hash: drill.planHash },
    startedAt: drill.startedAt,
    finishedAt,
    verdict,
    counts: { targets: 0, passed: 0, failed: 0, cleanupIncomplete: 0 },
    worst: { rto: null, rpo: null },
    residency: {
      policy: drill.residencyPolicy,
      allowedRegions: drill.allowedRegions,
      regionsTouched: regions,
      outside: regions.filter((r) => !drill.allowedRegions.includes(r)),
      ...residencyMeaning(drill),
    },
    headline: `DRY RUN ${verdict} ${drill.planName}: ${what}`,
    targets: [],
    // The order a real run would use; nothing ran, so no part has a window.
    ...(drill.order ? { parts: { order: drill.order, restore: null, failover: null, overlapMinutes: 0 } } : {}),
    dryRun: result,
  });
}
