import { BYTES_PER_GIB, sizeChecks } from '../../lib/checks/volume';

describe('sizeChecks', () => {
  it('passes a restored volume at least as large as the plan asks', () => {
    // EBS reports whole GiB: the call site converts 100 GiB to bytes.
    const checks = sizeChecks('volume', 100 * BYTES_PER_GIB, { minSizeGiB: 100 });

    expect(checks).toEqual([{ name: 'volume size', passed: true, value: 100, expected: '>= 100 GiB', reason: 'the restored volume is 100 GiB' }]);
  });

  it('fails a volume one byte short of the minimum, without rounding it up to look equal', () => {
    const checks = sizeChecks('volume', 10 * BYTES_PER_GIB - 1, { minSizeGiB: 10 });

    expect(checks).toEqual([
      { name: 'volume size', passed: false, value: 9.99, expected: '>= 10 GiB', reason: 'the restored volume is 9.99 GiB, less than 10 GiB' },
    ]);
  });

  it('explains that EFS meters its size late when a restored file system looks too small', () => {
    // A file system that has just been written reports the few KiB EFS had metered so far.
    const [check] = sizeChecks('file system', 6144, { minSizeGiB: 0.5 });

    expect(check).toMatchObject({ name: 'file system size', passed: false, value: 0, expected: '>= 0.5 GiB' });
    expect(check?.reason).toBe(
      'the restored file system is 0 GiB, less than 0.5 GiB (EFS reports a metered size that can trail recent writes by a couple of hours)',
    );
  });

  it('accepts a fractional minimum', () => {
    const [check] = sizeChecks('file system', 0.75 * BYTES_PER_GIB, { minSizeGiB: 0.5 });

    expect(check).toMatchObject({ passed: true, value: 0.75 });
  });

  it('fails when AWS reports no size at all', () => {
    expect(sizeChecks('file system', undefined, { minSizeGiB: 1 })).toEqual([
      { name: 'file system size', passed: false, value: null, expected: '>= 1 GiB', reason: 'the restored file system reports no size' },
    ]);
  });

  it('checks nothing when the plan sets no minimum', () => {
    expect(sizeChecks('volume', 8 * BYTES_PER_GIB, { timeoutSeconds: 60 })).toEqual([]);
  });
});
