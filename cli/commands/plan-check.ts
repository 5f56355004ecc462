// dr-drill plan check <file>: validates a plan (schema and residency) without touching AWS, so it can run in CI on
// every change to a plan.
import type { Command } from 'commander';
import { isOneRegionPlan, residencyFacts } from '../../lib/plan/residency';
import { ONE_REGION_MEANING } from '../../lib/plan/one-region';
import { crowdedTypes, restorePhases } from '../../lib/plan/restore-quotas';
import { ExitCode, type CommandContext, type Output } from '../context';
import { loadPlanFile } from '../plan-file';
import { TARGET_DEFINITIONS } from '../../lib/resource-types/targets/definition-registry';

export function registerPlanCheck(plan: Command, ctx: CommandContext): void {
  plan
    .command('check')
    .description('validate a drill plan: its fields, regions and residency policy (no AWS calls)')
    .argument('<file>', 'the drill plan, in YAML')
    .action(async (file: string) => ctx.setExitCode(await planCheck(file, ctx.io)));
}

export async function planCheck(file: string, io: Output): Promise<number> {
  const loaded = await loadPlanFile(file, io);
  if (!loaded.ok) return loaded.exitCode;
  const { plan } = loaded;
  const { policy, allowedRegions } = residencyFacts(plan);
  const n = plan.targets.length;
  io.out(
    `✓ ${file}: plan "${plan.name}" is valid (${n} ${n === 1 ? 'target' : 'targets'}, ` +
      `${regionsOf(plan)}, residency ${policy} [${allowedRegions.join(', ')}])`,
  );
  if (isOneRegionPlan(plan)) io.out(`  one region: ${ONE_REGION_MEANING}`);
  // Offline: which resources a selection finds is known only when the drill starts (Check Plan reads the vault).
  for (const s of plan.selections ?? []) {
    const tags = [
      ...Object.entries(s.conditions?.stringEquals ?? {}).map(([k, v]) => `tag ${k}=${v}`),
      ...Object.entries(s.conditions?.stringNotEquals ?? {}).map(([k, v]) => `tag ${k}!=${v}`),
    ];
    const arns = s.resourceArns.includes('*') ? [] : [`${s.resourceArns.length} named resource(s)`];
    io.out(`  selection '${s.name}' (type ${s.type}, ${[...tags, ...arns, `vault ${s.sourceVault}`].join(', ')}): resolved when the drill starts (Check Plan); a dry run shows what it finds`);
    // Their form was checked above; whether the vault protects them needs AWS Backup, so it is said, not checked.
    if (arns.length > 0) {
      io.out(`    each named resource must be protected in that vault as ${TARGET_DEFINITIONS[s.type].backupResourceType}: Check Plan refuses the drill, naming it, if one is not`);
    }
  }
  // Not a problem: the drill keeps to AWS Backup's restore quotas by itself; the operator learns why it takes longer.
  const crowded = crowdedTypes(plan.targets, plan.concurrency);
  if (crowded.length > 0) {
    const phases = restorePhases(plan.targets, plan.concurrency).length;
    const why = crowded.map((c) => `${c.targets} ${c.type} targets, of which AWS Backup restores at most ${c.quota} at once`).join('; ');
    io.out(`  restores run in ${phases} phases, one after another, each at concurrency ${plan.concurrency}: ${why}`);
  }
  return ExitCode.Ok;
}

/** "regions A -> B", or the one region a one-region plan backs up and restores in. */
export function regionsOf(plan: Parameters<typeof isOneRegionPlan>[0]): string {
  return isOneRegionPlan(plan) ? `one region ${plan.regions.primary}` : `regions ${plan.regions.primary} -> ${plan.regions.dr}`;
}
