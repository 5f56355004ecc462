// The role parts in iam/generated/ are what the resource types' IAM generates (npm run iam), as the state machines
// are what their sources generate (statemachines-source.test.ts): a type's iam.ts changed without `npm run iam`
// fails here, not in AWS.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { TypeIam } from '../../lib/resource-types/targets/iam-statements';
import { BACKUP_ROLE_TEMPLATE, GENERATED_DIR, generatedFiles, partStatements, renderBackupRole } from '../../scripts/iam/render';

const ROOT = join(__dirname, '..', '..');

describe('the generated IAM role parts', () => {
  it('are what the resource types generate (run npm run iam)', () => {
    const files = generatedFiles(ROOT);
    for (const file of files) expect({ path: file.path, text: readFileSync(join(ROOT, file.path), 'utf8') }).toEqual(file);
    const inDir = files.filter((f) => f.path.startsWith(`${GENERATED_DIR}/`)).map((f) => f.path.slice(GENERATED_DIR.length + 1));
    expect(readdirSync(join(ROOT, GENERATED_DIR)).sort()).toEqual(inDir.sort());
    expect(files.map((f) => f.path)).toContain(BACKUP_ROLE_TEMPLATE);
  });

  it('are included by a role: every part is named by serverless.yml or iam/*.yml', () => {
    const includers = ['serverless.yml', ...readdirSync(join(ROOT, 'iam')).filter((f) => f.endsWith('.yml')).map((f) => `iam/${f}`)];
    const text = includers.map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n');
    for (const file of generatedFiles(ROOT).filter((f) => f.path.startsWith(GENERATED_DIR))) expect(text).toContain(`\${file(./${file.path})`);
  });

  it('join the statements types share by sid, and refuse a sid two types give different conditions', () => {
    const recoveryPoints = { source: 'a', copied: 'b' };
    const one: TypeIam = { recoveryPoints, parts: { sweep: [{ sid: 'S', actions: ['x:A'], resources: ['r1'], condition: '${self:custom.drillTagged}' }] } };
    const two: TypeIam = { recoveryPoints, parts: { sweep: [{ sid: 'S', actions: ['x:B', 'x:A'], resources: ['r2'], condition: '${self:custom.drillTagged}' }] } };
    expect(partStatements('sweep', { one, two })).toEqual([{ sid: 'S', actions: ['x:A', 'x:B'], resources: ['r1', 'r2'], condition: '${self:custom.drillTagged}' }]);
    const other: TypeIam = { recoveryPoints, parts: { sweep: [{ sid: 'S', actions: ['x:C'], resources: ['r3'] }] } };
    expect(() => partStatements('sweep', { one, other })).toThrow(/another condition/);
  });

  it("write the example AWS Backup role's blocks in place, keeping the rest of it, and refuse a template without them", () => {
    const recoveryPoints = { source: 'a', copied: 'b' };
    const t: TypeIam = {
      recoveryPoints,
      parts: {},
      backupRestoreRole: { statements: [{ sid: 'X', actions: ['x:A'], resources: [{ 'Fn::Sub': 'arn:${DrRegion}' }] }], kmsViaServices: ['x.${DrRegion}.amazonaws.com'] },
    };
    const template = ['a', '  # BEGIN generated: statements', '  - old', '  # END generated: statements', '  # BEGIN generated: kms-via-services', '  # END generated: kms-via-services', 'z'].join('\n');
    expect(renderBackupRole(template, { t }).split('\n')).toEqual([
      'a',
      '  # BEGIN generated: statements',
      '  - Sid: X',
      '    Effect: Allow',
      '    Action: [x:A]',
      '    Resource:',
      "      - !Sub 'arn:${DrRegion}'",
      '  # END generated: statements',
      '  # BEGIN generated: kms-via-services',
      "  - !Sub 'x.${DrRegion}.amazonaws.com'",
      '  # END generated: kms-via-services',
      'z',
    ]);
    expect(() => renderBackupRole('a\n', { t })).toThrow(/no block/);
  });

  it('write YAML whose statements are the parts', () => {
    for (const file of generatedFiles(ROOT).filter((f) => f.path.startsWith(GENERATED_DIR) && !f.path.endsWith('recovery-points.yml'))) {
      const statements = (parse(file.text) as { statements: { Sid: string; Effect: string }[] }).statements;
      expect(statements.every((s) => s.Effect === 'Allow' && /^[A-Za-z0-9]+$/.test(s.Sid))).toBe(true);
    }
  });
});
