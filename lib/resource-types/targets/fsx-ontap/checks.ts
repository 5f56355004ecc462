// FSx for NetApp ONTAP: the restored volume is CREATED (or AVAILABLE) and, when the plan asks, large enough and
// holding enough data.
//
// What the drill can see of the volume without mounting it: its configured size (DescribeVolumes
// OntapConfiguration.SizeInMegabytes, Amazon FSx API Reference) and CloudWatch's per-volume storage metrics: "Volume
// metrics are per-volume performance and storage metrics that take two dimensions, FileSystemId and VolumeId" (FSx
// for ONTAP User Guide, "Volume metrics", https://docs.aws.amazon.com/fsx/latest/ONTAPGuide/volume-metrics.html). The
// used-storage metric read is StorageUsed (bytes) with exactly those two dimensions: CloudWatch answers nothing for
// any other set. The metric's name is from that page's table as public code uses it, not read in the page body here;
// if AWS names it otherwise, the check fails saying CloudWatch had no datapoint, never passes. A restored volume's data
// is lazy-loaded ("Restore an FSx file system", AWS Backup Developer Guide), and its first datapoints come minutes
// after it is created: no datapoint is a failed check that says so.
//
// Not done: that a named file is on the volume. No AWS API lists an ONTAP volume's files; the ONTAP REST API does
// (GET https://<management endpoint>/api/storage/volumes/{Volume.OntapConfiguration.UUID}/files/{path}, NetApp ONTAP
// REST API "Retrieve files and directories"), as fsxadmin (HTTP Basic; the password is the file system's
// FsxAdminPassword, which DescribeFileSystems always redacts, so it would have to be a Secrets Manager secret in the
// plan's region), from a Lambda in the file system's VPC with TCP 443 to its management endpoint
// (FileSystem.OntapConfiguration.Endpoints.Management), trusting ONTAP's self-signed cluster certificate by a pinned
// copy the operator provides. Until a plan can name those, the drill checks size and used storage only.
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DescribeStorageVirtualMachinesCommand, DescribeVolumesCommand, FSxClient, type Volume } from '@aws-sdk/client-fsx';
import { checkOf, fail, pass } from '../../../dry-run/check';
import type { AwsClients } from '../../../aws/clients';
import type { CheckResult } from '../../../drill/contracts';
import { FSX_VOLUME } from '../../fsx-volume';
import { check, idFromArn, NO_DATA_CHECKS, orMissing, readinessAndDataChecks } from '../check-helpers';
import { newestFsxMetric, usedStorageCheck } from '../fsx/checks';
import type { TargetChecks, TargetOf } from '../target-checks';
import type { FsxOntapValidation } from './definition';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
/** How far back the used-storage check looks for StorageUsed datapoints. */
export const STORAGE_USED_LOOKBACK_MS = 30 * 60 * 1000;

async function describe(clients: AwsClients, region: string, restoredResourceArn: string): Promise<Volume | undefined> {
  const out = await orMissing(clients.get('fsx', region).send(new DescribeVolumesCommand({ VolumeIds: [idFromArn(restoredResourceArn)] })));
  return out?.Volumes?.[0];
}

// CREATED is what an ONTAP volume reports once made; AVAILABLE ("fully available for use") passes too
// (lib/resource-types/fsx-volume.ts).
const READY = new Set([FSX_VOLUME.readyState, 'AVAILABLE']);

/** CREATED or AVAILABLE passes; any other lifecycle fails with FSx's own reason when it gives one. */
export function volumeLifecycleCheck(volume: Volume | undefined): CheckResult {
  const wanted = `${FSX_VOLUME.readyState} or AVAILABLE`;
  const state = volume?.Lifecycle;
  if (state && READY.has(state)) return check('volume created', true, state, wanted, `restored volume is ${state}`);
  const why = volume?.LifecycleTransitionReason?.Message;
  return check('volume created', false, state ?? null, wanted, `restored volume is ${state ?? 'missing'}, not ${wanted}${why ? `: ${why}` : ''}`);
}

