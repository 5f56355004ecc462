// dr-drill status: follows a drill in AWS from the execution history of the drill and of its child executions,
// reading only new events each poll, and ends with the verdict; exit 0 only when the drill passed.
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetExecutionHistoryCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { bufferOutput, main } from '../../cli/index';
import { fakeWorld, stack, type FakeWorld } from './cli-aws-fixtures';
import { statusCommand, type StatusOptions } from '../../cli/commands/status';
import { DRILL_ARN, DRILL_ID, DRILL_SM, FakeHistories, failoverChildArn, History, refusedDrill, restoreChildArn } from './cli-drill-history';

const sfn = mockClient(SFNClient);
const cfn = mockClient(CloudFormationClient);

const PATIENTS = restoreChildArn('patients-db');
const GLOBAL = failoverChildArn('patients-global');
const HEADLINE = 'PASSED nhs-patient-platform: 1/1 targets recovered; worst RTO 37 min (objective 60 min), worst RPO 4 h 18 min (objective 24 h); failover 1/1 passed, worst downtime 75 s (objective 120 s)';

/** The drill: Check Plan, one restore target, one failover target, Build Report; each child started once. */
function drillHistories(end: (h: History) => History = (h) => h.succeeded({ verdict: 'PASSED', headline: HEADLINE, drillId: DRILL_ID })) {
  const parent = new History('2025-03-04T03:00:00.000Z').started({ trigger: { kind: 'cli', by: 'priya@oncall-7' } }).task('Check Plan');
  parent.add({ type: 'MapStateEntered', stateEnteredEventDetails: { name: 'Drill Targets', input: '{}' } });
  parent.add({ type: 'MapIterationStarted', mapIterationStartedEventDetails: { name: 'Drill Targets', index: 0 } });
  const restoreSubmitted = parent.childStarted('Drill One Target', PATIENTS);
  const restoreRunning = parent.events.length;

  const child = new History('2025-03-04T03:01:40.000Z')
    .started({ drill: { id: DRILL_ID }, targetId: 'patients-db', AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: DRILL_ARN })
    .task('Load Target')
    .retriedTask('Find Latest Recovery Point', 'TransientAwsError')
    .task('Start Restore Job')
    .wait('Wait For Restore')
    .task('Describe Restore Job', { restore: { job: { Status: 'RUNNING' } } });
  const childEarly = child.events.length;
  child
    .choice('Restore Done?')
    .wait('Wait For Restore')
    .task('Describe Restore Job', { restore: { job: { Status: 'COMPLETED' } } })
    .caughtTask('Validate Restored Resource', 'ValidationTimeoutError', 'the restored cluster did not answer\nwithin 30 min')
    .task('Check Cleanup', { cleanupCheck: { remaining: [] } })
    .task('Evaluate Target', { verdict: 'FAILED' })
    .succeeded({ verdict: 'FAILED' });

  parent.at('2025-03-04T03:10:00.000Z').childEnded('Drill One Target', PATIENTS, restoreSubmitted);
  parent.add({ type: 'MapStateExited', stateExitedEventDetails: { name: 'Drill Targets', output: '{}' } });
  parent.add({ type: 'MapStateEntered', stateEnteredEventDetails: { name: 'Failover Drill', input: '{}' } });
  const failoverSubmitted = parent.childStarted('Fail Over One Target', GLOBAL);
  const failover = new History('2025-03-04T03:10:50.000Z')
    .started({ item: { target: { id: 'patients-global' }, drill: { id: DRILL_ID } } })
    .task('Preflight', { preflight: { ok: true } })
    .task('Evaluate Failover', { evaluated: { result: { verdict: 'PASSED' } } })
    .succeeded({ verdict: 'PASSED' });
  parent.at('2025-03-04T03:13:00.000Z').childEnded('Fail Over One Target', GLOBAL, failoverSubmitted);
  parent.task('Build Report');
  end(parent.choice('Drill Passed?'));
  return { full: { [DRILL_ARN]: parent.events, [PATIENTS]: child.events, [GLOBAL]: failover.events }, restoreRunning, childEarly };
}

let world: FakeWorld;

async function status(drill: string, options: StatusOptions = {}) {
  const io = bufferOutput();
  const code = await statusCommand(drill, options, io, world.deps);
  return { code, ...io };
}

const historyReads = (arn: string) => sfn.commandCalls(GetExecutionHistoryCommand).filter((c) => c.args[0].input.executionArn === arn);

beforeEach(() => {
  sfn.reset();
  cfn.reset();
  world = fakeWorld();
});

