// Scenario: `dr-drill smoke` is killed (SIGKILL, a closed laptop) after its backup and before its cleanup: its
// throwaway table and that table's recovery point stay in the PRIMARY region, tagged dr-drill:smoke, where the stack
// (in the DR region) has nothing of its own. The packaged sweeper, under its packaged role (the IAM simulation),
// finds them there and deletes them once they are older than the max age; it finds the recovery point's vault among
// the stage's backupVaults (config), and says so when it cannot.
import { createLocalEnvironment, sweepLocal, type LocalEnvironment } from '../../local/run-drill';
import { smokeSettings } from '../../cli/smoke/settings';
import { runSmoke, smokeTableName, type SmokePorts } from '../../cli/smoke/smoke';
import type { LocalStack } from '../../local/stack/stack';
import { sweepReportLines } from '../../lib/sweep/report-text';
import { localStackFor } from '../../local/run-drill';
import { nhsRestorePlan } from './example-plans';

jest.setTimeout(60_000);

const SMOKE_ID = 'd5eedf00d';
const TABLE = smokeTableName(SMOKE_ID);
const PRIMARY = 'eu-west-1';

/** The stage's config/<stage>.yml backupVaults, as the packaged sweeper's SWEEPER_SMOKE_VAULTS would carry them. */
function withBackupVaults(stack: LocalStack, vaults: string[]): LocalStack {
  const sweeper = stack.functions.get('sweeper')!;
  const functions = new Map(stack.functions);
  functions.set('sweeper', { ...sweeper, env: { ...sweeper.env, SWEEPER_SMOKE_VAULTS: vaults.join(',') } });
  return { ...stack, functions };
}

/** The sweeper's role without its SweepSmoke* statements: what the stack was before it looked in the primary region. */
function withoutSmokeStatements(stack: LocalStack): LocalStack {
  const roleId = stack.functions.get('sweeper')!.roleId;
  const role = stack.roles.get(roleId)!;
  const policies = role.policies.map((p) => ({ ...p, Statement: (p.Statement as { Sid?: string }[]).filter((st) => !st.Sid?.startsWith('SweepSmoke')) }));
  return { ...stack, roles: new Map(stack.roles).set(roleId, { ...role, policies } as typeof role) };
}

/** Smoke up to its backup, then killed: the drill never starts and no delete of its cleanup reaches AWS. */
async function killedSmoke(vaults?: string[], edit: (stack: LocalStack) => LocalStack = (s) => s): Promise<{ env: LocalEnvironment; recoveryPointArn: string }> {
  const plan = nhsRestorePlan();
  const stack = edit(vaults ? withBackupVaults(localStackFor(plan), vaults) : localStackFor(plan));
  const env = createLocalEnvironment(plan, { startAt: Date.now() - 75 * 60_000, stack });
  const checked = smokeSettings({ stage: 'local' }, plan, undefined);
  if (!checked.ok) throw new Error(checked.problems.join('; '));
  let killed = false;
  const ports: SmokePorts = {
    async call(region, service, action, input) {
      if (killed) throw new Error('the smoke process is gone');
      return env.account.call(region, service, action, input);
    },
    async drill() {
      killed = true;
      throw new Error('killed');
    },
    sleep: (ms) => env.clock.sleep(ms),
    now: () => new Date(env.clock.now()),
    out: () => undefined,
    signal: new AbortController().signal,
    by: 'test',
  };
  const result = await runSmoke(checked.settings, ports, SMOKE_ID);
  expect(result.made.recoveryPointArn).toBeDefined();
  return { env, recoveryPointArn: result.made.recoveryPointArn! };
}

const inPrimary = (env: LocalEnvironment, recoveryPointArn: string) =>
  env.account
    .resources()
    .filter((r) => r.region === PRIMARY && (r.arn.endsWith(`table/${TABLE}`) || r.arn === recoveryPointArn))
    .map((r) => r.kind)
    .sort();

