// Check Plan: the state machine's first step. Validates the plan (schema + residency) before any AWS call,
// refuses to run outside the plan's DR region, and works out everything the per-target drills share.
import { z } from 'zod';
import { checkPlan, parsePlanText } from '../../lib/plan/load';
import type { DrillOrder, Plan, Target } from '../../lib/plan/schema';
import type { FailoverTarget } from '../../lib/plan/failover-schema';
import type { FailoverItem } from '../../lib/failover/contracts';
import { failoverItemFor } from '../../lib/failover/items';
import type { DrillContext } from '../../lib/drill/contracts';
import { drillIdFor, planHash } from '../../lib/drill/names';
import { itemFor } from '../../lib/drill/items';
import type { DrillStore } from '../../lib/drill/store';
import { DrillAlreadyRunningError, DrillInputError, PlanInvalidError, ResidencyViolationError, WrongRegionError } from '../../lib/errors';
import { parseDrillInput, type DrillInput } from '../../lib/drill/input';
import { regionsBeyondDeployment } from '../../lib/plan/deployment-regions';
import { restorePhases } from '../../lib/plan/restore-quotas';
import { parsePayload } from '../../lib/lambda/parse';
import { accountOfArn } from '../../lib/plan/residency';
import { describeSelection, type ResolvedSelection } from '../../lib/plan/selection-schema';
import type { UnprotectedResource } from '../../lib/drill/resolve-selections';
import type { Deps } from '../../lib/lambda/deps';
import type { CoverageScope } from '../../lib/coverage/contracts';

export const preflightEventSchema = z.object({
  /** Checked with its own strict schema (lib/drill/input.ts), so a person's typo gets a sentence, not a payload error. */
  input: z.unknown(),
  executionArn: z.string().min(1),
  startedAt: z.string().min(1),
});
export type PreflightEvent = z.infer<typeof preflightEventSchema>;

/**
 * One step of the drill; the steps run one after another, the parts of one step at the same time. restore-first and
 * failover-first give one step per part; parallel gives one step with both. The restore part is one phase or more
 * (lib/plan/restore-quotas.ts), run one after another: more than one when a resource type has more targets than AWS
 * Backup's restore quota for it.
 */
export interface DrillStep {
  restore: boolean;
  /** The restore part's phases, each a list of target ids; empty when this step has no restore part. */
  restorePhases: string[][];
  failover: boolean;
}

/** Small on purpose: only ids cross into the Map, so a plan of 1,000 targets fits Step Functions' payload cap. */
export interface PreflightResult {
  drill: DrillContext;
  /** Restore targets drilled at once within a restore part. */
  concurrency: number;
  /** One per failover target, run one at a time; at most 10, so they travel inline. */
  failoverItems: FailoverItem[];
  /** The steps to run, in the plan's order; empty for a dry run. */
  steps: DrillStep[];
  dryRun: boolean;
}

