// The plan's target types, one definition each. The rest of the code iterates over this registry instead of
// switching on `target.type`, so adding a type (DocumentDB, Neptune, FSx...) touches only its own folder, its
// example and its tests, plus one line in each registry.
//
// Layout: lib/resource-types/targets/<type>/ holds one file per concern, each listed by its own registry here:
//   definition.ts  pure data and functions (this registry): the plan schema and validation options, AWS Backup's
//                  resource type, what a restore creates, the restore quota, the restore metadata, the dry run's
//                  "would do" lines, and the other rules that need no AWS call;
//   checks.ts      what asks AWS (SDK clients): readiness, data checks, the dry run's network checks, the restore
//                  testing validator's checks;
//   runbook.ts     what the restore-target state machine does with it (after-restore step, deletion): pure data;
//   iam.ts         the IAM statements it needs, per role: pure data, generated into the roles;
//   sim.ts         its simulated behaviour (seed, restore, sizes), imported only by local/.
// What a restore creates (an RDS DB cluster, an EBS volume...) is described, deleted and known gone by
// lib/resource-types/<kind>.ts (lib/resource-types/registry.ts); a definition names its kind.
//
// Why separate files: every Lambda bundles the SDK clients it imports (serverless-esbuild, exclude: []), and the plan
// schema is imported by nearly every function, the CLI and the preflight. So the definitions, and everything they
// import, stay free of the AWS SDK and of the sim; only checks.ts reaches the SDK, and only local/ reaches sim.ts.
import type { z } from 'zod';
import type { TargetNames } from '../../drill/contracts';
import { AURORA } from './aurora/definition';
import { DOCDB } from './docdb/definition';
import { DYNAMODB } from './dynamodb/definition';
import { EBS } from './ebs/definition';
import { EC2 } from './ec2/definition';
import { EFS } from './efs/definition';
import { FSX } from './fsx/definition';
import { FSX_ONTAP } from './fsx-ontap/definition';
import { NEPTUNE } from './neptune/definition';
import { RDS } from './rds/definition';
import { S3 } from './s3/definition';
import type { TargetDefinition } from './target-definition';

/** In this order in the plan's `type` union, in its JSON Schema and in TARGET_TYPES. */
const DEFINITIONS = [AURORA, RDS, DYNAMODB, EBS, EC2, EFS, S3, FSX, FSX_ONTAP, DOCDB, NEPTUNE] as const;
type Definitions = typeof DEFINITIONS;

type AnyDefinition = Definitions[number];
export type TargetType = AnyDefinition['type'];
/** Any plan target (lib/plan/schema.ts exports the same type as Target, inferred from the union built here). */
export type AnyTarget = z.infer<AnyDefinition['schema']>;

/** Every target type's definition, by its plan `type`. */
export const TARGET_DEFINITIONS = Object.fromEntries(DEFINITIONS.map((d) => [d.type, d])) as {
  readonly [T in TargetType]: Extract<AnyDefinition, { type: T }>;
};

// Mapped over a type parameter, so the tuples stay tuples (in order, one literal each).
type TypesOf<L extends readonly unknown[]> = { [K in keyof L]: L[K] extends { type: infer V } ? V : never };
type SchemasOf<L extends readonly unknown[]> = { [K in keyof L]: L[K] extends { schema: infer V } ? V : never };

export const TARGET_TYPES = DEFINITIONS.map((d) => d.type) as unknown as TypesOf<Definitions>;

/** The members of the plan's discriminated union on `type` (lib/plan/schema.ts). */
export const TARGET_SCHEMAS = DEFINITIONS.map((d) => d.schema) as unknown as SchemasOf<Definitions>;

/** The definition of a target's type, typed for that target. */
export function definitionOf<T extends AnyTarget>(target: T): TargetDefinition<T> {
  // The registry is keyed by `type`, so the definition found is the one for T; TypeScript cannot follow that link.
  return TARGET_DEFINITIONS[target.type as TargetType] as unknown as TargetDefinition<T>;
}

/** The definition of a target type, typed for any target. */
export function definitionOfType(type: TargetType): TargetDefinition<AnyTarget> {
  return TARGET_DEFINITIONS[type] as unknown as TargetDefinition<AnyTarget>;
}

/** The id its restored resource is described by (what Check Cleanup asks about). */
export function restoredIdOf(target: AnyTarget, createdArn: string, names: TargetNames): string {
  const own = definitionOf(target).restoredId;
  return own ? own(createdArn, names) : (createdArn.split(/[/:]/).pop() as string);
}

/** A value per target type, from its definition: the maps code that predates the registry reads. */
export function byType<V>(value: (d: AnyDefinition) => V): Record<TargetType, V> {
  return Object.fromEntries(DEFINITIONS.map((d) => [d.type, value(d)])) as Record<TargetType, V>;
}
