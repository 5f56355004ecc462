// Runs the state machines of the packaged stack with aws-local-stepfunctions: each definition as CloudFormation
// hands it to Step Functions, each function as Lambda builds it (its handler, its environment, its role). Every Task
// is routed by its resource ARN: Lambda tasks run the function's real code (its SDK clients answered by the
// simulation, signed as the function's role), aws-sdk tasks go to the simulated account as the state machine's role
// after the same shape checks AWS makes, startExecution.sync:2 runs the child definition as its own execution, and
// Waits sleep on the virtual clock. Every call is authorized as AWS would once the account enforces IAM.
import './polyfill';
import './yaml-as-text';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { ClientDecorator } from '../../lib/aws/clients';
import type { Deps, LambdaRuntime } from '../../lib/lambda/deps';
import type { Context } from 'aws-lambda';
import { wrap, type FunctionDeployment } from '../../lib/lambda/wrap';
import { accessDenied, SimAwsError } from '../sim/errors';
import { sfnOptimizedErrorName } from '../sim/sfn-naming';
import type { Caller } from '../iam/authorizer';
import type { AuthRequest } from '../iam/requests';
import type { LocalStack, StackFunction } from '../stack/stack';
import { PROJECT_ROOT } from '../stack/packaged';
import { checkResolvedParameters, fromCanonicalOutput, toCanonicalInput, validateTaskResource } from '../sim/sdk-shapes';
import type { SimAccount } from '../sim/account';
import type { SimClock } from '../sim/clock';
import {
  allStates,
  ENTERED_TIME_MARK,
  ENTERED_TIME_RESOURCE,
  isVirtualWait,
  localDefinition,
  TASK_TOKEN_MARK,
  TOKEN_TIMEOUT_KEY,
  WAIT_FOR_TOKEN_LAMBDA,
  type Definition,
  type Json,
  type StateDefinition,
} from './definitions';
import { HistoryCounter, type EngineEvent } from './history';
import type { TaskFaults } from './task-faults';
import { simulatedClients } from './sdk-bridge';
import { validatedStateMachine } from './validated-machines';
import { answerFromExecutions, TaskHistoryRecorder, type LocalHistoryEvent } from './sfn-answers';

type Handler = (input: Json) => Promise<Json>;

export interface ExecutionRecord {
  arn: string;
  name: string;
  stateMachine: string;
  parentArn: string | null;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';
  input: Json;
  output: Json | null;
  error: { Error: string; Cause: string } | null;
  startedAt: string;
  stoppedAt: string | null;
  /** History events AWS would have recorded (see history.ts) and state transitions (what AWS bills). */
  historyEvents: number;
  transitions: number;
  /** Largest state input or output seen, in bytes: AWS caps a payload at 256 KiB. */
  largestPayloadBytes: number;
  /**
   * The real time the execution began: aws-local-stepfunctions stamps $$.Execution.StartTime with the real clock,
   * so ListExecutions reports this one to compare like with like.
   */
  realStartedAt: string;
}

/** What a run reports as it goes: every state entered, left, retried or failed, at simulated time. */
export interface EngineEventNotice {
  at: string;
  execution: ExecutionRecord;
  event: EngineEvent;
  /** Wait states are Tasks locally; this says which ones were Waits in the definition. */
  isWait: boolean;
  /** A Pass that reads $$.State.EnteredTime runs locally as a Task: bookkeeping, not work. */
  isLocalPass: boolean;
}

/** A task waiting for its token (an approval): who asked, and the payload its Lambda was given. */
export interface TaskTokenRequest {
  token: string;
  executionArn: string;
  stateName: string;
  payload: Json;
}

/** What a person (or a test) answers: SendTaskSuccess output, SendTaskFailure, or nothing (the task times out). */
export type TaskTokenAnswer = { output: Json } | { error: string; cause: string } | null;

export interface EngineOptions {
  /** The packaged stack: its functions, state machines and roles. */
  stack: LocalStack;
  account: SimAccount;
  clock: SimClock;
  onEvent?: (notice: EngineEventNotice) => void;
  /**
   * What stands in for what is not an AWS API in Lambda (the clock, the network to a database or a health URL) and
   * what a local run adds (the plan `{}` runs); everything else a function builds from its packaged environment.
   */
  localPorts?: Partial<Deps> & Record<string, unknown>;
  /** Answers waitForTaskToken tasks, in virtual time; without it nobody answers and such tasks time out. */
  answerTaskToken?: (request: TaskTokenRequest) => Promise<TaskTokenAnswer>;
  /** Faults injected at named Task states (task-faults.ts): the fault matrix fails each Task in turn. */
  taskFaults?: TaskFaults;
  /**
   * Called when an execution ends other than SUCCEEDED, as EventBridge would deliver its status change; the engine
   * keeps the returned work so `settled()` can wait for it.
   */
  onExecutionEnded?: (execution: ExecutionRecord) => Promise<unknown>;
}

