// What a local run invents for a plan's selections when it is given no protected resources (local/sim/selection-seed.ts):
// for "*", resources of the type that match the tag conditions and one that does not; for named ARNs, those.
import type { z } from 'zod';
import { checkPlan } from '../../lib/plan/load';
import type { Plan } from '../../lib/plan/schema';
import { TARGET_DEFINITIONS, TARGET_TYPES } from '../../lib/resource-types/targets/definition-registry';
import { describeSelectionSeed, seedForSelections } from '../../local/sim/selection-seed';
import { TARGET_SIMS } from '../../local/sim/target-sims';
import { ukOnlyWith } from './plan-fixtures';

const VAULT = 'arn:aws:backup:eu-west-2:222233334444:backup-vault:clinical-messaging';

function planWith(...selections: Record<string, unknown>[]): Plan {
  const checked = checkPlan(ukOnlyWith({ selections: selections.map((s) => ({ sourceVault: VAULT, drVault: VAULT, backupRoleArn: 'arn:aws:iam::222233334444:role/backup', ...s })) }));
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return checked.plan;
}

describe('resources a local run invents for selections', () => {
  it.each(TARGET_TYPES)('invents a %s resource ARN its target schema accepts', (type) => {
    const arnSchema = (TARGET_DEFINITIONS[type].schema.shape as Record<string, z.ZodType>).resourceArn!;
    const arn = TARGET_SIMS[type].inventedResourceArn({ region: 'eu-west-2', account: '222233334444', name: 'sim-a-selection-name-1', hex: '0123456789abcdef0' });

    expect(arnSchema.safeParse(arn).success).toBe(true);
  });

  it('gives a "*" selection two resources tagged to match and one whose StringEquals value differs', () => {
    const seed = seedForSelections(planWith({ name: 'prod-tables', type: 'dynamodb', conditions: { stringEquals: { env: 'prod' }, stringNotEquals: { tier: 'scratch' } } }));
    const table = (name: string) => `arn:aws:dynamodb:eu-west-2:222233334444:table/${name}`;

    expect(seed.resources.map((r) => [r.resourceArn, r.tags, r.matches])).toEqual([
      [table('sim-prod-tables-1'), { env: 'prod' }, true],
      [table('sim-prod-tables-2'), { env: 'prod' }, true],
      [table('sim-prod-tables-other'), { env: 'prod-not' }, false],
    ]);
    expect(seed.targets.map((t) => [t.id, t.type, t.sourceVault, t.resourceArn])).toEqual(seed.resources.map((r, i) => [`seed-${i + 1}`, 'dynamodb', VAULT, r.resourceArn]));
    expect(seed.tags[table('sim-prod-tables-other')]).toEqual({ env: 'prod-not' });
  });

  it('tags the one not to match with the forbidden value when there is only StringNotEquals, and invents none without conditions', () => {
    const seed = seedForSelections(planWith({ name: 'live', type: 'dynamodb', conditions: { stringNotEquals: { tier: 'archive' } } }, { name: 'all', type: 'dynamodb' }));

    expect(seed.resources.filter((r) => r.selection === 'live').map((r) => [r.tags, r.matches])).toEqual([
      [{}, true],
      [{}, true],
      [{ tier: 'archive' }, false],
    ]);
    expect(seed.resources.filter((r) => r.selection === 'all').map((r) => r.matches)).toEqual([true, true]);
  });

  it('seeds exactly the resources a selection names, and says they are the plan\'s own', () => {
    const named = ['arn:aws:dynamodb:eu-west-2:222233334444:table/orders', 'arn:aws:dynamodb:eu-west-2:222233334444:table/invoices'];
    const seed = seedForSelections(planWith({ name: 'named', type: 'dynamodb', resourceArns: named }));

    expect(seed.resources.map((r) => [r.resourceArn, r.named])).toEqual(named.map((arn) => [arn, true]));
    expect(describeSelectionSeed(seed)).toEqual([`  named (the resources it names, protected in its vault): ${named.join(', ')}`]);
  });
});
