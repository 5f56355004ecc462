// Writes the generated state machine definitions (scripts/statemachines/sources.ts says which); with --check, only
// says which are not what their source generates and fails.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedDefinitions, render } from './statemachines/sources';

const root = join(__dirname, '..');
const check = process.argv.includes('--check');
let stale = 0;
for (const definition of generatedDefinitions(root)) {
  const text = render(root, definition);
  const path = join(root, definition.target);
  const current = readFileSync(path, 'utf8');
  if (current === text) {
    console.log(`✓ ${definition.target} is what ${definition.source} generates`);
  } else if (check) {
    stale += 1;
    console.log(`✗ ${definition.target} is not what ${definition.source} generates: run npm run statemachines`);
  } else {
    writeFileSync(path, text);
    console.log(`wrote ${definition.target} from ${definition.source}`);
  }
}
process.exitCode = stale ? 1 : 0;
