// What a drill cost, estimated from what it ran (each target's recorded usage) and the dated list-price table: pure.
// Every line says what was billed and how much of it; whatever cannot be priced (a size not recorded, a region or a
// class the table lacks) is a "not estimated" line with its reason, never a silent zero.
import { z } from 'zod';
import type { TargetResult } from '../drill/contracts';
import type { FailoverResult } from '../failover/contracts';
import { TARGET_DEFINITIONS, type TargetType } from '../resource-types/targets/definition-registry';
import { priceFailover } from './failover-estimate';
import { PRICE_TABLE, type PriceTable } from './prices';
import { costLineSchema, notEstimatedSchema, price, round, type Priced } from './priced';
import { drillTransitions } from './step-functions';
import type { BilledLine } from './target-cost';
import type { TargetUsage } from './usage';

export { costLineSchema, notEstimatedSchema, type CostLine } from './priced';

export const costEstimateSchema = z.object({
  currency: z.literal('USD'),
  pricesReadOn: z.string(),
  /** "estimate from list prices of <date>; excludes taxes, savings plans and free tier". */
  caveat: z.string(),
  /** The sum of `lines`. */
  totalUsd: z.number(),
  lines: z.array(costLineSchema),
  notEstimated: z.array(notEstimatedSchema),
  /** What the drill leaves billed every month after it ends (copies it keeps): usd is per month. */
  monthly: z.array(costLineSchema),
});
export type CostEstimate = z.infer<typeof costEstimateSchema>;

export const costCaveat = (readOn: string) => `estimate from list prices of ${readOn}; excludes taxes, savings plans and free tier`;

const GB = 1024 ** 3;
const gbOf = (bytes: number | null) => (bytes === null ? null : bytes / GB);

function priceTarget(out: Priced, prices: PriceTable, result: TargetResult, usage: TargetUsage): void {
  const id = result.targetId;
  const definition = TARGET_DEFINITIONS[result.type as TargetType];
  if (!definition) {
    out.notEstimated.push({ targetId: id, what: `a ${result.type} target`, why: 'dr-drill knows no such type' });
    return;
  }
  if (usage.restoredHours !== null) {
    const billed: BilledLine[] = definition.cost.billed(usage.size, gbOf(usage.restoredBytes));
    for (const line of billed) {
      if ('notEstimated' in line) {
        out.notEstimated.push({ targetId: id, what: line.what, why: line.notEstimated });
        continue;
      }
      const hours = line.during === 'instance' ? usage.instanceHours : usage.restoredHours;
      price(out, prices, { targetId: id, what: line.what, key: line.price, region: usage.region, amount: line.amount, hours });
    }
    if (!usage.deletionConfirmed) {
      out.notEstimated.push({ targetId: id, what: 'what cleanup left behind', why: 'its deletion was not confirmed: it is billed until it is deleted, past the hours counted here' });
    }
  }
  if (usage.copy) {
    const gb = gbOf(usage.copy.bytes);
    if (gb === null) {
      out.notEstimated.push({ targetId: id, what: 'the copy in the DR vault', why: 'AWS Backup reported no size for the copy' });
    } else {
      if (usage.copiedFrom) {
        price(out, prices, { targetId: id, what: `cross-region copy from ${usage.copiedFrom}`, key: 'transfer.inter-region', region: usage.copiedFrom, amount: gb, hours: null });
      }
      const storage = definition.cost.backupStorage;
      if (usage.copy.kept) {
        price(out, prices, { targetId: id, what: 'the copy kept in the DR vault (warm storage)', key: storage, region: usage.region, amount: gb, hours: null, monthly: true });
      } else {
        price(out, prices, { targetId: id, what: 'the copy in the DR vault until deleted (warm storage)', key: storage, region: usage.region, amount: gb, hours: usage.copy.storedHours });
      }
    }
  }
}

/**
 * The drill's estimate from its targets' results and its failover targets' (one per failover target the plan drilled);
 * `region` is where the state machines and Lambdas ran (the DR region).
 */
export function estimateDrillCost(
  { targets, region, failover = [] }: { targets: TargetResult[]; region: string; failover?: FailoverResult[] },
  prices: PriceTable = PRICE_TABLE): CostEstimate {
  const out: Priced = { lines: [], notEstimated: [], monthly: [] };
  let transitions = drillTransitions();
  for (const result of targets) {
    const usage = result.usage;
    if (!usage) {
      out.notEstimated.push({ targetId: result.targetId, what: 'what it ran', why: 'its result records no usage (its execution ended before Evaluate Target, or it ran before cost estimates)' });
      continue;
    }
    transitions += usage.transitions;
    priceTarget(out, prices, result, usage);
  }
  price(out, prices, { targetId: null, what: 'Step Functions state transitions (estimated from the waits)', key: 'step-functions.transition', region, amount: transitions, hours: null });
  for (const result of failover) priceFailover(out, prices, result, region);
  out.notEstimated.push({
    targetId: null,
    what: failover.length > 0
      ? "the drill's other Lambda invocations (its own steps and the restore targets'), S3 and DynamoDB requests, CloudWatch metrics and logs, notifications, and the canary's Secrets Manager or RDS Data API calls"
      : "the drill's own Lambda invocations, S3 and DynamoDB requests, CloudWatch metrics and notifications",
    why: 'not counted by the drill (typically well under a cent)',
  });
  return {
    currency: 'USD',
    pricesReadOn: prices.readOn,
    caveat: costCaveat(prices.readOn),
    totalUsd: round(out.lines.reduce((sum, line) => sum + line.usd, 0), 6),
    ...out,
  };
}

/** "$1.23", "$0.004", "<$0.0001": small drills cost fractions of a cent, which "$0.00" would hide. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0.00';
  if (usd < 0.0001) return '<$0.0001';
  if (usd < 0.01) return `$${Number(usd.toPrecision(2))}`;
  return `$${usd.toFixed(2)}`;
}

/** The one line the report, the evidence page and the PDF all give: the total, its caveat, and what it leaves out. */
export function costSentence(cost: CostEstimate): string {
  const left = groupNotEstimated(cost).length;
  const monthly = cost.monthly.reduce((sum, line) => sum + line.usd, 0);
  return [
    `Estimated cost: ${formatUsd(cost.totalUsd)} (${cost.caveat})`,
    monthly > 0 ? `; then ${formatUsd(monthly)} a month for the copies it keeps` : '',
    left > 0 ? `; ${left} item${left === 1 ? '' : 's'} not estimated` : '',
  ].join('');
}

/** What could not be priced, one entry per reason with the targets it holds for (the drill's own has none). */
export function groupNotEstimated(cost: CostEstimate): { what: string; why: string; targets: string[] }[] {
  const groups = new Map<string, { what: string; why: string; targets: string[] }>();
  for (const n of cost.notEstimated) {
    const key = `${n.what}\u0000${n.why}`;
    const group = groups.get(key) ?? { what: n.what, why: n.why, targets: [] };
    if (n.targetId) group.targets.push(n.targetId);
    groups.set(key, group);
  }
  return [...groups.values()];
}
