// Turns zod issues into problems a plan author can act on: the path as written in YAML, a sentence instead of
// zod's "Invalid input: expected string, received undefined", and a hint for mistyped field names.
import { z } from 'zod';
import { closestMatch } from './did-you-mean';
import { formatPath, type Problem } from './problem';

type Issue = z.core.$ZodIssue;

export function schemaProblems(issues: readonly Issue[], schema: z.ZodType, input: unknown): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = fieldsAt(schema, issue.path, input);
      for (const key of issue.keys) {
        problems.push({ path: formatPath([...issue.path, key]), message: unknownField(key, known) });
      }
      continue;
    }
    const path = [...issue.path];
    // zod already ends the path with the discriminator; older releases stopped at the element. Be sure of both.
    if (issue.code === 'invalid_union' && issue.discriminator && path.at(-1) !== issue.discriminator) path.push(issue.discriminator);
    problems.push({ path: formatPath(path), message: describeIssue(issue) });
  }
  // One zod check can fail twice on the same value (e.g. a number that is neither whole nor positive says both,
  // which is useful), but the exact same line twice is noise.
  return problems.filter((p, i) => problems.findIndex((q) => q.path === p.path && q.message === p.message) === i);
}

function describeIssue(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'missing required field';
      return `expected ${KIND_NAMES[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`;
    case 'too_small':
      return bound('at least', 'greater than', issue.origin, issue.minimum, issue.inclusive, issue.input);
    case 'too_big':
      return bound('at most', 'less than', issue.origin, issue.maximum, issue.inclusive, issue.input);
    case 'invalid_format':
      // The plan schema gives every pattern a sentence of its own; show the value so a typo is easy to spot.
      return issue.input === undefined ? issue.message : `${issue.message} (got ${describeValue(issue.input)})`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map(String).join(', ')} (got ${describeValue(issue.input)})`;
    case 'invalid_union':
      if (issue.discriminator && 'options' in issue && issue.options) return `must be one of ${issue.options.map(String).join(', ')}`;
      return 'does not match any of the allowed forms';
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    default:
      return issue.message;
  }
}

const KIND_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  array: 'a list',
};

function describeValue(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      // JSON-quoted, so a value holding a line break cannot break the one-line problem (or forge another line).
      return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

function bound(inclusiveWord: string, exclusiveWord: string, origin: string, limit: number | bigint, inclusive: boolean | undefined, input: unknown): string {
  const got = input === undefined ? '' : ` (got ${origin === 'array' && Array.isArray(input) ? input.length : describeValue(input)})`;
  const n = Number(limit);
  if (origin === 'array') return `must have ${inclusiveWord} ${n} ${n === 1 ? 'entry' : 'entries'}${got}`;
  if (origin === 'string') return n === 1 && inclusiveWord === 'at least' ? 'must not be empty' : `must be ${inclusiveWord} ${n} characters long`;
  return `must be ${inclusive === false ? exclusiveWord : inclusiveWord} ${n}${got}`;
}

function unknownField(key: string, known: readonly string[] | undefined): string {
  if (!known) return 'unknown field';
  const match = closestMatch(key, known);
  return match ? `unknown field (did you mean ${match}?)` : `unknown field (allowed here: ${known.join(', ')})`;
}

/**
 * The field names the schema accepts at `path`, following the input down so that a target's fields are those of its
 * `type`. Undefined when the path leads somewhere without a fixed set of fields.
 */
function fieldsAt(schema: z.ZodType, path: readonly PropertyKey[], input: unknown): string[] | undefined {
  let current: z.ZodType | undefined = schema;
  let value = input;
  for (const segment of path) {
    current = pickVariant(unwrap(current), value);
    if (current instanceof z.ZodObject && typeof segment === 'string') current = current.shape[segment];
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else return undefined;
    value = isRecord(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
  }
  current = pickVariant(unwrap(current), value);
  return current instanceof z.ZodObject ? Object.keys(current.shape) : undefined;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodPrefault || current instanceof z.ZodNullable) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

function pickVariant(schema: z.ZodType | undefined, value: unknown): z.ZodType | undefined {
  if (!(schema instanceof z.ZodDiscriminatedUnion) || !isRecord(value)) return schema;
  const discriminator = schema.def.discriminator;
  return schema.options.find((option) => {
    const literal = option instanceof z.ZodObject ? option.shape[discriminator] : undefined;
    return literal instanceof z.ZodLiteral && literal.values.has(value[discriminator] as never);
  }) as z.ZodType | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
