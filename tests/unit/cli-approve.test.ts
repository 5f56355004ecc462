// dr-drill approve: finds the approval a failover drill waits for in the execution history (the drill's own
// execution or its failover target's) and answers it with SendTaskSuccess or SendTaskFailure.
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { bufferOutput, main } from '../../cli/index';
import { approveCommand, type ApproveDeps, type ApproveOptions } from '../../cli/commands/approve';
import {
  FAILOVER_CHILD_ARN,
  PARENT_ARN,
  RESTORE_CHILD_ARN,
  TASK_TOKEN,
  childWaiting,
  history,
  ITEM,
  parentInFailover,
} from './cli-approve-history';

const sfn = mockClient(SFNClient);
const NOW = '2025-03-04T03:41:07.000Z';
/** Small pages, so every search also proves it follows nextToken. */
const PAGE = 4;

/** Serves each execution's history as Step Functions does: newest first when asked, a page at a time. */
function serveHistories(histories: Record<string, HistoryEvent[]>): void {
  sfn.on(GetExecutionHistoryCommand).callsFake((input: { executionArn: string; reverseOrder?: boolean; nextToken?: string }) => {
    const events = histories[input.executionArn];
    if (!events) throw new ExecutionDoesNotExist({ message: `Execution Does Not Exist: '${input.executionArn}'`, $metadata: {} });
    const ordered = input.reverseOrder ? [...events].reverse() : events;
    const start = Number(input.nextToken ?? 0);
    const end = start + PAGE;
    return { events: ordered.slice(start, end), nextToken: end < ordered.length ? String(end) : undefined };
  });
}

const regions: string[] = [];
const deps: ApproveDeps = {
  sfn: (region) => {
    regions.push(region);
    return new SFNClient({ region });
  },
  now: () => new Date(NOW),
  who: () => 'priya@oncall-7',
};

async function approve(arn: string, options: ApproveOptions = {}) {
  const io = bufferOutput();
  const code = await approveCommand(arn, options, io, deps);
  return { code, ...io };
}

const historiesRead = () => sfn.commandCalls(GetExecutionHistoryCommand).map((c) => c.args[0].input.executionArn);

beforeEach(() => {
  sfn.reset();
  regions.length = 0;
  sfn.on(SendTaskSuccessCommand).resolves({});
  sfn.on(SendTaskFailureCommand).resolves({});
});

