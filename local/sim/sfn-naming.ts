// Step Functions' aws-sdk integrations name members and errors the way the AWS SDK for Java v2 does; its older
// optimized integrations (sns:publish, states:startExecution, lambda:invoke) name errors after the Java SDK v1.
//
// Evidence:
// - Real state machines calling `arn:aws:states:::aws-sdk:rds:*` use `DbInstanceIdentifier`, `DbParameterGroupName`,
//   `DbSubnetGroupName`, `VpcSecurityGroupIds` as Parameters, read `$.DbInstances[0]`, `$.DbInstance.DbInstanceStatus`,
//   `$.DbInstance.DbSubnetGroup.VpcId`, `Endpoint.Address`, and catch `Rds.DbInstanceNotFoundException`
//   (public ASL for an RDS SQL Server restore workflow found with the code search).
// - The Step Functions guide ("Learning to use AWS service SDK integrations") says parameters are PascalCase, that
//   an API field named `Equals` is called `EqualsValue`, that errors are `ServiceName.ErrorName` in PascalCase with an
//   `Exception` suffix always added (`AcmPca.ResourceNotFoundException`, `S3.BucketAlreadyExistsException`).
// - Those are exactly the Java SDK v2 code generator's rules (aws-sdk-java-v2 codegen: `Utils.unCapitalize`,
//   `DefaultNamingStrategy.getFluentGetterMethodName` / `rewriteInvalidMemberName` with the suffix "Value",
//   `getExceptionName`, `getServiceName`), reproduced below. Java's unCapitalize lower-cases only the LEADING run of
//   capitals (keeping the last one when a lower-case letter follows), so an acronym in the middle of a name is kept:
//   `DBInstanceIdentifier` -> `DbInstanceIdentifier`, `SSEDescription` -> `SseDescription`, `ETag` -> `ETag`, but
//   `PerformanceInsightsKMSKeyId` stays as it is. The leading-acronym cases are confirmed by real ASL; the
//   mid-name case follows the Java SDK (its getter is `performanceInsightsKMSKeyId()`) and is not confirmed against a
//   live Step Functions.

const JAVA_KEYWORDS = new Set([
  'abstract', 'assert', 'boolean', 'break', 'byte', 'case', 'catch', 'char', 'class', 'const', 'continue', 'default',
  'do', 'double', 'else', 'enum', 'extends', 'false', 'final', 'finally', 'float', 'for', 'goto', 'if', 'implements',
  'import', 'instanceof', 'int', 'interface', 'long', 'native', 'new', 'null', 'package', 'private', 'protected',
  'public', 'return', 'short', 'static', 'strictfp', 'super', 'switch', 'synchronized', 'this', 'throw', 'throws',
  'transient', 'true', 'try', 'void', 'volatile', 'while',
]);

// Method names a generated Java structure already has (DefaultNamingStrategy.RESERVED_STRUCTURE_METHOD_NAMES).
const RESERVED_STRUCTURE_METHODS = new Set([
  'equals', 'finalize', 'getClass', 'hashCode', 'notify', 'notifyAll', 'toString', 'wait',
  'builder', 'sdkFields', 'toBuilder', 'overrideConfiguration', 'sdkHttpResponse',
]);

const isUpper = (c: string | undefined): boolean => c !== undefined && c >= 'A' && c <= 'Z';
const isLower = (c: string | undefined): boolean => c !== undefined && c >= 'a' && c <= 'z';

/** software.amazon.awssdk.codegen.internal.Utils.unCapitalize */
export function javaUnCapitalize(name: string): string {
  let out = '';
  let i = 0;
  do {
    out += name.charAt(i++).toLowerCase();
  } while (i < name.length && isUpper(name[i]) && !(i < name.length - 1 && isLower(name[i + 1])));
  return out + name.slice(i);
}

