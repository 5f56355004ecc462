// Errors the simulated account throws, named as the AWS API names them.
import { findErrorShape, isSdkService } from './sdk-schema';
import { hasOptimizedIntegration, sfnErrorName, sfnOptimizedErrorName, sfnServiceExceptionName } from './sfn-naming';

export class SimAwsError extends Error {
  /** The API's error code: ResourceNotFoundException, DBClusterNotFoundFault, DBInstanceNotFound, Throttling... */
  override readonly name: string;
  readonly service: string;
  readonly retryable: boolean;
  /** What the JavaScript SDK names it (the modelled shape, DBInstanceNotFoundFault), or the code when unmodelled. */
  readonly sdkName: string;
  /** The `Error` a Step Functions aws-sdk Task reports: Rds.DbInstanceNotFoundException, or Rds.RdsException when undeclared. */
  readonly sfnName: string;
  /** The `Error` the service's optimized integration reports (sns:publish: SNS.ThrottledException), if it has one. */
  readonly sfnOptimizedName: string | undefined;
  readonly httpStatus: number;

  constructor(service: string, code: string, message: string, options: { retryable?: boolean; httpStatus?: number } = {}) {
    super(message);
    const shape = isSdkService(service) ? findErrorShape(service, code) : undefined;
    this.name = code;
    this.service = service;
    this.retryable = options.retryable ?? false;
    this.sdkName = shape?.shapeName ?? code;
    this.sfnName = shape ? sfnErrorName(service, shape.shapeName) : sfnServiceExceptionName(service);
    this.sfnOptimizedName = hasOptimizedIntegration(service) ? sfnOptimizedErrorName(service, shape?.shapeName) : undefined;
    this.httpStatus = options.httpStatus ?? 400;
  }
}

export const notFound = (service: string, code: string, message: string): SimAwsError =>
  new SimAwsError(service, code, message, { httpStatus: 404 });

export const invalid = (service: string, code: string, message: string): SimAwsError =>
  new SimAwsError(service, code, message, { httpStatus: 400 });

/**
 * The code each service answers throttling with, and what Step Functions then reports (sfn-naming.ts):
 * - rds: "Throttling" (awsQuery; "An error occurred (Throttling) ... Rate exceeded" in real traces, e.g.
 *   aws/aws-cli#8604, boto/boto3#860; the RDS user guide's "Request throttling for the Amazon RDS API" prints
 *   "ThrottlingException"). Neither is in the RDS model: Rds.RdsException.
 * - ec2: "RequestLimitExceeded" (EC2 developer guide, "Request throttling for the Amazon EC2 API"), HTTP 503; the
 *   EC2 model declares no errors: Ec2.Ec2Exception.
 * - backup: "ThrottlingException", not in the Backup model: Backup.BackupException.
 * - s3: "SlowDown", HTTP 503, not in the S3 model: S3.S3Exception.
 * - sns: "Throttled" (the model's ThrottledException): SNS.ThrottledException through sns:publish.
 * - resourcegroupstaggingapi: "ThrottledException" (declared): ResourceGroupsTaggingApi.ThrottledException.
 * - dynamodb, efs and the other JSON services: "ThrottlingException" (declared by DynamoDB and EFS).
 */
const THROTTLING: Record<string, { code: string; httpStatus?: number }> = {
  rds: { code: 'Throttling' },
  ec2: { code: 'RequestLimitExceeded', httpStatus: 503 },
  s3: { code: 'SlowDown', httpStatus: 503 },
  sns: { code: 'Throttled' },
  resourcegroupstaggingapi: { code: 'ThrottledException' },
};

/**
 * The code each service answers a request its caller's IAM policy does not allow with (each service's API reference,
 * common errors): query-protocol RDS, CloudWatch, IAM, STS and Route 53 say AccessDenied, EC2 UnauthorizedOperation, SNS
 * AuthorizationError (KMSAccessDenied when the topic's key refuses), S3 AccessDenied; the JSON services
 * AccessDeniedException.
 */
const DENIED_CODES: Record<string, string> = {
  rds: 'AccessDenied',
  ec2: 'UnauthorizedOperation',
  sns: 'AuthorizationError',
  s3: 'AccessDenied',
  cloudwatch: 'AccessDenied',
  iam: 'AccessDenied',
  route53: 'AccessDenied',
  sts: 'AccessDenied',
};

export function accessDenied(service: string, message: string, options: { viaKms?: boolean } = {}): SimAwsError {
  const code = options.viaKms && service === 'sns' ? 'KMSAccessDenied' : (DENIED_CODES[service] ?? 'AccessDeniedException');
  return new SimAwsError(service, code, message, { httpStatus: 403 });
}

export function throttled(service: string): SimAwsError {
  const { code, httpStatus = 400 } = THROTTLING[service] ?? { code: 'ThrottlingException' };
  return new SimAwsError(service, code, 'Rate exceeded', { retryable: true, httpStatus });
}
