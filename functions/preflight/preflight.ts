// Check Plan: the state machine's first step. Validates the plan (schema + residency) before any AWS call,
// refuses to run outside the plan's DR region, and works out everything the per-target drills share.
import { z } from 'zod';
import { checkPlan, parsePlanText } from '../../lib/plan/load';
import type { Plan, Target } from '../../lib/plan/schema';
import type { FailoverTarget } from '../../lib/plan/failover-schema';
import type { FailoverItem } from '../../lib/failover/contracts';
import { failoverItemFor } from '../../lib/failover/items';
import type { DrillContext } from '../../lib/drill/contracts';
import { drillIdFor, planHash } from '../../lib/drill/names';
import { itemFor } from '../../lib/drill/items';
import type { DrillStore } from '../../lib/drill/store';
import { PlanInvalidError, ResidencyViolationError, WrongRegionError } from '../../lib/errors';
import { parsePayload } from '../../lib/lambda/parse';
import type { Deps } from '../../lib/lambda/deps';

export const preflightEventSchema = z.object({
  input: z.object({
    plan: z.unknown().optional(),
    /** A plan file in the drill store (plans/<name>.yml): for plans larger than an execution input may be. */
    planKey: z.string().regex(/^plans\/[\w./-]+\.(ya?ml|json)$/, 'must be plans/<file>.yml, .yaml or .json').optional(),
    only: z.array(z.string()).optional(),
    /** Who approved the failover when starting the drill (`dr-drill start --approve`); a schedule never sets it. */
    approvedBy: z.string().min(1).max(200).optional(),
  }),
  executionArn: z.string().min(1),
  startedAt: z.string().min(1),
});
export type PreflightEvent = z.infer<typeof preflightEventSchema>;

/** Small on purpose: only ids cross into the Map, so a plan of 1,000 targets fits Step Functions' payload cap. */
export interface PreflightResult {
  drill: DrillContext;
  targetIds: string[];
  concurrency: number;
  /** One per failover target, run one at a time after the restore drill; at most 10, so they travel inline. */
  failoverItems: FailoverItem[];
}

export async function preflight(
  event: unknown,
  deps: Pick<Deps, 'region'>,
  store: Pick<DrillStore, 'putPlan' | 'getText'>,
): Promise<PreflightResult> {
  const { input, executionArn, startedAt } = parsePayload(preflightEventSchema, event, 'Check Plan');
  if ((input.plan === undefined) === (input.planKey === undefined)) {
    throw new PlanInvalidError('the drill input needs exactly one of "plan" (the plan as JSON) or "planKey" (a plan file in the drill store)');
  }
  const checked = input.planKey !== undefined ? parsePlanText(await store.getText(input.planKey), input.planKey) : checkPlan(input.plan);
  if (!checked.ok) {
    const lines = checked.problems.map((p) => `${p.path}: ${p.message}`);
    // Residency problems get their own error name so alarms and reports can tell them apart.
    const ErrorClass = lines.some((l) => l.includes('outside the residency policy')) ? ResidencyViolationError : PlanInvalidError;
    throw new ErrorClass(`${lines.length} problem(s) in the plan: ${lines.join('; ')}`);
  }
  const plan = checked.plan;
  if (plan.regions.dr !== deps.region) {
    throw new WrongRegionError(
      `plan "${plan.name}" restores into ${plan.regions.dr} but dr-drill is deployed in ${deps.region}: deploy it in the DR region`,
    );
  }

  const { targets, failoverTargets } = selectTargets(plan, input.only);
  const drill: DrillContext = {
    id: drillIdFor(executionArn),
    executionArn,
    planName: plan.name,
    planHash: planHash(plan),
    startedAt: new Date(startedAt).toISOString(),
    sourceRegion: plan.regions.primary,
    drRegion: plan.regions.dr,
    allowedRegions: plan.residency.allowedRegions,
    residencyPolicy: plan.residency.policy,
    keepCopies: plan.keepCopies,
  };
  // Every target's names and ceilings are worked out now, so a plan that cannot produce them fails here.
  for (const target of targets) itemFor(plan, target, drill.id);
  const failover = plan.failover && failoverTargets.length > 0 ? { ...plan.failover, targets: failoverTargets } : undefined;
  await store.putPlan({ drill, plan: { ...plan, targets, failover } });
  const failoverItems = failoverTargets.map((t) => failoverItemFor(plan, t, drill, input.approvedBy ?? null));
  return { drill, targetIds: targets.map((t) => t.id), concurrency: plan.concurrency, failoverItems };
}

// `only` names restore and failover targets alike: naming only restore targets skips the failover drill.
function selectTargets(plan: Plan, only: string[] | undefined): { targets: Target[]; failoverTargets: FailoverTarget[] } {
  const failoverTargets = plan.failover?.targets ?? [];
  if (!only || only.length === 0) return { targets: plan.targets, failoverTargets };
  const known = new Set([...plan.targets.map((t) => t.id), ...failoverTargets.map((t) => t.id)]);
  const unknown = only.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new PlanInvalidError(`only: unknown target(s) ${unknown.join(', ')}; the plan has ${[...known].join(', ')}`);
  }
  return { targets: plan.targets.filter((t) => only.includes(t.id)), failoverTargets: failoverTargets.filter((t) => only.includes(t.id)) };
}
