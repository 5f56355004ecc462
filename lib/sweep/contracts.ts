// What the sweeper is asked and what it answers. One schema for its options (the scheduled run, the CLI's invoke
// and the killed-drill handler all pass them), and the report every caller prints or logs.
import { z } from 'zod';

/** The tags Restore Target writes on everything it creates ("Tag Copied Recovery Point", "Tag Restored Resource", "Create DB Instance"). */
export const DRILL_TAGS = {
  drillId: 'dr-drill:drill-id',
  target: 'dr-drill:target',
  execution: 'dr-drill:execution',
} as const;

/**
 * Default max age: a drill's own ceilings (copy, restore, instance, validation, cleanup waits) add up to a few hours
 * at most, and the largest a plan may set stays under a day; 48 h leaves a long drill and a weekend's late start
 * alone and still removes a stuck drill's copies of patient data within two days.
 */
export const DEFAULT_MAX_AGE_HOURS = 48;

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

export type CreatedKind = 'ec2-instance' | 'db-instance' | 'db-cluster' | 'dynamodb-table' | 'efs-file-system' | 'ebs-volume' | 's3-bucket' | 'recovery-point';

export interface FoundResource {
  arn: string;
  kind: CreatedKind;
  /** The id a delete call takes: cluster/instance identifier, table or bucket name, fs-/vol-/i- id, or the recovery point ARN. */
  id: string;
  drillId: string;
  targetId: string | null;
  executionArn: string | null;
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
