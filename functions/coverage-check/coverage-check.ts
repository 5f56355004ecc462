// Coverage Check (daily): the deployed plan's coverage as of this morning, whether or not a drill ran. Drills compute
// coverage only when they run, so if drills stop (a disabled schedule, every start refused) or a resource goes past
// its limit between monthly drills, nothing else re-evaluates it. This lists the plan's scope again (AWS Backup, the
// primary region, read only), reads the plan's proofs from the drills table, computes the coverage with Build Report's
// own function (lib/coverage/compute.ts) and publishes the metrics the drill publishes, plus OldestUnprovenDays.
//
// An unknown coverage (a vault or the table could not be read) publishes nothing: no count is made up, and the
// CoverageUnknown alarm fires when ProtectedResources has had no datapoint for two days.
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { computeCoverage, historyDays, oldestUnprovenDays } from '../../lib/coverage/compute';
import type { CoverageScope } from '../../lib/coverage/contracts';
import { coverageSettingsOf, readHistory, type ProofsReader } from '../../lib/coverage/report';
import { coverageVaults } from '../../lib/coverage/scope';
import type { Deps } from '../../lib/lambda/deps';
import { logger } from '../../lib/lambda/wrap';
import { addCoverageMetrics } from '../../lib/observe/metrics';
import type { Plan } from '../../lib/plan/schema';

const DAY_MS = 86_400_000;

export interface CoverageCheckPorts {
  /** The scope as Check Plan lists it: what AWS Backup protects in these vaults of the plan's primary region. */
  listScope: (vaults: readonly string[], region: string, listedAt: string) => Promise<CoverageScope>;
  /** The plan's drills since a moment, newest first (DrillsTable.since). */
  readProofs: ProofsReader;
}

export interface CoverageCheckResult {
  planName: string;
  /** The line the evidence gives, or why the coverage is unknown. */
  line: string;
  protectedCount: number | null;
  provenCount: number | null;
  overLimitCount: number | null;
  oldestUnprovenDays: number | null;
  scopeError: string | null;
}

export async function coverageCheck(plan: Plan, deps: Pick<Deps, 'now'>, ports: CoverageCheckPorts, metrics: Metrics): Promise<CoverageCheckResult> {
  const asOf = deps.now().toISOString();
  const settings = coverageSettingsOf(plan);
  const since = new Date(Date.parse(asOf) - historyDays(settings) * DAY_MS).toISOString();
  const [scope, { history, error }] = await Promise.all([
    ports.listScope(coverageVaults(plan), plan.regions.primary, asOf),
    readHistory(ports.readProofs, plan.name, since),
  ]);
  // A scope error names the vaults' failure first: it is the one an operator fixes in the plan or the role.
  const coverage = computeCoverage({ scope: error && scope.error === null ? { ...scope, error } : scope, settings, asOf, thisDrill: null, history });
  const oldest = oldestUnprovenDays(coverage);
  const result: CoverageCheckResult = {
    planName: plan.name,
    line: coverage.line,
    protectedCount: coverage.protectedCount,
    provenCount: coverage.provenCount,
    overLimitCount: coverage.overLimitCount,
    oldestUnprovenDays: oldest,
    scopeError: coverage.scopeError,
  };
  if (coverage.protectedCount === null) {
    logger.error('coverage unknown: no coverage metric published; the CoverageUnknown alarm fires if this lasts two days', { ...result });
    return result;
  }
  metrics.addDimension('PlanName', plan.name);
  addCoverageMetrics(coverage, metrics);
  metrics.publishStoredMetrics();
  logger.info('coverage', { ...result });
  return result;
}

