// The simulated Resource Groups Tagging API's GetResources, as the sweeper reads it: only what exists in the
// region asked, only what carries every tag filter, a page at a time, the last page with an empty token.
import { SimAccount, SWEEP_OPERATIONS, SIMULATED_OPERATIONS } from '../../local/sim/account';
import { SimClock } from '../../local/sim/clock';

const DR = 'eu-west-2';

function account() {
  const clock = new SimClock(Date.UTC(2025, 2, 4, 3, 30));
  const sim = new SimAccount({ clock, regions: ['eu-west-1', DR] });
  const tables = ['drdrill-aaaa0001-appointments', 'drdrill-bbbb0002-appointments', 'drdrill-bbbb0002-visits', 'untagged'].map((name) =>
    sim.createTable(name, DR, { partition: 'id' }),
  );
  return { clock, sim, tables };
}

const tag = (sim: SimAccount, arn: string, drillId: string) =>
  sim.call(DR, 'resourcegroupstaggingapi', 'TagResources', { ResourceARNList: [arn], Tags: { 'dr-drill:drill-id': drillId, 'dr-drill:target': 'appointments' } });

describe('simulated GetResources', () => {
  it('lists what carries the tag, filtered by value, a page at a time', async () => {
    const { sim, tables, clock } = account();
    await tag(sim, tables[0]!, 'daaaa0001');
    await tag(sim, tables[1]!, 'dbbbb0002');
    await tag(sim, tables[2]!, 'dbbbb0002');

    const any = await sim.call(DR, 'resourcegroupstaggingapi', 'GetResources', { TagFilters: [{ Key: 'dr-drill:drill-id' }] });
    const first = await sim.call(DR, 'resourcegroupstaggingapi', 'GetResources', { TagFilters: [{ Key: 'dr-drill:drill-id', Values: ['dbbbb0002'] }], ResourcesPerPage: 1 });
    const second = await sim.call(DR, 'resourcegroupstaggingapi', 'GetResources', {
      TagFilters: [{ Key: 'dr-drill:drill-id', Values: ['dbbbb0002'] }],
      ResourcesPerPage: 1,
      PaginationToken: first.PaginationToken,
    });
    const elsewhere = await sim.call('eu-west-1', 'resourcegroupstaggingapi', 'GetResources', { TagFilters: [{ Key: 'dr-drill:drill-id' }] });

    const arns = (out: Record<string, unknown>) => (out.ResourceTagMappingList as { ResourceARN: string }[]).map((m) => m.ResourceARN);
    expect(arns(any)).toEqual(tables.slice(0, 3));
    expect(any.PaginationToken).toBe('');
    expect([...arns(first), ...arns(second)]).toEqual([tables[1], tables[2]]);
    expect(first.PaginationToken).not.toBe('');
    expect(second.PaginationToken).toBe('');
    expect(arns(elsewhere)).toEqual([]);
    expect((any.ResourceTagMappingList as { Tags: unknown[] }[])[0]!.Tags).toEqual([
      { Key: 'dr-drill:drill-id', Value: 'daaaa0001' },
      { Key: 'dr-drill:target', Value: 'appointments' },
    ]);
    clock.dispose();
  });

  it('is the one operation only the sweeper uses', () => {
    expect(SWEEP_OPERATIONS).toEqual({ resourcegroupstaggingapi: ['GetResources'] });
    expect(SIMULATED_OPERATIONS.resourcegroupstaggingapi).toEqual(['TagResources']);
  });
});
