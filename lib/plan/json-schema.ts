// The plan schema as JSON Schema, for editors (the examples point at it from their first line) and for tools that do
// not run TypeScript. Generated from the zod schema so the two cannot disagree; a unit test keeps the file current.
import { z } from 'zod';
import { planSchema } from './schema';

/** Where the generated file lives, relative to the repository root. */
export const PLAN_JSON_SCHEMA_PATH = 'schema/drill-plan.schema.json';

// `io: 'input'` describes what a person writes: fields with defaults (timeouts, concurrency) are optional.
export function planJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(planSchema, { io: 'input' });
}

/** The exact text of the committed file. */
export function renderPlanJsonSchema(): string {
  return `${JSON.stringify(planJsonSchema(), null, 2)}\n`;
}
