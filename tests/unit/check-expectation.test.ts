import { checkExpectation, numericValue, shownValue } from '../../lib/checks/expectation';

describe('checkExpectation: numeric comparisons', () => {
  it.each([
    ['>= 1000', 1200, true, 'value 1200 is >= 1000'],
    ['>= 1000', 1000, true, 'value 1000 is >= 1000'],
    ['>= 1000', 812, false, 'value 812 is not >= 1000'],
    ['<= 86400', 86401, false, 'value 86401 is not <= 86400'],
    ['= 0', 0, true, 'value 0 is = 0'],
    ['= 0', 3, false, 'value 3 is not = 0'],
    ['!= 0', 3, true, 'value 3 is != 0'],
    ['!= 0', 0, false, 'value 0 is not != 0'],
    ['> 1.5', 1.6, true, 'value 1.6 is > 1.5'],
    ['> 1.5', 1.5, false, 'value 1.5 is not > 1.5'],
    ['< 10', 9.99, true, 'value 9.99 is < 10'],
    ['< -1', -2, true, 'value -2 is < -1'],
    ['>=1000', 1000, true, 'value 1000 is >= 1000'],
  ])('%s with %p passes: %p', (expectation, value, passed, reason) => {
    expect(checkExpectation(expectation, value)).toEqual({ passed, shown: value, reason });
  });

  it('reads the numeric strings pg returns for bigint and numeric, and shows them as numbers', () => {
    expect(checkExpectation('>= 1000', '812')).toEqual({ passed: false, shown: 812, reason: 'value 812 is not >= 1000' });
    expect(checkExpectation('<= 86400', '120.250000')).toEqual({ passed: true, shown: 120.25, reason: 'value 120.25 is <= 86400' });
  });

  it('reads bigints', () => {
    expect(checkExpectation('> 5', 6n)).toEqual({ passed: true, shown: 6, reason: 'value 6 is > 5' });
  });

  it('fails text against a comparison, saying it is not a number and never showing the text', () => {
    const verdict = checkExpectation('>= 1', 'Test Patient 0001');

    expect(verdict).toEqual({ passed: false, shown: '(text)', reason: 'value is text, not a number' });
  });

  it('fails null against a comparison (an empty table has no max(updated_at))', () => {
    expect(checkExpectation('<= 86400', null)).toEqual({ passed: false, shown: null, reason: 'value is null, not a number' });
  });

  it('fails a timestamp against a comparison and says to return an age in seconds', () => {
    const verdict = checkExpectation('<= 86400', new Date('2025-03-04T02:00:00Z'));

    expect(verdict).toEqual({ passed: false, shown: '(text)', reason: 'value is a timestamp, not a number: return an age in seconds instead' });
  });

  it('fails a boolean against a comparison', () => {
    expect(checkExpectation('= 1', true)).toEqual({ passed: false, shown: true, reason: 'value true is a boolean, not a number' });
  });

  it('fails NaN against a comparison', () => {
    expect(checkExpectation('> 0', Number.NaN).passed).toBe(false);
  });
});

describe('checkExpectation: null and not null', () => {
  it('passes "not null" for any value, without showing text', () => {
    expect(checkExpectation('not null', 'Test Patient 0001')).toEqual({ passed: true, shown: '(text)', reason: 'value is not null' });
    expect(checkExpectation('not null', new Date())).toEqual({ passed: true, shown: '(text)', reason: 'value is not null' });
    expect(checkExpectation('not null', 0)).toEqual({ passed: true, shown: 0, reason: 'value is not null' });
  });

  it('fails "not null" for null', () => {
    expect(checkExpectation('not null', null)).toEqual({ passed: false, shown: null, reason: 'value is null' });
  });

  it('passes "null" only for null', () => {
    expect(checkExpectation('null', null)).toEqual({ passed: true, shown: null, reason: 'value is null' });
    expect(checkExpectation('null', 'x')).toEqual({ passed: false, shown: '(text)', reason: 'value is not null' });
  });
});

describe('checkExpectation: equals <text>', () => {
  it('compares the value as text', () => {
    expect(checkExpectation('equals ok', 'ok')).toEqual({ passed: true, shown: '(text)', reason: 'value equals "ok"' });
    expect(checkExpectation('equals 42', '42')).toEqual({ passed: true, shown: 42, reason: 'value equals "42"' });
    expect(checkExpectation('equals true', true)).toEqual({ passed: true, shown: true, reason: 'value equals "true"' });
    expect(checkExpectation('equals 2025-03-04T02:00:00.000Z', new Date('2025-03-04T02:00:00Z')).passed).toBe(true);
  });

  it('keeps spaces inside the expected text', () => {
    expect(checkExpectation('equals schema version 7', 'schema version 7').passed).toBe(true);
  });

  it('says the value differs without saying what it is', () => {
    expect(checkExpectation('equals ok', 'Test Patient 0001')).toEqual({ passed: false, shown: '(text)', reason: 'value does not equal "ok"' });
  });

  it('fails null', () => {
    expect(checkExpectation('equals ok', null)).toEqual({ passed: false, shown: null, reason: 'value is null, not "ok"' });
  });
});

describe('checkExpectation: outside the grammar', () => {
  it('fails an expectation the plan schema would have refused, naming it', () => {
    const verdict = checkExpectation('about 1000', 1000);

    expect(verdict.passed).toBe(false);
    expect(verdict.reason).toMatch(/^unknown expectation "about 1000"/);
  });
});

describe('numericValue and shownValue', () => {
  it('treats numbers, bigints and numeric strings as numbers, and nothing else', () => {
    expect([1, 2n, '3', ' 4.5 ', '-6', '1e3'].map(numericValue)).toEqual([1, 2, 3, 4.5, -6, 1000]);
    expect(['', 'abc', '12abc', 'NaN', 'Infinity', true, null, undefined, new Date(0), {}].map(numericValue)).toEqual(Array(10).fill(null));
  });

  it('shows numbers, booleans and null, and anything else only as "(text)"', () => {
    expect([7, '7', false, null, undefined, 'Test Patient 0001', Buffer.from('x'), [1], { a: 1 }].map(shownValue)).toEqual([
      7,
      7,
      false,
      null,
      null,
      '(text)',
      '(text)',
      '(text)',
      '(text)',
    ]);
  });
});