describe('dr-drill approve', () => {
  it("approves the failover target's execution, recording who and when, from the ARN's region", async () => {
    serveHistories({ [FAILOVER_CHILD_ARN]: childWaiting() });

    const { code, stdout, stderr } = await approve(FAILOVER_CHILD_ARN);

    expect(code).toBe(0);
    expect(stderr).toEqual([]);
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, {
      taskToken: TASK_TOKEN,
      output: JSON.stringify({ approvedBy: 'priya@oncall-7', approvedAt: NOW }),
    });
    expect(sfn).not.toHaveReceivedCommand(SendTaskFailureCommand);
    expect(sfn.commandCalls(GetExecutionHistoryCommand)[0]?.args[0].input).toMatchObject({ executionArn: FAILOVER_CHILD_ARN, reverseOrder: true });
    expect(regions).toEqual(['eu-west-2']);
    expect(stdout[0]).toBe(
      `✓ approved by priya@oncall-7 at ${NOW}: switchover of global cluster patients-global (eu-west-1 -> eu-west-2), ` +
        'failover target patients-global of drill dfb17381e (plan nhs-patient-platform)',
    );
    expect(stdout.join('\n')).not.toContain(TASK_TOKEN);
  });

  it("finds the waiting child from the drill's own execution, skipping children that have finished", async () => {
    serveHistories({ [PARENT_ARN]: parentInFailover(), [FAILOVER_CHILD_ARN]: childWaiting() });

    const { code, stdout } = await approve(PARENT_ARN);

    expect(code).toBe(0);
    expect(historiesRead().filter((arn, i, all) => all.indexOf(arn) === i)).toEqual([PARENT_ARN, FAILOVER_CHILD_ARN]);
    expect(historiesRead()).not.toContain(RESTORE_CHILD_ARN);
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, { taskToken: TASK_TOKEN });
    expect(stdout[1]).toContain(`execution ${FAILOVER_CHILD_ARN}`);
  });

  it('rejects with DrillRejected, the reason and who rejected it', async () => {
    serveHistories({ [FAILOVER_CHILD_ARN]: childWaiting() });

    const { code, stdout } = await approve(FAILOVER_CHILD_ARN, { reject: true, reason: 'change freeze for the GP system upgrade', by: 'sam@ops-2' });

    expect(code).toBe(0);
    expect(sfn).toHaveReceivedCommandWith(SendTaskFailureCommand, {
      taskToken: TASK_TOKEN,
      error: 'DrillRejected',
      cause: `change freeze for the GP system upgrade (rejected by sam@ops-2 at ${NOW})`,
    });
    expect(sfn).not.toHaveReceivedCommand(SendTaskSuccessCommand);
    expect(stdout[0]).toMatch(/^✓ rejected by sam@ops-2 at /);
  });

  it('refuses, without sending anything, when the approval was already given', async () => {
    serveHistories({ [FAILOVER_CHILD_ARN]: history().started(ITEM).lambdaState('Preflight').waitingForApproval().approved().lambdaState('Write Canary').events });

    const { code, stderr } = await approve(FAILOVER_CHILD_ARN);

    expect(code).toBe(1);
    expect(stderr).toEqual([
      `✗ nothing is waiting for approval under ${FAILOVER_CHILD_ARN}:`,
      `  ${FAILOVER_CHILD_ARN}: its approval was already given (at 2025-03-04T03:30:11.000Z)`,
    ]);
    expect(sfn).not.toHaveReceivedCommand(SendTaskSuccessCommand);
  });

  it('says the approval timed out when it did', async () => {
    serveHistories({ [FAILOVER_CHILD_ARN]: history().started(ITEM).lambdaState('Preflight').waitingForApproval().approvalTimedOut().lambdaState('Record Result').events });

    const { code, stderr } = await approve(FAILOVER_CHILD_ARN);

    expect(code).toBe(1);
    expect(stderr[1]).toBe(`  ${FAILOVER_CHILD_ARN}: its approval timed out at 2025-03-04T03:30:11.000Z`);
  });

  it('says so when the execution is running but has not reached its approval', async () => {
    serveHistories({ [FAILOVER_CHILD_ARN]: history().started(ITEM).lambdaState('Preflight').events });

    const { code, stderr } = await approve(FAILOVER_CHILD_ARN);

    expect(code).toBe(1);
    expect(stderr[1]).toBe(`  ${FAILOVER_CHILD_ARN}: it is running but no step of it is waiting for approval`);
  });

  it('says so when the execution has ended', async () => {
    serveHistories({ [PARENT_ARN]: history().started({}).lambdaState('Check Plan').succeeded().events });

    const { code, stderr } = await approve(PARENT_ARN);

    expect(code).toBe(1);
    expect(stderr[1]).toBe(`  ${PARENT_ARN}: it has ended (ExecutionSucceeded at 2025-03-04T03:30:07.000Z)`);
    // Newest first: the end is on the first page, so the rest of the history is never read.
    expect(historiesRead()).toEqual([PARENT_ARN]);
  });

  it('names an execution that does not exist', async () => {
    serveHistories({});

    const { code, stderr } = await approve(FAILOVER_CHILD_ARN);

    expect(code).toBe(1);
    expect(stderr).toEqual([`✗ no execution ${FAILOVER_CHILD_ARN} in eu-west-2`]);
  });

  it('reports an approval decided between the search and the answer', async () => {
    serveHistories({ [FAILOVER_CHILD_ARN]: childWaiting() });
    sfn.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} }));

    const { code, stderr } = await approve(FAILOVER_CHILD_ARN);

    expect(code).toBe(1);
    expect(stderr).toEqual([`✗ the approval in ${FAILOVER_CHILD_ARN} is no longer waiting (decided meanwhile or timed out): TaskTimedOut`]);
  });

  it('asks which one when two executions wait', async () => {
    const second = FAILOVER_CHILD_ARN.replace('patients-global', 'appointments-global');
    const parent = history().started({}).childExecution('Drill Failover Target', FAILOVER_CHILD_ARN, false).childExecution('Drill Failover Target', second, false).events;
    serveHistories({ [PARENT_ARN]: parent, [FAILOVER_CHILD_ARN]: childWaiting(), [second]: childWaiting() });

    const { code, stderr } = await approve(PARENT_ARN);

    expect(code).toBe(1);
    expect(stderr[0]).toBe('✗ 2 executions are waiting for approval; give the one to decide:');
    expect(sfn).not.toHaveReceivedCommand(SendTaskSuccessCommand);
  });

  it('uses --region over the one in the ARN', async () => {
    serveHistories({ [FAILOVER_CHILD_ARN]: childWaiting() });

    await approve(FAILOVER_CHILD_ARN, { region: 'eu-west-1' });

    expect(regions).toEqual(['eu-west-1']);
  });

  describe('refuses before any AWS call', () => {
    it.each([
      ['not an ARN', 'dfb17381e-patients-global', {}, 'not a Step Functions execution ARN: expected arn:aws:states:<region>:<account>:execution:<state machine>:<execution name>'],
      [
        'a state machine ARN',
        'arn:aws:states:eu-west-2:111122223333:stateMachine:dr-drill-prod-failover-target',
        {},
        'not a Step Functions execution ARN: that is a state machine ARN; give the execution waiting for approval',
      ],
      ['a bad --region', FAILOVER_CHILD_ARN, { region: 'London' }, '--region London is not an AWS region code such as eu-west-2'],
      ['--reason without --reject', FAILOVER_CHILD_ARN, { reason: 'looks fine' }, '--reason goes with --reject; an approval records who approved and when'],
      ['an empty --by', FAILOVER_CHILD_ARN, { by: '  ' }, '--by is empty: say who decides'],
    ])('%s', async (_what, arn, options: ApproveOptions, message) => {
      const { code, stderr } = await approve(arn, options);

      expect(code).toBe(2);
      expect(stderr).toEqual([`dr-drill approve: ${message}`]);
      expect(regions).toEqual([]);
      expect(sfn.calls()).toHaveLength(0);
    });
  });

  it('is in the CLI, with its options in the help', async () => {
    const io = bufferOutput();

    const code = await main(['approve', '--help'], io);

    expect(code).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/Usage: dr-drill approve \[options\] <executionArn>[\s\S]*--reject[\s\S]*--reason <text>[\s\S]*--by <name>[\s\S]*--region <region>/);
  });

  it('refuses a bad ARN through the CLI with exit 2 and no AWS call', async () => {
    const io = bufferOutput();

    const code = await main(['approve', 'not-an-arn', '--reject'], io);

    expect(code).toBe(2);
    expect(io.stderr[0]).toMatch(/^dr-drill approve: not a Step Functions execution ARN/);
    expect(sfn.calls()).toHaveLength(0);
  });
});
