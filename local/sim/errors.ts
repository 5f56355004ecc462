// Errors the simulated account throws, named as the AWS API names them.
import { findErrorShape, isSdkService } from './sdk-schema';
import { sfnErrorName } from './sfn-naming';

export class SimAwsError extends Error {
  /** The API's error code: ResourceNotFoundException, DBClusterNotFoundFault, DBInstanceNotFound, Throttling... */
  override readonly name: string;
  readonly service: string;
  readonly retryable: boolean;
  /** What the JavaScript SDK names it (the modelled shape, DBInstanceNotFoundFault), or the code when unmodelled. */
  readonly sdkName: string;
  /** The `Error` a Step Functions aws-sdk Task reports: Rds.DbInstanceNotFoundException. */
  readonly sfnName: string;
  readonly httpStatus: number;

  constructor(service: string, code: string, message: string, options: { retryable?: boolean; httpStatus?: number } = {}) {
    super(message);
    const shape = isSdkService(service) ? findErrorShape(service, code) : undefined;
    this.name = code;
    this.service = service;
    this.retryable = options.retryable ?? false;
    this.sdkName = shape?.shapeName ?? code;
    this.sfnName = sfnErrorName(service, this.sdkName);
    this.httpStatus = options.httpStatus ?? 400;
  }
}

export const notFound = (service: string, code: string, message: string): SimAwsError =>
  new SimAwsError(service, code, message, { httpStatus: 404 });

export const invalid = (service: string, code: string, message: string): SimAwsError =>
  new SimAwsError(service, code, message, { httpStatus: 400 });

/**
 * RDS (an awsQuery service) answers throttling with the code "Throttling", EC2 with RequestLimitExceeded, SNS with
 * "Throttled" and the Resource Groups Tagging API with ThrottledException (each as its SDK model declares); the other
 * JSON/REST services use ThrottlingException.
 */
const THROTTLING_CODES: Record<string, string> = {
  rds: 'Throttling',
  ec2: 'RequestLimitExceeded',
  sns: 'Throttled',
  resourcegroupstaggingapi: 'ThrottledException',
};

/**
 * The code each service answers a request its caller's IAM policy does not allow with (each service's API reference,
 * common errors): query-protocol RDS, CloudWatch, IAM and Route 53 say AccessDenied, EC2 UnauthorizedOperation, SNS
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
};

export function accessDenied(service: string, message: string, options: { viaKms?: boolean } = {}): SimAwsError {
  const code = options.viaKms && service === 'sns' ? 'KMSAccessDenied' : (DENIED_CODES[service] ?? 'AccessDeniedException');
  return new SimAwsError(service, code, message, { httpStatus: 403 });
}

export function throttled(service: string): SimAwsError {
  const code = THROTTLING_CODES[service] ?? 'ThrottlingException';
  return new SimAwsError(service, code, 'Rate exceeded', { retryable: true, httpStatus: service === 'ec2' ? 503 : 400 });
}
