// The price table's honesty: every price names the AWS page it belongs to; a price marked checked was seen on AWS's
// own page or Price List for every region it prices, on a day no later than the table's; a price not seen there says
// so (checked: false), and whatever else was found is cited with its date, never passed off as AWS's.
import { PRICE_TABLE, priceTableSchema, regionsNotSeenByAws } from '../../lib/cost/prices';
import table from '../../lib/cost/price-table.json';

const entries = Object.entries(PRICE_TABLE.prices);

describe('the price table', () => {
  it('names for every price an AWS pricing page among its sources', () => {
    for (const [key, entry] of entries) {
      expect([key, PRICE_TABLE.sources[entry.source]]).toEqual([key, expect.stringMatching(/^https:\/\/aws\.amazon\.com\//)]);
    }
  });

  it('marks a price checked only with evidence from AWS itself naming every region it prices, read on or before the table date', () => {
    for (const [key, entry] of entries) {
      if (entry.checked) expect([key, regionsNotSeenByAws(entry, PRICE_TABLE.readOn)]).toEqual([key, []]);
    }
  });

  it('cites every piece of evidence with its address, its date and what it says', () => {
    for (const [key, entry] of entries) {
      for (const e of entry.evidence ?? []) {
        expect([key, e.says.length > 0, e.readOn <= PRICE_TABLE.readOn]).toEqual([key, true, true]);
        // Third-party figures stay unchecked; evidence from AWS that names every region would have checked the price.
        const coversAll = e.by === 'aws' && Object.keys(entry.regions).every((r) => e.regions.includes(r));
        if (coversAll) expect([key, entry.checked]).toEqual([key, true]);
      }
    }
  });

  it('holds the Step Functions price as checked on its AWS page, and the failover prices the estimate needs as unchecked with what was found', () => {
    expect(PRICE_TABLE.prices['step-functions.transition']).toMatchObject({ checked: true, evidence: [expect.objectContaining({ by: 'aws', url: 'https://aws.amazon.com/step-functions/pricing/' })] });
    for (const key of ['lambda.request', 'lambda.arm.gb-second', 'cloudwatch.metric-requested']) {
      expect(PRICE_TABLE.prices[key]).toMatchObject({ checked: false });
      expect(PRICE_TABLE.prices[key]!.evidence?.length).toBeGreaterThan(0);
    }
  });

  it('refuses to load a table that marks checked a price seen only in a third party\'s table', () => {
    const claimed = structuredClone(table) as unknown as { prices: Record<string, { checked: boolean }> };
    claimed.prices['lambda.arm.gb-second']!.checked = true;

    expect(() => priceTableSchema.parse(claimed)).toThrow(
      `lambda.arm.gb-second is marked checked, but no evidence from AWS read by ${PRICE_TABLE.readOn} names eu-west-1, eu-west-2, eu-central-1, ap-southeast-2`,
    );
  });
});
