// Decides which AWS SDK errors are transient. Everything else propagates with its own name, so a state
// machine never retries an access denial or a missing resource.
import { TransientAwsError } from '../errors';

const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ServiceUnavailableException',
  'ServiceUnavailable',
  'InternalServerError',
  'InternalFailure',
  'InternalServiceException',
  'InternalErrorException',
  'SlowDown',
  'TimeoutError',
  'RequestTimeout',
]);

interface SdkLikeError {
  name?: string;
  message?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

export function isTransientAwsError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as SdkLikeError;
  if (e.name && TRANSIENT_NAMES.has(e.name)) return true;
  if (e.$retryable) return true;
  const status = e.$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 500;
}

/** Rethrows a transient SDK error as TransientAwsError (keeping the original as cause); others unchanged. */
export function rethrowClassified(error: unknown): never {
  if (isTransientAwsError(error)) {
    const e = error as SdkLikeError;
    throw new TransientAwsError(`${e.name ?? 'Error'}: ${e.message ?? ''}`.trim(), { cause: error });
  }
  throw error;
}

export function isNotFound(error: unknown): boolean {
  const name = (error as SdkLikeError | null)?.name ?? '';
  return /NotFound|NoSuchBucket|NoSuchEntity/.test(name) || (error as SdkLikeError | null)?.$metadata?.httpStatusCode === 404;
}
