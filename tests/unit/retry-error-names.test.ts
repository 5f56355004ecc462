// Every Retry of every state machine names errors Step Functions can really report for its Task, and catches the
// throttling the simulation throws for that Task's service. A Retry naming an error no Task ever reports is silent:
// the throttled call fails the step in AWS while every local run, retrying a name the simulation made up, passes.
//
// What a Task can report (local/sim/sfn-naming.ts has the sources):
// - aws-sdk:<service>: `<Prefix>.<Exception>` for each error shape the service's model declares (Java SDK v2 names),
//   and `<Prefix>.<Prefix>Exception` for any code it does not (RDS's Throttling, EC2's RequestLimitExceeded);
// - sns:publish and states:startExecution (optimized integrations): `SNS.` / `StepFunctions.` with the Java SDK v1
//   class of each declared error, or the v1 base exception (SNS.AmazonSNSException);
// - lambda:invoke: the Lambda.* errors the Step Functions guide documents ("Handle Lambda service exceptions") and the
//   errors our functions throw (classes with a literal `name` in lib/ and functions/);
// - States.Timeout and States.HeartbeatTimeout, for any Task.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../local/run-drill';
import { allStates, type StateDefinition } from '../../local/runner/definitions';
import { readServiceLayout } from '../../local/runner/serverless-config';
import { taskError } from '../../local/runner/task-faults';
import { isSdkService, listErrorShapes, type SdkService } from '../../local/sim/sdk-schema';
import { parseAwsSdkResource } from '../../local/sim/sdk-shapes';
import { sfnErrorName, sfnOptimizedErrorName, sfnServiceExceptionName } from '../../local/sim/sfn-naming';

interface Retrier {
  ErrorEquals: string[];
}

interface RetryingTask {
  where: string;
  state: string;
  definition: StateDefinition;
  retried: string[];
}

function retryingTasks(): RetryingTask[] {
  const tasks: RetryingTask[] = [];
  for (const { key, file } of readServiceLayout(PROJECT_ROOT).stateMachines.values()) {
    const definition = parse(readFileSync(join(PROJECT_ROOT, file), 'utf8')) as { States: Record<string, StateDefinition> };
    for (const { name, definition: state } of allStates(definition)) {
      const retry = (state.Retry ?? []) as unknown as Retrier[];
      if (state.Type === 'Task' && retry.length) tasks.push({ where: `${key} / ${name}`, state: name, definition: state, retried: retry.flatMap((r) => r.ErrorEquals) });
    }
  }
  return tasks;
}

/** The error classes our Lambda functions throw: `override readonly name = 'X'` in lib/ and functions/. */
function functionErrorNames(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts')) for (const m of readFileSync(path, 'utf8').matchAll(/readonly name = '([A-Za-z]+)'/g)) names.add(m[1]!);
    }
  };
  walk(join(PROJECT_ROOT, 'lib'));
  walk(join(PROJECT_ROOT, 'functions'));
  return names;
}

/** "Handle Lambda service exceptions", Step Functions developer guide (bp-lambda-serviceexception.html). */
const DOCUMENTED_LAMBDA_ERRORS = [
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.Unknown',
];
const ANY_TASK = ['States.Timeout', 'States.HeartbeatTimeout'];

const declared = (service: string): string[] => {
  if (!isSdkService(service)) throw new Error(`no SDK model for ${service}`);
  return listErrorShapes(service as SdkService).map((e) => e.shapeName);
};

/** Every `Error` a Task with this resource can report. */
function reportable(resource: string, fromFunctions: Set<string>): Set<string> {
  const aws = parseAwsSdkResource(resource);
  if (aws) return new Set([...declared(aws.service).map((shape) => sfnErrorName(aws.service, shape)), sfnServiceExceptionName(aws.service), ...ANY_TASK]);
  const optimized = (service: string) => [...declared(service).map((shape) => sfnOptimizedErrorName(service, shape)), sfnOptimizedErrorName(service, undefined)];
  if (resource === 'arn:aws:states:::sns:publish') return new Set([...optimized('sns'), ...ANY_TASK]);
  if (resource.startsWith('arn:aws:states:::states:startExecution')) return new Set([...optimized('sfn'), ...ANY_TASK]);
  if (resource.startsWith('arn:aws:states:::lambda:invoke')) return new Set([...optimized('lambda'), ...DOCUMENTED_LAMBDA_ERRORS, ...fromFunctions, ...ANY_TASK]);
  throw new Error(`no rule for the errors of ${resource}`);
}

