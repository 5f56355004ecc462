// Bad plans are built by breaking one thing in a good one, so each test shows only what it changes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const EXAMPLES_DIR = join(__dirname, '..', '..', 'examples');
export const NHS_EXAMPLE = join(EXAMPLES_DIR, 'nhs-patient-platform.yml');
export const AU_EXAMPLE = join(EXAMPLES_DIR, 'au-imaging.yml');
export const UK_ONLY_EXAMPLE = join(EXAMPLES_DIR, 'uk-only-supplier.yml');

export const REMOVE = Symbol('remove the field');

/**
 * A fresh copy of a parsed example with `changes` applied; keys are paths as problems write them
 * (`targets[0].restore.subnet`), and REMOVE deletes the field.
 */
export function exampleWith(file: string, changes: Record<string, unknown> = {}): unknown {
  const plan: unknown = parse(readFileSync(file, 'utf8'));
  for (const [path, value] of Object.entries(changes)) set(plan, path, value);
  return plan;
}

export const nhsWith = (changes: Record<string, unknown> = {}) => exampleWith(NHS_EXAMPLE, changes);
export const auWith = (changes: Record<string, unknown> = {}) => exampleWith(AU_EXAMPLE, changes);
export const ukOnlyWith = (changes: Record<string, unknown> = {}) => exampleWith(UK_ONLY_EXAMPLE, changes);

function set(root: unknown, path: string, value: unknown): void {
  const keys = path.split(/\.|\[(\d+)\]/).filter(Boolean);
  const last = keys.pop();
  let node = root as Record<string, unknown>;
  for (const key of keys) {
    if (typeof node[key] !== 'object' || node[key] === null) throw new Error(`fixture: ${path} goes through a missing ${key}`);
    node = node[key] as Record<string, unknown>;
  }
  if (last === undefined) throw new Error(`fixture: empty path`);
  if (value === REMOVE) delete node[last];
  else node[last] = value;
}

export const CROSS_ACCOUNT_EXAMPLE = join(EXAMPLES_DIR, 'cross-account.yml');
export const crossAccountWith = (changes: Record<string, unknown> = {}) => exampleWith(CROSS_ACCOUNT_EXAMPLE, changes);