interface CompiledMachine {
  key: string;
  arn: string;
  definition: Definition;
  states: Map<string, StateDefinition>;
  caller: Caller;
}

/**
 * What a .sync child execution asks IAM (Step Functions Developer Guide, "IAM policies for calling AWS Step
 * Functions", synchronous): start it, describe and stop it, and the managed rule that reports its end.
 */
function startSyncRequests(stateMachineArn: string, executionName: string): AuthRequest[] {
  const [, , , region, account] = stateMachineArn.split(':');
  const execution = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
  const rule = `arn:aws:events:${region}:${account}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule`;
  return [
    { action: 'states:StartExecution', resource: stateMachineArn },
    { action: 'states:DescribeExecution', resource: execution },
    { action: 'states:StopExecution', resource: execution },
    ...['events:PutTargets', 'events:PutRule', 'events:DescribeRule'].map((action) => ({ action, resource: rule })),
  ];
}

export class LocalEngine {
  readonly executions: ExecutionRecord[] = [];
  private readonly machines = new Map<string, CompiledMachine>();
  private readonly functionsByArn = new Map<string, string>();
  private readonly handlers = new Map<string, (event: unknown) => Promise<unknown>>();
  private readonly simulated: (caller: Caller) => ClientDecorator;
  /** Aborts of the executions still running (StopExecution), and those a stop was asked for. */
  private readonly aborts = new Map<string, () => void>();
  private readonly stopped = new Map<string, { Error: string; Cause: string }>();
  private readonly histories = new Map<string, TaskHistoryRecorder>();
  private readonly deliveries: Promise<unknown>[] = [];

  constructor(private readonly options: EngineOptions) {
    const { stack, account, clock } = options;
    const simulated = simulatedClients(account, clock);
    // Step Functions is this engine: a function's ListExecutions (one drill at a time), DescribeExecution and
    // GetExecutionHistory are answered from its own executions, after IAM allowed them.
    this.simulated = (caller) => (client, service, region, endpoint, credentials) =>
      service === 'sfn'
        ? answerFromExecutions(client, this, (requests) => this.authorize(caller, 'sfn', requests))
        : simulated(client, service, region, endpoint, credentials, caller);
    for (const fn of stack.functions.values()) this.functionsByArn.set(fn.arn, fn.key);
    for (const machine of stack.stateMachines.values()) {
      const definition = localDefinition(machine.definition as unknown as Definition);
      const states = new Map(allStates(definition).map((s) => [s.name, s.definition]));
      this.checkRoutes(machine.key, states);
      this.machines.set(machine.arn, { key: machine.key, arn: machine.arn, definition, states, caller: { roleId: machine.roleId, name: machine.key } });
    }
  }

  /** The first of `requests` the caller's role does not allow, as the named service's AccessDenied. */
  private async authorize(caller: Caller, service: string, requests: AuthRequest[]): Promise<void> {
    const denial = await this.options.account.authorizeRequests(this.options.stack.region, caller, requests);
    if (denial) throw accessDenied(service, denial);
  }

  /** The Task events AWS would have recorded for an execution (what GetExecutionHistory answers locally). */
  historyOf(executionArn: string): readonly LocalHistoryEvent[] {
    return this.histories.get(executionArn)?.events ?? [];
  }

  /**
   * StopExecution: the execution ends ABORTED at its next step, and so do the child executions it started with
   * .sync (Step Functions stops those too). What a Task was doing when it was stopped still happens.
   */
  stop(executionArn: string, error = 'States.Aborted', cause = 'stopped by dr-drill local'): void {
    for (const e of this.executions) {
      if (e.status !== 'RUNNING' || !this.descendsFrom(e, executionArn)) continue;
      this.stopped.set(e.arn, { Error: error, Cause: cause });
      this.aborts.get(e.arn)?.();
    }
  }

  /** Resolves when every status-change delivery (onExecutionEnded) so far has finished. */
  async settled(): Promise<void> {
    while (this.deliveries.length > 0) await Promise.allSettled(this.deliveries.splice(0));
  }

