// Scenario tests of the monthly workflow: the REAL drill definition on the local simulation, started the ways
// people and the schedule start it. Asserts on what reached the account: the evidence objects and the drills table,
// the messages on the topic, the calls made (none that change anything in a dry run or a refused drill).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkPlan } from '../../lib/plan/load';
import type { Plan } from '../../lib/plan/schema';
import { evidenceKeys, evidenceRecordSchema } from '../../lib/evidence/contracts';
import { drillReportSchema } from '../../lib/report/schema';
import { drillIdFor } from '../../lib/drill/names';
import { reportKey } from '../../lib/drill/store';
import { createLocalEnvironment, PROJECT_ROOT, type LocalEnvironment } from '../../local/run-drill';
import { localNotifications } from '../../local/sim/notifications';
import type { ExecutionRecord } from '../../local/runner/engine';

jest.setTimeout(60_000);

const PLAN_FILE = join(PROJECT_ROOT, 'deployed', 'plan.yml');
const deployedText = () => readFileSync(PLAN_FILE, 'utf8');
const deployedPlan = (): Plan => {
  const checked = checkPlan(parse(deployedText()));
  if (!checked.ok) throw new Error('the deployed plan must be valid');
  return checked.plan;
};
const DR = 'eu-west-2';
/** Calls that change something in an account; a dry run or a refusal must make none of them. */
const MUTATING = /^(Start|Create|Delete|Put|Update|Switchover|Failover|Tag|Restore|Copy|Modify|Terminate|Run|Write)/;

function environment(): LocalEnvironment {
  return createLocalEnvironment(deployedPlan(), { deployedPlan: { source: 'deployed/plan.yml', text: deployedText() }, approval: 'approve' });
}

async function start(env: LocalEnvironment, input: Record<string, unknown>, name: string): Promise<ExecutionRecord> {
  return env.engine.run(env.engine.machineArn('drill'), input as never, name);
}

async function object(env: LocalEnvironment, bucket: string, key: string): Promise<string> {
  return String((await env.account.call(DR, 's3', 'GetObject', { Bucket: bucket, Key: key })).Body);
}

