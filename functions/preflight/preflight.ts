// Check Plan: the state machine's first step. Validates the plan (schema + residency) before any AWS call,
// refuses to run outside the plan's DR region, and works out everything the per-target drills share.
import { z } from 'zod';
import { checkPlan } from '../../lib/plan/load';
import type { Plan, Target } from '../../lib/plan/schema';
import type { DrillContext, TargetItem } from '../../lib/drill/contracts';
import { drillIdFor, instanceNameFor, planHash, restoredNameFor, vaultNameOf } from '../../lib/drill/names';
import { PlanInvalidError, ResidencyViolationError, WrongRegionError } from '../../lib/errors';
import { parsePayload } from '../../lib/lambda/parse';
import type { Deps } from '../../lib/lambda/deps';

export const preflightEventSchema = z.object({
  input: z.object({
    plan: z.unknown(),
    only: z.array(z.string()).optional(),
  }),
  executionArn: z.string().min(1),
  startedAt: z.string().min(1),
});
export type PreflightEvent = z.infer<typeof preflightEventSchema>;

export interface PreflightResult {
  drill: DrillContext;
  items: TargetItem[];
  concurrency: number;
}

export async function preflight(event: unknown, deps: Pick<Deps, 'region'>): Promise<PreflightResult> {
  const { input, executionArn, startedAt } = parsePayload(preflightEventSchema, event, 'Check Plan');
  if (input.plan === undefined) throw new PlanInvalidError('the drill input has no "plan"');

  const checked = checkPlan(input.plan);
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

  const targets = selectTargets(plan, input.only);
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
  return {
    drill,
    items: targets.map((target) => itemFor(plan, target, drill.id)),
    concurrency: plan.concurrency,
  };
}

function selectTargets(plan: Plan, only: string[] | undefined): Target[] {
  if (!only || only.length === 0) return plan.targets;
  const known = new Set(plan.targets.map((t) => t.id));
  const unknown = only.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new PlanInvalidError(`only: unknown target(s) ${unknown.join(', ')}; the plan has ${[...known].join(', ')}`);
  }
  return plan.targets.filter((t) => only.includes(t.id));
}

function itemFor(plan: Plan, target: Target, drillId: string): TargetItem {
  const restored = restoredNameFor(drillId, target.id);
  return {
    target,
    objectives: { ...plan.objectives, ...target.objectives },
    ceilings: {
      copySeconds: plan.timeouts.copyMinutes * 60,
      restoreSeconds: plan.timeouts.restoreMinutes * 60,
      instanceSeconds: plan.timeouts.instanceMinutes * 60,
      validationSeconds: (target.validation?.timeoutSeconds ?? plan.timeouts.validationMinutes * 60),
      cleanupSeconds: plan.timeouts.cleanupMinutes * 60,
    },
    names: {
      sourceVault: vaultNameOf(target.sourceVault),
      drVault: vaultNameOf(target.drVault),
      restored,
      instance: instanceNameFor(restored),
    },
  };
}
