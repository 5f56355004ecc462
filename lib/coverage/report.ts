// The coverage Build Report puts on the report: the scope Check Plan listed, this drill's results by resource ARN, and
// the plan's earlier drills read from the drills table (their index entries carry what each proved). A drills table
// that cannot be read (other than transiently: that is retried) leaves the coverage unknown, never the report lost.
import { TransientAwsError } from '../errors';
import type { StoredPlan } from '../drill/store';
import type { DrillIndexEntry } from '../evidence/contracts';
import type { DrillReport } from '../report/schema';
import { computeCoverage, historyDays, type CoverageSettings } from './compute';
import type { Coverage, DrillProofs } from './contracts';

const DAY_MS = 86_400_000;

/** The plan's drills started at or after `since`, newest first (DrillsTable.since). */
export type ProofsReader = (planName: string, since: string) => Promise<DrillIndexEntry[]>;

export function coverageSettingsOf(plan: StoredPlan['plan']): CoverageSettings {
  const windowDays = plan.coverage?.windowDays ?? 30;
  return { windowDays, maxUnprovenDays: plan.coverage?.maxUnprovenDays ?? windowDays };
}

/** The proofs an index entry records; none for a dry run or an entry written before coverage. */
export function proofsOf(entry: DrillIndexEntry): DrillProofs[] {
  if (entry.kind !== 'drill' || !entry.coverage) return [];
  return [{ drillId: entry.drillId, at: entry.startedAt, proven: entry.coverage.proven, failed: entry.coverage.failed }];
}

export async function coverageForReport(stored: StoredPlan, report: DrillReport, readProofs: ProofsReader | undefined): Promise<Coverage | undefined> {
  const scope = stored.coverageScope;
  if (!scope || report.dryRun) return undefined;
  const settings = coverageSettingsOf(stored.plan);
  const arnOf = new Map(stored.plan.targets.map((t) => [t.id, t.resourceArn]));
  const drilled = (verdict: 'PASSED' | 'FAILED') =>
    report.targets.filter((t) => t.verdict === verdict).flatMap((t) => (arnOf.has(t.targetId) ? [arnOf.get(t.targetId)!] : []));
  const thisDrill: DrillProofs = { drillId: report.drillId, at: report.startedAt, proven: drilled('PASSED'), failed: drilled('FAILED') };
  const asOf = report.finishedAt;
  const since = new Date(Date.parse(asOf) - historyDays(settings) * DAY_MS).toISOString();
  const { history, error } = await readHistory(readProofs, stored.plan.name, since);
  return computeCoverage({ scope: error ? { ...scope, error } : scope, settings, asOf, thisDrill, history });
}

/**
 * The plan's proofs since `since` (Build Report's and the daily check's read). Transient errors go to the caller's
 * retry; any other failure to read is the coverage's error ("drills table: AccessDeniedException"), never a count.
 */
export async function readHistory(readProofs: ProofsReader | undefined, planName: string, since: string): Promise<{ history: DrillProofs[]; error: string | null }> {
  try {
    return { history: (await readProofs?.(planName, since))?.flatMap(proofsOf) ?? [], error: null };
  } catch (error) {
    if (error instanceof TransientAwsError) throw error;
    return { history: [], error: `drills table: ${(error as Error | null)?.name ?? 'Error'}` };
  }
}
