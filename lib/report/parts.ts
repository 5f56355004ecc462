// Which order the drill's two parts ran in, and when each ran: the report says it, so a reader of a parallel drill
// sees that the restore and the failover overlapped (and a reader of the others that they did not).
import { z } from 'zod';
import type { TargetResult } from '../drill/contracts';
import type { FailoverResult } from '../failover/contracts';
import { DRILL_ORDERS, type DrillOrder } from '../plan/schema';
import { formatDuration } from '../measure/durations';

const windowSchema = z.object({ startedAt: z.string(), finishedAt: z.string() });
export type PartWindow = z.infer<typeof windowSchema>;

export const drillPartsSchema = z.object({
  order: z.enum(DRILL_ORDERS),
  /** From the first restore target's first step to the last one's last; null when no restore target recorded a step. */
  restore: windowSchema.nullable(),
  /** From the first global database's first step to the last one's last; null when no failover target ran. */
  failover: windowSchema.nullable(),
  /** How long both parts ran at the same time (0 when they did not overlap or one did not run). */
  overlapMinutes: z.number(),
});
export type DrillParts = z.infer<typeof drillPartsSchema>;

const ORDER_WORDS: Record<DrillOrder, string> = {
  'restore-first': 'restore-first (the restore drill, then the failover drill)',
  'failover-first': 'failover-first (the failover drill, then the restore drill)',
  parallel: 'parallel (the restore drill and the failover drill at the same time)',
};

export const orderWords = (order: DrillOrder): string => ORDER_WORDS[order];

function span(times: string[]): PartWindow | null {
  const ms = times.map((t) => Date.parse(t)).filter((t) => Number.isFinite(t));
  if (ms.length === 0) return null;
  return { startedAt: new Date(Math.min(...ms)).toISOString(), finishedAt: new Date(Math.max(...ms)).toISOString() };
}

export function drillParts(order: DrillOrder, results: readonly TargetResult[], failover: readonly FailoverResult[]): DrillParts {
  const restore = span(results.flatMap((r) => r.timeline.flatMap((s) => [s.startedAt, s.finishedAt])));
  const switched = span(failover.flatMap((r) => r.timeline.map((s) => s.at)));
  const overlapMs =
    restore && switched
      ? Math.max(0, Math.min(Date.parse(restore.finishedAt), Date.parse(switched.finishedAt)) - Math.max(Date.parse(restore.startedAt), Date.parse(switched.startedAt)))
      : 0;
  return { order, restore, failover: switched, overlapMinutes: Math.round(overlapMs / 600) / 100 };
}

const clock = (iso: string) => iso.slice(11, 16);
const windowText = (w: PartWindow) => `${clock(w.startedAt)}–${clock(w.finishedAt)} UTC`;

/** One line: the order, and when each part ran (and for how long they overlapped). */
export function partsLine(parts: DrillParts): string {
  const ran = [
    ...(parts.restore ? [`restore ${windowText(parts.restore)}`] : []),
    ...(parts.failover ? [`failover ${windowText(parts.failover)}`] : []),
  ];
  const overlap = parts.restore && parts.failover ? (parts.overlapMinutes > 0 ? `; both ran at once for ${formatDuration(parts.overlapMinutes)}` : '; they did not overlap') : '';
  return `Order: ${orderWords(parts.order)}${ran.length ? ` — ${ran.join(', ')}${overlap}` : ''}`;
}
