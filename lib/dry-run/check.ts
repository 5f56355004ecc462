// One dry-run check from one settled read, said in one line. A name AWS does not know is the finding the dry run
// exists for; a read that failed for another reason (access denied, throttled past the SDK's retries) is a failed
// check too, because a dry run that could not look must not say the plan is fine.
import { isNotFound } from '../aws/classify-error';
import { ResidencyViolationError } from '../errors';
import type { DryRunCheck } from './contracts';
import type { Read } from './reads';

export interface Verdict {
  passed: boolean;
  detail: string;
}

/** `notFound` says what is missing; a function of the error when AWS's own message names it best. */
export function checkOf<T>(name: string, read: Read<T>, judge: (value: T) => Verdict, notFound: string | ((error: Error) => string)): DryRunCheck {
  if (read.ok) return { name, ...judge(read.value) };
  return { name, passed: false, detail: whyUnread(read.error, notFound) };
}

export function whyUnread(error: unknown, notFound: string | ((error: Error) => string)): string {
  const e = error as Error;
  // The guard threw before any client was built: nothing was asked in that region.
  if (error instanceof ResidencyViolationError) return `refused, nothing asked: ${e.message}`;
  if (isNotFound(error)) return typeof notFound === 'string' ? notFound : notFound(e);
  return `could not be checked: ${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`;
}

export const pass = (detail: string): Verdict => ({ passed: true, detail });
export const fail = (detail: string): Verdict => ({ passed: false, detail });
