// What the local run keeps between processes (jest test files, `dr-drill run --local` runs): results that are a pure
// function of their input and of what is installed, in the temporary folder, named by a hash of both. A change to
// package-lock.json (a new validator, a new PGlite) names new files, so nothing outlives the dependencies it came from.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from './stack/packaged';

let lockfileHash: string | undefined;

/** The path of the file holding `kind` for `input` (hashed with what is installed). */
export function tmpCachePath(kind: string, ...input: (string | Uint8Array)[]): string {
  lockfileHash ??= createHash('sha256').update(readFileSync(join(PROJECT_ROOT, 'package-lock.json'))).digest('hex');
  const hash = createHash('sha256').update(lockfileHash);
  for (const part of input) hash.update(part);
  return join(tmpdir(), `dr-drill-${kind}`, hash.digest('hex'));
}

/**
 * Writes a cache file whole or not at all (a rename, so a reader never sees half of it). Failing to write only means
 * the next process does the work again.
 */
export function writeTmpCache(path: string, content: string | Uint8Array): void {
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, content);
    renameSync(partial, path);
  } catch {
    // A read-only or full temporary folder.
  }
}
