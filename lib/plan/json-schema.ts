// The plan schema as JSON Schema, for editors (the examples point at it from their first line) and for tools that do
// not run TypeScript. Generated from the zod schema so the two cannot disagree; a unit test keeps the file current.
import { z } from 'zod';
import { DEFAULTABLE_FIELDS } from './defaults';
import { planSchema } from './schema';

/** Where the generated file lives, relative to the repository root. */
export const PLAN_JSON_SCHEMA_PATH = 'schema/drill-plan.schema.json';

// `io: 'input'` describes what a person writes: fields with defaults (timeouts, concurrency) are optional.
export function planJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(planSchema, { io: 'input' }) as JsonObject;
  for (const member of targetMembers(schema)) relaxDefaultable(member);
  return schema;
}

type JsonObject = Record<string, unknown>;

function targetMembers(schema: JsonObject): JsonObject[] {
  const properties = schema.properties as Record<string, JsonObject>;
  const members: JsonObject[] = [];
  for (const list of ['targets', 'selections']) {
    const items = properties[list]?.items as JsonObject | undefined;
    members.push(...(((items?.oneOf ?? items?.anyOf) as JsonObject[] | undefined) ?? []));
  }
  return members;
}

// JSON Schema cannot say "required unless the plan's defaults give it" without one if/then per field and type, which
// editors explain badly. So the fields `defaults` can give are optional here and their hover says so; the loader
// (lib/plan/load.ts) reports a field missing from both the target and the defaults, at the target's path.
function relaxDefaultable(member: JsonObject): void {
  const properties = member.properties as Record<string, JsonObject>;
  const defaultable = new Set<string>([...DEFAULTABLE_FIELDS, 'restore']);
  member.required = (member.required as string[] | undefined)?.filter((field) => !defaultable.has(field));
  for (const field of DEFAULTABLE_FIELDS) mention(properties[field], `defaults.${field}`);
  const restore = properties.restore;
  if (restore?.type === 'object') {
    delete restore.required;
    const type = (properties.type as JsonObject | undefined)?.const;
    mention(restore, `defaults.restore.${String(type)}`);
  }
}

function mention(property: JsonObject | undefined, defaultsPath: string): void {
  if (!property) return;
  const text = typeof property.description === 'string' ? `${property.description}. ` : '';
  property.description = `${text}Required here unless ${defaultsPath} gives it (the plan check says when neither does)`;
}

/** The exact text of the committed file. */
export function renderPlanJsonSchema(): string {
  return `${JSON.stringify(planJsonSchema(), null, 2)}\n`;
}
