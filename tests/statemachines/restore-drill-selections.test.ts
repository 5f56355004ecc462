// Scenario: a plan whose targets come from a selection (type dynamodb, tag env=prod, the source vault), on the REAL
// definitions and the simulation, Check Plan's packaged role included. The vault protects three tables, two tagged
// env=prod: exactly those two are drilled, under ids derived from their names, and the evidence lists them. A
// selection that matches nothing, or names a resource the vault does not protect, refuses the drill before anything
// is created.
import { runLocalDrill, type LocalDrillResult } from '../../local/run-drill';
import { nhsRestorePlanInput, type PlanInput } from './example-plans';
import { evidenceKeys } from '../../lib/evidence/contracts';
import { localNotifications } from '../../local/sim/notifications';

jest.setTimeout(60_000);

type Ran = Extract<LocalDrillResult, { refused: false }>;

const ACCOUNT = '111122223333';
const DR = 'eu-west-2';
const SOURCE_VAULT = `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:nhs-patient-platform`;
const table = (name: string) => `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/${name}`;
const DEFAULTS = {
  sourceVault: SOURCE_VAULT,
  drVault: `arn:aws:backup:eu-west-2:${ACCOUNT}:backup-vault:nhs-patient-platform-dr`,
  backupRoleArn: `arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`,
};
/** Three tables protected in the source vault, written as targets would be; only the selection finds them. */
const PROTECTED = {
  targets: ['referrals', 'discharges', 'scratch-copies'].map((name) => ({ id: `seed-${name}`, type: 'dynamodb', resourceArn: table(name), ...DEFAULTS })),
  tags: <Record<string, Record<string, string>>>{
    [table('referrals')]: { env: 'prod', team: 'clinical' },
    [table('discharges')]: { env: 'prod' },
    [table('scratch-copies')]: { env: 'dev' },
  },
};

function planSelecting(env: string): PlanInput {
  return {
    ...nhsRestorePlanInput(),
    name: 'selection-drill',
    defaults: DEFAULTS,
    targets: [],
    selections: [{ name: 'prod-tables', type: 'dynamodb', conditions: { stringEquals: { env } } }],
  };
}

