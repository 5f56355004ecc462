// A plan's `selections:`: targets chosen the way AWS Backup restore testing chooses them, instead of one entry each.
// AWS Backup's RestoreTestingSelection (CreateRestoreTestingSelection, @aws-sdk/client-backup's
// RestoreTestingSelectionForCreate) selects by ProtectedResourceType, ProtectedResourceArns (a list, or ["*"]) and,
// with the wildcard, ProtectedResourceConditions: StringEquals / StringNotEquals lists of tag KeyValue pairs.
// A selection here is the same three, plus the vault the resources are protected in (its sourceVault), and every
// setting of a target of its type except `id` and `resourceArn`: each resource it resolves to at drill start
// (Check Plan, lib/plan/resolve-selections.ts) becomes a target with these settings.
import { z } from 'zod';
import { TARGET_SCHEMAS } from '../resource-types/targets/definition-registry';

export const selectionName = z
  .string()
  .regex(/^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,19}$/, 'must start with a letter, use only a-z, 0-9 and single "-" between them (at most 20 characters)')
  .describe("A short name for the selection, unique in the plan; its targets' ids start with it (<name>-<resource name>)");

const tagKey = z.string().min(1).max(128);
const tagValue = z.string().max(256);
const tagConditions = z
  .record(tagKey, tagValue)
  .refine((tags) => Object.keys(tags).length > 0, 'must name at least one tag')
  .refine((tags) => Object.keys(tags).length <= 30, 'at most 30 tags');

export const selectionConditionsSchema = z
  .strictObject({
    stringEquals: tagConditions.optional().describe('Tags the resource must have with exactly these values (ProtectedResourceConditions StringEquals)'),
    stringNotEquals: tagConditions
      .optional()
      .describe('Tags whose value must not be these (ProtectedResourceConditions StringNotEquals): a resource without the tag matches'),
  })
  .describe('Tag conditions, as AWS Backup restore testing writes them: every one must hold');

const selectionFields = {
  name: selectionName,
  resourceArns: z
    .array(z.string().min(1))
    .min(1)
    .max(1000)
    .default(['*'])
    .describe('ProtectedResourceArns: the resources to consider, or ["*"] (the default) for every protected resource of the type in the vault'),
  conditions: selectionConditionsSchema.optional(),
};

/** One member per target type: that type's target fields without id and resourceArn, and the selection's own. */
const SELECTION_SCHEMAS = (TARGET_SCHEMAS as readonly z.ZodObject[]).map((schema) =>
  schema
    .omit({ id: true, resourceArn: true })
    .extend(selectionFields)
    .describe(`Every ${String((schema.shape.type as z.ZodLiteral).value)} resource protected in sourceVault that matches, drilled as a target with these settings`),
);

// The union is built from the registry at run time; its type is written out below (Selection), as TypeScript cannot
// carry omit/extend through the mapped tuple.
export const selectionSchema = z.discriminatedUnion('type', SELECTION_SCHEMAS as unknown as [z.ZodObject, ...z.ZodObject[]]) as unknown as z.ZodType<Selection>;

export const MAX_SELECTIONS = 50;

export type Selection = z.infer<(typeof TARGET_SCHEMAS)[number]> extends infer T
  ? T extends unknown
    ? Omit<T, 'id' | 'resourceArn'> & { name: string; resourceArns: string[]; conditions?: z.infer<typeof selectionConditionsSchema> | undefined }
    : never
  : never;

/** What a selection resolved to at Check Plan (lib/drill/resolve-selections.ts): in the stored plan, the report and the evidence. */
export const resolvedSelectionSchema = z.object({
  name: z.string(),
  type: z.string(),
  vault: z.string(),
  resourceArns: z.array(z.string()),
  conditions: z.object({ stringEquals: z.record(z.string(), z.string()), stringNotEquals: z.record(z.string(), z.string()) }),
  /** In resource ARN order. */
  resources: z.array(z.object({ id: z.string(), resourceArn: z.string() })),
});
export type ResolvedSelection = z.infer<typeof resolvedSelectionSchema>;

/** "selection 'all-prod-dbs' (type aurora, tag env=prod, vault …): 3 resources: a (arn), …", for reports and refusals. */
export function describeSelection(s: ResolvedSelection): string {
  const tags = [
    ...Object.entries(s.conditions.stringEquals).map(([k, v]) => `tag ${k}=${v}`),
    ...Object.entries(s.conditions.stringNotEquals).map(([k, v]) => `tag ${k}!=${v}`),
  ];
  const arns = s.resourceArns.includes('*') ? [] : [`resources ${s.resourceArns.join(', ')}`];
  const what = [`type ${s.type}`, ...tags, ...arns, `vault ${s.vault}`].join(', ');
  const count = s.resources.length === 1 ? '1 resource' : `${s.resources.length} resources`;
  const list = s.resources.map((r) => `${r.id} (${r.resourceArn})`).join(', ');
  return `selection '${s.name}' (${what}): ${count}${list ? `: ${list}` : ''}`;
}
