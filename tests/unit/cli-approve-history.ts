// Execution histories as GetExecutionHistory returns them (event types, ids, previousEventId chains, JSON strings in
// parameters/output) for a drill whose failover target waits for approval. Shapes follow the SDK's HistoryEvent and
// histories recorded from AWS: TaskScheduled -> TaskStarted -> TaskSubmitted -> TaskSucceeded|TaskFailed|TaskTimedOut,
// each pointing at the one before it.
import type { HistoryEvent } from '@aws-sdk/client-sfn';

export const ACCOUNT = '111122223333';
export const PARENT_ARN = `arn:aws:states:eu-west-2:${ACCOUNT}:execution:dr-drill-prod-drill:dfb17381e`;
export const RESTORE_CHILD_ARN = `arn:aws:states:eu-west-2:${ACCOUNT}:execution:dr-drill-prod-restore-target:dfb17381e-patients-db`;
export const FAILOVER_CHILD_ARN = `arn:aws:states:eu-west-2:${ACCOUNT}:execution:dr-drill-prod-failover-target:dfb17381e-patients-global`;
export const TASK_TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAbqVg7nO2vR0nDq1pJqf5wZ3kT0vXzEXAMPLEtokenNotReal==';
const APPROVAL_FUNCTION = `arn:aws:lambda:eu-west-2:${ACCOUNT}:function:dr-drill-prod-requestApproval`;

/** The FailoverItem the approval task's Payload carries (only the fields the CLI shows matter here). */
export const ITEM = {
  drill: { id: 'dfb17381e', planName: 'nhs-patient-platform', executionArn: PARENT_ARN },
  target: { id: 'patients-global', globalClusterIdentifier: 'patients-global', mode: 'switchover' },
  primaryRegion: 'eu-west-1',
  drRegion: 'eu-west-2',
};

const HTTP_METADATA = {
  SdkHttpMetadata: { HttpHeaders: { 'Content-Type': 'application/x-amz-json-1.1' }, HttpStatusCode: 200 },
  SdkResponseMetadata: { RequestId: '1f0e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b' },
};

/** Builds a history in time order: each event gets the next id and, unless told, points at the one before. */
class History {
  readonly events: HistoryEvent[] = [];
  private clock = Date.parse('2025-03-04T03:30:00.000Z');

  add(event: Omit<HistoryEvent, 'id' | 'timestamp' | 'previousEventId'>, previousEventId = this.events.length): number {
    const id = this.events.length + 1;
    this.clock += 1000;
    this.events.push({ id, previousEventId, timestamp: new Date(this.clock), ...event });
    return id;
  }

  started(input: unknown): this {
    this.add({ type: 'ExecutionStarted', executionStartedEventDetails: { input: JSON.stringify(input), inputDetails: { truncated: false }, roleArn: `arn:aws:iam::${ACCOUNT}:role/dr-drill-prod-sfn` } }, 0);
    return this;
  }

  /** A Lambda task state that ran and succeeded. */
  lambdaState(name: string): this {
    this.add({ type: 'TaskStateEntered', stateEnteredEventDetails: { name, input: '{}', inputDetails: { truncated: false } } });
    const details = { resourceType: 'lambda', resource: 'invoke' };
    this.add({ type: 'TaskScheduled', taskScheduledEventDetails: { ...details, region: 'eu-west-2', parameters: JSON.stringify({ FunctionName: `arn:aws:lambda:eu-west-2:${ACCOUNT}:function:dr-drill-prod-${name.replace(/ /g, '')}`, Payload: {} }) } });
    this.add({ type: 'TaskStarted', taskStartedEventDetails: details });
    this.add({ type: 'TaskSucceeded', taskSucceededEventDetails: { ...details, output: JSON.stringify({ Payload: {}, StatusCode: 200 }), outputDetails: { truncated: false } } });
    this.add({ type: 'TaskStateExited', stateExitedEventDetails: { name, output: '{}', outputDetails: { truncated: false } } });
    return this;
  }

