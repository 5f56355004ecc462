// What a plan target type is, as pure data and functions: its plan schema and everything about it that needs no AWS
// call. One object per type, in <type>/definition.ts, checked against this interface; definition-registry.ts lists
// them. Nothing here or in a definition imports an AWS SDK client (see definition-registry.ts for why).
import type { z } from 'zod';
import type { TargetNames } from '../../drill/contracts';
import type { DatabaseValidation } from '../../plan/validation-schema';
import type { CreatedKind } from '../../sweep/contracts';
import type { TargetCost } from '../../cost/target-cost';

/** What every target has, whatever its type (schema-parts.ts, targetBase), as far as the generic code reads it. */
export interface TargetShape {
  type: string;
  id: string;
}

/** The names the dry run's "would do" lines use (lib/drill/items.ts gives them). */
export interface WouldDoNames {
  /** The DR region. */
  dr: string;
  /** What the restore creates, when the drill names it (TargetNames.restored). */
  restored: string;
  /** The DB instance the drill adds, for a type that adds one (TargetNames.instance). */
  instance: string;
  /** ", encrypted with KMS key <id>" when the plan names a key, otherwise "". */
  kms: string;
}

/**
 * The isolated network in the DR region that `dr-drill plan init` found and chose (lib/init/network.ts), as a type's
 * restore block names it. Null parts were not found.
 */
export interface InitNetwork {
  /** A DB subnet group whose every subnet has no route out of its VPC, and security groups of that VPC. */
  dbSubnetGroup: { name: string; securityGroupIds: string[] } | null;
  /** One subnet with no route out of its VPC, and security groups of that VPC. */
  subnet: { id: string; availabilityZone: string; securityGroupIds: string[] } | null;
  /** An availability zone of the DR region (the chosen subnet's when there is one). */
  availabilityZone: string;
}

/**
 * Why a value plan init wrote is a person's choice: the network it chose (whose reasons lib/init knows: the candidates
 * it found and those it refused) or a sentence of the type's own.
 */
export type InitChoice = 'db-subnet-group' | 'subnet' | 'security-groups' | 'availability-zone' | { note: string };

/** What `dr-drill plan init` writes for a protected resource of this type, or why it cannot (cli/commands/plan-init.ts). */
export type InitRestore =
  | {
      /** The target's restore block (written once per type under defaults.restore.<type>); null: the type needs none. */
      restore: Record<string, unknown> | null;
      /** The fields of `restore` a person must confirm, each marked `# CHOOSE:` in the plan, with why. */
      choices: Record<string, InitChoice>;
    }
  /**
   * Why plan init cannot write it. `missing: 'network'`: the DR region has no isolated network of the kind it needs, and
   * plan init refuses rather than guess one; otherwise a field it cannot find (an FSx directory, an ONTAP SVM): the
   * resource is listed at the end of the plan, not written.
   */
  | { cannot: string; missing?: 'network' };

export interface InitParts {
  /**
   * The network its restore block names: what plan init must find in the DR region before it can write it; `zone`:
   * only an availability zone, best the isolated subnet's, found if it can be.
   */
  readonly needs: 'db-subnet-group' | 'subnet' | 'zone' | 'nothing';
  restore(network: InitNetwork): InitRestore;
  /** The `# CHOOSE:` line about its data checks: what `validation:` can prove for this type. */
  readonly checks: string;
}

/** Method syntax on purpose: a definition of one type then also serves where any target may come (see definitionOf). */
export interface TargetDefinition<T extends TargetShape> {
  /** The plan's `type` for it. */
  readonly type: T['type'];
  /** Its plan target schema: a strict object with `type` as a literal, one member of the plan's discriminated union. */
  readonly schema: z.ZodType<T>;
  /** AWS Backup's name for it: the ResourceType of its recovery points and of StartRestoreJob (GetSupportedResourceTypes, AWS Backup API Reference). */
  readonly backupResourceType: string;
  /** What its restore job creates (CreatedResourceArn); lib/resource-types/registry.ts knows how to ask about it. */
  readonly restoredKind: CreatedKind;
  /** AWS Backup's limit on its concurrent restore jobs (lib/plan/restore-quotas.ts cites the quotas page). */
  readonly restoreQuota: number;
  /**
   * True when the restored resource's id is names.restored, set in its restore metadata; false when AWS generates it
   * (fs-..., vol-..., i-...), so only its creation time tells it from a production resource (Mark Created).
   */
  readonly namedByDrill: boolean;
  /**
   * True for the ARN of a copy of its recovery point in the DR vault when AWS Backup names that copy by something
   * other than a backup recovery-point ARN (an RDS snapshot, an EBS snapshot, an AMI): how the sweeper and Delete
   * Restored Resource know it for a recovery point. Absent when copies are backup recovery-point ARNs.
   */
  readonly copiedRecoveryPoint?: (arn: string) => boolean;
  /**
   * Recorded restore metadata keys that name primary-region things (zones, parameter groups, keys, networks):
   * dropped, in any case, before restoreMetadata runs, because they do not exist in the DR region.
   */
  readonly regionBoundKeys: readonly string[];
  /**
   * The restore metadata for the drill's restore job, from the recorded metadata without its region-bound keys
   * (`metadata`) and, for a value the drill keeps, as recorded (`recorded`). From AWS's "Restoring ..." page for the type.
   */
  restoreMetadata(target: T, names: TargetNames, metadata: Record<string, string>, recorded: Record<string, string>): Record<string, string>;
  /** The id its restored resource is described by, from the restore job's CreatedResourceArn (default: the ARN's last part). */
  restoredId?(createdArn: string, names: TargetNames): string;
  /**
   * For a type the drill adds a DB instance to after the restore (names.instance): AWS Backup restores an Aurora
   * cluster without one. The instance's engine comes from the recovery point's restore metadata.
   */
  readonly addsDbInstance?: { engine(metadata: Record<string, string>): string | undefined };
  /** For a type whose data checks are SQL queries: its checks (`dr-drill validate` runs them against a database you name). */
  sqlChecks?(target: T): DatabaseValidation | undefined;
  /** The availability zones the plan names for its restore, with their paths under the target: they must be in the DR region. */
  restoreZones?(target: T): { path: string[]; zone: string }[];
  /**
   * What the plan as a whole must be for a target of this type, beyond its own fields (an ONTAP volume, which AWS
   * Backup cannot copy, only in a one-region plan restoring from its source vault): problems at paths under the target.
   */
  planProblems?(target: T, plan: { oneRegion: boolean }): { path: string[]; message: string }[];
  /**
   * What a drill of it costs (lib/cost): the sizes its bill depends on and what the restored resource is billed for,
   * as price keys of lib/cost/price-table.json. Every type has one: the estimate never skips a type silently.
   */
  readonly cost: TargetCost<T>;
  /**
   * How `dr-drill plan init` writes one of its protected resources (AWS Backup's `backupResourceType`, with an ARN its
   * schema's resourceArn accepts): the restore block from the isolated network found in the DR region.
   */
  readonly init: InitParts;
  /** The dry run's words for what a real run would do (functions/dry-run/would-do.ts). */
  readonly wouldDo: {
    /** The restore step(s), after the copy. */
    restore(target: T, names: WouldDoNames): string[];
    /** What the run creates and then deletes, besides the copied recovery point. */
    created(target: T, names: WouldDoNames): string[];
    /**
     * The plan's data checks, counted as the validation Lambda runs them (readiness is always checked, and not
     * counted), and how they reach the data when that is worth saying (" (postgres connection to ...)").
     */
    dataChecks(target: T): { count: number; how?: string };
  };
}