describe('the sweeper and a killed dr-drill smoke', () => {
  it("deletes smoke's table and recovery point in the primary region, under its packaged role", async () => {
    const { env, recoveryPointArn } = await killedSmoke(['arn:aws:backup:eu-west-1:111122223333:backup-vault:nhs-patient-platform']);
    try {
      expect(inPrimary(env, recoveryPointArn)).toEqual(['dynamodb-table', 'recovery-point']);

      const young = await sweepLocal(env);
      expect(young.smokeRegion).toBe(PRIMARY);
      expect(young.removed).toEqual([]);
      expect(young.kept.map((k) => [k.kind, k.region, k.smoke])).toEqual(expect.arrayContaining([['dynamodb-table', PRIMARY, 'local'], ['recovery-point', PRIMARY, 'local']]));

      // As the README says to after a killed smoke: `dr-drill sweep --drill <smoke id> --max-age-hours …`.
      const report = await sweepLocal(env, { drillId: SMOKE_ID, maxAgeHours: 0.01 });
      expect(report.failed).toEqual([]);
      expect(report.removed.map((r) => [r.kind, r.region, r.drillId]).sort()).toEqual([
        ['dynamodb-table', PRIMARY, SMOKE_ID],
        ['recovery-point', PRIMARY, SMOKE_ID],
      ]);
      expect(sweepReportLines(report)[0]).toMatch(/^Sweep of eu-west-2 \(and eu-west-1 for dr-drill smoke's leftovers\) at /);
      expect(sweepReportLines(report)).toContain(`  - dynamodb-table ${TABLE} (dr-drill smoke ${SMOKE_ID}, target smoke, in ${PRIMARY}): ${report.removed.find((r) => r.kind === 'dynamodb-table')?.reason}`);
      await env.clock.sleep(10 * 60_000);
      expect(inPrimary(env, recoveryPointArn)).toEqual([]);
      // Every call the sweeper made was decided by the IAM simulation against its packaged role, and allowed.
      const deletes = env.account.calls.filter((c) => c.region === PRIMARY && (c.action === 'DeleteTable' || c.action === 'DeleteRecoveryPoint'));
      expect(deletes.map((c) => [c.action, c.ok])).toEqual(expect.arrayContaining([['DeleteTable', true], ['DeleteRecoveryPoint', true]]));
      expect([...env.account.iamEvaluations].filter((e) => /sweeper/i.test(e) && /DeleteRecoveryPoint|DeleteTable/.test(e))).not.toEqual([]);
    } finally {
      env.clock.dispose();
      await env.account.databases.close();
    }
  });

  it('is refused by IAM in the primary region without the SweepSmoke statements (the IAM simulation decides, not the code)', async () => {
    const { env } = await killedSmoke(['arn:aws:backup:eu-west-1:111122223333:backup-vault:nhs-patient-platform'], withoutSmokeStatements);
    try {
      const report = await sweepLocal(env, { maxAgeHours: 0.01 });

      expect(report.removed).toEqual([]);
      expect(report.failed.map((f) => f.kind).sort()).toEqual(['dynamodb-table', 'recovery-point']);
      expect(report.failed.every((f) => /AccessDenied/.test(f.error))).toBe(true);
    } finally {
      env.clock.dispose();
      await env.account.databases.close();
    }
  });

  it('keeps the recovery point, and says why, when no vault of the primary region is named in backupVaults', async () => {
    const { env, recoveryPointArn } = await killedSmoke();
    try {
      const report = await sweepLocal(env, { maxAgeHours: 0.01 });

      expect(report.removed.map((r) => r.kind)).toEqual(['dynamodb-table']);
      const kept = report.kept.find((k) => k.arn === recoveryPointArn);
      expect(kept?.reason).toMatch(/^made by dr-drill smoke, but not found in any vault the sweeper knows \(config backupVaults names none in eu-west-1\)/);
    } finally {
      env.clock.dispose();
      await env.account.databases.close();
    }
  });
});
