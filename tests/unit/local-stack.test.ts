// The local run's stack is read from the packaged CloudFormation, not restated: these pin what it reads.
import { matchesPattern } from '../../local/runner/event-pattern';
import { statusChangeEvent } from '../../local/runner/status-change-event';
import type { ExecutionRecord } from '../../local/runner/engine';
import { loadPackagedTemplate, templateFor } from '../../local/stack/packaged';
import { checkRuleTargets, readStack, type LocalStack } from '../../local/stack/stack';

let stack: LocalStack;
beforeAll(() => {
  stack = readStack(loadPackagedTemplate(), '111122223333', 'eu-west-2');
}, 180_000);

const execution = (machine: string, status: ExecutionRecord['status']): ExecutionRecord =>
  ({
    arn: `arn:aws:states:eu-west-2:111122223333:execution:dr-drill-dev-${machine}:run-1`,
    name: 'run-1',
    status,
    input: {},
    output: null,
    error: null,
    startedAt: '2026-06-07T02:00:00.000Z',
    stoppedAt: '2026-06-07T02:30:00.000Z',
  }) as unknown as ExecutionRecord;

describe('the local stack, read from the packaged template', () => {
  it('gives each function its packaged handler, role and environment, resolved for the account and region', () => {
    const notify = stack.functions.get('notify');
    expect(notify).toMatchObject({ module: 'functions/notify/handler', exportName: 'handler', roleId: 'NotifyIamRoleLambdaExecution' });
    expect(notify?.env.DRILL_TOPIC_ARN).toBe('arn:aws:sns:eu-west-2:111122223333:dr-drill-dev-drills');
    expect(notify?.env.EVIDENCE_BUCKET).toBe('dr-drill-dev-evidence-111122223333-eu-west-2');
    expect(stack.functions.get('preflight')?.env.ALLOWED_REGIONS).toBe('eu-west-1,eu-west-2');
    // Every function's Handler names a module of the project.
    for (const fn of stack.functions.values()) expect(fn.module).toMatch(/^functions\/[a-z-]+\/handler$/);
  });

  it('gives each state machine the definition CloudFormation hands Step Functions, with its ARNs resolved', () => {
    const drill = stack.stateMachines.get('drill');
    expect(drill?.roleId).toBe('DrillStateMachineRole');
    const text = JSON.stringify(drill?.definition);
    expect(text).toContain('arn:aws:lambda:eu-west-2:111122223333:function:dr-drill-dev-preflight');
    expect(text).toContain(stack.stateMachines.get('restoreTarget')!.arn);
    expect(text).not.toMatch(/\$\{[A-Za-z]/);
  });

  it('knows which status changes the sweeper rule delivers: drill and restore-target executions that did not succeed', () => {
    const deliveredTo = (machine: string, status: ExecutionRecord['status']) =>
      stack.rules.filter((r) => matchesPattern(r.pattern, statusChangeEvent(execution(machine, status), '111122223333', 'eu-west-2'))).flatMap((r) => r.targets);
    const sweeper = stack.functions.get('sweeper')!.arn;
    expect(deliveredTo('drill', 'FAILED')).toEqual([sweeper]);
    expect(deliveredTo('restore-target', 'ABORTED')).toEqual([sweeper]);
    expect(deliveredTo('restore-target', 'TIMED_OUT')).toEqual([sweeper]);
    expect(deliveredTo('drill', 'SUCCEEDED')).toEqual([]);
    expect(deliveredTo('failover-target', 'FAILED')).toEqual([]);
  });

  it('lets EventBridge invoke each rule\'s targets, and refuses a stack whose function does not', () => {
    expect(() => checkRuleTargets(stack)).not.toThrow();
    const sweeper = stack.functions.get('sweeper')!.arn;
    const withoutSweeperPermission = { ...stack, invokePermissions: stack.invokePermissions.filter((p) => !(p.functionArn === sweeper && p.sourceArn?.includes(':rule/'))) };
    expect(() => checkRuleTargets(withoutSweeperPermission)).toThrow(/targets .*dr-drill-dev-sweeper, whose resource policy does not let EventBridge invoke it/);
  });

  it('places the deployed stack for a plan of other regions: its roles reach only that plan\'s regions', () => {
    const placed = readStack(templateFor({ name: 'au-imaging' }, { region: 'ap-southeast-4', allowedRegions: ['ap-southeast-2', 'ap-southeast-4'] }), '444455556666', 'ap-southeast-4');
    expect(placed.functions.get('preflight')?.env.ALLOWED_REGIONS).toBe('ap-southeast-2,ap-southeast-4');
    expect(placed.functions.get('drillWatchdog')?.env.PLAN_NAME).toBe('au-imaging');
    const deny = placed.roles.get('CopyJobIamRoleLambdaExecution')!.policies.flatMap((p) => p.Statement).find((s) => s.Effect === 'Deny');
    expect(deny?.Condition).toEqual({ StringNotEquals: { 'aws:RequestedRegion': ['ap-southeast-2', 'ap-southeast-4'] } });
  });
});

describe('EventBridge event patterns', () => {
  it('matches a value against a list, nested fields, and exists', () => {
    const pattern = { source: ['aws.backup'], detail: { status: ['COMPLETED'], restoreTestingPlanArn: [{ exists: true }] } };
    expect(matchesPattern(pattern, { source: 'aws.backup', detail: { status: 'COMPLETED', restoreTestingPlanArn: 'arn:x' } })).toBe(true);
    expect(matchesPattern(pattern, { source: 'aws.backup', detail: { status: 'COMPLETED' } })).toBe(false);
    expect(matchesPattern(pattern, { source: 'aws.backup', detail: { status: 'FAILED', restoreTestingPlanArn: 'arn:x' } })).toBe(false);
    expect(matchesPattern(pattern, { source: 'aws.states', detail: { status: 'COMPLETED', restoreTestingPlanArn: 'arn:x' } })).toBe(false);
    expect(matchesPattern({ detail: { x: [{ exists: false }] } }, { detail: {} })).toBe(true);
  });
});