  /** The approval state up to the Lambda having been invoked: now it waits for SendTaskSuccess/Failure. */
  waitingForApproval(payload: Record<string, unknown> = { item: ITEM, taskToken: TASK_TOKEN, executionArn: FAILOVER_CHILD_ARN }): this {
    this.add({ type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'Wait For Approval', input: '{}', inputDetails: { truncated: false } } });
    const details = { resourceType: 'lambda', resource: 'invoke.waitForTaskToken' };
    this.add({
      type: 'TaskScheduled',
      taskScheduledEventDetails: { ...details, region: 'eu-west-2', parameters: JSON.stringify({ FunctionName: APPROVAL_FUNCTION, Payload: payload }), timeoutInSeconds: 3600 },
    });
    this.add({ type: 'TaskStarted', taskStartedEventDetails: details });
    this.add({
      type: 'TaskSubmitted',
      taskSubmittedEventDetails: { ...details, output: JSON.stringify({ ExecutedVersion: '$LATEST', Payload: null, StatusCode: 200, ...HTTP_METADATA }), outputDetails: { truncated: false } },
    });
    return this;
  }

  approved(): this {
    const details = { resourceType: 'lambda', resource: 'invoke.waitForTaskToken' };
    this.add({ type: 'TaskSucceeded', taskSucceededEventDetails: { ...details, output: JSON.stringify({ approvedBy: 'sam@ops-2', approvedAt: '2025-03-04T03:40:00.000Z' }), outputDetails: { truncated: false } } });
    this.add({ type: 'TaskStateExited', stateExitedEventDetails: { name: 'Wait For Approval', output: '{}', outputDetails: { truncated: false } } });
    return this;
  }

  approvalTimedOut(): this {
    this.add({ type: 'TaskTimedOut', taskTimedOutEventDetails: { resourceType: 'lambda', resource: 'invoke.waitForTaskToken', error: 'States.Timeout' } });
    this.add({ type: 'TaskStateExited', stateExitedEventDetails: { name: 'Wait For Approval', output: '{}', outputDetails: { truncated: false } } });
    return this;
  }

  /** A task state that starts a child execution and waits for it (states:startExecution.sync:2). */
  childExecution(stateName: string, childArn: string, finished: boolean): this {
    this.add({ type: 'TaskStateEntered', stateEnteredEventDetails: { name: stateName, input: '{}', inputDetails: { truncated: false } } });
    const details = { resourceType: 'states', resource: 'startExecution.sync:2' };
    const name = childArn.split(':').pop() ?? '';
    const stateMachineArn = childArn.replace(':execution:', ':stateMachine:').replace(`:${name}`, '');
    this.add({ type: 'TaskScheduled', taskScheduledEventDetails: { ...details, region: 'eu-west-2', parameters: JSON.stringify({ StateMachineArn: stateMachineArn, Name: name, Input: {} }) } });
    this.add({ type: 'TaskStarted', taskStartedEventDetails: details });
    this.add({
      type: 'TaskSubmitted',
      taskSubmittedEventDetails: { ...details, output: JSON.stringify({ ExecutionArn: childArn, StartDate: 1741059000000, ...HTTP_METADATA }), outputDetails: { truncated: false } },
    });
    if (finished) {
      this.add({
        type: 'TaskSucceeded',
        taskSucceededEventDetails: { ...details, output: JSON.stringify({ ExecutionArn: childArn, Status: 'SUCCEEDED', Output: { verdict: 'PASSED' }, StateMachineArn: stateMachineArn }), outputDetails: { truncated: false } },
      });
      this.add({ type: 'TaskStateExited', stateExitedEventDetails: { name: stateName, output: '{}', outputDetails: { truncated: false } } });
    }
    return this;
  }

  succeeded(): this {
    this.add({ type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: '{}', outputDetails: { truncated: false } } });
    return this;
  }
}

export const history = () => new History();

/** The drill's own execution: restore target done, the failover target's child started and still running. */
export function parentInFailover(): HistoryEvent[] {
  const h = history().started({ plan: 'plans/nhs.yml' }).lambdaState('Check Plan');
  h.add({ type: 'MapStateEntered', stateEnteredEventDetails: { name: 'Drill Targets', input: '{}', inputDetails: { truncated: false } } });
  h.add({ type: 'MapStateStarted', mapStateStartedEventDetails: { length: 1 } });
  h.add({ type: 'MapIterationStarted', mapIterationStartedEventDetails: { name: 'Drill Targets', index: 0 } });
  h.childExecution('Drill Target', RESTORE_CHILD_ARN, true);
  h.add({ type: 'MapIterationSucceeded', mapIterationSucceededEventDetails: { name: 'Drill Targets', index: 0 } });
  h.add({ type: 'MapStateSucceeded' });
  h.add({ type: 'MapStateExited', stateExitedEventDetails: { name: 'Drill Targets', output: '{}', outputDetails: { truncated: false } } });
  h.add({ type: 'MapStateEntered', stateEnteredEventDetails: { name: 'Failover Targets', input: '{}', inputDetails: { truncated: false } } });
  h.add({ type: 'MapStateStarted', mapStateStartedEventDetails: { length: 1 } });
  h.add({ type: 'MapIterationStarted', mapIterationStartedEventDetails: { name: 'Failover Targets', index: 0 } });
  h.childExecution('Drill Failover Target', FAILOVER_CHILD_ARN, false);
  return h.events;
}

/** The failover target's execution, past its preflight and waiting for a person. */
export function childWaiting(): HistoryEvent[] {
  return history().started(ITEM).lambdaState('Preflight').waitingForApproval().events;
}
