// Dry Run: checks the stored plan against the account WITHOUT creating or changing anything (every AWS call is a
// Describe/Get/List/Test), and says per target what a real run would do. The full result goes to the drill store
// (a 1,000-target result is far over the 256 KiB a state may pass on); the state machine gets a summary.
import { z } from 'zod';
import { drillContextSchema, type DrillContext } from '../../lib/drill/contracts';
import type { DrillStore } from '../../lib/drill/store';
import type { DryRunCheck, DryRunResult, DryRunTarget } from '../../lib/dry-run/contracts';
import { mapBounded } from '../../lib/dry-run/bounded';
import { DryRunReads } from '../../lib/dry-run/reads';
import { parsePayload } from '../../lib/lambda/parse';
import type { Deps } from '../../lib/lambda/deps';
import { logger } from '../../lib/lambda/wrap';
import { formatProblem, type Problem } from '../../lib/plan/problem';
import { checkResidency } from '../../lib/plan/residency';
import type { Plan } from '../../lib/plan/schema';
import { failoverChecks } from './failover-checks';
import { restoreChecks } from './restore-checks';
import { failoverWouldDo, restoreWouldDo } from './would-do';

const eventSchema = z.object({ drill: drillContextSchema });

/**
 * Targets checked at once. Each makes up to six reads, most shared with other targets (one vault, one role, one
 * network for many), so ten keep AWS Backup's and IAM's request rates well below their throttles. Measured on the
 * simulation, 1,000 targets make 1,011 calls: ~3 s with instant answers, ~11 s at 100 ms a call, ~21 s at 200 ms.
 */
export const DRY_RUN_CONCURRENCY = 10;
/** Stops starting targets after this: the Lambda has 15 minutes, and must still store what it found. */
export const DRY_RUN_BUDGET_MS = 12 * 60_000;

export interface DryRunSummary {
  ok: boolean;
  targets: number;
  failed: number;
  /** s3://bucket/drills/<id>/dry-run.json */
  resultLocation: string;
}

type Job = { kind: 'restore'; target: Plan['targets'][number]; index: number } | { kind: 'failover'; target: NonNullable<Plan['failover']>['targets'][number]; index: number };

export async function dryRun(event: unknown, deps: Deps, store: Pick<DrillStore, 'getPlan' | 'putDryRun'>): Promise<DryRunSummary> {
  const { drill } = parsePayload(eventSchema, event, 'Dry Run');
  const { plan } = await store.getPlan(drill.id);
  const startedAt = deps.now();
  const reads = new DryRunReads(deps, drill);
  // The plan passed Check Plan; its residency is checked again here so the evidence of a dry run says so itself.
  const residency = checkResidency(plan);
  const jobs: Job[] = [
    ...plan.targets.map((target, index) => ({ kind: 'restore' as const, target, index })),
    ...(plan.failover?.targets ?? []).map((target, index) => ({ kind: 'failover' as const, target, index })),
  ];
  const targets = await mapBounded(jobs, DRY_RUN_CONCURRENCY, async (job): Promise<DryRunTarget> => {
    const late = deps.now().getTime() - startedAt.getTime() > DRY_RUN_BUDGET_MS;
    return late ? notReached(plan, drill, job) : checkTarget(deps, reads, plan, drill, job, residency);
  });
  const result: DryRunResult = { checkedAt: startedAt.toISOString(), ok: targets.every((t) => t.ok), targets };
  const resultLocation = await store.putDryRun(drill.id, result);
  const failed = targets.filter((t) => !t.ok).length;
  logger.info('dry run checked', { drillId: drill.id, targets: targets.length, failed, ms: deps.now().getTime() - startedAt.getTime() });
  return { ok: result.ok, targets: targets.length, failed, resultLocation };
}

async function checkTarget(deps: Deps, reads: DryRunReads, plan: Plan, drill: DrillContext, job: Job, residency: Problem[]): Promise<DryRunTarget> {
  if (job.kind === 'restore') {
    const { checks, recoveryPoint } = await restoreChecks(deps, reads, plan, drill, job.target);
    const all = [...checks, residencyCheck(residency, `targets[${job.index}]`, plan)];
    return targetOf(job, all, restoreWouldDo(plan, drill, job.target, recoveryPoint));
  }
  const checks = await failoverChecks(deps, reads, plan, drill, job.target);
  const all = [...checks, residencyCheck(residency, `failover.targets[${job.index}]`, plan)];
  return targetOf(job, all, failoverWouldDo(plan, drill, job.target));
}

function targetOf(job: Job, checks: DryRunCheck[], wouldDo: string[]): DryRunTarget {
  return {
    targetId: job.target.id,
    kind: job.kind,
    type: job.kind === 'restore' ? job.target.type : 'aurora-global',
    ok: checks.every((c) => c.passed),
    checks,
    wouldDo,
  };
}

/** A target's own problems (its path) and the plan's (regions, policy) both stop its drill. */
export function residencyCheck(problems: Problem[], prefix: string, plan: Plan): DryRunCheck {
  const mine = problems.filter((p) => p.path === prefix || p.path.startsWith(`${prefix}.`) || p.path.startsWith(`${prefix}[`));
  const planWide = problems.filter((p) => !/^(failover\.)?targets\[/.test(p.path));
  const found = [...planWide, ...mine];
  const policy = `${plan.residency.policy} [${plan.residency.allowedRegions.join(', ')}]`;
  return found.length === 0
    ? { name: 'residency', passed: true, detail: `every region and ARN inside ${policy}` }
    : { name: 'residency', passed: false, detail: found.map(formatProblem).join('; ') };
}

function notReached(plan: Plan, drill: DrillContext, job: Job): DryRunTarget {
  const check = {
    name: 'not checked',
    passed: false,
    detail: `the dry run stopped starting targets after ${DRY_RUN_BUDGET_MS / 60_000} minutes to finish inside its 15-minute Lambda`,
  };
  const wouldDo = job.kind === 'restore' ? restoreWouldDo(plan, drill, job.target, null) : failoverWouldDo(plan, drill, job.target);
  return targetOf(job, [check], wouldDo);
}
