// A target's objectives, in their own module because both the plan (lib/plan/schema.ts) and every target type's
// schema (lib/resource-types/targets/schema-parts.ts, targetBase) use them, and the plan imports the target types.
import { z } from 'zod';

export const minutes = (max: number) => z.number().int().positive().max(max);

export const objectivesSchema = z.strictObject({
  rtoMinutes: minutes(7 * 24 * 60).describe('Recovery time objective: restore start to data validated, in minutes'),
  rpoMinutes: minutes(31 * 24 * 60).describe('Recovery point objective: the oldest acceptable recovery point, in minutes'),
});
