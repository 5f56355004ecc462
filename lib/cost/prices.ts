// The dated list-price table (price-table.json) the drill's cost estimate reads: one schema, read once. A missing
// region or price is an answer of its own ("not in the table"), never a zero.
import { z } from 'zod';
import table from './price-table.json';

/** What a price is per: the estimate multiplies by hours for `hour`, by hours / 730 for a `-month`, else by the amount. */
export const priceUnitSchema = z.enum(['hour', 'GB-month', 'MBps-month', 'GB', 'transition', 'request', 'GB-second', 'metric']);
export type PriceUnit = z.infer<typeof priceUnitSchema>;

/** One place a figure was seen: by AWS (its pricing page, documentation, Price List) or a third party quoting it. */
export const priceEvidenceSchema = z.object({
  by: z.enum(['aws', 'third-party']),
  url: z.string().url(),
  readOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** The regions the source names the figure for; empty when it names none (a price "everywhere" is not one per region). */
  regions: z.array(z.string()),
  /** What it says, in short, with its figures. */
  says: z.string(),
});
export type PriceEvidence = z.infer<typeof priceEvidenceSchema>;

/** The regions an entry prices that no evidence from AWS, read on or before `readOn`, names. */
export function regionsNotSeenByAws(entry: { regions: Record<string, number>; evidence?: PriceEvidence[] }, readOn: string): string[] {
  const named = new Set((entry.evidence ?? []).filter((e) => e.by === 'aws' && e.readOn <= readOn).flatMap((e) => e.regions));
  return Object.keys(entry.regions).filter((region) => !named.has(region));
}

export const priceTableSchema = z.object({
  readOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  currency: z.literal('USD'),
  about: z.string(),
  sources: z.record(z.string(), z.string().url()),
  prices: z.record(
    z.string(),
    z.object({
      unit: priceUnitSchema,
      source: z.string(),
      /** True when the figure was seen in a stored copy of the AWS page or Price List; false when it could not be. */
      checked: z.boolean(),
      note: z.string().optional(),
      /** Where the figure was looked for and found: AWS's own pages (the only kind that makes it `checked`), or another's table. */
      evidence: z.array(priceEvidenceSchema).optional(),
      regions: z.record(z.string(), z.number().nonnegative()),
    }),
  ),
})
  // A price is checked only when AWS itself was seen giving it for every region the entry prices: another's table
  // quoting AWS, or AWS giving a figure without a region, leaves it unchecked (the HTML marks it `*`).
  .superRefine((t, ctx) => {
    for (const [key, entry] of Object.entries(t.prices)) {
      const missing = entry.checked ? regionsNotSeenByAws(entry, t.readOn) : [];
      if (missing.length > 0) {
        ctx.addIssue({ code: 'custom', path: ['prices', key, 'checked'], message: `${key} is marked checked, but no evidence from AWS read by ${t.readOn} names ${missing.join(', ')}` });
      }
    }
  });
export type PriceTable = z.infer<typeof priceTableSchema>;

/** AWS's own convention for a month of hours (the pricing pages' examples and the Pricing Calculator use 730). */
export const HOURS_PER_MONTH = 730;

export const PRICE_TABLE: PriceTable = priceTableSchema.parse(table);

export type PriceLookup = { found: true; usd: number; unit: PriceUnit; checked: boolean } | { found: false; why: string };

export function lookUpPrice(prices: PriceTable, key: string, region: string): PriceLookup {
  const entry = prices.prices[key];
  if (!entry) return { found: false, why: `no list price for ${key} in the price table of ${prices.readOn}` };
  const usd = entry.regions[region];
  if (usd === undefined) return { found: false, why: `no list price for ${key} in ${region} in the price table of ${prices.readOn}` };
  return { found: true, usd, unit: entry.unit, checked: entry.checked };
}
