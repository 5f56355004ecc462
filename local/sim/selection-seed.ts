// What a local run puts in the simulated account for a plan's selections when the caller gives no protected
// resources of its own: a local run cannot know what a real vault protects, so it says so and invents, per selection,
// what the selection is about (every name starts with "sim-", and the run prints the list):
// - resources it names (resourceArns): exactly those, protected in its sourceVault: the plan names them;
// - "*": two resources of its type that match its tag conditions, and, when it has conditions, one that does not
//   (a StringEquals value changed, or a StringNotEquals value given), so the drill shows the filter at work.
// They are seeded as listed targets are (local/sim/seed.ts: recovery points in the source vault, copies in the DR
// vault), with the selection's settings.
import { createHash } from 'node:crypto';
import type { Plan, Target } from '../../lib/plan/schema';
import type { Selection } from '../../lib/plan/selection-schema';
import { TARGET_SIMS } from './target-sims';

export interface InventedResource {
  selection: string;
  resourceArn: string;
  tags: Record<string, string>;
  /** Whether the selection should find it: false for the one invented not to match. */
  matches: boolean;
  /** Named by the plan (resourceArns), not invented. */
  named: boolean;
}

export interface SelectionSeed {
  /** Written as targets are, for SimAccount.seedFromPlan. */
  targets: Target[];
  tags: Record<string, Record<string, string>>;
  resources: InventedResource[];
}

/** How many matching resources a "*" selection gets. */
export const INVENTED_PER_SELECTION = 2;

export function seedForSelections(plan: Plan): SelectionSeed {
  const seed: SelectionSeed = { targets: [], tags: {}, resources: [] };
  for (const selection of plan.selections ?? []) {
    for (const resource of resourcesFor(plan, selection)) {
      const { name: _name, resourceArns: _arns, conditions: _conditions, ...settings } = selection;
      seed.targets.push({ ...settings, id: `seed-${seed.targets.length + 1}`, resourceArn: resource.resourceArn } as unknown as Target);
      if (Object.keys(resource.tags).length > 0) seed.tags[resource.resourceArn] = resource.tags;
      seed.resources.push(resource);
    }
  }
  return seed;
}

function resourcesFor(plan: Plan, selection: Selection): InventedResource[] {
  if (!selection.resourceArns.includes('*')) {
    return selection.resourceArns.map((resourceArn) => ({ selection: selection.name, resourceArn, tags: {}, matches: true, named: true }));
  }
  const account = selection.sourceVault.split(':')[4] ?? '';
  const arnOf = (suffix: string) => {
    const name = `sim-${selection.name}-${suffix}`;
    const hex = createHash('sha256').update(`${plan.name}:${name}`).digest('hex').slice(0, 17);
    return TARGET_SIMS[selection.type].inventedResourceArn({ region: plan.regions.primary, account, name, hex });
  };
  const equals = selection.conditions?.stringEquals ?? {};
  const notEquals = selection.conditions?.stringNotEquals ?? {};
  const invented: InventedResource[] = Array.from({ length: INVENTED_PER_SELECTION }, (_, i) => ({
    selection: selection.name,
    resourceArn: arnOf(String(i + 1)),
    // A StringNotEquals condition holds for a resource without the tag.
    tags: { ...equals },
    matches: true,
    named: false,
  }));
  const [equalsKey, equalsValue] = Object.entries(equals)[0] ?? [];
  const [notKey, notValue] = Object.entries(notEquals)[0] ?? [];
  const otherTags = equalsKey !== undefined ? { ...equals, [equalsKey]: `${equalsValue}-not` } : notKey !== undefined ? { [notKey]: notValue! } : undefined;
  if (otherTags) invented.push({ selection: selection.name, resourceArn: arnOf('other'), tags: otherTags, matches: false, named: false });
  return invented;
}

/** "prod-tables: sim-prod-tables-1, sim-prod-tables-2 (env=prod); not to be found: sim-prod-tables-other (env=prod-not)" */
export function describeSelectionSeed(seed: SelectionSeed): string[] {
  const bySelection = new Map<string, InventedResource[]>();
  for (const r of seed.resources) bySelection.set(r.selection, [...(bySelection.get(r.selection) ?? []), r]);
  const tags = (r: InventedResource) => {
    const list = Object.entries(r.tags).map(([k, v]) => `${k}=${v}`);
    return list.length ? ` (${list.join(', ')})` : '';
  };
  return [...bySelection].map(([name, resources]) => {
    const found = resources.filter((r) => r.matches);
    const other = resources.filter((r) => !r.matches);
    const what = found.every((r) => r.named) ? 'the resources it names, protected in its vault' : 'invented';
    return (
      `  ${name} (${what}): ${found.map((r) => `${r.resourceArn}${tags(r)}`).join(', ')}` +
      (other.length ? `; and, not to be selected: ${other.map((r) => `${r.resourceArn}${tags(r)}`).join(', ')}` : '')
    );
  });
}
