// One priced line of a drill's cost estimate, and the running tally the estimate adds lines to: shared by the
// restore targets' part (estimate.ts) and the failover drill's (failover-estimate.ts). A price the table lacks, or an
// amount that is not a number, becomes a "not estimated" entry with its reason, never a zero.
import { z } from 'zod';
import { HOURS_PER_MONTH, lookUpPrice, type PriceTable, type PriceUnit } from './prices';

export const costLineSchema = z.object({
  /** The target it is for; null for the drill's own (Step Functions). */
  targetId: z.string().nullable(),
  what: z.string(),
  quantity: z.number(),
  /** hours, GB-month, GB, transitions... */
  unit: z.string(),
  unitUsd: z.number(),
  usd: z.number(),
  /** The price key in the table (lib/cost/price-table.json), and whether its figure was checked against AWS's own. */
  price: z.string(),
  checked: z.boolean(),
});
export type CostLine = z.infer<typeof costLineSchema>;

export const notEstimatedSchema = z.object({ targetId: z.string().nullable(), what: z.string(), why: z.string() });

export type NotEstimated = z.infer<typeof notEstimatedSchema>;

export const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export interface Priced {
  lines: CostLine[];
  notEstimated: NotEstimated[];
  monthly: CostLine[];
}

/** How a quantity of the unit reads in the evidence: "3.2 hours", "1,204 transitions", "0.5 GB-month". */
const UNIT_WORDS: Record<PriceUnit, string> = {
  hour: 'hours',
  transition: 'transitions',
  request: 'requests',
  metric: 'metrics',
  'GB-second': 'GB-seconds',
  'GB-month': 'GB-month',
  'MBps-month': 'MBps-month',
  GB: 'GB',
};

/** One priced line: `amount` of the price's unit, times the hours (hour prices) or the months (-month prices) given. */
export function price(
  out: Priced,
  prices: PriceTable,
  { targetId, what, key, region, amount, hours, monthly = false }: { targetId: string | null; what: string; key: string; region: string; amount: number; hours: number | null; monthly?: boolean },
): void {
  const found = lookUpPrice(prices, key, region);
  if (!found.found) {
    out.notEstimated.push({ targetId, what, why: found.why });
    return;
  }
  const timed = found.unit === 'hour' || found.unit.endsWith('-month');
  if (timed && hours === null && !monthly) {
    out.notEstimated.push({ targetId, what, why: 'how long it existed was not recorded' });
    return;
  }
  const quantity = monthly
    ? amount
    : found.unit === 'hour'
      ? amount * hours!
      : found.unit.endsWith('-month')
        ? (amount * hours!) / HOURS_PER_MONTH
        : amount;
  if (!Number.isFinite(quantity) || quantity < 0) {
    out.notEstimated.push({ targetId, what, why: 'its recorded size or hours are not a number' });
    return;
  }
  const line: CostLine = {
    targetId,
    what,
    quantity: round(quantity, 4),
    unit: monthly ? found.unit : UNIT_WORDS[found.unit],
    unitUsd: found.usd,
    // Six places: a few GB-minutes of storage cost fractions of a cent, which four places would turn into a zero.
    usd: round(quantity * found.usd, 6),
    price: key,
    checked: found.checked,
  };
  (monthly ? out.monthly : out.lines).push(line);
}
