// A plan's `defaults:` block: what its targets (and selections) share, written once. A target's own value wins.
// Defaults are merged into the raw input BEFORE the schema runs, so the one target schema still decides what a
// complete target is, and every problem still names a target's path; `provenance` lets the loader say where a
// merged value came from (`defaults.drVault`) and that a missing field is missing from the defaults too.
//
// Restore settings differ per type (an Aurora cluster needs a DB subnet group, an EC2 instance a subnet), so they
// are keyed by type: `defaults.restore.aurora`, `defaults.restore.ec2`. A type's block is its own `restore` schema
// with every field optional, so a default that does not apply to a type is simply never read for it, and a field
// that applies to no type is an unknown field where it is written.
import { z } from 'zod';
import { TARGET_SCHEMAS } from '../resource-types/targets/definition-registry';
import { targetBase } from '../resource-types/targets/schema-parts';
import { formatPath } from './problem';

/** The fields a target takes from `defaults` when it does not set them (besides `restore`, merged field by field). */
export const DEFAULTABLE_FIELDS = ['sourceVault', 'drVault', 'backupRoleArn'] as const;

function restoreObject(schema: z.ZodType | undefined): z.ZodObject | undefined {
  const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  return inner instanceof z.ZodObject ? inner : undefined;
}

/** Each type's `restore` schema, for the types that have one. */
const RESTORE_SCHEMAS: Record<string, z.ZodObject> = Object.fromEntries(
  TARGET_SCHEMAS.flatMap((schema) => {
    const restore = restoreObject((schema.shape as Record<string, z.ZodType>).restore);
    return restore ? [[schema.shape.type.value as string, restore]] : [];
  }),
);

export const defaultsSchema = z
  .strictObject({
    sourceVault: targetBase.sourceVault.optional().describe('The source vault of every target that names none (primary region)'),
    drVault: targetBase.drVault.optional().describe('The DR vault of every target that names none (DR region)'),
    backupRoleArn: targetBase.backupRoleArn.optional().describe('The role AWS Backup assumes for every target that names none'),
    restore: z
      .strictObject(
        Object.fromEntries(
          Object.entries(RESTORE_SCHEMAS).map(([type, schema]) => [
            type,
            schema.partial().optional().describe(`Restore settings every ${type} target takes unless it sets them itself`),
          ]),
        ),
      )
      .optional()
      .describe('Restore settings per target type (defaults.restore.aurora, defaults.restore.ec2, ...): a target takes each field it does not set'),
  })
  .describe("What targets and selections share; a target's own value wins. The plan's `objectives` are already every target's default");

export type PlanDefaults = z.infer<typeof defaultsSchema>;

/** Where a merged value came from: a target's path (`targets[2].drVault`) -> the defaults' (`defaults.drVault`). */
export type Provenance = Map<string, string>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * One target-like entry (a target or a selection) with the defaults filled in, recording which paths were filled.
 * Values of the wrong shape are left as they are for the schema to report.
 */
export function withDefaults(entry: unknown, defaults: unknown, path: readonly PropertyKey[], provenance: Provenance): unknown {
  if (!isRecord(entry) || !isRecord(defaults)) return entry;
  const merged: Record<string, unknown> = { ...entry };
  for (const field of DEFAULTABLE_FIELDS) {
    if (merged[field] === undefined && defaults[field] !== undefined) {
      merged[field] = defaults[field];
      provenance.set(formatPath([...path, field]), `defaults.${field}`);
    }
  }
  const type = typeof entry.type === 'string' ? entry.type : undefined;
  const restoreDefaults = isRecord(defaults.restore) && type !== undefined && Object.hasOwn(defaults.restore, type) ? defaults.restore[type] : undefined;
  if (isRecord(restoreDefaults) && (merged.restore === undefined || isRecord(merged.restore))) {
    const own = (merged.restore ?? {}) as Record<string, unknown>;
    const restore: Record<string, unknown> = { ...own };
    for (const [field, value] of Object.entries(restoreDefaults)) {
      if (restore[field] === undefined && value !== undefined) {
        restore[field] = value;
        provenance.set(formatPath([...path, 'restore', field]), formatPath(['defaults', 'restore', type!, field]));
      }
    }
    merged.restore = restore;
  }
  return merged;
}

/** The plan input with `defaults` merged into every target. */
export function applyPlanDefaults(input: unknown): { input: unknown; provenance: Provenance } {
  const provenance: Provenance = new Map();
  if (!isRecord(input) || !isRecord(input.defaults)) return { input, provenance };
  const defaults = input.defaults;
  const merged: Record<string, unknown> = { ...input };
  for (const list of ['targets', 'selections'] as const) {
    const entries = input[list];
    if (Array.isArray(entries)) merged[list] = entries.map((entry, index) => withDefaults(entry, defaults, [list, index], provenance));
  }
  return { input: merged, provenance };
}

/** Where a default for this missing field would go, if defaults can provide it. */
export function defaultPathFor(path: readonly PropertyKey[], entry: unknown): string | undefined {
  // path: [list, index, field] or [list, index, 'restore'] or [list, index, 'restore', field]
  const [, , field, restoreField] = path;
  if (path.length === 3 && DEFAULTABLE_FIELDS.includes(field as (typeof DEFAULTABLE_FIELDS)[number])) return `defaults.${String(field)}`;
  const type = isRecord(entry) && typeof entry.type === 'string' ? entry.type : undefined;
  if (field !== 'restore' || type === undefined || !Object.hasOwn(RESTORE_SCHEMAS, type)) return undefined;
  if (path.length === 3) return formatPath(['defaults', 'restore', type]);
  if (path.length === 4 && typeof restoreField === 'string' && restoreField in RESTORE_SCHEMAS[type]!.shape) {
    return formatPath(['defaults', 'restore', type, restoreField]);
  }
  return undefined;
}