export async function preflight(
  event: unknown,
  deps: Pick<Deps, 'region' | 'deployedPlan' | 'deploymentRegions'> & { running?: RunningDrills; resolveSelections?: SelectionResolver; coverageScope?: CoverageScopeLister },
  store: Pick<DrillStore, 'putPlan' | 'getText'>,
): Promise<PreflightResult> {
  const { input: rawInput, executionArn, startedAt } = parsePayload(preflightEventSchema, event, 'Check Plan');
  const input = parseDrillInput(rawInput);
  if (input.plan !== undefined && input.planKey !== undefined) {
    throw new DrillInputError('give "plan" (the plan as JSON) or "planKey" (a plan file in the drill store), not both; or neither, to run the deployed plan');
  }
  const checked = await loadPlan(input, deps, store);
  if (!checked.ok) {
    const lines = checked.problems.map((p) => `${p.path}: ${p.message}`);
    // Residency problems get their own error name so alarms and reports can tell them apart.
    const ErrorClass = lines.some((l) => l.includes('outside the residency policy')) ? ResidencyViolationError : PlanInvalidError;
    throw new ErrorClass(`${lines.length} problem(s) in the plan: ${lines.join('; ')}`);
  }
  let plan = checked.plan;
  if (plan.regions.dr !== deps.region) {
    throw new WrongRegionError(
      `plan "${plan.name}" restores into ${plan.regions.dr} but dr-drill is deployed in ${deps.region}: deploy it in the DR region`,
    );
  }

  // A plan that names its accounts runs only in its recovery account: the execution's ARN names the account the stack
  // is deployed in. Anywhere else the drill would restore beside production, or fail on every cross-account grant.
  const deployedIn = accountOfArn(executionArn);
  if (plan.accounts && deployedIn && plan.accounts.recovery !== deployedIn) {
    throw new PlanInvalidError(
      `plan "${plan.name}" restores in the recovery account ${plan.accounts.recovery} but dr-drill is deployed in account ${deployedIn}: deploy it in the recovery account`,
    );
  }

  const beyond = deps.deploymentRegions ? regionsBeyondDeployment(plan.residency.allowedRegions, deps.deploymentRegions) : [];
  if (beyond.length > 0) {
    throw new ResidencyViolationError(
      `plan "${plan.name}" allows ${beyond.join(', ')}, but this deployment's IAM denies every request outside ` +
        `[${deps.deploymentRegions!.join(', ')}] (allowedRegions in config/<stage>.yml): narrow the plan's residency.allowedRegions, ` +
        'or widen allowedRegions and deploy again',
    );
  }

  // Checked after the plan, so a broken plan is reported as such even while another drill runs.
  // Only a drill that started first stands in the way: two started in the same second must not refuse each other.
  const ownStart = Date.parse(startedAt);
  const running = (await deps.running?.(executionArn))?.filter((r) => {
    const theirs = Date.parse(r.startedAt);
    return theirs < ownStart || (theirs === ownStart && r.executionArn < executionArn) || Number.isNaN(theirs);
  });
  if (running && running.length > 0) {
    const list = running.map((r) => `${r.executionArn} (started ${r.startedAt})`).join(', ');
    throw new DrillAlreadyRunningError(`a drill of this deployment is already running: ${list}. One drill at a time: wait for it to end, or stop it.`);
  }

  // Selections are resolved before anything is created, so one that matches nothing refuses the whole drill.
  const resolved = plan.selections?.length ? await resolvePlanSelections(plan, deps.resolveSelections) : undefined;
  if (resolved) plan = resolved.plan;
  const selected = selectTargets(plan, input.only);
  const targets = selected.targets;
  const failoverTargets = input.skipFailover ? [] : selected.failoverTargets;
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
    trigger: input.trigger ?? { kind: 'console', by: input.approvedBy ?? null },
    dryRun: input.dryRun ?? false,
    order: plan.order,
  };
  // Every target's names and ceilings are worked out now, so a plan that cannot produce them fails here.
  for (const target of targets) itemFor(plan, target, drill.id);
  const failover = plan.failover && failoverTargets.length > 0 ? { ...plan.failover, targets: failoverTargets } : undefined;
  // The coverage scope of the whole plan (not only the targets `only` picked): what Build Report measures coverage
  // against. A dry run proves nothing, so it has no coverage.
  const coverageScope = !drill.dryRun && deps.coverageScope ? await deps.coverageScope(plan) : undefined;
  await store.putPlan({
    drill,
    plan: { ...plan, targets, failover },
    ...(resolved ? { selections: resolved.selections } : {}),
    ...(coverageScope ? { coverageScope } : {}),
  });
  const failoverItems = failoverTargets.map((t) => failoverItemFor(plan, t, drill, input.approvedBy ?? null));
  const dryRun = input.dryRun ?? false;
  const steps = dryRun ? [] : drillSteps(plan.order, restorePhases(targets, plan.concurrency), failoverItems.length > 0);
  return { drill, concurrency: plan.concurrency, failoverItems, steps, dryRun };
}

