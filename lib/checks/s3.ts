// Data checks on a restored S3 bucket: enough objects, and the objects of the plan's manifest are there with the
// SHA-256 checksums the manifest gives. Listing and HeadObject only: no object body is ever read.
import { HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { isNotFound } from '../aws/classify-error';
import type { S3Validation } from '../plan/validation-schema';
import type { CheckResult } from './types';

/** HeadObject requests at once: a 1,000-object manifest takes about 60 round trips, far below S3's per-prefix rates. */
const HEAD_CONCURRENCY = 16;
/** Keys named in a reason before "and N more"; each shortened to KEY_CHARS. */
const NAMED_IN_REASON = 5;
const KEY_CHARS = 80;

type Manifest = NonNullable<S3Validation['objects']>;
type HeadOutcome =
  | { state: 'missing' }
  | { state: 'present'; checksumSHA256: string | undefined; checksumType: string | undefined };

export async function s3Checks(client: S3Client, bucket: string, v: S3Validation): Promise<{ checks: CheckResult[] }> {
  const checks: CheckResult[] = [];
  if (v.minObjects !== undefined) {
    const counted = await countObjects(client, bucket, v.minObjects);
    if (counted === 'no bucket') return { checks: allFailed(v, `the restored bucket ${bucket} does not exist`) };
    checks.push(minObjectsCheck(counted, v.minObjects));
  }
  const manifest = v.objects ?? [];
  if (manifest.length > 0) {
    const outcomes = await headAll(client, bucket, manifest);
    checks.push(presentCheck(manifest, outcomes));
    if (manifest.some((o) => o.sha256 !== undefined)) checks.push(checksumCheck(manifest, outcomes));
  }
  return { checks };
}

/** Pages until the minimum is reached: a bucket of millions of objects is not listed to prove it holds a thousand. */
async function countObjects(client: S3Client, bucket: string, minimum: number): Promise<{ count: number; more: boolean } | 'no bucket'> {
  let count = 0;
  let token: string | undefined;
  try {
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1000, ContinuationToken: token }));
      count += page.KeyCount ?? page.Contents?.length ?? 0;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token && count < minimum);
  } catch (error) {
    if (isNotFound(error)) return 'no bucket';
    throw error;
  }
  return { count, more: token !== undefined };
}

function minObjectsCheck(counted: { count: number; more: boolean }, minimum: number): CheckResult {
  const passed = counted.count >= minimum;
  return {
    name: 'minimum objects',
    passed,
    value: counted.count,
    expected: `>= ${minimum}`,
    reason: passed
      ? `${counted.count}${counted.more ? '+' : ''} objects in the restored bucket${counted.more ? ' (counting stopped at the minimum)' : ''}`
      : `${counted.count} objects in the restored bucket, fewer than ${minimum}`,
  };
}

async function headAll(client: S3Client, bucket: string, manifest: Manifest): Promise<HeadOutcome[]> {
  const outcomes: HeadOutcome[] = new Array(manifest.length);
  for (let start = 0; start < manifest.length; start += HEAD_CONCURRENCY) {
    const batch = manifest.slice(start, start + HEAD_CONCURRENCY);
    const results = await Promise.all(batch.map((object) => head(client, bucket, object.key)));
    results.forEach((outcome, i) => (outcomes[start + i] = outcome));
  }
  return outcomes;
}

async function head(client: S3Client, bucket: string, key: string): Promise<HeadOutcome> {
  try {
    // Without ChecksumMode S3 leaves the stored checksums out of the response.
    const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }));
    return { state: 'present', checksumSHA256: out.ChecksumSHA256, checksumType: out.ChecksumType };
  } catch (error) {
    if (isNotFound(error)) return { state: 'missing' };
    throw error;
  }
}

function presentCheck(manifest: Manifest, outcomes: HeadOutcome[]): CheckResult {
  const missing = manifest.flatMap((_, i) => (outcomes[i]?.state === 'missing' ? [entry(i)] : []));
  const present = manifest.length - missing.length;
  return {
    name: 'manifest objects present',
    passed: missing.length === 0,
    value: present,
    expected: `= ${manifest.length}`,
    reason:
      missing.length === 0
        ? `all ${manifest.length} objects of the manifest are in the restored bucket`
        : `${missing.length} of ${manifest.length} objects of the manifest missing: ${listSome(missing)}`,
  };
}

function checksumCheck(manifest: Manifest, outcomes: HeadOutcome[]): CheckResult {
  const withChecksum = manifest.flatMap((object, i) => (object.sha256 !== undefined ? [{ object, outcome: outcomes[i], label: entry(i) }] : []));
  const mismatched: string[] = [];
  const unstored: string[] = [];
  const composite: string[] = [];
  let missing = 0;
  let matched = 0;
  for (const { object, outcome, label } of withChecksum) {
    if (!outcome || outcome.state === 'missing') missing += 1;
    else if (outcome.checksumSHA256 === object.sha256) matched += 1;
    // A multipart object's checksum is a checksum of its parts' checksums: it cannot equal a whole-object SHA-256.
    else if (outcome.checksumType === 'COMPOSITE') composite.push(label);
    else if (outcome.checksumSHA256 === undefined) unstored.push(label);
    else mismatched.push(label);
  }
  const problems = [
    mismatched.length > 0 ? `${mismatched.length} differ: ${listSome(mismatched)}` : null,
    unstored.length > 0 ? `${unstored.length} stored without a SHA-256 checksum: ${listSome(unstored)}` : null,
    composite.length > 0 ? `${composite.length} with a composite (multipart) checksum, not comparable: ${listSome(composite)}` : null,
    missing > 0 ? `${missing} missing` : null,
  ].filter((p): p is string => p !== null);
  const total = withChecksum.length;
  return {
    name: 'manifest checksums match',
    passed: matched === total,
    value: matched,
    expected: `= ${total}`,
    reason: matched === total ? `all ${total} SHA-256 checksums match the manifest` : `${total - matched} of ${total} checksums do not match: ${problems.join('; ')}`,
  };
}

/**
 * Manifest entries are named by their place in the plan (objects[1]), never by key: object keys often carry patient
 * identifiers (letters/<NHS number>/...), and results travel to reports, logs and chat.
 */
const entry = (index: number) => `objects[${index}]`;

const shorten = (key: string) => (key.length > KEY_CHARS ? `${key.slice(0, KEY_CHARS - 1)}…` : key);

function listSome(keys: string[]): string {
  const shown = keys.slice(0, NAMED_IN_REASON).map(shorten).join(', ');
  return keys.length > NAMED_IN_REASON ? `${shown} and ${keys.length - NAMED_IN_REASON} more` : shown;
}

/** Every check the plan asks for, failed for one reason: the list of checks stays the same whatever went wrong. */
function allFailed(v: S3Validation, reason: string): CheckResult[] {
  const failed = (name: string, expected: string): CheckResult => ({ name, passed: false, value: null, expected, reason });
  const manifest = v.objects ?? [];
  const withChecksum = manifest.filter((o) => o.sha256 !== undefined).length;
  return [
    ...(v.minObjects !== undefined ? [failed('minimum objects', `>= ${v.minObjects}`)] : []),
    ...(manifest.length > 0 ? [failed('manifest objects present', `= ${manifest.length}`)] : []),
    ...(withChecksum > 0 ? [failed('manifest checksums match', `= ${withChecksum}`)] : []),
  ];
}
