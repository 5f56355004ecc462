// dr-drill start: finds the drill state machine in the stack's outputs, starts an execution named after the person,
// with the input the drill state machine accepts, and says what to run next; or says in one line why it could not.
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { bufferOutput, main } from '../../cli/index';
import { drillInputFor, executionNameFor, startCommand, type StartOptions } from '../../cli/commands/start';
import { drillInputSchema } from '../../lib/drill/input';
import { ALL_OUTPUTS, fakeWorld, noCredentials, noSuchStack, stack, type FakeWorld } from './cli-aws-fixtures';
import { DRILL_ARN, DRILL_ID, DRILL_SM, FakeHistories, History, refusedDrill } from './cli-drill-history';

const sfn = mockClient(SFNClient);
const cfn = mockClient(CloudFormationClient);
const BY = 'priya@oncall-7';
let world: FakeWorld;

async function start(options: Partial<StartOptions> = {}) {
  const io = bufferOutput();
  const code = await startCommand({ stage: 'prod', ...options }, io, world.deps);
  return { code, ...io };
}

const startInput = () => JSON.parse(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.input ?? 'null') as unknown;
/** The drill got past its first task: nothing refused it. */
const underWay = () => new History().started({}).task('Check Plan').events;

beforeEach(() => {
  sfn.reset();
  cfn.reset();
  world = fakeWorld();
  world.env.AWS_REGION = 'eu-west-2';
  cfn.on(DescribeStacksCommand).resolves(stack());
  sfn.on(StartExecutionCommand).resolves({ executionArn: DRILL_ARN, startDate: new Date('2025-03-04T03:00:00.000Z') });
});

