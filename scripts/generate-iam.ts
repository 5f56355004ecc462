// Writes the resource types' IAM into iam/generated/ (scripts/iam/render.ts says how); with --check, only says which
// files are not what the types generate and fails.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generatedFiles } from './iam/render';

const root = join(__dirname, '..');
const check = process.argv.includes('--check');
let stale = 0;
for (const file of generatedFiles(root)) {
  const path = join(root, file.path);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (current === file.text) {
    console.log(`✓ ${file.path} is what the types generate`);
  } else if (check) {
    stale += 1;
    console.log(`✗ ${file.path} is not what the types generate: run npm run iam`);
  } else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.text);
    console.log(`wrote ${file.path}`);
  }
}
process.exitCode = stale ? 1 : 0;