function sizeCheck(volume: Volume | undefined, min: number): CheckResult {
  const mib = volume?.OntapConfiguration?.SizeInMegabytes;
  const expected = `>= ${min} GiB`;
  if (mib === undefined) return check('volume size', false, null, expected, 'the restored volume reports no size');
  const gib = Math.floor(((mib * MiB) / GiB) * 100) / 100;
  const passed = mib * MiB >= min * GiB;
  return check('volume size', passed, gib, expected, `the restored volume is ${gib} GiB${passed ? '' : `, less than ${min} GiB`}`);
}

async function usedCheck(clients: AwsClients, region: string, volume: Volume, min: number, now: Date): Promise<CheckResult> {
  const used = await newestFsxMetric(clients, region, now, STORAGE_USED_LOOKBACK_MS, 'StorageUsed', [
    { Name: 'FileSystemId', Value: volume.FileSystemId },
    { Name: 'VolumeId', Value: volume.VolumeId },
  ]);
  const noData = `CloudWatch has no StorageUsed for ${volume.VolumeId} in the last ${STORAGE_USED_LOOKBACK_MS / 60_000} minutes`;
  return usedStorageCheck(used, min, 'volume', 'CloudWatch StorageUsed', noData);
}

async function dataChecksOf(clients: AwsClients, region: string, volume: Volume | undefined, v: FsxOntapValidation, now: Date): Promise<CheckResult[]> {
  const checks: CheckResult[] = [];
  if (v.minSizeGiB !== undefined) checks.push(sizeCheck(volume, v.minSizeGiB));
  if (v.minUsedGiB !== undefined) {
    checks.push(volume ? await usedCheck(clients, region, volume, v.minUsedGiB, now) : check('used storage', false, null, `>= ${v.minUsedGiB} GiB`, 'the restored volume is missing'));
  }
  return checks;
}

export const FSX_ONTAP_CHECKS: TargetChecks<TargetOf<'fsx-ontap'>> = {
  clients: { fsx: FSxClient, cloudwatch: CloudWatchClient },
  async readiness({ restoredResourceArn, region, clients }) {
    return [volumeLifecycleCheck(await describe(clients, region, restoredResourceArn))];
  },
  async dataChecks({ target, restoredResourceArn, region, clients, now }) {
    if (!target.validation) return NO_DATA_CHECKS;
    const volume = await describe(clients, region, restoredResourceArn);
    return { checks: await dataChecksOf(clients, region, volume, target.validation, now), dataAgeSeconds: null };
  },
  // The storage virtual machine the volume would be restored into exists in the region and is CREATED
  // (DescribeStorageVirtualMachines Lifecycle, Amazon FSx API Reference; StorageVirtualMachineNotFound when it is not
  // there). Its network is the SVM's file system's, set up by the operator: not judged here.
  async dryRunChecks(reads, _drill, target) {
    const id = target.restore.storageVirtualMachineId;
    const read = await reads.inDrRegion(id, 'storage virtual machine', async (clients, region) => {
      const out = await clients.get('fsx', region).send(new DescribeStorageVirtualMachinesCommand({ StorageVirtualMachineIds: [id] }));
      return out.StorageVirtualMachines?.[0];
    });
    return [
      checkOf(
        'storage virtual machine',
        read,
        (svm) => (svm?.Lifecycle === 'CREATED' ? pass(`${id} is CREATED (file system ${svm.FileSystemId ?? '?'})`) : fail(`${id} is ${svm?.Lifecycle ?? 'not listed'}, not CREATED`)),
        `${id} does not exist in the region: the volume needs an existing storage virtual machine to be restored into`,
      ),
    ];
  },
  restoreTestingChecks: (input) => readinessAndDataChecks(FSX_ONTAP_CHECKS, input),
};
