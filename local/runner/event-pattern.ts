// Whether an EventBridge event pattern matches an event, for the patterns a stack's rules use: every field of the
// pattern must match; a list matches a value equal to one of its entries, or `{ exists: true|false }`
// (Amazon EventBridge User Guide, "Event patterns" and "Content filtering": exact match, exists).
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function matchesPattern(pattern: Json, event: unknown): boolean {
  if (pattern === null || typeof pattern !== 'object' || Array.isArray(pattern)) throw new Error(`an event pattern is an object of fields, got ${JSON.stringify(pattern)}`);
  const fields = (event ?? {}) as Record<string, unknown>;
  return Object.entries(pattern).every(([key, expected]) => {
    const value = fields[key];
    if (Array.isArray(expected)) return expected.some((option) => matchesValue(option, key in fields, value));
    return value !== null && typeof value === 'object' && matchesPattern(expected, value);
  });
}

function matchesValue(option: Json, present: boolean, value: unknown): boolean {
  if (option !== null && typeof option === 'object' && !Array.isArray(option)) {
    if ('exists' in option) return option.exists === present;
    throw new Error(`dr-drill local: the event pattern filter ${JSON.stringify(option)} is not simulated`);
  }
  return Array.isArray(value) ? value.includes(option) : value === option;
}
