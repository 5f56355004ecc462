// The local run is the stack that deploys: its functions and state machines act as their packaged roles, and the
// simulated account answers each call as IAM would. A permission missing from the template fails the drill here, as
// it would fail the first drill in a real account.
import { createLocalEnvironment, localStackFor, runLocalDrill } from '../../local/run-drill';
import { examplePlanInput, nhsCopyPlan as nhsRestorePlan, nhsCopyPlanInput as nhsRestorePlanInput, withRecoveryPoint } from './example-plans';
import { withStatement } from './scenario-helpers';

jest.setTimeout(120_000);

describe('IAM inside the local run', () => {
  it('drills the NHS example with every call authorized, and evaluates the roles it reaches', async () => {
    // source both: the DR vault's copy is restored and the drill's own copy is made too, so every role is reached.
    const r = await runLocalDrill({ plan: withRecoveryPoint(examplePlanInput('nhs-patient-platform.yml'), { source: 'both' }) });
    if (r.refused) throw new Error('refused');

    expect(r.report?.verdict).toBe('PASSED');
    expect(r.account.calls.filter((c) => c.error === 'AccessDeniedException' || c.error === 'AccessDenied')).toEqual([]);
    const evaluated = [...r.account.iamEvaluations];
    // Functions and state machines alike, each by its own role.
    for (const role of ['CopyJobIamRoleLambdaExecution', 'RestoreTargetStateMachineRole', 'DrillStateMachineRole', 'FailoverTargetStateMachineRole', 'NotifyIamRoleLambdaExecution']) {
      expect(evaluated.some((e) => e.startsWith(`${role}|`))).toBe(true);
    }
    // The Aurora copy is authorized against the RDS snapshot it is (finding 1), the instance against its parameter group (finding 2).
    expect(evaluated).toContain('CopyJobIamRoleLambdaExecution|backup:StartCopyJob|backup:recoveryPoint');
    expect(evaluated).toContain('RestoreTargetStateMachineRole|rds:CreateDBInstance|rds:pg');
    expect(evaluated).toContain('DrillStateMachineRole|states:StartExecution|states:statemachine');
  });

  it('fails the Aurora target at its copy when the copy function may copy only backup-form recovery points (finding 1, as before its fix)', async () => {
    const plan = nhsRestorePlan();
    const stack = withStatement(localStackFor(plan), 'CopyJobIamRoleLambdaExecution', 'backup:StartCopyJob', (s) => ({
      ...s,
      Resource: [s.Resource ?? []].flat().filter((r) => r.includes(':recovery-point:')),
    }));
    const env = createLocalEnvironment(plan, { stack });
    const execution = await env.engine.run(env.engine.machineArn('drill'), { plan: nhsRestorePlanInput() } as never);
    env.clock.dispose();

    const copies = env.account.calls.filter((c) => c.action === 'StartCopyJob');
    // Aurora's recovery point is an RDS cluster snapshot: denied. DynamoDB, S3 and EFS points are backup ARNs: allowed.
    const point = (c: (typeof copies)[number]) => String(c.input?.RecoveryPointArn).split(':').slice(0, 6).join(':');
    expect(copies.filter((c) => !c.ok).map((c) => [point(c), c.error])).toEqual([['arn:aws:rds:eu-west-1:111122223333:cluster-snapshot', 'AccessDeniedException']]);
    expect(copies.filter((c) => c.ok).map((c) => c.targetId).sort()).toEqual(['appointments', 'documents', 'shared-files']);
    expect(execution.status).toBe('FAILED');
    expect(JSON.stringify(execution.error)).toContain('is not authorized to perform: backup:StartCopyJob on resource: arn:aws:rds:eu-west-1:');
  });

  it('fails the Aurora instance when the restore role may create instances only on cluster and db resources (finding 2, as before its fix)', async () => {
    const plan = nhsRestorePlan();
    const stack = withStatement(localStackFor(plan), 'RestoreTargetStateMachineRole', 'rds:CreateDBInstance', (s) => ({
      ...s,
      Resource: [s.Resource ?? []].flat().filter((r) => /:(cluster|db):/.test(r)),
    }));
    const env = createLocalEnvironment(plan, { stack });
    await env.engine.run(env.engine.machineArn('drill'), { plan: nhsRestorePlanInput() } as never);
    env.clock.dispose();

    // RDS declares no AccessDenied: Step Functions reports it as Rds.RdsException, which the Retry for RDS's
    // undeclared throttling also catches, so the denial is asked again a few times before the Catch.
    const creates = env.account.calls.filter((c) => c.action === 'CreateDBInstance');
    expect(creates.length).toBeGreaterThan(0);
    expect(creates.filter((c) => c.ok || c.error !== 'AccessDenied')).toEqual([]);
    // The restored cluster is still deleted: the drill cleans up what it restored.
    expect(env.account.leftovers()).toEqual([]);
  });

  it('denies a state machine the child execution its role does not name, as Step Functions reports it', async () => {
    const plan = nhsRestorePlan();
    const stack = withStatement(localStackFor(plan), 'DrillStateMachineRole', 'states:StartExecution', () => null);
    const env = createLocalEnvironment(plan, { stack });
    const execution = await env.engine.run(env.engine.machineArn('drill'), { plan: nhsRestorePlanInput() } as never);
    env.clock.dispose();

    expect(env.engine.executions.filter((e) => e.stateMachine === 'restoreTarget')).toEqual([]);
    expect(execution.status).toBe('FAILED');
    expect(env.account.calls.some((c) => c.action === 'StartCopyJob')).toBe(false);
  });

  it('fails a function whose packaged environment lacks a variable at its cold start, as Lambda would', async () => {
    const plan = nhsRestorePlan();
    const stack = localStackFor(plan);
    const notify = stack.functions.get('notify')!;
    const { DRILL_TOPIC_ARN: _topic, ...env } = notify.env;
    const broken = { ...stack, functions: new Map([...stack.functions, ['notify', { ...notify, env }]]) };
    const local = createLocalEnvironment(plan, { stack: broken });
    const execution = await local.engine.run(local.engine.machineArn('drill'), { plan: nhsRestorePlanInput(), only: ['appointments'] } as never);
    local.clock.dispose();

    const notifyRuns = local.engine.historyOf(execution.arn).filter((e) => e.name === 'Notify');
    expect(notifyRuns.length).toBeGreaterThan(0);
    // The function never published; the state machine's own fallback did, as the drill's role.
    const published = local.account.calls.filter((c) => c.action === 'Publish');
    expect(published).toHaveLength(1);
    expect([...local.account.iamEvaluations]).toContain('DrillStateMachineRole|sns:Publish|sns:topic');
    expect([...local.account.iamEvaluations].some((e) => e.startsWith('NotifyIamRoleLambdaExecution|sns:'))).toBe(false);
  });

  it('refuses a call of any function outside the regions its role allows, with the explicit Deny', async () => {
    const plan = nhsRestorePlan();
    const env = createLocalEnvironment(plan);
    const call = env.account.call('us-east-1', 'backup', 'DescribeCopyJob', { CopyJobId: 'x' }, { caller: { roleId: 'CopyJobIamRoleLambdaExecution', name: 'copyJob' } });
    await expect(call).rejects.toMatchObject({ name: 'AccessDeniedException', message: expect.stringContaining('with an explicit deny') });
    env.clock.dispose();
  });

  it('keeps a call made without a caller (the test harness, an operator) outside IAM', async () => {
    const env = createLocalEnvironment(nhsRestorePlan());
    await expect(env.account.call('eu-west-2', 's3', 'PutObject', { Bucket: env.names.storeBucket, Key: 'plans/x.json', Body: '{}' })).resolves.toBeDefined();
    env.clock.dispose();
  });
});