describe('dr-drill start', () => {
  it("starts the stack's drill state machine, named after the person, and says what to run next", async () => {
    new FakeHistories({ [DRILL_ARN]: underWay() }, 100).serve(sfn);
    world.onSleep = [() => undefined];

    const { code, stdout, stderr } = await start();

    expect(stderr).toEqual([]);
    expect(code).toBe(0);
    expect(cfn).toHaveReceivedCommandWith(DescribeStacksCommand, { StackName: 'dr-drill-prod' });
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, { stateMachineArn: DRILL_SM, name: 'cli-20250304T030000-priya' });
    expect(startInput()).toEqual({ trigger: { kind: 'cli', by: BY } });
    expect(world.regions).toEqual(['cloudformation@eu-west-2', 'sfn@eu-west-2']);
    expect(stdout).toEqual([
      `✓ started drill ${DRILL_ID} of stack dr-drill-prod (eu-west-2)`,
      `  execution ${DRILL_ARN}`,
      'Next:',
      `  dr-drill status ${DRILL_ARN}    # follow it until it ends`,
      `  dr-drill approve ${DRILL_ARN}   # when the failover waits for approval`,
      `  dr-drill report ${DRILL_ARN} --stage prod   # the report, once it ends`,
    ]);
  });

  it('passes --only, --approve (as $USER@hostname) and the trigger; no approve step is suggested then', async () => {
    new FakeHistories({ [DRILL_ARN]: underWay() }, 100).serve(sfn);
    world.onSleep = [() => undefined];

    const { code, stdout } = await start({ only: ['patients-db', 'patients-global'], approve: true });

    expect(code).toBe(0);
    expect(startInput()).toEqual({ only: ['patients-db', 'patients-global'], approvedBy: BY, trigger: { kind: 'cli', by: BY } });
    expect(stdout[0]).toBe(`✓ started drill ${DRILL_ID} of stack dr-drill-prod (eu-west-2), targets patients-db, patients-global`);
    expect(stdout.join('\n')).not.toContain('dr-drill approve');
  });

  it('passes --dry-run and --skip-failover', async () => {
    new FakeHistories({ [DRILL_ARN]: underWay() }, 100).serve(sfn);
    world.onSleep = [() => undefined];

    const { stdout } = await start({ dryRun: true, skipFailover: true });

    expect(startInput()).toEqual({ dryRun: true, skipFailover: true, trigger: { kind: 'cli', by: BY } });
    expect(stdout[0]).toBe(`✓ started dry run ${DRILL_ID} of stack dr-drill-prod (eu-west-2)`);
  });

  it('uses the RestoreDrillStateMachineArn output of a stack deployed before the rename', async () => {
    const { DrillStateMachineArn: _renamed, ...older } = ALL_OUTPUTS;
    const legacy = DRILL_SM.replace('-drill', '-restore-drill');
    cfn.on(DescribeStacksCommand).resolves(stack({ ...older, RestoreDrillStateMachineArn: legacy }));
    new FakeHistories({ [DRILL_ARN]: underWay() }, 100).serve(sfn);
    world.onSleep = [() => undefined];

    const { code } = await start();

    expect(code).toBe(0);
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, { stateMachineArn: legacy });
  });

  it('says clearly that another drill is running when the state machine refuses at once', async () => {
    const running = DRILL_ARN.replace('cli-20250304T030000-priya', 'schedule-20250304T020000');
    const refused = refusedDrill('DrillAlreadyRunningError', `a drill of this deployment is already running: ${running} (started 2025-03-04T02:00:00.000Z). One drill at a time: wait for it to end, or stop it.`);
    // Check Plan (5 events after the start) failed and was caught; first look: the refusal is being notified, the
    // execution has not ended yet; second look: it has.
    const histories = new FakeHistories({ [DRILL_ARN]: refused.events }, 100).upTo({ [DRILL_ARN]: refused.events.length - 1 });
    histories.serve(sfn);
    world.onSleep = [() => undefined, () => histories.upTo({ [DRILL_ARN]: refused.events.length })];

    const { code, stdout } = await start();

    expect(code).toBe(1);
    expect(world.sleeps).toEqual([1000, 1000]);
    expect(stdout).toEqual([
      `✓ started drill ${DRILL_ID} of stack dr-drill-prod (eu-west-2)`,
      `  execution ${DRILL_ARN}`,
      `✗ refused: another drill of this stack is already running: ${running}`,
      '  this execution stopped at once and changed nothing',
      `  follow it: dr-drill status ${running}`,
    ]);
  });

  it('stops looking for a refusal after a few seconds and says what to run next', async () => {
    new FakeHistories({ [DRILL_ARN]: new History().started({}).events }).serve(sfn);
    world.onSleep = Array.from({ length: 8 }, () => () => undefined);

    const { code, stdout } = await start();

    expect(code).toBe(0);
    expect(world.sleeps).toHaveLength(8);
    expect(stdout[2]).toBe('Next:');
  });

  it('--wait follows the drill to its verdict', async () => {
    const headline = 'PASSED nhs-patient-platform: 4/4 targets recovered';
    new FakeHistories({ [DRILL_ARN]: new History().started({}).task('Check Plan').task('Build Report').succeeded({ verdict: 'PASSED', headline }).events }).serve(sfn);

    const { code, stdout } = await start({ wait: true });

    expect(code).toBe(0);
    expect(world.sleeps).toEqual([]);
    expect(stdout).toEqual([
      `✓ started drill ${DRILL_ID} of stack dr-drill-prod (eu-west-2)`,
      `  execution ${DRILL_ARN}`,
      '',
      '[+00:00:10] drill  Check Plan …',
      '[+00:00:50] drill  Check Plan ok',
      '[+00:01:00] drill  Build Report …',
      '[+00:01:40] drill  Build Report ok',
      '',
      headline,
      `Full report: dr-drill report ${DRILL_ARN} --stage prod`,
    ]);
  });

  it('says in one line that there are no AWS credentials, and starts nothing', async () => {
    cfn.on(DescribeStacksCommand).rejects(noCredentials());

    const { code, stdout, stderr } = await start();

    expect(code).toBe(2);
    expect(stdout).toEqual([]);
    expect(stderr).toEqual(['dr-drill start: no AWS credentials: set AWS_PROFILE (run `aws sso login` first if it uses SSO) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY']);
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
  });

  it('names the stack and region when the stage is wrong', async () => {
    cfn.on(DescribeStacksCommand).rejects(noSuchStack('dr-drill-qa'));

    const { code, stderr } = await start({ stage: 'qa', region: 'eu-west-1' });

    expect(code).toBe(2);
    expect(stderr).toEqual([
      'dr-drill start: no stack dr-drill-qa in eu-west-1: check --stage and --region (the plan\'s DR region), or deploy it with `npx serverless deploy --stage qa --region eu-west-1`',
    ]);
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
  });

  it('says which output is missing from a stack deployed from another version', async () => {
    cfn.on(DescribeStacksCommand).resolves(stack({ DrillStoreBucketName: 'b' }));

    const { code, stderr } = await start();

    expect(code).toBe(1);
    expect(stderr).toEqual([
      'dr-drill start: stack dr-drill-prod in eu-west-2 (UPDATE_COMPLETE) has no output DrillStateMachineArn or RestoreDrillStateMachineArn: deploy it from this version of dr-drill',
    ]);
  });

  it('takes the region from --region, then AWS_REGION, then AWS_DEFAULT_REGION', async () => {
    new FakeHistories({ [DRILL_ARN]: underWay() }, 100).serve(sfn);
    world.onSleep = [() => undefined, () => undefined];
    world.env = { AWS_DEFAULT_REGION: 'eu-west-1' };
    await start();
    world.env = { AWS_REGION: 'eu-west-2', AWS_DEFAULT_REGION: 'eu-west-1' };
    await start({ region: 'eu-central-1' });

    expect(world.regions.filter((r) => r.startsWith('cloudformation'))).toEqual(['cloudformation@eu-west-1', 'cloudformation@eu-central-1']);
  });

  describe('refuses before any AWS call', () => {
    it.each<[string, Partial<StartOptions>, Record<string, string>, string]>([
      ['no region at all', {}, {}, "no region: give --region (the plan's DR region, where the stack is deployed) or set AWS_REGION"],
      ['a bad --region', { region: 'London' }, { AWS_REGION: 'eu-west-2' }, '--region London is not an AWS region code such as eu-west-2'],
      ['a bad AWS_REGION', {}, { AWS_REGION: 'ireland' }, 'AWS_REGION ireland is not an AWS region code such as eu-west-2'],
      ['a bad stage', { stage: 'prod/eu' }, { AWS_REGION: 'eu-west-2' }, '--stage prod/eu is not a stage name (letters, digits and "-")'],
      ['a bad target id', { only: ['patients-db', 'Patients DB'] }, { AWS_REGION: 'eu-west-2' }, '--only Patients DB: not a target id (a-z, 0-9 and single "-", starting with a letter)'],
      ['--approve with --dry-run', { approve: true, dryRun: true }, { AWS_REGION: 'eu-west-2' }, '--approve approves a failover; with --dry-run none runs'],
    ])('%s', async (_what, options, env, message) => {
      world.env = env;

      const { code, stderr } = await start(options);

      expect(code).toBe(2);
      expect(stderr).toEqual([`dr-drill start: ${message}`]);
      expect(world.regions).toEqual([]);
      expect(cfn.calls()).toHaveLength(0);
      expect(sfn.calls()).toHaveLength(0);
    });
  });

  it("sends only what the drill state machine's input schema accepts", () => {
    for (const options of [{}, { only: ['patients-db'], approve: true }, { dryRun: true, skipFailover: true }, { approve: true }]) {
      expect(drillInputSchema.safeParse(drillInputFor(options, `${'x'.repeat(250)}@host`)).success).toBe(true);
    }
  });

  it('names executions within Step Functions rules: UTC stamp, the user made safe, at most 80 characters', () => {
    const at = new Date('2025-03-04T03:00:09.123Z');
    expect(executionNameFor(at, 'priya')).toBe('cli-20250304T030009-priya');
    expect(executionNameFor(at, 'CORP\\Jane Doe (admin)')).toBe('cli-20250304T030009-CORP-Jane-Doe-admin');
    expect(executionNameFor(at, '***')).toBe('cli-20250304T030009-unknown');
    expect(executionNameFor(at, 'a'.repeat(100))).toHaveLength(80);
    expect(executionNameFor(at, `${'a'.repeat(59)}-b`)).toBe(`cli-20250304T030009-${'a'.repeat(59)}`);
  });

  it('is in the CLI; --stage is required', async () => {
    const help = bufferOutput();
    expect(await main(['start', '--help'], help)).toBe(0);
    expect(help.stdout.join('\n')).toMatch(/Usage: dr-drill start \[options\][\s\S]*--stage <stage>[\s\S]*--only <target...>[\s\S]*--dry-run[\s\S]*--skip-failover[\s\S]*--approve[\s\S]*--wait/);

    const io = bufferOutput();
    expect(await main(['start'], io)).toBe(2);
    expect(io.stderr[0]).toBe("error: required option '--stage <stage>' not specified");
    expect(cfn.calls()).toHaveLength(0);
  });
});