  /** Invokes a deployed function by its serverless.yml key, as EventBridge or a person would, through its middleware. */
  async invokeFunction(key: string, event: unknown): Promise<unknown> {
    return this.options.clock.track(this.lambda(this.functionOf(key).arn)(event));
  }

  private functionOf(key: string): StackFunction {
    const fn = this.options.stack.functions.get(key);
    if (!fn) throw new Error(`dr-drill local: the packaged stack has no function ${key}`);
    return fn;
  }

  private descendsFrom(execution: ExecutionRecord, ancestorArn: string): boolean {
    for (let e: ExecutionRecord | undefined = execution; e; e = this.executions.find((p) => p.arn === e!.parentArn)) {
      if (e.arn === ancestorArn) return true;
    }
    return false;
  }

  machineArn(key: string): string {
    const machine = this.options.stack.stateMachines.get(key);
    if (!machine) throw new Error(`dr-drill local: the packaged stack has no state machine ${key}`);
    return machine.arn;
  }

  /** Starts an execution and resolves when it ends (never rejects: a failed execution is a record with an error). */
  async run(stateMachineArnToRun: string, input: Json, name: string = randomUUID(), parentArn: string | null = null): Promise<ExecutionRecord> {
    const machine = this.machines.get(stateMachineArnToRun);
    if (!machine) throw new Error(`dr-drill local: no state machine ${stateMachineArnToRun}`);
    const { clock } = this.options;
    // Built (and validated the first time: seconds on a busy machine) before simulated time is set against the real
    // clock below.
    const engine = validatedStateMachine(machine.definition);
    // aws-local-stepfunctions stamps $$.Execution.StartTime with the real clock: simulated time must not be behind it
    // when an execution starts (a busy machine, or a slow cold start, can take more real time than the drill has
    // simulated so far), or the drill would see work end before it began.
    const behind = Date.now() + 1000 - clock.now();
    if (behind > 0) await clock.sleep(behind);
    const record: ExecutionRecord = {
      arn: machine.arn.replace(':stateMachine:', ':execution:') + `:${name}`,
      name,
      stateMachine: machine.key,
      parentArn,
      status: 'RUNNING',
      input,
      output: null,
      error: null,
      startedAt: clock.nowIso(),
      stoppedAt: null,
      historyEvents: 0,
      transitions: 0,
      largestPayloadBytes: byteSize(input),
      realStartedAt: new Date().toISOString(),
    };
    this.executions.push(record);

    const overrides = this.overridesFor(machine, record);
    const execution = engine.run(input as never, {
      overrides,
      context: {
        Execution: { Id: record.arn, Name: name, RoleArn: this.options.stack.roles.get(machine.caller.roleId)?.arn ?? machine.caller.roleId },
        StateMachine: { Id: machine.arn, Name: machine.key },
      },
    });
    this.aborts.set(record.arn, execution.abort);
    const history = new HistoryCounter(machine.states);
    const tasks = new TaskHistoryRecorder(machine.states);
    this.histories.set(record.arn, tasks);
    const watching = (async () => {
      for await (const event of execution.eventLogs as AsyncGenerator<EngineEvent>) {
        history.add(event);
        tasks.add(event);
        if (event.type === 'ExecutionFailed') record.error = { Error: String(event.Error), Cause: typeof event.Cause === 'string' ? event.Cause : JSON.stringify(event.Cause ?? '') };
        if (event.state) {
          record.largestPayloadBytes = Math.max(record.largestPayloadBytes, byteSize(event.state.output ?? null));
        }
        const state = event.state ? machine.states.get(event.state.name) : undefined;
        this.options.onEvent?.({
          at: clock.nowIso(),
          execution: record,
          event,
          isWait: state ? isVirtualWait(state) : false,
          isLocalPass: state?.Resource === ENTERED_TIME_RESOURCE,
        });
      }
    })();

    try {
      record.output = (await execution.result) as Json;
      record.status = 'SUCCEEDED';
    } catch (error) {
      const stop = this.stopped.get(record.arn);
      record.status = stop ? 'ABORTED' : (error as Error).name === 'ExecutionTimeoutError' ? 'TIMED_OUT' : 'FAILED';
      await watching.catch(() => undefined);
      record.error = stop ?? record.error ?? executionError(error);
    }
    this.aborts.delete(record.arn);
    await watching.catch(() => undefined);
    record.stoppedAt = clock.nowIso();
    record.historyEvents = history.events;
    record.transitions = history.transitions;
    if (record.status !== 'SUCCEEDED' && this.options.onExecutionEnded) this.deliveries.push(this.options.onExecutionEnded(record));
    return record;
  }