describe('restore drill: targets chosen by a selection', () => {
  it('drills exactly the resources whose tags match, and records what the selection resolved to', async () => {
    const result = await runLocalDrill({ plan: planSelecting('prod'), protectedResources: PROTECTED });
    if (result.refused) throw new Error(`plan refused: ${JSON.stringify(result.problems)}`);
    const r: Ran = result;

    expect(r.report?.verdict).toBe('PASSED');
    expect(r.report?.targets.map((t) => t.targetId).sort()).toEqual(['prod-tables-discharges', 'prod-tables-referrals']);
    // The simulation knows each restore job by the source it seeded: the two env=prod tables, never scratch-copies.
    expect(r.account.restoreJobs().map((j) => j.targetId).sort()).toEqual(['seed-discharges', 'seed-referrals']);
    expect(r.report?.targets.every((t) => t.restoredResourceArn?.includes('prod-tables-'))).toBe(true);
    expect(r.report?.selections).toEqual([
      expect.objectContaining({
        name: 'prod-tables',
        type: 'dynamodb',
        vault: SOURCE_VAULT,
        conditions: { stringEquals: { env: 'prod' }, stringNotEquals: {} },
        resources: [
          { id: 'prod-tables-discharges', resourceArn: table('discharges') },
          { id: 'prod-tables-referrals', resourceArn: table('referrals') },
        ],
        summary: expect.stringMatching(/^selection 'prod-tables' \(type dynamodb, tag env=prod, vault .*nhs-patient-platform\): 2 resources: prod-tables-discharges/),
      }),
    ]);
    // Check Plan read the vault and the tags itself, under its packaged role.
    const reads = r.account.calls.filter((c) => c.action === 'ListProtectedResourcesByBackupVault' || c.action === 'GetResources');
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(reads.every((c) => c.ok)).toBe(true);
    expect(r.account.leftovers()).toEqual([]);

    // Coverage (issue 14): the vault protects three tables and the drill proved two; the third was never drilled.
    const line = '2/3 protected resources proven in the last 30 days; not drilled: scratch-copies; 1 unproven for more than 30 days';
    expect(r.report?.coverage).toMatchObject({ line, protectedCount: 3, provenCount: 2, overLimitCount: 1, vaults: [SOURCE_VAULT] });
    expect(r.report?.coverage?.drilled.proven).toEqual([table('discharges'), table('referrals')]);
    const keys = evidenceKeys(r.report!.plan.name, r.report!.startedAt, r.report!.drillId);
    const evidence = async (key: string) => String((await r.account.call(DR, 's3', 'GetObject', { Bucket: r.names.evidenceBucket, Key: key })).Body);
    expect(await evidence(keys.htmlKey)).toContain(line);
    expect(JSON.parse(await evidence(keys.evidenceKey)).report.coverage.line).toBe(line);
    const [message] = localNotifications(r.account);
    expect(message?.text).toContain(`Coverage: ${line}`);
    expect(JSON.stringify(message?.slack)).toContain(`*Coverage:* ${line}`);
    // The drill's line in the drills table carries what it proved, for the next drill and `dr-drill coverage`.
    const entries = await r.account.call(DR, 'dynamodb', 'Query', {
      TableName: r.names.drillsTable,
      KeyConditionExpression: 'planName = :plan',
      ExpressionAttributeValues: { ':plan': { S: 'selection-drill' } },
    });
    expect(JSON.stringify(entries.Items)).toContain(table('referrals'));
  });

  it('shows in a dry run what the selection resolves to, creating nothing', async () => {
    const result = await runLocalDrill({ plan: planSelecting('prod'), protectedResources: PROTECTED, dryRun: true });
    if (result.refused) throw new Error(`plan refused: ${JSON.stringify(result.problems)}`);

    expect(result.report?.selections?.[0]?.resources.map((r) => r.id)).toEqual(['prod-tables-discharges', 'prod-tables-referrals']);
    expect(result.account.restoreJobs()).toEqual([]);
  });

  it('finds, with no protected resources given, the resources the local run invented to match, and not the one invented not to', async () => {
    const result = await runLocalDrill({ plan: planSelecting('prod'), dryRun: true });
    if (result.refused) throw new Error(`plan refused: ${JSON.stringify(result.problems)}`);

    expect(result.selectionSeed?.resources.map((r) => [r.resourceArn, r.matches])).toEqual([
      [table('sim-prod-tables-1'), true],
      [table('sim-prod-tables-2'), true],
      [table('sim-prod-tables-other'), false],
    ]);
    expect(result.report?.selections?.[0]?.resources).toEqual([
      { id: 'prod-tables-sim-prod-tables-1', resourceArn: table('sim-prod-tables-1') },
      { id: 'prod-tables-sim-prod-tables-2', resourceArn: table('sim-prod-tables-2') },
    ]);
    expect(result.account.restoreJobs()).toEqual([]);
  });

  it('refuses the drill when the selection matches nothing, before anything is created', async () => {
    const result = await runLocalDrill({ plan: planSelecting('staging'), protectedResources: PROTECTED });
    if (result.refused) throw new Error(`plan refused offline: ${JSON.stringify(result.problems)}`);

    expect(result.execution.status).toBe('FAILED');
    expect(result.report).toBeNull();
    expect(result.children).toEqual([]);
    expect(result.account.calls.filter((c) => /^(Start|Create|Restore|Put.*Item|Tag)/.test(c.action) && c.action !== 'PutObject')).toEqual([]);
    const refusal = result.account.published().map((m) => JSON.stringify(m)).join('\n');
    expect(refusal).toMatch(/selection 'prod-tables' \(type dynamodb, tag env=staging, vault [^)]*\): 0 resources/);
  });

  it('refuses the drill when the selection names a resource its vault does not protect, naming both, before anything is created', async () => {
    const plan = { ...planSelecting('prod'), selections: [{ name: 'named', type: 'dynamodb', resourceArns: [table('referrals'), table('not-backed-up')] }] };
    const result = await runLocalDrill({ plan, protectedResources: PROTECTED });
    if (result.refused) throw new Error(`plan refused offline: ${JSON.stringify(result.problems)}`);

    expect(result.execution.status).toBe('FAILED');
    expect(result.execution.error?.Error).toBe('PlanInvalidError');
    expect(result.children).toEqual([]);
    expect(result.account.restoreJobs()).toEqual([]);
    const refusal = result.account.published().map((m) => JSON.stringify(m)).join('\n');
    expect(refusal).toContain(`selection 'named' names ${table('not-backed-up')}, which cannot be drilled: not protected in vault ${SOURCE_VAULT}`);
    expect(refusal).not.toContain(`names ${table('referrals')}`);
  });
});
