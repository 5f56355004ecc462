// Generic fault injection for local runs: "the first (or every) invocation of Task state S of state machine M
// [for target T] fails with error E". The fault matrix uses it to fail every Task of every definition in turn.
//
// The error is the one Step Functions would report for that kind of Task, named by the same rules as a real failure
// (errors.ts, sfn-naming.ts): an aws-sdk or SNS task gets the service's IAM denial or throttling error (an undeclared
// code, such as RDS's Throttling, as the service's base exception: Rds.RdsException), a Lambda task a function error
// (the function threw) or Lambda.ServiceException, a child execution StepFunctions.AWSStepFunctionsException or
// StepFunctions.ExecutionLimitExceededException. The fault fires before the task does anything, as a denied or
// throttled request changes nothing.
import { randomUUID } from 'node:crypto';
import { accessDenied, throttled } from '../sim/errors';
import { validateTaskResource } from '../sim/sdk-shapes';
import { sfnOptimizedErrorName } from '../sim/sfn-naming';
import type { Json, StateDefinition } from './definitions';

/**
 * `denied`: not transient, so no Retry absorbs it (an IAM denial; for a Lambda, the function throws).
 * `transient`: what the definitions retry (throttling; Lambda.ServiceException).
 */
export type TaskFaultKind = 'denied' | 'transient';

export interface TaskFault {
  /** The state machine's key in serverless.yml: drill, restoreTarget, failoverTarget. */
  stateMachine: string;
  /** The Task state's name (states inside Map item processors included). */
  state: string;
  /** Only in the child execution of this restore or failover target. */
  targetId?: string;
  error: TaskFaultKind;
  /** How many invocations fail, from the first (retries count): 1 by default, Infinity for every one. */
  times?: number;
}

export interface FiredFault {
  fault: TaskFault;
  executionArn: string;
  /** The error the Task reported. */
  error: string;
}

const SNS_PUBLISH = 'arn:aws:states:::sns:publish';
const START_CHILD = 'arn:aws:states:::states:startExecution.sync:2';
const LAMBDA_TASKS = new Set(['arn:aws:states:::lambda:invoke', 'arn:aws:states:::lambda:invoke.waitForTaskToken']);


/** The faults of one local run, and a record of each one that fired. */
export class TaskFaults {
  readonly fired: FiredFault[] = [];
  private readonly counts: number[];

  constructor(readonly faults: readonly TaskFault[]) {
    this.counts = faults.map(() => 0);
  }

  /** The error to throw instead of running this invocation, or undefined to run it. */
  check(stateMachine: string, stateName: string, state: StateDefinition, execution: { arn: string; input: Json }): Error | undefined {
    const targetId = targetOf(execution.input);
    const index = this.faults.findIndex(
      (f, i) => f.stateMachine === stateMachine && f.state === stateName && (f.targetId === undefined || f.targetId === targetId) && this.counts[i]! < (f.times ?? 1),
    );
    if (index < 0) return undefined;
    this.counts[index]! += 1;
    const fault = this.faults[index]!;
    const error = taskError(stateName, state, fault.error);
    this.fired.push({ fault, executionArn: execution.arn, error: error.name });
    return error;
  }
}

/** A restore child's input names its target; a failover child's carries the target in its item. */
function targetOf(input: Json): string | undefined {
  const value = input as { targetId?: unknown; item?: { target?: { id?: unknown } } } | null;
  const id = value?.targetId ?? value?.item?.target?.id;
  return typeof id === 'string' ? id : undefined;
}

function named(name: string, cause: string): Error {
  const error = new Error(cause);
  error.name = name;
  return error;
}

/** The error a Task of this kind reports for the fault, with a cause shaped as Step Functions shows it. */
export function taskError(stateName: string, state: StateDefinition, kind: TaskFaultKind): Error {
  const resource = String(state.Resource);
  if (LAMBDA_TASKS.has(resource)) {
    if (kind === 'transient') return named('Lambda.ServiceException', 'Lambda.ServiceException: injected fault (Service: Lambda, Status Code: 500)');
    const errorMessage = `injected fault: the function of "${stateName}" threw`;
    return named('Error', JSON.stringify({ errorType: 'Error', errorMessage, trace: [] }));
  }
  if (resource === START_CHILD) {
    if (kind === 'transient') {
      return named(sfnOptimizedErrorName('sfn', 'ExecutionLimitExceeded'), 'Maximum number of running executions reached (Service: AWSStepFunctions; Status Code: 400)');
    }
    // AccessDenied is not in the SFN model: the optimized integration reports its Java SDK v1 base exception.
    return named(sfnOptimizedErrorName('sfn', undefined), `not authorized to perform: states:StartExecution (injected fault at "${stateName}")`);
  }
  const service = resource === SNS_PUBLISH ? 'sns' : validateTaskResource(stateName, resource, state.Parameters)?.service;
  if (!service) throw new Error(`dr-drill local: no fault can be injected at "${stateName}" (${resource}): it is not an AWS task`);
  const simulated =
    kind === 'transient'
      ? throttled(service)
      : accessDenied(service, `injected fault: not authorized to perform the call of "${stateName}"`);
  const name = resource === SNS_PUBLISH ? (simulated.sfnOptimizedName ?? simulated.sfnName) : simulated.sfnName;
  return named(name, `${simulated.message} (Service: ${service}, Status Code: ${simulated.httpStatus}, Request ID: sim-${randomUUID()})`);
}
