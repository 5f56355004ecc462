// What a target's drill ran, as its bill depends on it: recorded in its result by Evaluate Target, from what the
// execution already holds (the restore metadata sent, AWS Backup's job descriptions, the cleanup check), and priced
// later (estimate.ts). Sizes and classes only, never data.
import { z } from 'zod';
import type { BilledSize } from './target-cost';
import { targetTransitions, type TargetWaits } from './step-functions';

export const targetUsageSchema = z.object({
  /** Where the restored resource lived. */
  region: z.string(),
  /** The region a cross-region copy came from (billed as data transfer out of it); null when none crossed regions. */
  copiedFrom: z.string().nullable(),
  /** What the type's module read of the restore for its bill (lib/resource-types/targets/<type>/definition.ts cost.size). */
  size: z.record(z.string(), z.union([z.string(), z.number()])),
  /** The restore job's BackupSizeInBytes ("the size, in bytes, of the restored resource", DescribeRestoreJob). */
  restoredBytes: z.number().nullable(),
  /** From the restore job's start to the confirmed deletion (or the drill's end); null when nothing was restored. */
  restoredHours: z.number().nullable(),
  /** The DB instance the drill added: from the restore's completion to the confirmed deletion; null when none was added. */
  instanceHours: z.number().nullable(),
  /** False when Check Cleanup did not confirm everything gone: what is left is billed past these hours. */
  deletionConfirmed: z.boolean(),
  /** The copy the drill made: its size (DescribeCopyJob BackupSizeInBytes), the hours it was stored, whether it is kept. */
  copy: z.object({ bytes: z.number().nullable(), storedHours: z.number().nullable(), kept: z.boolean() }).nullable(),
  /** Estimated state transitions of the target's execution and its part of the parent's (step-functions.ts). */
  transitions: z.number().int().nonnegative(),
});
export type TargetUsage = z.infer<typeof targetUsageSchema>;

/** Hours from one AWS timestamp to another; null when either is missing or unreadable (the report refuses a NaN). */
function hoursBetween(from: string | null | undefined, to: string | null | undefined): number | null {
  const hours = from && to ? (Date.parse(to) - Date.parse(from)) / 3_600_000 : NaN;
  return Number.isFinite(hours) ? Math.max(0, hours) : null;
}

export interface UsageInput {
  region: string;
  sourceRegion: string;
  keepCopies: boolean;
  size: BilledSize;
  restore: { createdAt: string | null; completedAt: string | null; createdResource: boolean; bytes: number | null } | null;
  instanceAdded: boolean;
  copy: { createdAt: string | null; completedAt: string | null; bytes: number | null } | null;
  /** When Check Cleanup last looked (or the target's end), and whether it found everything gone. */
  endedAt: string;
  deletionConfirmed: boolean;
  waits: TargetWaits;
}

export function targetUsage(u: UsageInput): TargetUsage {
  const restored = u.restore?.createdResource ? u.restore : null;
  return {
    region: u.region,
    copiedFrom: u.copy && u.sourceRegion !== u.region ? u.sourceRegion : null,
    size: u.size,
    restoredBytes: restored ? u.restore!.bytes : null,
    restoredHours: restored ? hoursBetween(restored.createdAt, u.endedAt) : null,
    instanceHours: restored && u.instanceAdded ? hoursBetween(restored.completedAt, u.endedAt) : null,
    deletionConfirmed: u.deletionConfirmed,
    copy: u.copy
      ? { bytes: u.copy.bytes, storedHours: u.keepCopies ? null : hoursBetween(u.copy.completedAt, u.endedAt), kept: u.keepCopies }
      : null,
    transitions: targetTransitions(u.waits),
  };
}
