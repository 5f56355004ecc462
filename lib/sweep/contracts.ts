// What the sweeper is asked and what it answers. One schema for its options (the scheduled run, the CLI's invoke
// and the killed-drill handler all pass them), and the report every caller prints or logs.
import { z } from 'zod';

/** The tags Restore Target writes on everything it creates ("Tag Copied Recovery Point" or "Tag Copied Snapshot", "Tag Restored Resource", "Create DB Instance"). */
export const DRILL_TAGS = {
  drillId: 'dr-drill:drill-id',
  target: 'dr-drill:target',
  execution: 'dr-drill:execution',
} as const;

/**
 * What `dr-drill smoke` tags beside the drill tags (value: the stage): its throwaway table and that table's recovery
 * point, in the plan's primary region. The sweeper looks for this tag there too (lib/sweep/sweep.ts).
 */
export const SMOKE_TAG = 'dr-drill:smoke';

/** Where the sweeper looks for smoke's leftovers beyond its own region, and the vaults smoke's backup may be in. */
export interface SmokeSweepSettings {
  /** The deployed plan's primary region, where smoke makes its table and its backup. */
  region: string;
  /** Backup vault names in that region (config backupVaults): DeleteRecoveryPoint needs the recovery point's vault. */
  vaults: string[];
}

/**
 * Default max age of a resource whose drill still runs (or is unknown to Step Functions). A target holds what it
 * created for at most the sum of its plan's wait ceilings, and at their largest (copy 24 h, restore 24 h, instance
 * 6 h, validation 14 min, cleanup 6 h) that is just over 60 h; targets run in waves, each wave's resources newer than
 * the last. So no valid plan keeps a resource 72 h on purpose, and a stuck drill's copies of patient data go within
 * three days. tests/unit/sweep/sweep.test.ts fails if the plan ceilings ever grow past it.
 */
export const DEFAULT_MAX_AGE_HOURS = 72;

export const sweepOptionsSchema = z.strictObject({
  /** List what would be removed and remove nothing. */
  dryRun: z.boolean().default(false),
  /** Only this drill's resources. */
  drillId: z.string().regex(/^d[0-9a-f]{8}$/).optional(),
  /** Only this target's resources (with drillId). */
  targetId: z.string().min(1).max(200).optional(),
  /**
   * The caller knows the execution that created these resources has ended (a status-change event for it): they go
   * even while the parent drill still runs, as when a person stops one target's child execution.
   */
  executionEnded: z.boolean().default(false),
  maxAgeHours: z.number().positive().max(24 * 365).default(DEFAULT_MAX_AGE_HOURS),
});
export type SweepOptions = z.input<typeof sweepOptionsSchema>;
export type ParsedSweepOptions = z.infer<typeof sweepOptionsSchema>;

export type CreatedKind = 'ec2-instance' | 'db-instance' | 'db-cluster' | 'dynamodb-table' | 'efs-file-system' | 'fsx-file-system' | 'fsx-volume' | 'ebs-volume' | 's3-bucket' | 'recovery-point';

export interface FoundResource {
  arn: string;
  kind: CreatedKind;
  /** The id a delete call takes: cluster/instance identifier, table or bucket name, fs-/vol-/i- id, or the recovery point ARN. */
  id: string;
  drillId: string;
  targetId: string | null;
  executionArn: string | null;
  /** Set when it is not in the sweeper's own region (smoke's leftovers in the primary region). */
  region?: string;
  /** The stage, when `dr-drill smoke` made it (its SMOKE_TAG): no drill plan tells its vault or keepCopies. */
  smoke?: string;
}

export interface SweptResource extends FoundResource {
  /** Why it goes, or why it stays. */
  reason: string;
}

export interface FailedResource extends FoundResource {
  error: string;
}

export interface SweepReport {
  sweptAt: string;
  region: string;
  /** The primary region, also looked in for what `dr-drill smoke` tagged (SMOKE_TAG); absent when not looked in. */
  smokeRegion?: string;
  dryRun: boolean;
  maxAgeHours: number;
  /** Everything carrying dr-drill's drill tag (within the drill/target asked for). */
  found: FoundResource[];
  /** Deleted (or, in a dry run, what would be). */
  removed: SweptResource[];
  kept: SweptResource[];
  failed: FailedResource[];
  /** Tagged ARNs of a kind no drill creates: never touched, listed so a person can look. */
  unrecognised: string[];
}
