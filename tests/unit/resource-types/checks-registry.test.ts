// Issue 12: a target type's checks live in its own module (lib/resource-types/targets/<type>/checks.ts) and the
// functions that run them ask the registry. These tests pin both halves: every type has its checks, and the callers
// reach them through the registry and hold no per-type branch of their own that a new type would have to edit.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { validateRestore } from '../../../functions/validate-restore/validate-restore';
import { targetChecks } from '../../../functions/restore-testing-validator/target-checks';
import type { CheckResult } from '../../../lib/drill/contracts';
import { TARGET_TYPES } from '../../../lib/plan/schema';
import { TARGET_CHECKS, checksFor } from '../../../lib/resource-types/targets/checks-registry';
import { ACCOUNT, DR_REGION, childState, restoredName, testDeps } from '../functions/fixtures';

const ROOT = join(__dirname, '..', '..', '..');
const probe = (name: string): CheckResult => ({ name, passed: true, value: 'probe', expected: 'probe', reason: 'answered by the test' });

afterEach(() => jest.restoreAllMocks());

describe('the checks registry', () => {
  it.each(TARGET_TYPES)('has the four checks of %s', (type) => {
    const checks = TARGET_CHECKS[type];
    expect(typeof checks.readiness).toBe('function');
    expect(typeof checks.dataChecks).toBe('function');
    expect(typeof checks.dryRunChecks).toBe('function');
    expect(typeof checks.restoreTestingChecks).toBe('function');
  });

  it('lists no type the plan schema does not know', () => {
    expect(Object.keys(TARGET_CHECKS).sort()).toEqual([...TARGET_TYPES].sort());
  });

  it("finds a target's checks by its type", async () => {
    const { target } = await childState('appointments');
    expect(checksFor(target)).toBe(TARGET_CHECKS.dynamodb);
  });
});

describe('the callers go through the registry', () => {
  it("Validate Restored Resource runs the target type's readiness, then its data checks", async () => {
    const state = await childState('appointments');
    const readiness = jest.spyOn(TARGET_CHECKS.dynamodb, 'readiness').mockResolvedValue([probe('ready probe')]);
    const data = jest.spyOn(TARGET_CHECKS.dynamodb, 'dataChecks').mockResolvedValue({ checks: [probe('data probe')], dataAgeSeconds: 42 });
    const created = `arn:aws:dynamodb:${DR_REGION}:${ACCOUNT}:table/${restoredName('appointments')}`;

    const result = await validateRestore({ ...state, restore: { job: { CreatedResourceArn: created } } }, testDeps());

    expect(readiness).toHaveBeenCalledWith(expect.objectContaining({ target: state.target, restoredResourceArn: created, region: DR_REGION }));
    expect(data).toHaveBeenCalledWith(expect.objectContaining({ target: state.target, names: state.names }));
    expect(result.checks.map((c) => c.name)).toEqual(['ready probe', 'data probe']);
    expect(result.dataAgeSeconds).toBe(42);
  });

  it("the restore-testing validator runs the target type's restore-testing checks on the resource AWS Backup named", async () => {
    const { target } = await childState('appointments');
    const checks = jest.spyOn(TARGET_CHECKS.dynamodb, 'restoreTestingChecks').mockResolvedValue({ checks: [probe('restore test probe')], notChecked: null });
    const created = `arn:aws:dynamodb:${DR_REGION}:${ACCOUNT}:table/awsbackup-restore-test-0a1b2c`;

    const outcome = await targetChecks({ target, restoredResourceArn: created, region: DR_REGION, clients: testDeps().clients, now: new Date() });

    expect(checks).toHaveBeenCalledWith(expect.objectContaining({ target, id: 'awsbackup-restore-test-0a1b2c', names: expect.objectContaining({ restored: 'awsbackup-restore-test-0a1b2c' }) }));
    expect(outcome.checks.map((c) => c.name)).toEqual(['restore test probe']);
  });

  // A grep, and cheap: a per-type branch creeping back into a caller is what a new type would have to edit.
  const callers = [
    ...readdirSync(join(ROOT, 'functions', 'validate-restore')).map((f) => join('functions', 'validate-restore', f)),
    join('functions', 'dry-run', 'restore-checks.ts'),
    ...readdirSync(join(ROOT, 'functions', 'restore-testing-validator')).map((f) => join('functions', 'restore-testing-validator', f)),
  ].filter((f) => f.endsWith('.ts'));

  it.each(callers)('%s holds no per-type branch', (file) => {
    const source = readFileSync(join(ROOT, file), 'utf8');
    for (const type of TARGET_TYPES) expect(source).not.toContain(`case '${type}'`);
    expect(source).not.toMatch(/\btarget\.type\s*[!=]==/);
    expect(source).not.toMatch(/\.type\s*[!=]==\s*'/);
  });
});