  private checkRoutes(key: string, states: Map<string, StateDefinition>): void {
    for (const [name, state] of states) {
      if (state.Type !== 'Task') continue;
      const resource = String(state.Resource);
      if (
        isVirtualWait(state) ||
        [ENTERED_TIME_RESOURCE, WAIT_FOR_TOKEN_LAMBDA, SNS_PUBLISH, 'arn:aws:states:::lambda:invoke', 'arn:aws:states:::states:startExecution.sync:2'].includes(resource)
      ) {
        continue;
      }
      // Throws AWS's own definition error for an unknown service, action or parameter.
      if (validateTaskResource(name, resource, state.Parameters)) continue;
      throw new Error(`dr-drill local: ${key} state "${name}" uses ${resource}, which the simulation does not route`);
    }
  }

  private overridesFor(machine: CompiledMachine, record: ExecutionRecord) {
    const taskResourceLocalHandlers: Record<string, Handler> = {};
    const retryIntervalOverrides: Record<string, number> = {};
    for (const [name, state] of machine.states) {
      if (state.Type !== 'Task') continue;
      const handler = this.withTaskFaults(machine.key, name, state, record, this.handlerFor(name, state, record, machine.caller));
      // Tracked work holds the clock, so a Wait (which sleeps on it) and a child execution (whose Waits do) must
      // not be tracked; everything else is, so simulated time stands still while real code runs.
      const holdsClock =
        !isVirtualWait(state) && state.Resource !== 'arn:aws:states:::states:startExecution.sync:2' && state.Resource !== WAIT_FOR_TOKEN_LAMBDA;
      taskResourceLocalHandlers[name] = holdsClock ? (input) => this.options.clock.track(handler(input)) : handler;
      // Retries happen at once in real time; their (seconds-long) back-off is not added to simulated time.
      if (state.Retry) retryIntervalOverrides[name] = 0;
    }
    return { taskResourceLocalHandlers, retryIntervalOverrides };
  }

  private withTaskFaults(machineKey: string, stateName: string, state: StateDefinition, record: ExecutionRecord, handler: Handler): Handler {
    const faults = this.options.taskFaults;
    if (!faults || isVirtualWait(state) || state.Resource === ENTERED_TIME_RESOURCE) return handler;
    return async (input) => {
      const error = faults.check(machineKey, stateName, state, record);
      if (error) throw error;
      return handler(input);
    };
  }

  private handlerFor(stateName: string, state: StateDefinition, record: ExecutionRecord, caller: Caller): Handler {
    const resource = String(state.Resource);
    if (isVirtualWait(state)) return (input) => this.virtualWait(input);
    if (resource === 'arn:aws:states:::lambda:invoke') return (input) => this.invokeLambda(input, caller);
    if (resource === ENTERED_TIME_RESOURCE) return async (input) => stamp(input, ENTERED_TIME_MARK, this.options.clock.nowIso());
    if (resource === WAIT_FOR_TOKEN_LAMBDA) return (input) => this.waitForTaskToken(stateName, input, record, caller);
    // The optimized SNS integration takes the API's own member names.
    if (resource === SNS_PUBLISH) return (input) => this.callSimulated('sns', 'Publish', input, caller, 'optimized');
    if (resource === 'arn:aws:states:::states:startExecution.sync:2') return (input) => this.startChild(input, record, caller);
    const task = validateTaskResource(stateName, resource, state.Parameters);
    if (!task) throw new Error(`dr-drill local: no route for ${resource}`);
    return async (input) => {
      checkResolvedParameters(stateName, task.service, task.action, input);
      const canonical = toCanonicalInput(task.service, task.action, input as never, 'sfn');
      const output = await this.callSimulated(task.service, task.operation, canonical as Json, caller);
      return fromCanonicalOutput(task.service, task.action, output as never, 'sfn') as Json;
    };
  }

  private async virtualWait(input: Json): Promise<Json> {
    const { Seconds, Timestamp } = (input ?? {}) as { Seconds?: number; Timestamp?: string };
    const ms = Timestamp !== undefined ? Date.parse(Timestamp) - this.options.clock.now() : (Seconds ?? 0) * 1000;
    await this.options.clock.sleep(Math.max(0, ms));
    return {};
  }

