// The SFN client of a function, answered by the local engine from its own executions, as Step Functions would:
// ListExecutions (one drill at a time), DescribeExecution and GetExecutionHistory (the sweeper: is the drill still
// running, did it send its own notification).
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { EngineEvent } from './history';
import type { StateDefinition } from './definitions';
import { requestsFor, type AuthRequest } from '../iam/requests';

export interface LocalExecution {
  arn: string;
  name: string;
  stateMachine: string;
  status: string;
  startedAt: string;
  stoppedAt: string | null;
  realStartedAt: string;
  input: unknown;
  output: unknown;
  error: { Error: string; Cause: string } | null;
}

export interface ExecutionSource {
  readonly executions: readonly LocalExecution[];
  historyOf(executionArn: string): readonly LocalHistoryEvent[];
}

/** The part of an AWS execution history the sweeper reads: Task outcomes and state exits, by state name. */
export interface LocalHistoryEvent {
  type: string;
  name?: string;
}

/**
 * Turns the engine's event log into AWS's Task events: a Task that ends (or is caught) is TaskSucceeded (or
 * TaskFailed) followed by TaskStateExited; a retried attempt leaves only its failure.
 */
export class TaskHistoryRecorder {
  readonly events: LocalHistoryEvent[] = [];
  private readonly failing = new Set<string>();

  constructor(private readonly states: Map<string, StateDefinition>) {}

  add(event: EngineEvent): void {
    if (event.type.startsWith('Execution')) {
      this.events.push({ type: event.type });
      return;
    }
    const name = event.state?.name;
    if (!name || this.states.get(name)?.Type !== 'Task') return;
    if (event.type === 'StateEntered') this.events.push({ type: 'TaskStateEntered', name });
    else if (event.type === 'StateFailed') this.failing.add(name);
    else if (event.type === 'StateRetried') {
      this.events.push({ type: 'TaskFailed' });
      this.failing.delete(name);
    } else if (event.type === 'StateExited') {
      this.events.push({ type: this.failing.delete(name) ? 'TaskFailed' : 'TaskSucceeded' }, { type: 'TaskStateExited', name });
    }
  }
}

function sdkError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 }, $fault: 'client' });
}

/** Answers a function's SFN client from the engine's executions, once `authorize` let the function's role ask. */
export function answerFromExecutions(client: unknown, source: ExecutionSource, authorize: (requests: AuthRequest[]) => Promise<void>): void {
  const stack = (client as { middlewareStack: { add(m: unknown, o: object): void } }).middlewareStack;
  stack.add(
    (_next: unknown, context: { commandName?: string }) => async (args: { input: Record<string, unknown> }) => {
      const operation = String(context.commandName).replace(/Command$/, '');
      const requests = requestsFor('sfn', operation, args.input, { region: '', account: '', keyOf: () => undefined, clusterEngine: () => undefined });
      if (!requests) throw new Error(`dr-drill local: no IAM requests are known for sfn:${operation}`);
      await authorize(requests);
      const output = answer(context.commandName, args.input, source);
      return { output: { ...output, $metadata: {} }, response: {} };
    },
    { step: 'initialize', name: 'drDrillEngineSfn', priority: 'high', override: true },
  );
}

function answer(command: string | undefined, input: Record<string, unknown>, source: ExecutionSource): Record<string, unknown> {
  switch (command) {
    case 'ListExecutionsCommand': {
      const machine = String(input.stateMachineArn).replace(':stateMachine:', ':execution:');
      const status = input.statusFilter as string | undefined;
      const executions = source.executions
        .filter((e) => e.arn.startsWith(`${machine}:`) && (!status || e.status === status))
        .map((e) => ({ executionArn: e.arn, name: e.name, status: e.status, startDate: new Date(e.realStartedAt), stateMachineArn: input.stateMachineArn }));
      return { executions };
    }
    case 'DescribeExecutionCommand': {
      const e = executionOf(source, input.executionArn);
      return {
        executionArn: e.arn,
        stateMachineArn: e.arn.replace(':execution:', ':stateMachine:').replace(/:[^:]+$/, ''),
        name: e.name,
        status: e.status,
        // Simulated time, as the functions' clock (Deps.now) reads it.
        startDate: new Date(e.startedAt),
        ...(e.stoppedAt ? { stopDate: new Date(e.stoppedAt) } : {}),
        ...(e.error ? { error: e.error.Error, cause: e.error.Cause } : {}),
      };
    }
    case 'GetExecutionHistoryCommand': {
      const e = executionOf(source, input.executionArn);
      const all: HistoryEvent[] = source.historyOf(e.arn).map((h, i) => ({
        id: i + 1,
        timestamp: new Date(e.startedAt),
        type: h.type as HistoryEvent['type'],
        ...(h.name && h.type.endsWith('Exited') ? { stateExitedEventDetails: { name: h.name } } : {}),
        ...(h.name && h.type.endsWith('Entered') ? { stateEnteredEventDetails: { name: h.name } } : {}),
      }));
      const ordered = input.reverseOrder === true ? all.reverse() : all;
      const start = typeof input.nextToken === 'string' ? Number(input.nextToken) : 0;
      const size = typeof input.maxResults === 'number' && input.maxResults > 0 ? input.maxResults : 100;
      const events = ordered.slice(start, start + size);
      return { events, ...(start + size < ordered.length ? { nextToken: String(start + size) } : {}) };
    }
    default:
      throw new Error(`dr-drill local: the engine answers no ${command}`);
  }
}

function executionOf(source: ExecutionSource, arn: unknown): LocalExecution {
  const found = source.executions.find((e) => e.arn === arn);
  if (!found) throw sdkError('ExecutionDoesNotExist', `Execution Does Not Exist: '${String(arn)}'`);
  return found;
}
