// The daily Coverage Check (issue 14) as the stack deploys it: the packaged function, built from its packaged
// environment with the deployed plan it bundles, invoked as its EventBridge schedule invokes it on the simulated
// account, every call authorized against its packaged role. No drill runs: a drill's line is written into the drills
// table as Record Evidence writes it, so the check is seconds, not a drill's worth.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { marshall } from '@aws-sdk/util-dynamodb';
import { parse } from 'yaml';
import type { CoverageCheckResult } from '../../functions/coverage-check/coverage-check';
import { drillIndexEntry } from '../drill-index-entry';
import { checkPlan } from '../../lib/plan/load';
import type { Plan } from '../../lib/plan/schema';
import { createLocalEnvironment, localStackFor, PROJECT_ROOT, type LocalEnvironment } from '../../local/run-drill';
import { withoutAction } from './scenario-helpers';

jest.setTimeout(60_000);

const DR = 'eu-west-2';
const ROLE = 'CoverageCheckIamRoleLambdaExecution';
const deployedText = () => readFileSync(join(PROJECT_ROOT, 'deployed', 'plan.yml'), 'utf8');
const deployedPlan = (): Plan => {
  const checked = checkPlan(parse(deployedText()));
  if (!checked.ok) throw new Error('the deployed plan must be valid');
  return checked.plan;
};

/** A drill's line as Record Evidence writes it, proving `proven` `daysAgo` days before the simulated now. */
async function recordDrill(env: LocalEnvironment, plan: Plan, daysAgo: number, proven: string[]): Promise<void> {
  const startedAt = new Date(env.clock.now() - daysAgo * 86_400_000).toISOString();
  const entry = drillIndexEntry({
    planName: plan.name,
    startedAt,
    drillId: 'd0c0ffee0',
    executionArn: `arn:aws:states:${DR}:111122223333:execution:dr-drill-dev-drill:earlier`,
    headline: 'PASSED',
    coverage: { proven, failed: [], windowDays: 30, maxUnprovenDays: 30, region: plan.regions.primary, vaults: [], protectedCount: null, provenCount: null, line: '' },
  });
  await env.account.call(DR, 'dynamodb', 'PutItem', { TableName: env.names.drillsTable, Item: marshall(entry, { removeUndefinedValues: true }) });
}

describe('the daily Coverage Check on the local simulation', () => {
  it("lists the deployed plan's vaults and reads the drills table as its own role, and counts what an earlier drill proved", async () => {
    const plan = deployedPlan();
    const env = createLocalEnvironment(plan, { deployedPlan: { source: 'deployed/plan.yml', text: deployedText() } });
    const appointments = plan.targets.find((t) => t.id === 'appointments')!.resourceArn;
    await recordDrill(env, plan, 5, [appointments]);
    const before = env.account.calls.length;

    const result = (await env.engine.invokeFunction('coverageCheck', {})) as CoverageCheckResult;

    const calls = env.account.calls.slice(before);
    expect(calls.filter((c) => !c.ok)).toEqual([]);
    // The plan's source vault in its primary region; the drills table where the stack is.
    expect(calls.map((c) => [c.action, c.region, c.input?.BackupVaultName ?? c.input?.TableName])).toEqual([
      ['ListProtectedResourcesByBackupVault', plan.regions.primary, 'nhs-patient-platform'],
      ['Query', DR, env.names.drillsTable],
    ]);
    expect([...env.account.iamEvaluations].filter((e) => e.startsWith(`${ROLE}|`)).sort()).toEqual([
      `${ROLE}|backup:ListProtectedResourcesByBackupVault|backup:backupVault`,
      `${ROLE}|dynamodb:Query|dynamodb:table`,
    ]);
    expect(result.planName).toBe(plan.name);
    expect(result.scopeError).toBeNull();
    // The plan's four targets are what its vault protects: the one the recorded drill proved five days ago is proven,
    // the three others were never proven, each counted at the 30 days read.
    expect(result).toMatchObject({ protectedCount: 4, provenCount: 1, overLimitCount: 3, oldestUnprovenDays: 30 });
    expect(result.line).toMatch(/^1\/4 protected resources proven in the last 30 days; not drilled: .*; 3 unproven for more than 30 days$/);
    env.clock.dispose();
    await env.account.databases.close();
  });

  it('says the coverage is unknown, never a count, when its role may not list the vaults', async () => {
    const plan = deployedPlan();
    const stack = withoutAction(localStackFor(plan), ROLE, 'backup:ListProtectedResourcesByBackupVault');
    const env = createLocalEnvironment(plan, { stack, deployedPlan: { source: 'deployed/plan.yml', text: deployedText() } });

    const result = (await env.engine.invokeFunction('coverageCheck', {})) as CoverageCheckResult;

    expect(result).toMatchObject({ protectedCount: null, overLimitCount: null, oldestUnprovenDays: null, scopeError: 'AccessDeniedException' });
    expect(env.account.calls.filter((c) => c.action === 'ListProtectedResourcesByBackupVault').map((c) => c.error)).toEqual(['AccessDeniedException']);
    env.clock.dispose();
    await env.account.databases.close();
  });
});
