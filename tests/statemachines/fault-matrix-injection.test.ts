// The fault matrix's injection (local/runner/task-faults.ts): which invocation fails, and with the error Step
// Functions would report for that kind of Task, so Retry and Catch see what they would see in AWS.
import { TaskFaults, taskError } from '../../local/runner/task-faults';
import type { StateDefinition } from '../../local/runner/definitions';

const task = (Resource: string, Parameters: Record<string, unknown> = {}): StateDefinition => ({ Type: 'Task', Resource, Parameters }) as StateDefinition;
const execution = (input: unknown) => ({ arn: 'arn:aws:states:eu-west-2:111122223333:execution:x:y', input: input as never });

describe('task fault injection', () => {
  // A code the service's model does not declare (RDS's AccessDenied, EC2's UnauthorizedOperation, RDS's Throttling)
  // reaches Step Functions as the service's base exception; sns:publish names errors after the Java SDK v1 (sfn-naming.ts).
  it('names an IAM denial the way each service answers it', () => {
    const denied = (resource: string, parameters?: Record<string, unknown>) => taskError('S', task(resource, parameters), 'denied').name;
    expect(denied('arn:aws:states:::aws-sdk:backup:startRestoreJob', { RecoveryPointArn: 'a', IamRoleArn: 'r', Metadata: {} })).toBe('Backup.BackupException');
    expect(denied('arn:aws:states:::aws-sdk:rds:deleteDBCluster', { DbClusterIdentifier: 'c' })).toBe('Rds.RdsException');
    expect(denied('arn:aws:states:::aws-sdk:ec2:terminateInstances', { InstanceIds: ['i'] })).toBe('Ec2.Ec2Exception');
    expect(denied('arn:aws:states:::aws-sdk:dynamodb:deleteTable', { TableName: 't' })).toBe('DynamoDb.DynamoDbException');
    expect(denied('arn:aws:states:::sns:publish')).toBe('SNS.AuthorizationErrorException');
    expect(denied('arn:aws:states:::states:startExecution.sync:2')).toBe('StepFunctions.AWSStepFunctionsException');
  });

  it('makes a Lambda task fail as a function that threw, with the cause Lambda reports', () => {
    const error = taskError('Build Report', task('arn:aws:states:::lambda:invoke'), 'denied');
    expect(error.name).toBe('Error');
    expect(JSON.parse(error.message)).toMatchObject({ errorType: 'Error', errorMessage: expect.stringContaining('Build Report') });
  });

  it('names transient errors as the definitions retry them', () => {
    const transient = (resource: string, parameters?: Record<string, unknown>) => taskError('S', task(resource, parameters), 'transient').name;
    expect(transient('arn:aws:states:::lambda:invoke')).toBe('Lambda.ServiceException');
    expect(transient('arn:aws:states:::aws-sdk:resourcegroupstaggingapi:tagResources', { ResourceARNList: ['a'], Tags: {} })).toBe(
      'ResourceGroupsTaggingApi.ThrottledException',
    );
    expect(transient('arn:aws:states:::sns:publish')).toBe('SNS.ThrottledException');
    expect(transient('arn:aws:states:::aws-sdk:rds:describeDBInstances', {})).toBe('Rds.RdsException');
  });

  it('fails only the named state of the named machine, for the named target, as many times as asked', () => {
    const faults = new TaskFaults([{ stateMachine: 'restoreTarget', state: 'Load Target', targetId: 'appointments', error: 'transient', times: 2 }]);
    const lambda = task('arn:aws:states:::lambda:invoke');
    expect(faults.check('restoreTarget', 'Load Target', lambda, execution({ targetId: 'documents' }))).toBeUndefined();
    expect(faults.check('drill', 'Load Target', lambda, execution({ targetId: 'appointments' }))).toBeUndefined();
    expect(faults.check('restoreTarget', 'Load Target', lambda, execution({ targetId: 'appointments' }))?.name).toBe('Lambda.ServiceException');
    expect(faults.check('restoreTarget', 'Load Target', lambda, execution({ targetId: 'appointments' }))?.name).toBe('Lambda.ServiceException');
    expect(faults.check('restoreTarget', 'Load Target', lambda, execution({ targetId: 'appointments' }))).toBeUndefined();
    expect(faults.fired.map((f) => f.error)).toEqual(['Lambda.ServiceException', 'Lambda.ServiceException']);
  });

  it('finds a failover target in its child execution item', () => {
    const faults = new TaskFaults([{ stateMachine: 'failoverTarget', state: 'Observe', targetId: 'patients-global', error: 'denied', times: Infinity }]);
    const lambda = task('arn:aws:states:::lambda:invoke');
    for (let i = 0; i < 3; i++) expect(faults.check('failoverTarget', 'Observe', lambda, execution({ item: { target: { id: 'patients-global' } } }))).toBeDefined();
  });
});
