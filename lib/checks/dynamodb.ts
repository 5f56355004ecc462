// Data checks on a restored DynamoDB table: enough items, the items the plan names are there, and the newest of them
// is recent enough. GetItem asks only for the key attributes (and the freshness attribute); what comes back is
// reduced to "present or not" and one age in seconds before it leaves this file.
import { DescribeTableCommand, GetItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { isNotFound } from '../aws/classify-error';
import type { DynamodbValidation } from '../plan/validation-schema';
import type { CheckResult } from './types';

export interface DynamodbChecksOutcome {
  checks: CheckResult[];
  /** Age of the newest freshness value among the named items, in seconds; null when it could not be measured. */
  dataAgeSeconds: number | null;
}

/** Keys read at once: enough to finish 100 keys in a few round trips without bursting a small on-demand table. */
const GET_CONCURRENCY = 10;
/** Missing keys named in a reason before "and N more". */
const NAMED_IN_REASON = 5;
/** A newest value this far ahead of the clock is not skew but a wrong unit (epoch milliseconds). */
const FUTURE_TOLERANCE_SECONDS = 300;

type KeyOutcome = { state: 'found'; freshness: AttributeValue | undefined } | { state: 'missing' } | { state: 'refused' };

export async function dynamodbChecks(client: DynamoDBClient, tableName: string, v: DynamodbValidation, now: Date): Promise<DynamodbChecksOutcome> {
  let itemCount: number | undefined;
  try {
    itemCount = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table?.ItemCount;
  } catch (error) {
    if (!isNotFound(error)) throw error;
    return { checks: allFailed(v, `the restored table ${tableName} does not exist`), dataAgeSeconds: null };
  }

  const checks: CheckResult[] = [];
  if (v.minItems !== undefined) checks.push(minItemsCheck(itemCount, v.minItems));

  const keys = v.keys ?? [];
  const outcomes = keys.length > 0 ? await getKeys(client, tableName, keys, v.freshness?.attribute) : [];
  if (keys.length > 0) checks.push(keysCheck(keys, outcomes));

  let dataAgeSeconds: number | null = null;
  if (v.freshness) {
    const freshness = freshnessCheck(v.freshness, keys.length, outcomes, now);
    checks.push(freshness.check);
    dataAgeSeconds = freshness.ageSeconds;
  }
  return { checks, dataAgeSeconds };
}

function minItemsCheck(itemCount: number | undefined, minItems: number): CheckResult {
  const expected = `>= ${minItems}`;
  if (itemCount === undefined) {
    return { name: 'minimum items', passed: false, value: null, expected, reason: 'DynamoDB reports no item count for the restored table' };
  }
  const passed = itemCount >= minItems;
  return {
    name: 'minimum items',
    passed,
    value: itemCount,
    expected,
    reason: passed
      ? `DynamoDB reports ${itemCount} items (ItemCount, refreshed about every 6 hours)`
      : `DynamoDB reports ${itemCount} items, fewer than ${minItems}; ItemCount is refreshed about every 6 hours, so recent writes may not be counted yet`,
  };
}

async function getKeys(
  client: DynamoDBClient,
  tableName: string,
  keys: Record<string, string | number>[],
  freshnessAttribute: string | undefined,
): Promise<KeyOutcome[]> {
  const outcomes: KeyOutcome[] = new Array(keys.length);
  for (let start = 0; start < keys.length; start += GET_CONCURRENCY) {
    const batch = keys.slice(start, start + GET_CONCURRENCY);
    const results = await Promise.all(batch.map((key) => getKey(client, tableName, key, freshnessAttribute)));
    results.forEach((outcome, i) => (outcomes[start + i] = outcome));
  }
  return outcomes;
}

async function getKey(client: DynamoDBClient, tableName: string, key: Record<string, string | number>, freshnessAttribute: string | undefined): Promise<KeyOutcome> {
  // Placeholders for every name: attribute names may be reserved words ("date", "status") or contain dots.
  const wanted = [...new Set([...Object.keys(key), ...(freshnessAttribute ? [freshnessAttribute] : [])])];
  const placeholders = Object.fromEntries(wanted.map((attr, i) => [`#a${i}`, attr]));
  try {
    const out = await client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: marshall(key),
        ProjectionExpression: Object.keys(placeholders).join(', '),
        ExpressionAttributeNames: placeholders,
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return { state: 'missing' };
    return { state: 'found', freshness: freshnessAttribute ? out.Item[freshnessAttribute] : undefined };
  } catch (error) {
    // A key that does not match the table's key schema is a mistake in the plan, shown as a failed check.
    if ((error as { name?: string }).name === 'ValidationException') return { state: 'refused' };
    throw error;
  }
}

/**
 * Keys are named by their place in the plan and their attribute names, never by their values: key values are often
 * the identifiers of people (an NHS number, an e-mail address), and check results travel further (reports, the
 * AWS Backup console, chat) than the plan does. `keys[2]` finds the entry in the plan just as well.
 */
const describeKey = (key: Record<string, string | number>, index: number) => `keys[${index}] (${Object.keys(key).join(', ')})`;

function keysCheck(keys: Record<string, string | number>[], outcomes: KeyOutcome[]): CheckResult {
  const found = outcomes.filter((o) => o.state === 'found').length;
  const missing = keys.flatMap((key, i) => (outcomes[i]?.state === 'missing' ? [describeKey(key, i)] : []));
  const refused = keys.flatMap((key, i) => (outcomes[i]?.state === 'refused' ? [describeKey(key, i)] : []));
  const passed = found === keys.length;
  const problems = [
    missing.length > 0 ? `${missing.length} of ${keys.length} keys missing: ${listSome(missing)}` : null,
    refused.length > 0 ? `${refused.length} not matching the table's key schema: ${listSome(refused)}` : null,
  ].filter((p): p is string => p !== null);
  return {
    name: 'keys present',
    passed,
    value: found,
    expected: `= ${keys.length}`,
    reason: passed ? `all ${keys.length} keys found` : problems.join('; '),
  };
}

function freshnessCheck(
  freshness: NonNullable<DynamodbValidation['freshness']>,
  keyCount: number,
  outcomes: KeyOutcome[],
  now: Date,
): { check: CheckResult; ageSeconds: number | null } {
  const { attribute, maxAgeSeconds } = freshness;
  const base = { name: 'data freshness', expected: `<= ${maxAgeSeconds}` };
  const fail = (reason: string) => ({ check: { ...base, passed: false, value: null, reason }, ageSeconds: null });
  if (keyCount === 0) return fail(`freshness reads ${attribute} from the items named by "keys", and the plan names none`);

  const found = outcomes.filter((o): o is Extract<KeyOutcome, { state: 'found' }> => o.state === 'found');
  if (found.length === 0) return fail(`none of the ${keyCount} named items was found, so ${attribute} could not be read`);
  const times = found.map((o) => epochSecondsOf(o.freshness)).filter((t): t is number => t !== null);
  if (times.length === 0) {
    return fail(`none of the ${found.length} items found has a usable ${attribute} (an ISO-8601 string or epoch seconds)`);
  }

  const age = Math.round(now.getTime() / 1000 - Math.max(...times));
  if (age < -FUTURE_TOLERANCE_SECONDS) {
    return fail(`the newest ${attribute} is ${-age} s in the future: epoch milliseconds where seconds were expected?`);
  }
  const ageSeconds = Math.max(0, age);
  const passed = ageSeconds <= maxAgeSeconds;
  const among = `among ${times.length} item${times.length === 1 ? '' : 's'}`;
  return {
    check: {
      ...base,
      passed,
      value: ageSeconds,
      reason: passed
        ? `the newest ${attribute} ${among} is ${ageSeconds} s old`
        : `the newest ${attribute} ${among} is ${ageSeconds} s old, more than ${maxAgeSeconds} s`,
    },
    ageSeconds,
  };
}

const ISO_8601 = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** An ISO-8601 string (a date or a time without an offset is read as UTC) or epoch seconds; anything else is null. */
function epochSecondsOf(value: AttributeValue | undefined): number | null {
  if (value?.N !== undefined) {
    const seconds = Number(value.N);
    return Number.isFinite(seconds) ? seconds : null;
  }
  const match = value?.S !== undefined ? ISO_8601.exec(value.S.trim()) : null;
  if (!match) return null;
  const [, date, time = '00:00', zone = 'Z'] = match;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(`${date}T${time}${offset}`);
  return Number.isNaN(ms) ? null : ms / 1000;
}

function listSome(names: string[]): string {
  const shown = names.slice(0, NAMED_IN_REASON).join(', ');
  return names.length > NAMED_IN_REASON ? `${shown} and ${names.length - NAMED_IN_REASON} more` : shown;
}

/** Every check the plan asks for, failed for one reason: the list of checks stays the same whatever went wrong. */
function allFailed(v: DynamodbValidation, reason: string): CheckResult[] {
  const failed = (name: string, expected: string): CheckResult => ({ name, passed: false, value: null, expected, reason });
  return [
    ...(v.minItems !== undefined ? [failed('minimum items', `>= ${v.minItems}`)] : []),
    ...(v.keys && v.keys.length > 0 ? [failed('keys present', `= ${v.keys.length}`)] : []),
    ...(v.freshness ? [failed('data freshness', `<= ${v.freshness.maxAgeSeconds}`)] : []),
  ];
}