  /**
   * One call to the simulated account in the deployment region, as the state machine's role; its errors named as Step
   * Functions names them for the integration that made it (aws-sdk: Rds.RdsException; optimized sns:publish:
   * SNS.ThrottledException).
   */
  private async callSimulated(service: string, operation: string, input: Json, caller: Caller, integration: 'aws-sdk' | 'optimized' = 'aws-sdk'): Promise<Json> {
    try {
      return (await this.options.account.call(this.options.stack.region, service, operation, input as Record<string, unknown>, { caller })) as Json;
    } catch (error) {
      if (error instanceof SimAwsError) {
        const name = integration === 'optimized' ? (error.sfnOptimizedName ?? error.sfnName) : error.sfnName;
        throw namedError(name, `${error.message} (Service: ${service}, Status Code: ${error.httpStatus}, Request ID: sim-${randomUUID()})`);
      }
      throw error;
    }
  }

  /**
   * lambda:invoke.waitForTaskToken: the function runs with a token, then the task waits (on the virtual clock) for
   * the answer SendTaskSuccess or SendTaskFailure would give, or times out as States.Timeout.
   */
  private async waitForTaskToken(stateName: string, input: Json, record: ExecutionRecord, caller: Caller): Promise<Json> {
    const { [TOKEN_TIMEOUT_KEY]: timeoutSeconds, ...parameters } = input as Record<string, Json>;
    const token = `local-token-${randomUUID()}`;
    const withToken = stamp(parameters, TASK_TOKEN_MARK, token) as { Payload: Json };
    await this.options.clock.track(this.invokeLambda(withToken, caller));
    const request: TaskTokenRequest = { token, executionArn: record.arn, stateName, payload: withToken.Payload };
    const timeout = new AbortController();
    const answered = (this.options.answerTaskToken?.(request) ?? Promise.resolve(null)).then((answer) => answer ?? new Promise<never>(() => undefined));
    const timedOut = this.options.clock.sleep(Number(timeoutSeconds ?? 20 * 24 * 3600) * 1000, timeout.signal).then(() => 'timed-out' as const);
    const outcome = await Promise.race([answered, timedOut]);
    timeout.abort();
    if (outcome === 'timed-out') throw namedError('States.Timeout', 'Task timed out.');
    if ('error' in outcome) throw namedError(outcome.error, outcome.cause);
    return outcome.output;
  }

  /** As AWS's lambda:invoke integration: the function's return value under Payload; an error by its type. */
  private async invokeLambda(input: Json, caller: Caller): Promise<Json> {
    const { FunctionName, Payload } = input as { FunctionName: string; Payload: Json };
    await this.authorizeTask(caller, 'lambda', [{ action: 'lambda:InvokeFunction', resource: FunctionName }]);
    const handler = this.lambda(FunctionName);
    try {
      const result = await handler(Payload);
      return { ExecutedVersion: '$LATEST', Payload: (result ?? null) as Json, SdkHttpMetadata: { HttpStatusCode: 200 }, StatusCode: 200 };
    } catch (error) {
      const e = error as Error;
      throw namedError(e.name || 'Error', JSON.stringify({ errorType: e.name, errorMessage: e.message, trace: [] }));
    }
  }

  /**
   * A Task's own call (Lambda invoke, child execution) as Step Functions makes it. Neither service's model declares
   * AccessDenied, so the optimized integration reports its SDK's base exception (sfn-naming.ts): Lambda.AWSLambdaException,
   * StepFunctions.AWSStepFunctionsException.
   */
  private async authorizeTask(caller: Caller, service: 'lambda' | 'sfn', requests: AuthRequest[]): Promise<void> {
    const denial = await this.options.account.authorizeRequests(this.options.stack.region, caller, requests);
    if (denial) throw namedError(sfnOptimizedErrorName(service, undefined), denial);
  }

  private lambda(functionArnOrName: string): (event: unknown) => Promise<unknown> {
    const key = this.functionsByArn.get(functionArnOrName);
    if (!key) throw namedError('Lambda.ResourceNotFoundException', `Function not found: ${functionArnOrName}`);
    let handler = this.handlers.get(key);
    if (!handler) {
      const fn = this.functionOf(key);
      const wrapped = wrap(this.coldStart(fn));
      const context = localContext(fn.arn);
      handler = (event: unknown) => wrapped(event, context);
      this.handlers.set(key, handler);
    }
    return handler;
  }