describe('Retry error names', () => {
  const tasks = retryingTasks();
  const fromFunctions = functionErrorNames();

  it('finds the retrying Tasks of every definition, of every kind', () => {
    expect(tasks.length).toBeGreaterThan(30);
    const resources = new Set(tasks.map((t) => String(t.definition.Resource)));
    // DynamoDB and EFS are no longer called from a definition: Delete Restored Resource (a Lambda) deletes every type.
    for (const kind of ['aws-sdk:rds:', 'aws-sdk:ec2:', 'aws-sdk:backup:', ':::sns:publish', ':::lambda:invoke', ':::states:startExecution']) {
      expect([...resources].some((r) => r.includes(kind))).toBe(true);
    }
    expect(fromFunctions).toContain('TransientAwsError');
  });

  it('retries only errors Step Functions can report for that Task (names from the SDK models and the guide)', () => {
    const unknown = tasks.flatMap((t) => {
      const known = reportable(String(t.definition.Resource), fromFunctions);
      return t.retried.filter((name) => !known.has(name)).map((name) => `${t.where}: ${name}`);
    });
    expect(unknown).toEqual([]);
  });

  it('never retries everything (States.ALL, States.TaskFailed): a failed validation must not run again', () => {
    expect(tasks.filter((t) => t.retried.some((name) => name === 'States.ALL' || name === 'States.TaskFailed')).map((t) => t.where)).toEqual([]);
  });

  it("catches the simulation's throttling (or Lambda service) fault of each Task's service in its Retry", () => {
    const missed = tasks.flatMap((t) => {
      const transient = taskError(t.state, t.definition, 'transient').name;
      return t.retried.includes(transient) ? [] : [`${t.where}: ${transient} not in [${t.retried.join(', ')}]`];
    });
    expect(missed).toEqual([]);
  });

  it('names throttling as Step Functions reports it, per service', () => {
    const transient = (resource: string, parameters: Record<string, unknown> = {}) =>
      taskError('S', { Type: 'Task', Resource: resource, Parameters: parameters } as StateDefinition, 'transient').name;
    expect(transient('arn:aws:states:::aws-sdk:rds:describeDBInstances')).toBe('Rds.RdsException');
    expect(transient('arn:aws:states:::aws-sdk:ec2:deleteVolume', { VolumeId: 'vol-1' })).toBe('Ec2.Ec2Exception');
    expect(transient('arn:aws:states:::aws-sdk:backup:tagResource', { ResourceArn: 'a', Tags: {} })).toBe('Backup.BackupException');
    expect(transient('arn:aws:states:::aws-sdk:dynamodb:deleteTable', { TableName: 't' })).toBe('DynamoDb.ThrottlingException');
    expect(transient('arn:aws:states:::aws-sdk:efs:deleteFileSystem', { FileSystemId: 'fs-1' })).toBe('Efs.ThrottlingException');
    expect(transient('arn:aws:states:::aws-sdk:resourcegroupstaggingapi:tagResources', { ResourceARNList: ['a'], Tags: {} })).toBe(
      'ResourceGroupsTaggingApi.ThrottledException',
    );
    expect(transient('arn:aws:states:::sns:publish')).toBe('SNS.ThrottledException');
    expect(transient('arn:aws:states:::states:startExecution.sync:2')).toBe('StepFunctions.ExecutionLimitExceededException');
    expect(transient('arn:aws:states:::lambda:invoke')).toBe('Lambda.ServiceException');
  });
});
