// Build Report: the drill's verdict from every target's result, read from the drill store. A target with no
// recorded result (its execution crashed or was stopped) still appears, as FAILED, so no target silently drops
// out; a failover target with none appears as FAILED and loud, since production may have been left switched.
// The full report is stored; the state machine gets the verdict and the headline. The report carries the plan's
// coverage too (lib/coverage/report.ts): the scope Check Plan listed against the drills table's earlier proofs.
import { z } from 'zod';
import { drillContextSchema, type TargetResult } from '../../lib/drill/contracts';
import { itemFor } from '../../lib/drill/items';
import { restoredNameFor } from '../../lib/drill/names';
import type { DrillStore, StoredPlan } from '../../lib/drill/store';
import type { FailoverResult } from '../../lib/failover/contracts';
import { buildDrillReport } from '../../lib/report/drill-report';
import { buildDryRunReport } from '../../lib/report/dry-run-report';
import type { DrillReport } from '../../lib/report/schema';
import { parsePayload } from '../../lib/lambda/parse';
import type { Deps } from '../../lib/lambda/deps';
import { describeSelection } from '../../lib/plan/selection-schema';
import { missingFailoverResult } from './missing-failover-result';
import { coverageForReport, type ProofsReader } from '../../lib/coverage/report';

const eventSchema = z.object({ drill: drillContextSchema });

export interface ReportOutcome {
  verdict: DrillReport['verdict'];
  headline: string;
  counts: DrillReport['counts'];
  /** s3://bucket/drills/<id>/report.json */
  reportLocation: string;
}

export async function buildReport(
  event: unknown,
  deps: Pick<Deps, 'now'> & { readProofs?: ProofsReader },
  store: Pick<DrillStore, 'getPlan' | 'getResults' | 'getFailoverResults' | 'putReport' | 'getDryRun'>,
): Promise<ReportOutcome> {
  const { drill } = parsePayload(eventSchema, event, 'Build Report');
  if (drill.dryRun) {
    const [stored, dryRun] = await Promise.all([store.getPlan(drill.id), store.getDryRun(drill.id)]);
    const report = withSelections(buildDryRunReport(drill, dryRun, deps.now().toISOString()), stored.selections);
    const reportLocation = await store.putReport(drill.id, report);
    return { verdict: report.verdict, headline: report.headline, counts: report.counts, reportLocation };
  }
  const stored = await store.getPlan(drill.id);
  const { plan, selections } = stored;
  const recorded = await store.getResults(drill.id);
  const results = plan.targets.map((target): TargetResult => recorded.get(target.id) ?? missingResult(drill.id, target.id, target.type, itemFor(plan, target, drill.id).objectives));
  const failover = await failoverResults(drill.id, plan, store);
  const built = withSelections(buildDrillReport({ drill, results, failover, finishedAt: deps.now().toISOString() }), selections);
  const coverage = await coverageForReport(stored, built, deps.readProofs);
  const report = coverage ? { ...built, coverage } : built;
  const reportLocation = await store.putReport(drill.id, report);
  return { verdict: report.verdict, headline: report.headline, counts: report.counts, reportLocation };
}

/** What the plan's selections resolved to, each with its sentence; the report of a plan without selections is unchanged. */
function withSelections(report: DrillReport, selections: StoredPlan['selections']): DrillReport {
  return selections ? { ...report, selections: selections.map((s) => ({ ...s, summary: describeSelection(s) })) } : report;
}

/** One per planned failover target, in plan order; undefined for a plan without failover (its store is not read). */
async function failoverResults(
  drillId: string,
  plan: StoredPlan['plan'],
  store: Pick<DrillStore, 'getFailoverResults'>,
): Promise<FailoverResult[] | undefined> {
  const failover = plan.failover;
  if (!failover) return undefined;
  const recorded = await store.getFailoverResults(drillId);
  return failover.targets.map((target) => recorded.get(target.id) ?? missingFailoverResult(target, { ...failover.objectives, ...target.objectives }));
}

function missingResult(drillId: string, targetId: string, type: string, objectives: { rtoMinutes: number; rpoMinutes: number }): TargetResult {
  return {
    targetId,
    type,
    verdict: 'FAILED',
    reason: `its drill execution (${drillId}-${targetId}) ended without recording a result; check that its cleanup ran`,
    failedStep: 'execution',
    recoveryPoint: null,
    jobs: { copyJobId: null, restoreJobId: null },
    restoredResourceArn: null,
    timeline: [],
    minutes: { copy: null, restore: null, instance: null, validation: null, total: null },
    rto: { measuredMinutes: null, objectiveMinutes: objectives.rtoMinutes, met: false },
    rpo: { measuredMinutes: null, objectiveMinutes: objectives.rpoMinutes, met: false },
    checks: [],
    cleanup: { complete: false, deleted: [], leftBehind: [`unconfirmed: resources named ${restoredNameFor(drillId, targetId)}*`], errors: [] },
  };
}
