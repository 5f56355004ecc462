// Each Lambda parses its event with its own schema: a wrong shape is a bug in a state machine, reported
// with the paths that were wrong and never retried.
import type { z } from 'zod';
import { BadPayloadError } from '../errors';

export function parsePayload<S extends z.ZodType>(schema: S, event: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(event);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .slice(0, 10)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  throw new BadPayloadError(`${what}: ${problems}`);
}
