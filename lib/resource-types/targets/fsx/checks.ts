// FSx for Windows: the restored file system is AVAILABLE and, when the plan asks, large enough and holding enough data.
//
// What the drill can see of the share without joining it: its storage capacity (DescribeFileSystems StorageCapacity,
// "in gibibytes (GiB)", Amazon FSx API Reference) and CloudWatch's AWS/FSx FreeStorageCapacity (bytes, dimension
// FileSystemId; "Monitoring with Amazon CloudWatch", Amazon FSx for Windows File Server User Guide), so used storage
// is capacity less free. A restored file system's data is lazy-loaded ("Restore an FSx file system", AWS Backup
// Developer Guide) and its first datapoints come some minutes after it is available: no datapoint is a failed check
// that says so, not a pass.
//
// Not done: that a named file is on the share. No AWS API lists an FSx for Windows share's files; it takes an SMB
// client in the DR VPC (TCP 445 to the file system), DNS through the directory to reach it by name, and an AD user's
// credentials from Secrets Manager. The npm SMB2 clients are small community projects speaking SMB2 with NTLMv2 only
// (no Kerberos, no SMB3 encryption, so a share that requires encryption refuses them), and nothing here can test them
// against a real file server. Until then the drill checks size and used storage only.
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeFileSystemsCommand, FSxClient, type FileSystem } from '@aws-sdk/client-fsx';
import type { AwsClients } from '../../../aws/clients';
import type { CheckResult } from '../../../drill/contracts';
import { FSX_FILE_SYSTEM } from '../../fsx-file-system';
import { check, idFromArn, NO_DATA_CHECKS, orMissing, readinessAndDataChecks } from '../check-helpers';
import { subnetChecks } from '../network-checks';
import type { TargetChecks, TargetOf } from '../target-checks';
import type { FsxValidation } from './definition';

const GiB = 1024 ** 3;
/** How far back the used-storage check looks for FreeStorageCapacity datapoints (FSx publishes them every minute). */
export const FREE_STORAGE_LOOKBACK_MS = 30 * 60 * 1000;

async function describe(clients: AwsClients, region: string, restoredResourceArn: string): Promise<FileSystem | undefined> {
  const out = await orMissing(clients.get('fsx', region).send(new DescribeFileSystemsCommand({ FileSystemIds: [idFromArn(restoredResourceArn)] })));
  return out?.FileSystems?.[0];
}

/** AVAILABLE passes; any other lifecycle fails with FSx's own reason when it gives one (FailureDetails.Message). */
export function lifecycleCheck(fs: FileSystem | undefined): CheckResult {
  const wanted = FSX_FILE_SYSTEM.readyState;
  const state = fs?.Lifecycle;
  if (state === wanted) return check('file system available', true, state, wanted, `restored file system is ${wanted}`);
  const why = fs?.FailureDetails?.Message;
  return check(
    'file system available',
    false,
    state ?? null,
    wanted,
    `restored file system is ${state ?? 'missing'}, not ${wanted}${why ? `: ${why}` : ''}`,
  );
}

function capacityCheck(fs: FileSystem | undefined, min: number): CheckResult {
  const capacity = fs?.StorageCapacity;
  const expected = `>= ${min} GiB`;
  if (capacity === undefined) return check('storage capacity', false, null, expected, 'the restored file system reports no storage capacity');
  const passed = capacity >= min;
  return check('storage capacity', passed, capacity, expected, `the restored file system has ${capacity} GiB${passed ? '' : `, less than ${min} GiB`}`);
}

/** The newest value, whatever order CloudWatch returned them in. */
function newest(timestamps: readonly Date[], values: readonly number[]): number | undefined {
  let best: { at: number; value: number } | undefined;
  timestamps.forEach((t, i) => {
    const value = values[i];
    if (value === undefined || !Number.isFinite(value)) return;
    const at = new Date(t).getTime();
    if (!best || at > best.at) best = { at, value };
  });
  return best?.value;
}

/**
 * The newest value of an AWS/FSx metric over the last `lookbackMs`, or undefined when CloudWatch has none. Asked with
 * exactly the dimension set FSx publishes it with: CloudWatch answers nothing for any other.
 */
