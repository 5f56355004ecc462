// Which deployed definitions are generated, and from what: every statemachines/source/<name>.yml becomes
// statemachines/<name>.asl.yml, the file serverless.yml's ${file(...)} deploys.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandSource } from './expand-source';

export const SOURCE_DIR = 'statemachines/source';

export interface GeneratedDefinition {
  source: string;
  target: string;
}

export function generatedDefinitions(root: string): GeneratedDefinition[] {
  return readdirSync(join(root, SOURCE_DIR))
    .filter((file) => file.endsWith('.yml'))
    .sort()
    .map((file) => ({ source: `${SOURCE_DIR}/${file}`, target: `statemachines/${file.replace(/\.yml$/, '.asl.yml')}` }));
}

export function header(source: string): string {
  return [
    `# GENERATED from ${source} by \`npm run statemachines\`: edit that file, not this one.`,
    '# This is the definition serverless.yml deploys and the local run and the tests execute; a test fails when it is',
    "# not what the source generates now. Each of the source's `Type: Poll` blocks became its Start, Wait, Back Off, Cap",
    '# and Hold states here (docs/state-machines-source.md).',
    '',
  ].join('\n');
}

/** What the generator writes for one definition now. */
export function render(root: string, definition: GeneratedDefinition): string {
  return expandSource(readFileSync(join(root, definition.source), 'utf8'), header(definition.source));
}
