import type { Metrics } from '@aws-lambda-powertools/metrics';
import { BackupClient } from '@aws-sdk/client-backup';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { lambdaVaultLister, listCoverageScope } from '../../lib/coverage/scope';
import { assertRegionAllowed } from '../../lib/drill/residency-guard';
import { DrillsTable } from '../../lib/evidence/drills-table';
import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { drillMetrics } from '../../lib/observe/metrics';
import { parsePlanText } from '../../lib/plan/load';
import type { Plan } from '../../lib/plan/schema';
import { coverageCheck } from './coverage-check';

export type CoverageCheckDeps = Deps & { drillsTable?: string; metrics: Metrics };

/** Read once at cold start: a check without its table or a valid plan would publish nothing, and say so only in the alarm. */
export function deployedPlanOf(deps: Pick<Deps, 'deployedPlan'>): Plan {
  if (!deps.deployedPlan) throw new Error('no deployed plan bundled: the coverage check does not know which plan to check');
  const checked = parsePlanText(deps.deployedPlan.text, deps.deployedPlan.source);
  if (!checked.ok) throw new Error(`${deps.deployedPlan.source} is not a valid plan: ${checked.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return checked.plan;
}

// The scheduled event carries nothing the check needs: what it checks is the plan the stack was deployed with.
export const makeHandler = (deps: CoverageCheckDeps) => {
  if (!deps.drillsTable) throw new Error('DRILLS_TABLE is not set: the coverage check cannot read the proofs of earlier drills');
  const plan = deployedPlanOf(deps);
  const table = new DrillsTable(deps, deps.drillsTable);
  return () =>
    coverageCheck(plan, deps, {
      // The scope is in the plan's primary region, which its residency policy must allow (the roles' Deny says so too).
      listScope: (vaults, region, listedAt) =>
        listCoverageScope(vaults, assertRegionAllowed(region, { allowedRegions: plan.residency.allowedRegions }, 'Coverage Check'), listedAt, lambdaVaultLister(region, deps)),
      readProofs: (planName, since) => table.since(planName, since),
    }, deps.metrics);
};

export const handler = lambdaHandler(makeHandler, (runtime) => ({
  // productionDeps first, so a missing AWS_REGION is the error a broken deployment reports.
  ...productionDeps({ backup: BackupClient, dynamodb: DynamoDBClient }, runtime),
  drillsTable: runtime.env.DRILLS_TABLE,
  metrics: drillMetrics(),
  // The plan the stack was deployed with, bundled as text as Check Plan bundles it (serverless.yml: esbuild loader .yml: text).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  deployedPlan: { source: 'deployed/plan.yml', text: require('../../deployed/plan.yml') as string },
}));
