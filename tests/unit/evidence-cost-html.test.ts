// The evidence page's "What the drill cost" section: list prices written as AWS writes them (never "2e-7"), the
// failover drill's lines under its target, and the `*` on exactly the lines whose price the table could not check
// against AWS's own page.
import { estimateDrillCost } from '../../lib/cost/estimate';
import { failoverUsage } from '../../lib/cost/failover-usage';
import { costSection, listPrice } from '../../lib/evidence/html/cost';
import { passedFailover } from './failover-result-fixtures';
import { foldObservation, startWatch } from '../../lib/failover/observe';
import { at, failoverItem, observation, onDr } from './functions/failover-fixtures';

describe('listPrice', () => {
  it('writes list prices as AWS does, down to a request price of two ten-millionths of a dollar', () => {
    expect([0.3, 0.116, 0.000025, 0.0000133334, 0.0000002, 0.00001].map(listPrice)).toEqual(['$0.30', '$0.116', '$0.000025', '$0.0000133334', '$0.0000002', '$0.00001']);
  });
});

describe('costSection with a failover drill', () => {
  const item = failoverItem();
  let cutover = startWatch(item, 'cutover', at(0));
  for (let i = 1; i <= 12; i += 1) cutover = foldObservation(cutover, observation(i * 5, i === 12 ? onDr() : {}), item);
  const usage = failoverUsage({
    item,
    approval: { outcome: 'not-required', by: null, at: null },
    phases: { cutover: { ...cutover, invocations: 1, busySeconds: 60 } },
    switchAttempted: true,
    rollbackStarted: false,
    failures: {},
  });
  const page = String(costSection(estimateDrillCost({ targets: [], region: 'eu-west-2', failover: [{ ...passedFailover(), usage }] })));
  const rows = [...page.matchAll(/<tr><th scope="row">([^<]*)<\/th><td>(.*?)<\/td>/g)].map((m) => [m[1], m[2]!.replace(/<[^>]+>/g, '')]);

  it("lists the failover drill's priced lines under its target, each unchecked price marked *", () => {
    expect(rows).toEqual([
      ['the drill', 'Step Functions state transitions (estimated from the waits)'],
      ['patients-global', 'Lambda requests of the failover drill (Observe Failover 1, Evaluate Failover 1) *'],
      ['patients-global', 'Lambda duration: Observe Failover ran 60 s at 512 MB (as its invocations timed themselves) *'],
      ['patients-global', 'Step Functions state transitions of the failover drill (estimated from the path it took and its looks)'],
    ]);
    expect(page).toContain('<td class="num">$0.0000002</td>');
  });

  it('lists what it could not price for the failover drill, with the reasons', () => {
    expect(page).toContain('<strong>patients-global</strong>: 12 Route 53 TestDNSAnswer calls — not estimated:');
    expect(page).toContain('<strong>patients-global</strong>: 12 probes of the health URL — not estimated: billed by whatever serves the URL');
  });
});
