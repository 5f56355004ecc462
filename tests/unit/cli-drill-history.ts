// Execution histories of a drill in AWS, as GetExecutionHistory returns them: the drill's own execution and its child
// executions (restore-target, failover-target), events with ids, previousEventId chains and JSON strings, and a fake
// Step Functions that reveals them a few events at a time, newest first or oldest first, in pages, as AWS does.
import { ExecutionDoesNotExist, GetExecutionHistoryCommand, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { drillIdFor } from '../../lib/drill/names';

export const ACCOUNT = '111122223333';
export const DRILL_SM = `arn:aws:states:eu-west-2:${ACCOUNT}:stateMachine:dr-drill-prod-drill`;
export const DRILL_ARN = `arn:aws:states:eu-west-2:${ACCOUNT}:execution:dr-drill-prod-drill:cli-20250304T030000-priya`;
export const DRILL_ID = drillIdFor(DRILL_ARN);
export const restoreChildArn = (target: string) => `arn:aws:states:eu-west-2:${ACCOUNT}:execution:dr-drill-prod-restore-target:${DRILL_ID}-${target}`;
export const failoverChildArn = (target: string) => `arn:aws:states:eu-west-2:${ACCOUNT}:execution:dr-drill-prod-failover-target:${DRILL_ID}-failover-${target}`;

const noTrunc = { truncated: false };

/** Builds a history in time order: each event gets the next id and, unless told, points at the one before. */
export class History {
  readonly events: HistoryEvent[] = [];
  private clock: number;

  constructor(startIso = '2025-03-04T03:00:00.000Z') {
    this.clock = Date.parse(startIso) - 10_000;
  }

  private get lastId(): number {
    return this.events.length;
  }

  add(event: Omit<HistoryEvent, 'id' | 'timestamp' | 'previousEventId'>, previousEventId = this.lastId): number {
    const id = this.events.length + 1;
    this.clock += 10_000;
    this.events.push({ id, previousEventId, timestamp: new Date(this.clock), ...event });
    return id;
  }

  /** The next event happens at `iso` (a child ran meanwhile). */
  at(iso: string): this {
    this.clock = Date.parse(iso) - 10_000;
    return this;
  }

  started(input: unknown): this {
    this.add({ type: 'ExecutionStarted', executionStartedEventDetails: { input: JSON.stringify(input), inputDetails: noTrunc } }, 0);
    return this;
  }

  private enter(name: string, type = 'TaskStateEntered'): number {
    return this.add({ type: type as HistoryEvent['type'], stateEnteredEventDetails: { name, input: '{}', inputDetails: noTrunc } });
  }

  private attempt(): void {
    const details = { resourceType: 'lambda', resource: 'invoke' };
    this.add({ type: 'TaskScheduled', taskScheduledEventDetails: { ...details, region: 'eu-west-2', parameters: '{}' } });
    this.add({ type: 'TaskStarted', taskStartedEventDetails: details });
  }

  private fail(error: string, cause: string): void {
    this.add({ type: 'TaskFailed', taskFailedEventDetails: { resourceType: 'lambda', resource: 'invoke', error, cause } });
  }

  private exit(name: string, output: unknown = {}, type = 'TaskStateExited'): void {
    this.add({ type: type as HistoryEvent['type'], stateExitedEventDetails: { name, output: JSON.stringify(output), outputDetails: noTrunc } });
  }

  /** A task state that ran once and succeeded with `output` (the state's output, after ResultPath). */
  task(name: string, output: unknown = {}): this {
    this.enter(name);
    this.attempt();
    this.add({ type: 'TaskSucceeded', taskSucceededEventDetails: { resourceType: 'lambda', resource: 'invoke', output: '{}', outputDetails: noTrunc } });
    this.exit(name, output);
    return this;
  }

  /** A task whose first attempt failed with a retried error; the second attempt succeeded. */
  retriedTask(name: string, error: string, output: unknown = {}): this {
    this.enter(name);
    this.attempt();
    this.fail(error, 'Rate exceeded');
    this.attempt();
    this.add({ type: 'TaskSucceeded', taskSucceededEventDetails: { resourceType: 'lambda', resource: 'invoke', output: '{}', outputDetails: noTrunc } });
    this.exit(name, output);
    return this;
  }

  /** A task whose attempt failed and whose Catch routed on (the state exits with the error at its ResultPath). */
  caughtTask(name: string, error: string, cause: string): this {
    this.enter(name);
    this.attempt();
    this.fail(error, cause);
    this.exit(name, { error: { Error: error, Cause: cause } });
    return this;
  }

  /** Started and failed: whether it will be retried is not known yet. */
  failingTask(name: string, error: string, cause: string): this {
    this.enter(name);
    this.attempt();
    this.fail(error, cause);
    return this;
  }

  wait(name: string): this {
    this.enter(name, 'WaitStateEntered');
    this.exit(name, {}, 'WaitStateExited');
    return this;
  }

  /** Bookkeeping states are not progress. */
  choice(name: string): this {
    this.enter(name, 'ChoiceStateEntered');
    this.exit(name, {}, 'ChoiceStateExited');
    return this;
  }

  /** A task state starting a child execution (startExecution.sync:2), up to the child running. Returns its scheduled id. */
  childStarted(stateName: string, childArn: string): number {
    this.enter(stateName);
    const details = { resourceType: 'states', resource: 'startExecution.sync:2' };
    const scheduled = this.add({ type: 'TaskScheduled', taskScheduledEventDetails: { ...details, region: 'eu-west-2', parameters: '{}' } });
    this.add({ type: 'TaskStarted', taskStartedEventDetails: details });
    this.add({ type: 'TaskSubmitted', taskSubmittedEventDetails: { ...details, output: JSON.stringify({ ExecutionArn: childArn, StartDate: 1741057200000 }), outputDetails: noTrunc } });
    return scheduled + 2;
  }

  /** The child started at `submittedId` ended; the parent's task succeeds and its state exits. */
  childEnded(stateName: string, childArn: string, submittedId: number): this {
    const details = { resourceType: 'states', resource: 'startExecution.sync:2' };
    const succeeded = this.add(
      { type: 'TaskSucceeded', taskSucceededEventDetails: { ...details, output: JSON.stringify({ ExecutionArn: childArn, Status: 'SUCCEEDED' }), outputDetails: noTrunc } },
      submittedId,
    );
    this.add({ type: 'TaskStateExited', stateExitedEventDetails: { name: stateName, output: '{}', outputDetails: noTrunc } }, succeeded);
    return this;
  }

  succeeded(output: unknown): this {
    this.add({ type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: JSON.stringify(output), outputDetails: noTrunc } });
    return this;
  }

  failed(error: string, cause: string): this {
    this.add({ type: 'ExecutionFailed', executionFailedEventDetails: { error, cause } });
    return this;
  }

  aborted(): this {
    this.add({ type: 'ExecutionAborted', executionAbortedEventDetails: {} });
    return this;
  }
}

