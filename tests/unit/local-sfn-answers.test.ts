// What the local engine answers a function's Step Functions client: DescribeExecution and GetExecutionHistory as
// AWS shapes them, from the engine's own executions, so the sweeper reads a local drill as it reads one in AWS.
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { answerFromExecutions, TaskHistoryRecorder, type ExecutionSource, type LocalExecution } from '../../local/runner/sfn-answers';
import type { StateDefinition } from '../../local/runner/definitions';

const ARN = 'arn:aws:states:eu-west-2:111122223333:execution:dr-drill-local-drill:local-1';
const STATES = new Map<string, StateDefinition>([
  ['Notify', { Type: 'Task' }],
  ['Notify Directly', { Type: 'Task' }],
  ['Drill Passed?', { Type: 'Choice' }],
]);

function drill(events: { type: string; name?: string }[]): { client: SFNClient; recorder: TaskHistoryRecorder } {
  const recorder = new TaskHistoryRecorder(STATES);
  for (const e of events) recorder.add({ type: e.type, timestamp: 0, ...(e.name ? { state: { name: e.name, type: STATES.get(e.name)?.Type as string } } : {}) });
  const execution: LocalExecution = {
    arn: ARN, name: 'local-1', stateMachine: 'drill', status: 'FAILED', startedAt: '2025-03-04T02:00:00.000Z', stoppedAt: '2025-03-04T02:40:00.000Z',
    realStartedAt: '2025-03-04T01:59:59.000Z', input: {}, output: null, error: { Error: 'DrillNotificationFailed', Cause: 'x' },
  };
  const source: ExecutionSource = { executions: [execution], historyOf: (arn) => (arn === ARN ? recorder.events : []) };
  const client = new SFNClient({ region: 'eu-west-2' });
  answerFromExecutions(client, source, async () => undefined);
  return { client, recorder };
}

describe('local Step Functions answers', () => {
  it('records a caught Task as TaskFailed then its exit, a retried attempt as a failure, a success as TaskSucceeded', () => {
    const { recorder } = drill([
      { type: 'ExecutionStarted' },
      { type: 'StateEntered', name: 'Notify' },
      { type: 'StateFailed', name: 'Notify' },
      { type: 'StateRetried', name: 'Notify' },
      { type: 'StateFailed', name: 'Notify' },
      { type: 'StateCaught', name: 'Notify' },
      { type: 'StateExited', name: 'Notify' },
      { type: 'StateEntered', name: 'Drill Passed?' },
      { type: 'StateExited', name: 'Drill Passed?' },
      { type: 'StateEntered', name: 'Notify Directly' },
      { type: 'StateExited', name: 'Notify Directly' },
    ]);

    expect(recorder.events).toEqual([
      { type: 'ExecutionStarted' },
      { type: 'TaskStateEntered', name: 'Notify' },
      { type: 'TaskFailed' },
      { type: 'TaskFailed' },
      { type: 'TaskStateExited', name: 'Notify' },
      { type: 'TaskStateEntered', name: 'Notify Directly' },
      { type: 'TaskSucceeded' },
      { type: 'TaskStateExited', name: 'Notify Directly' },
    ]);
  });

  it('answers GetExecutionHistory newest first, a page at a time, and DescribeExecution in simulated time', async () => {
    const { client } = drill([
      { type: 'StateEntered', name: 'Notify' },
      { type: 'StateExited', name: 'Notify' },
    ]);

    const first = await client.send(new GetExecutionHistoryCommand({ executionArn: ARN, reverseOrder: true, maxResults: 2 }));
    const rest = await client.send(new GetExecutionHistoryCommand({ executionArn: ARN, reverseOrder: true, maxResults: 2, nextToken: first.nextToken }));
    const described = await client.send(new DescribeExecutionCommand({ executionArn: ARN }));

    expect(first.events?.map((e) => [e.type, e.stateExitedEventDetails?.name ?? e.stateEnteredEventDetails?.name])).toEqual([
      ['TaskStateExited', 'Notify'],
      ['TaskSucceeded', undefined],
    ]);
    expect(rest.events?.map((e) => e.type)).toEqual(['TaskStateEntered']);
    expect(rest.nextToken).toBeUndefined();
    expect(described).toMatchObject({ status: 'FAILED', error: 'DrillNotificationFailed', stateMachineArn: 'arn:aws:states:eu-west-2:111122223333:stateMachine:dr-drill-local-drill' });
    expect(described.startDate?.toISOString()).toBe('2025-03-04T02:00:00.000Z');
  });

  it('says ExecutionDoesNotExist for an execution it never ran', async () => {
    const { client } = drill([]);

    await expect(client.send(new DescribeExecutionCommand({ executionArn: `${ARN}-other` }))).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
  });
});