describe('the monthly drill workflow on the local simulation', () => {
  it('runs the deployed plan for a scheduled {}: evidence in the bucket, a line in the drills table, one message', async () => {
    const env = environment();
    const execution = await start(env, { trigger: { kind: 'schedule', by: null } }, 'scheduled-run');

    expect(execution.status).toBe('SUCCEEDED');
    const report = drillReportSchema.parse(JSON.parse(await object(env, env.names.storeBucket, reportKey(drillIdFor(execution.arn)))));
    expect(report.verdict).toBe('PASSED');
    expect(report.targets).toHaveLength(4);
    expect(report.failover?.map((f) => f.verdict)).toEqual(['PASSED']);

    const keys = evidenceKeys(report.plan.name, report.startedAt, report.drillId);
    const record = evidenceRecordSchema.parse(JSON.parse(await object(env, env.names.evidenceBucket, keys.evidenceKey)));
    expect(record).toMatchObject({ kind: 'drill', trigger: { kind: 'schedule', by: null }, plan: { hash: report.plan.hash } });
    expect(await object(env, env.names.evidenceBucket, keys.htmlKey)).toContain(report.drillId);
    const indexed = await env.account.call(DR, 'dynamodb', 'Query', {
      TableName: env.names.drillsTable,
      KeyConditionExpression: 'planName = :p',
      ExpressionAttributeValues: { ':p': { S: report.plan.name } },
    });
    expect(indexed.Items).toHaveLength(1);

    // A scheduled run of a plan that does not allow unattended failover waited for a person first.
    const approval = report.failover?.[0]?.approval;
    expect(approval?.outcome).toBe('approved');

    const messages = localNotifications(env.account);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ attributes: { verdict: 'PASSED', plan: 'nhs-patient-platform', kind: 'drill' } });
    expect(messages[0]!.subject).toMatch(/^PASSED nhs-patient-platform/);
    expect(messages[0]!.slack?.blocks.length).toBeGreaterThan(0);

    // The next morning the watchdog (a daily EventBridge schedule) reads the drills table as its own role.
    const before = env.account.calls.length;
    const watchdog = (await env.engine.invokeFunction('drillWatchdog', {})) as { planName: string; daysSinceLastDrill: number | null };
    expect(watchdog.planName).toBe('nhs-patient-platform');
    expect(watchdog.daysSinceLastDrill).toBeLessThan(1);
    expect(env.account.calls.slice(before).map((c) => [c.action, c.ok, c.input?.TableName])).toEqual([['Query', true, env.names.drillsTable]]);
    expect([...env.account.iamEvaluations]).toContain('DrillWatchdogIamRoleLambdaExecution|dynamodb:Query|dynamodb:table');
    env.clock.dispose();
    await env.account.databases.close();
  });

  it('refuses a second drill while one runs, naming the running one, and announces the refusal', async () => {
    const env = environment();
    const first = start(env, { only: ['appointments'] }, 'first');
    const second = await start(env, { only: ['documents'] }, 'second');
    await first;

    expect(second.status).toBe('FAILED');
    expect(second.error?.Error).toBe('DrillAlreadyRunningError');
    expect(second.error?.Cause).toContain(':first');
    const refusal = localNotifications(env.account).find((m) => m.attributes.verdict === 'REFUSED');
    expect(refusal?.subject).toBe('REFUSED dr-drill: DrillAlreadyRunningError');
    // Slack shows the refusal too, as written (it has no structured part).
    expect(refusal?.slack.blocks.map((b) => (b as { text: { text: string } }).text.text)).toEqual([
      ':x: REFUSED dr-drill: DrillAlreadyRunningError',
      expect.stringMatching(/^The drill did not start, and nothing was changed\. DrillAlreadyRunningError: .*a drill of this deployment is already running/),
    ]);
    // The refused drill started nothing: every restore job belongs to the first.
    const restores = env.account.calls.filter((c) => c.ok && c.action === 'StartRestoreJob');
    expect(restores).toHaveLength(1);
    env.clock.dispose();
    await env.account.databases.close();
  });

  it('refuses a misspelt option at once, in words, with no AWS call', async () => {
    const env = environment();
    const execution = await start(env, { dryrun: true }, 'typo');

    expect(execution.error?.Error).toBe('DrillInputError');
    // As in AWS, the Cause of a Lambda's error is the runtime's error document.
    expect(JSON.parse(execution.error?.Cause ?? '{}').errorMessage).toContain('unknown option(s) "dryrun"');
    expect(env.account.calls.filter((c) => c.service !== 'sns')).toEqual([]);
    env.clock.dispose();
  });

  it('dry-runs the whole plan with read-only calls and reports what a real run would do', async () => {
    const env = environment();
    const execution = await start(env, { dryRun: true }, 'dry');

    expect(execution.status).toBe('SUCCEEDED');
    const report = drillReportSchema.parse(JSON.parse(await object(env, env.names.storeBucket, reportKey(drillIdFor(execution.arn)))));
    expect(report.headline).toMatch(/^DRY RUN PASSED/);
    expect(report.dryRun?.targets.map((t) => [t.targetId, t.ok])).toEqual([
      ['patients-db', true],
      ['appointments', true],
      ['documents', true],
      ['shared-files', true],
      ['patients-global', true],
    ]);
    expect(report.dryRun?.targets.every((t) => t.wouldDo.length > 0)).toBe(true);
    const changes = env.account.calls.filter((c) => MUTATING.test(c.action) && !['PutObject', 'PutItem', 'Publish'].includes(c.action));
    expect(changes).toEqual([]);
    // Its only writes are the drill's own records: the store, the evidence, the table.
    const writes = env.account.calls.filter((c) => ['PutObject', 'PutItem'].includes(c.action)).map((c) => String(c.input?.Bucket ?? c.input?.TableName));
    expect(new Set(writes)).toEqual(new Set([env.names.storeBucket, env.names.evidenceBucket, env.names.drillsTable]));
    env.clock.dispose();
  });

  it('runs the restore drill only when asked to skip the failover', async () => {
    const env = environment();
    const execution = await start(env, { skipFailover: true, only: ['documents', 'patients-global'] }, 'restore-only');

    expect(execution.status).toBe('SUCCEEDED');
    expect(env.engine.executions.filter((e) => e.stateMachine === 'failoverTarget')).toEqual([]);
    expect(env.account.calls.filter((c) => c.action === 'SwitchoverGlobalCluster')).toEqual([]);
    env.clock.dispose();
  });
});