const capitalize = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** The member name Step Functions uses for an API member name: DBInstanceIdentifier -> DbInstanceIdentifier. */
export function sfnMemberName(apiMemberName: string): string {
  let getter = javaUnCapitalize(apiMemberName);
  if (JAVA_KEYWORDS.has(getter) || JAVA_KEYWORDS.has(getter.toLowerCase()) || RESERVED_STRUCTURE_METHODS.has(getter)) {
    getter = javaUnCapitalize(`${getter}Value`);
  }
  return capitalize(getter);
}

/** software.amazon.awssdk.utils.internal.CodegenNamingUtils.splitOnWordBoundaries */
export function splitOnWordBoundaries(text: string): string[] {
  let result = text.replace(/[^A-Za-z0-9]+/g, ' ');
  result = result.replace(/([^a-z]{2,})v([0-9]+)/g, '$1 v$2 ').replace(/([^A-Z]{2,})V([0-9]+)/g, '$1 V$2 ');
  result = result.split(/(?<=[a-z])(?=[A-Z](?:[a-zA-Z]|[0-9]))/).join(' ');
  result = result.replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  result = result.replace(/([0-9])([a-zA-Z])/g, '$1 $2');
  return result.replace(/ +/g, ' ').trim().split(' ');
}

/** CodegenNamingUtils.pascalCase: every word lower-cased then capitalised (DBCluster -> DbCluster). */
export function javaPascalCase(text: string): string {
  return splitOnWordBoundaries(text)
    .map((w) => capitalize(w.toLowerCase()))
    .join('');
}

/** DefaultNamingStrategy.getExceptionName: DBInstanceNotFoundFault -> DbInstanceNotFoundException. */
export function javaExceptionName(errorShapeName: string): string {
  if (errorShapeName.endsWith('Fault')) return `${javaPascalCase(errorShapeName.slice(0, -'Fault'.length))}Exception`;
  if (errorShapeName.endsWith('Exception')) return javaPascalCase(errorShapeName);
  return `${javaPascalCase(errorShapeName)}Exception`;
}

// The Java SDK's service class prefix, from each service's serviceId (DefaultNamingStrategy.getServiceName).
const SERVICE_IDS: Record<string, string> = {
  backup: 'Backup',
  rds: 'RDS',
  dynamodb: 'DynamoDB',
  efs: 'EFS',
  ec2: 'EC2',
  s3: 'S3',
  secretsmanager: 'Secrets Manager',
  resourcegroupstaggingapi: 'Resource Groups Tagging API',
  cloudwatch: 'CloudWatch',
  route53: 'Route 53',
  route53recoverycluster: 'Route53 Recovery Cluster',
  sfn: 'SFN',
  lambda: 'Lambda',
  iam: 'IAM',
  sns: 'SNS',
};

/** The prefix Step Functions puts on a service's errors: rds -> Rds, dynamodb -> DynamoDb. */
export function sfnServicePrefix(service: string): string {
  const id = SERVICE_IDS[service] ?? service;
  return javaPascalCase(id).replace(/^Amazon/, '').replace(/^Aws/, '').replace(/Service$/, '');
}

/**
 * The `Error` a Task state sees when an aws-sdk call fails with an error the service's model declares:
 * `Rds.DbInstanceNotFoundException`. Pass the error's shape name as the JavaScript SDK names it (DBInstanceNotFoundFault).
 * An error code the model does not declare has no class of its own: see sfnServiceExceptionName.
 */
export function sfnErrorName(service: string, errorShapeName: string): string {
  return `${sfnServicePrefix(service)}.${javaExceptionName(errorShapeName)}`;
}

