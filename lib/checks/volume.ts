// Size checks for a restored EBS volume or EFS file system: the restore produced something at least as large as the
// plan expects. Only the size AWS reports goes into a result; nothing is read from the volume itself.
import type { VolumeValidation } from '../plan/validation-schema';
import type { CheckResult } from './types';

export const BYTES_PER_GIB = 1024 ** 3;

/**
 * Takes bytes because that is what EFS reports (`FileSystemSize.Value`); EBS reports whole GiB (`Volume.Size`), so its
 * call site multiplies by BYTES_PER_GIB. One unit in here keeps the comparison and its wording in one place.
 */
export function sizeChecks(kind: 'volume' | 'file system', sizeBytes: number | undefined, v: VolumeValidation): CheckResult[] {
  if (v.minSizeGiB === undefined) return [];
  const name = `${kind} size`;
  const expected = `>= ${v.minSizeGiB} GiB`;
  if (sizeBytes === undefined) {
    return [{ name, passed: false, value: null, expected, reason: `the restored ${kind} reports no size` }];
  }
  // Rounded down so that a size just under the minimum never reads as equal to it.
  const gib = Math.floor((sizeBytes / BYTES_PER_GIB) * 100) / 100;
  const passed = sizeBytes >= v.minSizeGiB * BYTES_PER_GIB;
  const reason = passed
    ? `the restored ${kind} is ${gib} GiB`
    : `the restored ${kind} is ${gib} GiB, less than ${v.minSizeGiB} GiB${kind === 'file system' ? METERING_NOTE : ''}`;
  return [{ name, passed, value: gib, expected, reason }];
}

// EFS documents its size as metered and only eventually consistent: a file system written minutes ago (as a restore
// just did) can report less than it holds.
const METERING_NOTE = ' (EFS reports a metered size that can trail recent writes by a couple of hours)';