/**
 * A fake GetExecutionHistory over full histories of which only the first `visible` events have happened yet.
 * Pages of `pageSize`, newest first when asked; the token is an offset, as good as AWS's opaque one for a test.
 */
export class FakeHistories {
  readonly visible = new Map<string, number>();
  constructor(
    readonly full: Record<string, HistoryEvent[]>,
    private readonly pageSize = 4,
  ) {
    for (const [arn, events] of Object.entries(full)) this.visible.set(arn, events.length);
  }

  /** Shows each execution's first n events (an execution not named shows none). */
  upTo(counts: Record<string, number>): this {
    for (const arn of Object.keys(this.full)) this.visible.set(arn, counts[arn] ?? 0);
    return this;
  }

  serve(sfn: AwsClientStub<SFNClient>): void {
    sfn.on(GetExecutionHistoryCommand).callsFake((input: { executionArn: string; reverseOrder?: boolean; nextToken?: string; maxResults?: number }) => {
      const events = this.full[input.executionArn];
      if (!events) throw new ExecutionDoesNotExist({ message: `Execution Does Not Exist: '${input.executionArn}'`, $metadata: {} });
      const shown = events.slice(0, this.visible.get(input.executionArn) ?? 0);
      const ordered = input.reverseOrder ? [...shown].reverse() : shown;
      const size = Math.min(this.pageSize, input.maxResults ?? 1000);
      const start = Number(input.nextToken ?? 0);
      const end = start + size;
      return { events: ordered.slice(start, end), nextToken: end < ordered.length ? String(end) : undefined };
    });
  }
}

/** A Lambda's error as Step Functions records it in a cause: JSON with the type, the message and a stack trace. */
export const lambdaCause = (errorType: string, errorMessage: string) =>
  JSON.stringify({ errorType, errorMessage, trace: [`${errorType}: ${errorMessage}`, '    at preflight (/var/task/index.js:1:2345)'] });

/** How the drill state machine refuses: Check Plan's error is caught, the refusal is notified, then the execution fails. */
export function refusedDrill(error: string, message: string): History {
  const cause = lambdaCause(error, message);
  return new History().started({}).caughtTask('Check Plan', error, cause).task('Notify Refusal').failed(error, cause);
}