export async function newestFsxMetric(
  clients: AwsClients,
  region: string,
  now: Date,
  lookbackMs: number,
  metricName: string,
  dimensions: { Name: string; Value: string | undefined }[],
): Promise<number | undefined> {
  const out = await clients.get('cloudwatch', region).send(
    new GetMetricDataCommand({
      StartTime: new Date(now.getTime() - lookbackMs),
      EndTime: now,
      ScanBy: 'TimestampDescending',
      MetricDataQueries: [{ Id: 'fsxMetric', MetricStat: { Metric: { Namespace: 'AWS/FSx', MetricName: metricName, Dimensions: dimensions }, Period: 60, Stat: 'Average' }, ReturnData: true }],
    }),
  );
  const result = out.MetricDataResults?.find((r) => r.Id === 'fsxMetric');
  return newest(result?.Timestamps ?? [], result?.Values ?? []);
}

/**
 * The used-storage check both FSx types make, on bytes used as CloudWatch tells it (`source` says how), or on none
 * (`noData` says which metric had no datapoint): at least `min` GiB passes.
 */
export function usedStorageCheck(usedBytes: number | undefined, min: number, what: string, source: string, noData: string): CheckResult {
  const expected = `>= ${min} GiB`;
  if (usedBytes === undefined) return check('used storage', false, null, expected, noData);
  // Rounded down so that just under the minimum never reads as equal to it.
  const gib = Math.floor((usedBytes / GiB) * 100) / 100;
  const passed = usedBytes >= min * GiB;
  return check('used storage', passed, gib, expected, `the restored ${what} holds ${gib} GiB${passed ? '' : `, less than ${min} GiB`} (${source})`);
}

async function usedCheck(clients: AwsClients, region: string, fs: FileSystem, min: number, now: Date): Promise<CheckResult> {
  const free = await newestFsxMetric(clients, region, now, FREE_STORAGE_LOOKBACK_MS, 'FreeStorageCapacity', [{ Name: 'FileSystemId', Value: fs.FileSystemId }]);
  const used = free === undefined || fs.StorageCapacity === undefined ? undefined : Math.max(0, fs.StorageCapacity * GiB - free);
  const noData = `CloudWatch has no FreeStorageCapacity for ${fs.FileSystemId} in the last ${FREE_STORAGE_LOOKBACK_MS / 60_000} minutes`;
  return usedStorageCheck(used, min, 'share', 'capacity less CloudWatch FreeStorageCapacity', noData);
}

async function dataChecksOf(clients: AwsClients, region: string, fs: FileSystem | undefined, v: FsxValidation, now: Date): Promise<CheckResult[]> {
  const checks: CheckResult[] = [];
  if (v.minStorageCapacityGiB !== undefined) checks.push(capacityCheck(fs, v.minStorageCapacityGiB));
  if (v.minUsedGiB !== undefined) {
    checks.push(fs ? await usedCheck(clients, region, fs, v.minUsedGiB, now) : check('used storage', false, null, `>= ${v.minUsedGiB} GiB`, 'the restored file system is missing'));
  }
  return checks;
}

export const FSX_CHECKS: TargetChecks<TargetOf<'fsx'>> = {
  clients: { fsx: FSxClient, cloudwatch: CloudWatchClient },
  async readiness({ restoredResourceArn, region, clients }) {
    return [lifecycleCheck(await describe(clients, region, restoredResourceArn))];
  },
  async dataChecks({ target, restoredResourceArn, region, clients, now }) {
    if (!target.validation) return NO_DATA_CHECKS;
    const fs = await describe(clients, region, restoredResourceArn);
    return { checks: await dataChecksOf(clients, region, fs, target.validation, now), dataAgeSeconds: null };
  },
  // Each subnet must be isolated (no public IPs); the security groups are checked once, against the first subnet's VPC.
  async dryRunChecks(reads, drill, target) {
    const { subnetIds, securityGroupIds } = target.restore;
    const [first, ...more] = await Promise.all(subnetIds.map((subnetId) => subnetChecks(reads, drill, { subnetId, securityGroupIds })));
    return [...first!, ...more.map((checks) => checks[0]!)];
  },
  restoreTestingChecks: (input) => readinessAndDataChecks(FSX_CHECKS, input),
};
