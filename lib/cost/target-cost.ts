// What a plan target type says about its own bill (its definition's `cost`): which sizes of the restore it is billed
// by, and what the restored resource is billed for while it exists. Pure: no SDK, no prices (the estimate looks the
// price keys up in price-table.json for the DR region).

/** Sizes and classes only (an instance class, a volume's GiB and type), never data: they go into the evidence. */
export type BilledSize = Record<string, string | number>;

export type BilledLine =
  | {
      /** In words, for the evidence: "db.r6g.large instance", "restored table storage". */
      what: string;
      /** A key of price-table.json's prices. */
      price: string;
      /** How many of the price's unit besides time: 1 instance, GB stored, GB restored, MB/s provisioned. */
      amount: number;
      /** Which of the target's windows the line is billed for (hour and -month prices): the restored resource's (default) or the added instance's. */
      during?: 'restored' | 'instance';
    }
  | { what: string; notEstimated: string };

export interface TargetCost<T = unknown> {
  /** The price key of AWS Backup's warm storage for its recovery points: what the copy in the DR vault costs while kept. */
  readonly backupStorage: string;
  /**
   * What of the restore it is billed by, from the plan target and the restore metadata the drill sent (Prepare
   * Restore's): read when the target ends (Evaluate Target) and kept in its result. A size it cannot know is left out.
   */
  size(target: T, metadata: Record<string, string>): BilledSize;
  /** What the restored resource is billed for, from the recorded sizes and AWS Backup's size of what it restored (GB, or null). */
  billed(size: BilledSize, restoredGb: number | null): BilledLine[];
}

/** A string size, or undefined. */
export const text = (size: BilledSize, key: string): string | undefined => (typeof size[key] === 'string' ? (size[key] as string) : undefined);
/** A numeric size (numbers recorded as strings in restore metadata included), or undefined. */
export function num(size: BilledSize, key: string): number | undefined {
  const value = size[key];
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** Storage billed by the size AWS Backup restored, or the line that says why it cannot be. */
export function storageLine(what: string, price: string, restoredGb: number | null): BilledLine {
  return restoredGb === null ? { what, notEstimated: 'AWS Backup reported no size for what it restored' } : { what, price, amount: restoredGb };
}

/** The keys of the restore metadata that are sizes and classes, as recorded (string values). */
export function pick(metadata: Record<string, string>, keys: readonly string[]): BilledSize {
  return Object.fromEntries(keys.filter((k) => metadata[k] !== undefined).map((k) => [k, metadata[k]!]));
}
