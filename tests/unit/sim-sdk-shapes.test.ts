import {
  SdkShapeError,
  checkResolvedParameters,
  fromCanonicalOutput,
  operationExists,
  toCanonicalInput,
  validateParameters,
  validateTaskResource,
} from '../../local/sim/sdk-shapes';
import { sfnErrorName, sfnMemberName } from '../../local/sim/sfn-naming';

describe('operationExists', () => {
  it('knows Step Functions action names of the installed SDK clients', () => {
    expect(operationExists('backup', 'startCopyJob')).toBe(true);
    expect(operationExists('rds', 'createDBInstance')).toBe(true);
    expect(operationExists('resourcegroupstaggingapi', 'tagResources')).toBe(true);
    expect(operationExists('s3', 'listObjectsV2')).toBe(true);
  });

  it('rejects unknown actions and services', () => {
    expect(operationExists('backup', 'startCopyJobX')).toBe(false);
    expect(operationExists('rds', 'createDbInstance')).toBe(false);
    expect(operationExists('backupx', 'startCopyJob')).toBe(false);
  });
});

describe('Step Functions member naming', () => {
  it('lower-cases a leading acronym after its first letter, as the Java SDK v2 does', () => {
    expect(sfnMemberName('DBInstanceIdentifier')).toBe('DbInstanceIdentifier');
    expect(sfnMemberName('DBInstances')).toBe('DbInstances');
    expect(sfnMemberName('DBSubnetGroupName')).toBe('DbSubnetGroupName');
    expect(sfnMemberName('VpcSecurityGroupIds')).toBe('VpcSecurityGroupIds');
    expect(sfnMemberName('SSEDescription')).toBe('SseDescription');
    expect(sfnMemberName('IAMDatabaseAuthenticationEnabled')).toBe('IamDatabaseAuthenticationEnabled');
    expect(sfnMemberName('ETag')).toBe('ETag');
  });

  it('renames members that clash with Java methods, as the Step Functions guide documents for Equals', () => {
    expect(sfnMemberName('Equals')).toBe('EqualsValue');
  });

  it('names errors Service.JavaException, as in Catch ["Rds.DbInstanceNotFoundException"]', () => {
    expect(sfnErrorName('rds', 'DBInstanceNotFoundFault')).toBe('Rds.DbInstanceNotFoundException');
    expect(sfnErrorName('rds', 'InvalidDBClusterStateFault')).toBe('Rds.InvalidDbClusterStateException');
    expect(sfnErrorName('backup', 'ResourceNotFoundException')).toBe('Backup.ResourceNotFoundException');
    expect(sfnErrorName('s3', 'BucketAlreadyExists')).toBe('S3.BucketAlreadyExistsException');
    expect(sfnErrorName('dynamodb', 'ResourceInUseException')).toBe('DynamoDb.ResourceInUseException');
  });
});

describe('validateParameters', () => {
  it('accepts API member names in sdk naming and Step Functions names in sfn naming', () => {
    expect(validateParameters('rds', 'describeDBInstances', { DBInstanceIdentifier: 'x' }, 'sdk')).toEqual([]);
    expect(validateParameters('rds', 'describeDBInstances', { DbInstanceIdentifier: 'x' }, 'sfn')).toEqual([]);
  });

  it('reports the other naming as an unknown member, with the right spelling as a hint', () => {
    const sdkInSfn = validateParameters('rds', 'describeDBInstances', { DBInstanceIdentifier: 'x' }, 'sfn');
    const sfnInSdk = validateParameters('rds', 'describeDBInstances', { DbInstanceIdentifier: 'x' }, 'sdk');

    expect(sdkInSfn).toEqual([expect.objectContaining({ kind: 'unknown-member', member: 'DBInstanceIdentifier', hint: 'DbInstanceIdentifier' })]);
    expect(sfnInSdk).toEqual([expect.objectContaining({ kind: 'unknown-member', member: 'DbInstanceIdentifier', hint: 'DBInstanceIdentifier' })]);
  });

  it('finds unknown members at any depth and missing required members', () => {
    const problems = validateParameters('s3', 'deleteObjects', { Bucket: 'b', Delete: { Objects: [{ Kee: 'a' }] } }, 'sdk');

    expect(problems.map((p) => [p.kind, p.path])).toEqual([
      ['unknown-member', 'Delete.Objects[0].Kee'],
      ['missing-member', 'Delete.Objects[0].Key'],
    ]);
  });

  it('requires StartCopyJob members the API requires', () => {
    const problems = validateParameters('backup', 'startCopyJob', { RecoveryPointArn: 'arn' }, 'sdk');

    expect(problems.filter((p) => p.kind === 'missing-member').map((p) => p.member)).toEqual([
      'SourceBackupVaultName',
      'DestinationBackupVaultArn',
      'IamRoleArn',
    ]);
  });

  it('validates a real Step Functions Parameters object for rds createDBInstance in sfn naming', () => {
    const parameters = {
      'DbInstanceIdentifier.$': "States.Format('{}-drill', $.target.id)",
      'DbClusterIdentifier.$': '$.restore.clusterId',
      'DbInstanceClass.$': '$.target.restore.instanceClass',
      Engine: 'aurora-postgresql',
      PubliclyAccessible: false,
      Tags: [{ Key: 'dr-drill:drill-id', 'Value.$': '$.drill.id' }],
    };

    expect(validateParameters('rds', 'createDBInstance', parameters, 'sfn', { dynamicKeys: true })).toEqual([]);
  });
});

