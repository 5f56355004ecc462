// dr-drill sweep: invokes the stack's sweeper function and prints its report.
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { bufferOutput } from '../../cli/index';
import { sweepCommand, type SweepCliOptions } from '../../cli/commands/sweep';
import type { SweepReport } from '../../lib/sweep/contracts';
import { ALL_OUTPUTS, fakeWorld, noCredentials, stack, SWEEPER_FUNCTION, type FakeWorld } from './cli-aws-fixtures';

const lambda = mockClient(LambdaClient);
const cfn = mockClient(CloudFormationClient);
let world: FakeWorld;

const base = { drillId: 'd94def719', executionArn: 'arn:aws:states:eu-west-2:111122223333:execution:dr-drill-prod-drill:nightly' };
const REPORT: SweepReport = {
  sweptAt: '2025-03-06T05:00:00.000Z',
  region: 'eu-west-2',
  dryRun: false,
  maxAgeHours: 48,
  found: [],
  removed: [{ ...base, arn: 'arn:aws:rds:eu-west-2:111122223333:db:drdrill-94def719-patients-db-db', kind: 'db-instance', id: 'drdrill-94def719-patients-db-db', targetId: 'patients-db', reason: 'its drill ended (ABORTED) and left it behind' }],
  kept: [{ ...base, arn: 'arn:aws:backup:eu-west-2:111122223333:recovery-point:1', kind: 'recovery-point', id: 'arn:aws:backup:eu-west-2:111122223333:recovery-point:1', targetId: 'appointments', reason: 'kept on purpose: the drill ran with keepCopies: true' }],
  failed: [],
  unrecognised: [],
};
REPORT.found = [...REPORT.removed, ...REPORT.kept].map(({ reason: _reason, ...found }) => found);
const answer = (value: unknown, extra: object = {}) => ({ StatusCode: 200, Payload: new TextEncoder().encode(JSON.stringify(value)), ...extra }) as never;

async function sweep(options: Partial<SweepCliOptions> = {}) {
  const io = bufferOutput();
  const code = await sweepCommand({ stage: 'prod', ...options }, io, world.deps);
  return { code, ...io };
}

beforeEach(() => {
  lambda.reset();
  cfn.reset();
  world = fakeWorld();
  world.env.AWS_REGION = 'eu-west-2';
  cfn.on(DescribeStacksCommand).resolves(stack());
});

describe('dr-drill sweep', () => {
  it("invokes the stack's sweeper and prints what it removed and kept, and why", async () => {
    lambda.on(InvokeCommand).resolves(answer({ trigger: 'invoke', report: REPORT }));

    const { code, stdout } = await sweep();

    expect(code).toBe(0);
    const sent = lambda.commandCalls(InvokeCommand)[0]!.args[0].input;
    expect(sent.FunctionName).toBe(SWEEPER_FUNCTION);
    expect(JSON.parse(new TextDecoder().decode(sent.Payload as Uint8Array))).toEqual({ dryRun: false });
    expect(world.regions).toContain('lambda@eu-west-2');
    expect(stdout).toEqual([
      'Sweep of eu-west-2 at 2025-03-06T05:00:00.000Z: removed 1, could not remove 0, kept 1 (of 2 tagged); max age 48 h',
      'Removed:',
      '  - db-instance drdrill-94def719-patients-db-db (drill d94def719, target patients-db): its drill ended (ABORTED) and left it behind',
      'Kept:',
      '  - recovery-point arn:aws:backup:eu-west-2:111122223333:recovery-point:1 (drill d94def719, target appointments): kept on purpose: the drill ran with keepCopies: true',
    ]);
  });

  it('--dry-run --drill --max-age-hours go to the sweeper as its options', async () => {
    lambda.on(InvokeCommand).resolves(answer({ trigger: 'invoke', report: { ...REPORT, dryRun: true } }));

    const { stdout } = await sweep({ dryRun: true, drill: 'd94def719', maxAgeHours: '12' });

    const sent = lambda.commandCalls(InvokeCommand)[0]!.args[0].input;
    expect(JSON.parse(new TextDecoder().decode(sent.Payload as Uint8Array))).toEqual({ dryRun: true, drillId: 'd94def719', maxAgeHours: 12 });
    expect(stdout[0]).toMatch(/\(DRY RUN: nothing deleted\): would remove 1/);
    expect(stdout[1]).toBe('Would remove:');
  });

  it('--json prints the report as JSON, and exits 1 when something could not be removed', async () => {
    const failed = { ...REPORT, failed: [{ ...REPORT.removed[0]!, error: 'InvalidDBInstanceState: busy' }] };
    lambda.on(InvokeCommand).resolves(answer({ trigger: 'invoke', report: failed }));

    const { code, stdout } = await sweep({ json: true });

    expect(code).toBe(1);
    expect(JSON.parse(stdout.join('\n'))).toEqual(failed);
  });

  it('says what the sweeper threw', async () => {
    lambda.on(InvokeCommand).resolves(answer({ errorType: 'BadPayloadError', errorMessage: 'Sweep request: maxAgeHours: too big' }, { FunctionError: 'Unhandled' }));

    const { code, stderr } = await sweep();

    expect(code).toBe(3);
    expect(stderr).toEqual([`dr-drill sweep: the sweeper ${SWEEPER_FUNCTION} failed: BadPayloadError: Sweep request: maxAgeHours: too big`]);
  });

  it('asks for a redeploy when the stack has no sweeper', async () => {
    const { SweeperFunctionName: _gone, ...older } = ALL_OUTPUTS;
    cfn.on(DescribeStacksCommand).resolves(stack(older));

    const { code, stderr } = await sweep();

    expect(code).toBe(1);
    expect(stderr[0]).toMatch(/has no output SweeperFunctionName: deploy it from this version of dr-drill/);
    expect(lambda.calls()).toHaveLength(0);
  });

  it.each([
    [{ drill: 'patients' }, '--drill patients is not a drill id'],
    [{ maxAgeHours: '0' }, '--max-age-hours 0 is not a positive number of hours'],
    [{ maxAgeHours: 'ten' }, '--max-age-hours ten is not a positive number of hours'],
  ])('refuses %j before any AWS call', async (options, message) => {
    const { code, stderr } = await sweep(options);

    expect(code).toBe(2);
    expect(stderr[0]).toContain(message);
    expect(cfn.calls()).toHaveLength(0);
  });

  it('explains missing credentials in one line', async () => {
    cfn.on(DescribeStacksCommand).rejects(noCredentials());

    const { code, stderr } = await sweep();

    expect(code).toBe(2);
    expect(stderr[0]).toMatch(/^dr-drill sweep: no AWS credentials/);
  });
});
