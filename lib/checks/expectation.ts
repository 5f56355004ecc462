// Compares what a check query returned with the plan's expectation (the grammar of EXPECTATION_PATTERN).
// Reasons and shown values carry numbers, booleans and nulls only: text read from the restored data is shown as
// "(text)", so a check result can never carry a patient's name or any other row value.

export type ShownValue = string | number | boolean | null;

export interface ExpectationVerdict {
  passed: boolean;
  /** What a report may show of the value: numbers, booleans and null as they are, anything else as "(text)". */
  shown: ShownValue;
  reason: string;
}

const COMPARISON = /^(>=|<=|!=|>|<|=)\s*(-?\d+(?:\.\d+)?)$/;
// Drivers hand numeric columns over as strings (pg: bigint, numeric; mysql2: DECIMAL, SUM()).
const NUMERIC_TEXT = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const TEXT = '(text)';

type Operator = '>=' | '<=' | '!=' | '>' | '<' | '=';
const COMPARE: Record<Operator, (a: number, b: number) => boolean> = {
  '>=': (a, b) => a >= b,
  '<=': (a, b) => a <= b,
  '!=': (a, b) => a !== b,
  '>': (a, b) => a > b,
  '<': (a, b) => a < b,
  '=': (a, b) => a === b,
};

/** The value as a number when it is one: a JS number, a bigint or a numeric string; otherwise null. */
export function numericValue(value: unknown): number | null {
  if (typeof value === 'number') return Number.isNaN(value) ? null : value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && NUMERIC_TEXT.test(value)) return Number(value);
  return null;
}

/** What a check result may show of a value (see the file comment). */
export function shownValue(value: unknown): ShownValue {
  const number = numericValue(value);
  if (number !== null) return number;
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value;
  return TEXT;
}

export function checkExpectation(expect: string, value: unknown): ExpectationVerdict {
  const shown = shownValue(value);
  const expectation = expect.trim();
  const verdict = (passed: boolean, reason: string): ExpectationVerdict => ({ passed, shown, reason });

  const comparison = COMPARISON.exec(expectation);
  if (comparison) {
    const operator = comparison[1] as Operator;
    const limit = Number(comparison[2]);
    const number = numericValue(value);
    if (number === null) return verdict(false, notANumber(value));
    return COMPARE[operator](number, limit)
      ? verdict(true, `value ${number} is ${operator} ${limit}`)
      : verdict(false, `value ${number} is not ${operator} ${limit}`);
  }
  const isNull = value === null || value === undefined;
  if (expectation === 'not null') return verdict(!isNull, isNull ? 'value is null' : 'value is not null');
  if (expectation === 'null') return verdict(isNull, isNull ? 'value is null' : 'value is not null');
  if (expectation.startsWith('equals ')) {
    const wanted = expectation.slice('equals '.length);
    if (isNull) return verdict(false, `value is null, not "${wanted}"`);
    return textOf(value) === wanted ? verdict(true, `value equals "${wanted}"`) : verdict(false, `value does not equal "${wanted}"`);
  }
  return verdict(false, `unknown expectation "${expect}": use a comparison such as ">= 1000", "not null", "null" or "equals <text>"`);
}

// Says what kind of value it is without saying what it is: the value may be row data.
function notANumber(value: unknown): string {
  if (value === null || value === undefined) return 'value is null, not a number';
  if (typeof value === 'boolean') return `value ${value} is a boolean, not a number`;
  if (value instanceof Date) return 'value is a timestamp, not a number: return an age in seconds instead';
  if (typeof value === 'string') return 'value is text, not a number';
  return 'value is not a number';
}

function textOf(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return String(value);
}