describe('toCanonicalInput / fromCanonicalOutput', () => {
  it('renames Step Functions input members to API members at every depth', () => {
    const input = toCanonicalInput(
      'rds',
      'describeDBInstances',
      { DbInstanceIdentifier: 'a', Filters: [{ Name: 'db-cluster-id', Values: ['c'] }] },
      'sfn',
    );

    expect(input).toEqual({ DBInstanceIdentifier: 'a', Filters: [{ Name: 'db-cluster-id', Values: ['c'] }] });
  });

  it('gives the JavaScript SDK Date timestamps and Step Functions ISO strings with its own member names', () => {
    const canonical = {
      DBInstances: [{ DBInstanceIdentifier: 'a', DBInstanceStatus: 'available', InstanceCreateTime: '2025-05-04T02:10:00.000Z' }],
    };

    const sdk = fromCanonicalOutput('rds', 'describeDBInstances', canonical, 'sdk');
    const sfn = fromCanonicalOutput('rds', 'describeDBInstances', canonical, 'sfn');

    expect((sdk.DBInstances as Array<Record<string, unknown>>)[0]!.InstanceCreateTime).toEqual(new Date('2025-05-04T02:10:00.000Z'));
    expect(sfn).toEqual({
      DbInstances: [{ DbInstanceIdentifier: 'a', DbInstanceStatus: 'available', InstanceCreateTime: '2025-05-04T02:10:00.000Z' }],
    });
  });

  it('leaves map keys alone (restore metadata, tags)', () => {
    const out = fromCanonicalOutput('backup', 'getRecoveryPointRestoreMetadata', { RestoreMetadata: { DBSubnetGroupName: 'x' } }, 'sfn');

    expect(out).toEqual({ RestoreMetadata: { DBSubnetGroupName: 'x' } });
  });
});

describe('validateTaskResource', () => {
  it('accepts a known aws-sdk action with Step Functions field names and reports required members left out', () => {
    const task = validateTaskResource('Start Copy Job', 'arn:aws:states:::aws-sdk:backup:startCopyJob', {
      'RecoveryPointArn.$': '$.recoveryPoint.arn',
      SourceBackupVaultName: 'prod',
      'DestinationBackupVaultArn.$': '$.target.drVault',
    });

    expect(task).toEqual(
      expect.objectContaining({ service: 'backup', operation: 'StartCopyJob', pattern: 'request-response', missingRequired: ['IamRoleArn'] }),
    );
  });

  it('refuses an unknown action with the wording CreateStateMachine uses, naming the state', () => {
    const attempt = () => validateTaskResource('Start Copy Job', 'arn:aws:states:::aws-sdk:backup:startCopyJobX', {});

    expect(attempt).toThrow(SdkShapeError);
    expect(attempt).toThrow(
      "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The resource provided arn:aws:states:::aws-sdk:backup:startCopyJobX is not recognized. The value is not a valid resource ARN, or the resource is not available in this region. at /States/Start Copy Job/Resource'",
    );
  });

  it('refuses the API spelling of a field in Parameters, even when it comes from a path', () => {
    let error: unknown;
    try {
      validateTaskResource('Describe Instance', 'arn:aws:states:::aws-sdk:rds:describeDBInstances', { 'DBInstanceIdentifier.$': '$.id' });
    } catch (e) {
      error = e;
    }

    expect(error).toBeInstanceOf(SdkShapeError);
    expect(error).toMatchObject({
      name: 'InvalidDefinition',
      message:
        'Invalid State Machine Definition: \'SCHEMA_VALIDATION_FAILED: The field "DBInstanceIdentifier" is not supported by Step Functions at /States/Describe Instance/Parameters\'',
      hint: 'DbInstanceIdentifier',
    });
  });

  it('refuses .sync on an aws-sdk integration and ignores non-aws-sdk resources', () => {
    expect(() => validateTaskResource('Copy', 'arn:aws:states:::aws-sdk:backup:startCopyJob.sync', {})).toThrow(/is not recognized/);
    expect(validateTaskResource('Validate', 'arn:aws:states:::lambda:invoke', { FunctionName: 'f' })).toBeUndefined();
  });

  it('checks fields that only appear once paths are resolved, when the task runs', () => {
    expect(() => checkResolvedParameters('Tag', 'backup', 'tagResource', { ResourceArn: 'a', Tags: {}, Foo: 1 })).toThrow(
      expect.objectContaining({ name: 'States.Runtime', message: 'The field "Foo" is not supported by Step Functions' }),
    );
  });
});