/** The parts in the plan's order; a part with nothing to drill (no target selected) is left out. */
export function drillSteps(order: DrillOrder, phases: string[][], failover: boolean): DrillStep[] {
  const restore = phases.length > 0;
  const restoreStep: DrillStep = { restore: true, restorePhases: phases, failover: false };
  const failoverStep: DrillStep = { restore: false, restorePhases: [], failover: true };
  if (order === 'parallel') return restore || failover ? [{ restore, restorePhases: phases, failover }] : [];
  const steps = order === 'failover-first' ? [failoverStep, restoreStep] : [restoreStep, failoverStep];
  return steps.filter((s) => (s.restore && restore) || (s.failover && failover));
}

/** Resolves the plan's selections (lib/drill/resolve-selections.ts): AWS Backup and the tagging API, read only. */
export type SelectionResolver = (plan: Plan) => Promise<{ targets: Target[]; selections: ResolvedSelection[]; unprotected: UnprotectedResource[] }>;

/**
 * The plan with each selection's resources as targets, checked again as a whole (ARN forms, residency, ids), or a
 * refusal: a selection that resolves to nothing is a drill that would prove nothing it was asked to prove, and one
 * that names a resource its vault does not protect would leave that resource unproven without a word.
 */
async function resolvePlanSelections(plan: Plan, resolve: SelectionResolver | undefined): Promise<{ plan: Plan; selections: ResolvedSelection[] }> {
  if (!resolve) throw new DrillInputError('this plan has selections, but Check Plan was built without a selection resolver');
  const { targets, selections, unprotected } = await resolve(plan);
  // Named by a person, so it was meant to be drilled: dropping it would pass a drill that never proved it.
  if (unprotected.length > 0) {
    throw new PlanInvalidError(
      `${unprotected.map((u) => `selection '${u.selection}' names ${u.resourceArn}, which cannot be drilled: ${u.why}`).join('; ')}: ` +
        'a named resource that is not protected fails the drill before anything is created; back it up into that vault, or remove it from the selection',
    );
  }
  const empty = selections.filter((s) => s.resources.length === 0);
  if (empty.length > 0) {
    throw new PlanInvalidError(
      `${empty.map((s) => `${describeSelection(s)}`).join('; ')}: a selection that resolves to nothing fails the drill before anything is created; check its type, tags and vault`,
    );
  }
  const listed = plan.targets.length;
  const checked = checkPlan({ ...plan, targets: [...plan.targets, ...targets] });
  if (!checked.ok) {
    const lines = checked.problems.map((p) => {
      const index = /^targets\[(\d+)\]/.exec(p.path)?.[1];
      const target = index !== undefined && Number(index) >= listed ? targets[Number(index) - listed] : undefined;
      return target ? `selected target ${target.id} (${target.resourceArn}), ${p.path.replace(/^targets\[\d+\]\.?/, '') || 'itself'}: ${p.message}` : `${p.path}: ${p.message}`;
    });
    throw new PlanInvalidError(`${lines.length} problem(s) with the selected targets: ${lines.join('; ')}`);
  }
  return { plan: checked.plan, selections };
}

/** Lists the protected resources in the plan's coverage scope (lib/coverage/scope.ts): AWS Backup, read only. */
export type CoverageScopeLister = (plan: Plan) => Promise<CoverageScope>;

/** Other executions of this drill state machine still running (the caller's own excluded). */
export type RunningDrills = (ownExecutionArn: string) => Promise<{ executionArn: string; startedAt: string }[]>;

/** The plan named by the input, or the one the stack was deployed with. */
async function loadPlan(input: DrillInput, deps: Pick<Deps, 'deployedPlan'>, store: Pick<DrillStore, 'getText'>) {
  if (input.planKey !== undefined) return parsePlanText(await store.getText(input.planKey), input.planKey);
  if (input.plan !== undefined) return checkPlan(input.plan);
  if (!deps.deployedPlan) {
    throw new DrillInputError('this deployment has no deployed plan: start the drill with {"plan": ...} or {"planKey": "plans/<file>"}');
  }
  return parsePlanText(deps.deployedPlan.text, deps.deployedPlan.source);
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
