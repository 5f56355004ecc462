// Writes docs/state-machines.md: a Mermaid diagram of each state machine, drawn from the packaged stack (packaged
// first if a source changed). Run after changing a state machine: npm run diagrams
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deployedPlacement, loadPackagedTemplate, PROJECT_ROOT } from '../local/stack/packaged';
import { readStack } from '../local/stack/stack';
import { DIAGRAMS_PATH, renderDiagramsDoc } from './diagrams/document';

const stack = readStack(loadPackagedTemplate(), '111122223333', deployedPlacement().region);
writeFileSync(join(PROJECT_ROOT, DIAGRAMS_PATH), renderDiagramsDoc(stack));
console.log(`wrote ${DIAGRAMS_PATH}`);
