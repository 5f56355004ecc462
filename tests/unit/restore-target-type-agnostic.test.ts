// The restore-target state machine never branches on the target's type: what it does with a type is that type's
// runbook (lib/resource-types/targets/<type>/runbook.ts, on the state as $.runbook) and its delete is one Task through
// the created-kind modules. So a new resource type touches no state machine file.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../local/run-drill';
import { allStates, type StateDefinition } from '../../local/runner/definitions';
import { RUNBOOKS } from '../../lib/resource-types/targets/runbook-registry';

const SOURCES = join(PROJECT_ROOT, 'statemachines/source');
const sources = readdirSync(SOURCES).filter((f) => f.endsWith('.yml'));

describe('statemachines/source', () => {
  it.each(sources)('%s has no Choice on $.target.type', (file) => {
    const text = readFileSync(join(SOURCES, file), 'utf8');
    const definition = parse(text) as { States: Record<string, StateDefinition> };
    const choicesOnType = allStates(definition)
      .filter(({ definition: state }) => state.Type === 'Choice' && JSON.stringify(state).includes('$.target.type'))
      .map(({ name }) => name);

    expect(choicesOnType).toEqual([]);
    // Nor anywhere else in the file (a Choice written as flow YAML, a Parameters path that picks by type).
    expect(text.split('\n').filter((line) => line.includes('$.target.type'))).toEqual([]);
  });

  it('tests only after-restore steps that some type runbook names, and each one a runbook names', () => {
    const text = readFileSync(join(SOURCES, 'restore-target.yml'), 'utf8');
    const tested = new Set([...text.matchAll(/Variable: \$\.runbook\.afterRestore\s+StringEquals: ([\w-]+)/g)].map((m) => m[1]));
    const named = new Set(Object.values(RUNBOOKS).map((r) => r.afterRestore).filter((a) => a !== 'none'));

    expect([...tested].sort()).toEqual([...named].sort());
  });
});
