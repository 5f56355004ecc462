import { formatSeconds } from '../../lib/measure/seconds';

describe('formatSeconds', () => {
  it.each([
    [0, '0 s'],
    [0.84, '0.8 s'],
    [9.96, '10 s'],
    [84.4, '84 s'],
    [120, '120 s'],
    [185, '185 s'],
    [300.4, '300 s'],
    [425, '7 min 05 s'],
    [3600, '60 min'],
    [5400, '1 h 30 min'],
  ])('%p s reads %p', (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text);
  });

  it('refuses what is not a duration', () => {
    expect(() => formatSeconds(-1)).toThrow(RangeError);
    expect(() => formatSeconds(Number.NaN)).toThrow(RangeError);
  });
});