/**
 * The `Error` a Task state sees when an aws-sdk call fails with an error code the service's model does NOT declare:
 * the Java SDK v2 has no class for it and throws the service's own base exception (RdsException, Ec2Exception), so
 * Step Functions reports `Rds.RdsException`, `Ec2.Ec2Exception`, whatever the code. That is where throttling lands for
 * every service whose model leaves its throttling code out: RDS ("Throttling"), EC2 ("RequestLimitExceeded", the
 * EC2 developer guide's "Request throttling for the Amazon EC2 API"; the EC2 model declares no errors at all), AWS
 * Backup ("ThrottlingException", not in its model), S3 ("SlowDown").
 *
 * Sources: the Step Functions developer guide, "Learning to use AWS service SDK integrations in Step Functions"
 * (https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html): the Error is
 * `ServiceName.ErrorName`, Pascal case, always with the Exception suffix, the error names being those the service
 * declares. For undeclared codes it says nothing; what Step Functions reports was observed: `Rds.RdsException` for
 * RDS's undeclared InvalidParameterCombination on StopDBInstance, `Ec2.Ec2Exception` for EC2's errors,
 * `DynamoDb.DynamoDbException` for an AccessDenied, and TestState reporting `Rds.RdsException`, `Ec2.Ec2Exception`,
 * `DynamoDb.DynamoDbException`, `Lambda.LambdaException` (public projects found with the code search); LocalStack's
 * Step Functions, whose tests are recorded against AWS, names an undeclared error `<Service>.<Service>Exception`
 * (state_task_service_aws_sdk.py, `_normalise_exception_name`).
 */
export function sfnServiceExceptionName(service: string): string {
  const prefix = sfnServicePrefix(service);
  return `${prefix}.${prefix}Exception`;
}

/**
 * The optimized (not aws-sdk) integrations this project calls, and how their errors are named. They are older than
 * the aws-sdk integrations and name errors after the AWS SDK for Java v1: the prefix is the integration's
 * (`SNS.`, `StepFunctions.`, `Lambda.`), a declared error keeps its v1 class name (`SNS.ThrottledException`,
 * `StepFunctions.ExecutionLimitExceededException`), and an undeclared one is the v1 service base exception
 * (`SNS.AmazonSNSException`, `StepFunctions.AWSStepFunctionsException`, `Lambda.AWSLambdaException`).
 * Sources: "Handle Lambda service exceptions" in the Step Functions developer guide
 * (https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html) lists
 * `Lambda.AWSLambdaException`, the v1 base class; AWS's Step Functions sample workflows retry
 * `DynamoDB.AmazonDynamoDBException` on the optimized DynamoDB integration; an sns:publish Task with a bad topic
 * fails with `SNS.InvalidParameterException` and the cause "(Service: AmazonSNS; Status Code: 400)" (a public lab
 * write-up); LocalStack names sns:publish errors `SNS.<code>Exception` and startExecution errors
 * `StepFunctions.<code>Exception` (state_task_service_sns.py, state_task_service_sfn.py).
 */
const OPTIMIZED: Record<string, { prefix: string; serviceException: string }> = {
  sns: { prefix: 'SNS', serviceException: 'AmazonSNSException' },
  sfn: { prefix: 'StepFunctions', serviceException: 'AWSStepFunctionsException' },
  lambda: { prefix: 'Lambda', serviceException: 'AWSLambdaException' },
};

export function hasOptimizedIntegration(service: string): boolean {
  return Object.prototype.hasOwnProperty.call(OPTIMIZED, service);
}

/** The AWS SDK for Java v1 class of a declared error: the shape name, with "Exception" added when it lacks it. */
export function javaV1ExceptionName(errorShapeName: string): string {
  return errorShapeName.endsWith('Exception') ? errorShapeName : `${errorShapeName}Exception`;
}

/** The `Error` an optimized integration's Task sees: `SNS.ThrottledException`, or `SNS.AmazonSNSException` when undeclared. */
export function sfnOptimizedErrorName(service: string, errorShapeName: string | undefined): string {
  const integration = OPTIMIZED[service];
  if (!integration) throw new Error(`no optimized Step Functions integration is named for ${service}`);
  return `${integration.prefix}.${errorShapeName === undefined ? integration.serviceException : javaV1ExceptionName(errorShapeName)}`;
}