  /**
   * A function's cold start as in Lambda: its packaged handler module builds its dependencies from its packaged
   * environment (a missing variable or client fails here, as it would there), its clients signed as its role.
   */
  private coldStart(fn: StackFunction): (event: unknown) => Promise<unknown> {
    const modulePath = join(PROJECT_ROOT, fn.module);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(modulePath) as Record<string, { deployment?: FunctionDeployment<unknown> } | undefined>;
    const deployment = mod[fn.exportName]?.deployment;
    if (!deployment) throw new Error(`${fn.module}.${fn.exportName} (the packaged Handler of ${fn.name}) is not a lambdaHandler(...)`);
    const runtime: LambdaRuntime = {
      env: { ...fn.env, AWS_REGION: this.options.stack.region, AWS_LAMBDA_FUNCTION_NAME: fn.name },
      decorateClients: this.simulated({ roleId: fn.roleId, name: fn.key }),
    };
    const { clock, account } = this.options;
    const built = deployment.buildDeps(runtime) as Record<string, unknown> | undefined;
    const deps = {
      ...built,
      now: () => new Date(clock.now()),
      // Lambdas run as tracked work, which holds the clock: one that waits between looks must let it go meanwhile.
      sleep: (ms: number) => clock.sleepWhileTracked(ms),
      // SQL checks reach the simulation's restored databases (real PostgreSQL, in PGlite) instead of a network.
      sql: account.databases.sql,
      // Data checks without SQL (DocumentDB, Neptune) reach the restored clusters through their type's sim (target-sims.ts).
      dataPorts: account.dataPorts,
      httpHealthNotRun: 'the simulation has no network to a restored instance (only a drill in AWS proves the health URL)',
      // The failover drill probes the simulated application and writes its canary into the simulated global databases.
      http: account.http,
      canary: account.canary,
      // A function the stack attaches to the VPC (dnsObserverVpc: DNS_OBSERVER_VPC set) resolves through the simulated
      // VPC's Route 53 Resolver; one outside any VPC has no resolver there, as in Lambda.
      ...(fn.env.DNS_OBSERVER_VPC ? { dns: account.dns } : {}),
      ...this.options.localPorts,
    };
    return (deployment.makeHandler as (d: unknown) => (event: unknown) => Promise<unknown>)(deps);
  }

  /** states:startExecution.sync:2: the child runs to its end; its output arrives as JSON, its failure as TaskFailed. */
  private async startChild(input: Json, parent: ExecutionRecord, caller: Caller): Promise<Json> {
    const { StateMachineArn, Name, Input } = input as { StateMachineArn: string; Name?: string; Input: Json };
    await this.authorizeTask(caller, 'sfn', startSyncRequests(StateMachineArn, Name ?? 'unnamed'));
    if (this.executions.some((e) => e.name === Name && e.arn.startsWith(StateMachineArn.replace(':stateMachine:', ':execution:')))) {
      throw namedError('StepFunctions.ExecutionAlreadyExistsException', `Execution Already Exists: '${Name}'`);
    }
    const child = await this.run(StateMachineArn, Input, Name, parent.arn);
    const description = {
      ExecutionArn: child.arn,
      Input: child.input,
      Name: child.name,
      Output: child.output,
      StartDate: Date.parse(child.startedAt),
      StopDate: child.stoppedAt ? Date.parse(child.stoppedAt) : null,
      StateMachineArn,
      Status: child.status,
      ...(child.error ? { Error: child.error.Error, Cause: child.error.Cause } : {}),
    } as Json;
    if (child.status !== 'SUCCEEDED') throw namedError('States.TaskFailed', JSON.stringify(description));
    return description;
  }
}

const SNS_PUBLISH = 'arn:aws:states:::sns:publish';

/** What injectLambdaContext reads from a Lambda context, for a function run locally. */
function localContext(arn: string): Context {
  const name = arn.split(':').pop() ?? 'local';
  return {
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: arn,
    memoryLimitInMB: '256',
    awsRequestId: 'local',
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 900_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Replaces every string equal to `mark` with `value`. */
function stamp(value: Json, mark: string, replacement: string): Json {
  if (Array.isArray(value)) return value.map((v) => stamp(v, mark, replacement));
  if (value === mark) return replacement;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stamp(v, mark, replacement)]));
}

function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

function executionError(error: unknown): { Error: string; Cause: string } {
  // The engine wraps the failing state's error; unwrap it to what AWS would show for the execution.
  const inner = (error as { cause?: unknown }).cause ?? error;
  const e = inner as { name?: string; message?: string; cause?: unknown };
  return { Error: e.name ?? 'Error', Cause: typeof e.cause === 'string' ? e.cause : (e.message ?? String(inner)) };
}

function byteSize(value: unknown): number {
  return value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value) ?? '');
}
