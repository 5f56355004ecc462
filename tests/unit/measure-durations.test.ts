import { formatDuration, formatObjective, minutesBetween } from '../../lib/measure/durations';
import { ClockSkewError, InvalidTimestampError } from '../../lib/measure/errors';

describe('minutesBetween', () => {
  it('measures minutes to one decimal', () => {
    expect(minutesBetween('2025-03-04T02:42:00Z', '2025-03-04T03:09:00Z')).toBe(27);
    expect(minutesBetween('2025-03-04T02:00:40Z', '2025-03-04T02:41:10Z')).toBe(40.5);
    expect(minutesBetween('2025-03-04T02:00:00Z', '2025-03-04T02:00:04Z')).toBe(0.1);
  });

  it('reads timestamps with offsets as AWS returns them', () => {
    expect(minutesBetween('2025-03-04T03:00:00+01:00', '2025-03-04T02:30:00Z')).toBe(30);
  });

  it('refuses an end before its start, naming the interval', () => {
    const act = () => minutesBetween('2025-03-04T03:00:00Z', '2025-03-04T02:59:00Z', 'restore');
    expect(act).toThrow(ClockSkewError);
    expect(act).toThrow('restore: ends (2025-03-04T02:59:00Z) before it starts (2025-03-04T03:00:00Z)');
  });

  it('refuses a timestamp that does not parse instead of returning NaN', () => {
    expect(() => minutesBetween('yesterday', '2025-03-04T02:59:00Z', 'copy')).toThrow(InvalidTimestampError);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [0.75, '45 s'],
    [0.995, '1 min'],
    [27, '27 min'],
    [27.4, '27 min'],
    [59.7, '60 min'],
    [60.6, '1 h 01 min'],
    [65, '1 h 05 min'],
    [6 * 60, '6 h'],
    [23 * 60 + 59.6, '24 h'],
    [24 * 60 + 29, '24 h 29 min'],
    [24 * 60 + 30, '1 d 1 h'],
    [51 * 60, '2 d 3 h'],
    [48 * 60 + 20, '2 d'],
  ])('shows %d minutes as "%s"', (minutes, expected) => {
    expect(formatDuration(minutes)).toBe(expected);
  });

  it('refuses negative and non-finite durations', () => {
    expect(() => formatDuration(-1)).toThrow(RangeError);
    expect(() => formatDuration(Number.NaN)).toThrow(RangeError);
  });
});

describe('formatObjective', () => {
  it('puts the measurement next to its objective, in the units objectives are written in', () => {
    expect(formatObjective('RTO', 27, 60)).toBe('RTO 27 min vs objective 60 min');
    expect(formatObjective('RPO', 360, 24 * 60)).toBe('RPO 6 h vs objective 24 h');
  });

  it('says when nothing was measured', () => {
    expect(formatObjective('RTO', null, 60)).toBe('RTO not measured vs objective 60 min');
  });
});