describe('dr-drill status', () => {
  it('follows the drill and its children to the end, one line per target and step, then the headline', async () => {
    const { full, restoreRunning, childEarly } = drillHistories();
    const histories = new FakeHistories(full).upTo({ [DRILL_ARN]: restoreRunning, [PATIENTS]: childEarly });
    histories.serve(sfn);
    // Poll 2 finds nothing new; poll 3 finds the rest.
    world.onSleep = [() => undefined, () => histories.upTo({ [DRILL_ARN]: full[DRILL_ARN]!.length, [PATIENTS]: full[PATIENTS]!.length, [GLOBAL]: full[GLOBAL]!.length })];

    const { code, stdout, stderr } = await status(DRILL_ARN);

    expect(stderr).toEqual([]);
    expect(stdout).toEqual([
      '[+00:00:10] drill  Check Plan …',
      '[+00:00:50] drill  Check Plan ok',
      '[+00:01:50] patients-db  Load Target …',
      '[+00:02:30] patients-db  Load Target ok',
      '[+00:02:40] patients-db  Find Latest Recovery Point …',
      '[+00:03:10] patients-db  Find Latest Recovery Point retrying: TransientAwsError: Rate exceeded',
      '[+00:03:50] patients-db  Find Latest Recovery Point ok',
      '[+00:04:00] patients-db  Start Restore Job …',
      '[+00:04:40] patients-db  Start Restore Job ok',
      '[+00:04:50] patients-db  Wait For Restore …',
      '[+00:05:00] patients-db  Wait For Restore ok',
      '[+00:05:10] patients-db  Describe Restore Job …',
      '[+00:05:50] patients-db  Describe Restore Job ok (RUNNING)',
      // Poll 3: the rest, the restore target's, the failover target's and the drill's own, in time order.
      '[+00:06:20] patients-db  Wait For Restore …',
      '[+00:06:30] patients-db  Wait For Restore ok',
      '[+00:06:40] patients-db  Describe Restore Job …',
      '[+00:07:20] patients-db  Describe Restore Job ok (COMPLETED)',
      '[+00:07:30] patients-db  Validate Restored Resource …',
      '[+00:08:00] patients-db  Validate Restored Resource FAILED: ValidationTimeoutError: the restored cluster did not answer within 30 min',
      '[+00:08:20] patients-db  Check Cleanup …',
      '[+00:09:00] patients-db  Check Cleanup ok (all gone)',
      '[+00:09:10] patients-db  Evaluate Target …',
      '[+00:09:50] patients-db  Evaluate Target ok (FAILED)',
      '[+00:11:00] patients-global  Preflight …',
      '[+00:11:40] patients-global  Preflight ok (nothing stops the switch)',
      '[+00:11:50] patients-global  Evaluate Failover …',
      '[+00:12:30] patients-global  Evaluate Failover ok (PASSED)',
      '[+00:13:20] drill            Build Report …',
      '[+00:14:00] drill            Build Report ok',
      '',
      HEADLINE,
      `Full report: dr-drill report ${DRILL_ARN} --stage <stage>`,
    ]);
    expect(code).toBe(0);
    expect(world.sleeps).toEqual([2000, 3000]);
  });

  it('reads each history incrementally: every page once, then only the pages with new events; an ended child no more', async () => {
    const { full, restoreRunning, childEarly } = drillHistories();
    const parentLength = full[DRILL_ARN]!.length;
    const histories = new FakeHistories(full).upTo({ [DRILL_ARN]: restoreRunning, [PATIENTS]: childEarly });
    histories.serve(sfn);
    const readsAt: number[] = [];
    const mark = () => readsAt.push(historyReads(DRILL_ARN).length);
    world.onSleep = [
      // The restore child ends, the parent moves on to the failover child, which has not started yet.
      () => (mark(), histories.upTo({ [DRILL_ARN]: parentLength - 12, [PATIENTS]: full[PATIENTS]!.length })),
      () => (mark(), histories.upTo({ [DRILL_ARN]: parentLength, [PATIENTS]: full[PATIENTS]!.length, [GLOBAL]: full[GLOBAL]!.length })),
    ];

    const { code, stdout } = await status(DRILL_ARN);

    expect(code).toBe(0);
    // Pages of 4, newest first. Poll 1: all 12 events, 3 pages. Poll 2: 6 new events, 2 pages (the second ends at the
    // last event seen). Poll 3: 12 new events, 4 pages (the fourth starts with an event already seen).
    expect([restoreRunning, parentLength]).toEqual([12, 30]);
    expect(readsAt).toEqual([3, 5]);
    expect(historyReads(DRILL_ARN)).toHaveLength(9);
    for (const call of sfn.commandCalls(GetExecutionHistoryCommand)) expect(call.args[0].input).toMatchObject({ reverseOrder: true, includeExecutionData: true });
    // The restore child ended in poll 2: poll 3 does not read it again.
    const childPolls = historyReads(PATIENTS).filter((c) => c.args[0].input.nextToken === undefined);
    expect(childPolls).toHaveLength(2);
    // Nothing is printed twice.
    expect(stdout.filter((line) => line.endsWith('Check Plan ok'))).toHaveLength(1);
    expect(stdout.filter((line) => line.endsWith('Describe Restore Job ok (RUNNING)'))).toHaveLength(1);
  });

  it('says FAILED with the headline and exits 1 when the drill failed', async () => {
    const headline = 'FAILED nhs-patient-platform: 0/1 targets recovered; patients-db FAILED at validate';
    const { full } = drillHistories((h) => h.failed('DrillFailed', headline));
    new FakeHistories(full).serve(sfn);

    const { code, stdout } = await status(DRILL_ARN, { stage: 'prod' });

    expect(code).toBe(1);
    expect(stdout.slice(-3)).toEqual(['', headline, `Full report: dr-drill report ${DRILL_ARN} --stage prod`]);
    expect(world.sleeps).toEqual([]);
  });

  it('says so when the drill was refused because another drill is running', async () => {
    const running = DRILL_ARN.replace('cli-20250304T030000-priya', 'schedule-2025-03-04');
    const refused = refusedDrill('DrillAlreadyRunningError', `a drill of this deployment is already running: ${running} (started 2025-03-04T02:00:00.000Z). One drill at a time.`);
    new FakeHistories({ [DRILL_ARN]: refused.events }).serve(sfn);

    const { code, stdout } = await status(DRILL_ARN);

    expect(code).toBe(1);
    expect(stdout.slice(-4)).toEqual([
      '',
      `✗ refused: another drill of this stack is already running: ${running}`,
      '  this execution stopped at once and changed nothing',
      `  follow it: dr-drill status ${running}`,
    ]);
  });

  it('says why a plan was refused, in the words of the refusal, not its stack trace', async () => {
    const refused = refusedDrill('ResidencyViolationError', '1 problem(s) in the plan: targets[2].restore.region: us-east-1 is outside the residency policy "UK and Ireland"');
    new FakeHistories({ [DRILL_ARN]: refused.events }).serve(sfn);

    const { code, stdout } = await status(DRILL_ARN);

    expect(code).toBe(1);
    expect(stdout).toEqual([
      '[+00:00:10] drill  Check Plan …',
      '[+00:00:40] drill  Check Plan FAILED: ResidencyViolationError: 1 problem(s) in the plan: targets[2].restore.region: us-east-1 is outside the residency policy "UK and Ireland"',
      '[+00:01:00] drill  Notify Refusal …',
      '[+00:01:40] drill  Notify Refusal ok',
      '',
      '✗ refused before any AWS call: the plan breaks its residency policy (ResidencyViolationError): 1 problem(s) in the plan: targets[2].restore.region: us-east-1 is outside the residency policy "UK and Ireland"',
    ]);
  });

  it('says an aborted drill has no verdict and where to look for what it left', async () => {
    const aborted = new History().started({}).task('Check Plan').aborted();
    new FakeHistories({ [DRILL_ARN]: aborted.events }).serve(sfn);

    const { code, stdout } = await status(DRILL_ARN);

    expect(code).toBe(1);
    expect(stdout.slice(-2)).toEqual([
      `✗ ABORTED: drill ${DRILL_ID} was stopped before it finished; no verdict`,
      `  what it created is tagged dr-drill:drill-id=${DRILL_ID} and named drdrill-${DRILL_ID.slice(1)}-*: check that nothing is left in the DR region`,
    ]);
  });

  it('--once prints what happened so far, a failure not yet retried as FAILED, and what is still running; exit 1', async () => {
    const parent = new History().started({}).task('Check Plan');
    parent.childStarted('Drill One Target', PATIENTS);
    const child = new History('2025-03-04T03:01:00.000Z').started({ targetId: 'patients-db' }).task('Load Target').failingTask('Start Restore Job', 'TransientAwsError', 'Throttling');
    new FakeHistories({ [DRILL_ARN]: parent.events, [PATIENTS]: child.events }).serve(sfn);

    const { code, stdout } = await status(DRILL_ARN, { once: true });

    expect(code).toBe(1);
    expect(world.sleeps).toEqual([]);
    expect(stdout.slice(-4)).toEqual([
      '[+00:02:00] patients-db  Start Restore Job …',
      '[+00:02:30] patients-db  Start Restore Job FAILED: TransientAwsError: Throttling',
      `… drill ${DRILL_ID} is still running (started 2025-03-04T03:00:00.000Z); in progress: patients-db`,
      `  follow it: dr-drill status ${DRILL_ARN}`,
    ]);
  });

  it('says how to approve when the failover waits for a person', async () => {
    const parent = new History().started({}).task('Check Plan');
    parent.childStarted('Fail Over One Target', GLOBAL);
    const child = new History('2025-03-04T03:01:00.000Z').started({ item: { target: { id: 'patients-global' } } }).task('Preflight', { preflight: { ok: true } });
    child.add({ type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'Wait For Approval', input: '{}' } });
    new FakeHistories({ [DRILL_ARN]: parent.events, [GLOBAL]: child.events }).serve(sfn);

    const { stdout } = await status(DRILL_ARN, { once: true });

    expect(stdout.slice(-3)).toEqual([
      `[+00:02:00] patients-global  Wait For Approval … waiting for a person: dr-drill approve ${DRILL_ARN} (or --reject)`,
      `… drill ${DRILL_ID} is still running (started 2025-03-04T03:00:00.000Z); in progress: patients-global`,
      `  follow it: dr-drill status ${DRILL_ARN}`,
    ]);
  });

  it('names a child that ended without evaluating its target', async () => {
    const parent = new History().started({}).task('Check Plan');
    parent.childStarted('Drill One Target', PATIENTS);
    const child = new History('2025-03-04T03:01:00.000Z').started({ targetId: 'patients-db' }).task('Load Target').failed('States.Runtime', 'An error occurred while executing the state');
    new FakeHistories({ [DRILL_ARN]: parent.events, [PATIENTS]: child.events }).serve(sfn);

    const { stdout } = await status(DRILL_ARN, { once: true });

    expect(stdout).toContain('[+00:02:00] patients-db  Execution FAILED: States.Runtime: An error occurred while executing the state');
  });

  describe('a drill id', () => {
    beforeEach(() => {
      cfn.on(DescribeStacksCommand).resolves(stack());
      const other = (n: number) => ({ executionArn: `${DRILL_ARN}-${n}`, stateMachineArn: DRILL_SM, name: `x${n}`, status: 'SUCCEEDED' as const, startDate: new Date() });
      sfn
        .on(ListExecutionsCommand, { stateMachineArn: DRILL_SM, nextToken: undefined })
        .resolves({ executions: [other(1), other(2)], nextToken: 'page-2' })
        .on(ListExecutionsCommand, { stateMachineArn: DRILL_SM, nextToken: 'page-2' })
        .resolves({ executions: [other(3), { ...other(4), executionArn: DRILL_ARN }] });
    });

    it('is found among the executions of the stack\'s drill state machine', async () => {
      world.env.AWS_REGION = 'eu-west-2';
      new FakeHistories({ [DRILL_ARN]: new History().started({}).task('Check Plan').events }).serve(sfn);

      const { code, stdout } = await status(DRILL_ID, { stage: 'prod', once: true });

      expect(code).toBe(1);
      expect(cfn).toHaveReceivedCommandWith(DescribeStacksCommand, { StackName: 'dr-drill-prod' });
      expect(sfn).toHaveReceivedCommandTimes(ListExecutionsCommand, 2);
      expect(historyReads(DRILL_ARN)).toHaveLength(2);
      expect(stdout[0]).toBe('[+00:00:10] drill  Check Plan …');
    });

    it('not found is one line, exit 2', async () => {
      world.env.AWS_REGION = 'eu-west-2';

      const { code, stderr } = await status('d00000000', { stage: 'prod' });

      expect(code).toBe(2);
      expect(stderr).toEqual([`dr-drill status: no drill d00000000 among the newest 1000 executions of ${DRILL_SM}: give its execution ARN`]);
    });

    it('needs --stage, and says so before any AWS call', async () => {
      world.env.AWS_REGION = 'eu-west-2';

      const { code, stderr } = await status(DRILL_ID);

      expect(code).toBe(2);
      expect(stderr[0]).toMatch(/^dr-drill status: a drill id needs --stage to find its state machine/);
      expect(cfn.calls()).toHaveLength(0);
      expect(sfn.calls()).toHaveLength(0);
    });
  });

  it('names an execution that does not exist, in its region', async () => {
    new FakeHistories({}).serve(sfn);

    const { code, stderr } = await status(DRILL_ARN);

    expect(code).toBe(2);
    expect(stderr).toEqual([`dr-drill status: no execution ${DRILL_ARN} in eu-west-2`]);
  });

  it('refuses what is neither an execution ARN nor a drill id with exit 2 and no AWS call', async () => {
    const io = bufferOutput();

    const code = await main(['status', 'arn:aws:states:eu-west-2:111122223333:stateMachine:dr-drill-prod-drill'], io);

    expect(code).toBe(2);
    expect(io.stderr[0]).toMatch(/^dr-drill status: ".*" is neither a drill execution ARN .* nor a drill id/);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('is in the CLI, with its options in the help', async () => {
    const io = bufferOutput();

    const code = await main(['status', '--help'], io);

    expect(code).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/Usage: dr-drill status \[options\] <drill>[\s\S]*--stage <stage>[\s\S]*--region <region>[\s\S]*--once/);
  });
});
