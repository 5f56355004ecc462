// The role parts in iam/generated/ are what the resource types' IAM generates (npm run iam), as the state machines
// are what their sources generate (statemachines-source.test.ts): a type's iam.ts changed without `npm run iam`
// fails here, not in AWS.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { TypeIam } from '../../lib/resource-types/targets/iam-statements';
import { GENERATED_DIR, generatedFiles, partStatements } from '../../scripts/iam/render';

const ROOT = join(__dirname, '..', '..');

describe('the generated IAM role parts', () => {
  it('are what the resource types generate (run npm run iam)', () => {
    const files = generatedFiles();
    for (const file of files) expect({ path: file.path, text: readFileSync(join(ROOT, file.path), 'utf8') }).toEqual(file);
    expect(readdirSync(join(ROOT, GENERATED_DIR)).sort()).toEqual(files.map((f) => f.path.slice(GENERATED_DIR.length + 1)).sort());
  });

  it('are included by a role: every part is named by serverless.yml or iam/*.yml', () => {
    const includers = ['serverless.yml', ...readdirSync(join(ROOT, 'iam')).filter((f) => f.endsWith('.yml')).map((f) => `iam/${f}`)];
    const text = includers.map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n');
    for (const file of generatedFiles()) expect(text).toContain(`\${file(./${file.path})`);
  });

  it('join the statements types share by sid, and refuse a sid two types give different conditions', () => {
    const recoveryPoints = { source: 'a', copied: 'b' };
    const one: TypeIam = { recoveryPoints, parts: { sweep: [{ sid: 'S', actions: ['x:A'], resources: ['r1'], condition: '${self:custom.drillTagged}' }] } };
    const two: TypeIam = { recoveryPoints, parts: { sweep: [{ sid: 'S', actions: ['x:B', 'x:A'], resources: ['r2'], condition: '${self:custom.drillTagged}' }] } };
    expect(partStatements('sweep', { one, two })).toEqual([{ sid: 'S', actions: ['x:A', 'x:B'], resources: ['r1', 'r2'], condition: '${self:custom.drillTagged}' }]);
    const other: TypeIam = { recoveryPoints, parts: { sweep: [{ sid: 'S', actions: ['x:C'], resources: ['r3'] }] } };
    expect(() => partStatements('sweep', { one, other })).toThrow(/another condition/);
  });

  it('write YAML whose statements are the parts', () => {
    for (const file of generatedFiles().filter((f) => !f.path.endsWith('recovery-points.yml'))) {
      const statements = (parse(file.text) as { statements: { Sid: string; Effect: string }[] }).statements;
      expect(statements.every((s) => s.Effect === 'Allow' && /^[A-Za-z0-9]+$/.test(s.Sid))).toBe(true);
    }
  });
});
