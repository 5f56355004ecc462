// The FSx for NetApp ONTAP volume target through every function that knows resource types: the plan check (one
// region, from the source vault, or refused), the restore request (a new volume in the plan's SVM, named after the
// drill), the readiness and data checks of validation, the delete without a final backup, Check Cleanup. SDK calls
// are mocked.
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DeleteVolumeCommand, DescribeStorageVirtualMachinesCommand, DescribeVolumesCommand, FSxClient, StorageVirtualMachineNotFound, VolumeNotFound, type Volume } from '@aws-sdk/client-fsx';
import { checkCleanup } from '../../../functions/check-cleanup/check-cleanup';
import { prepareRestore } from '../../../functions/prepare-restore/prepare-restore';
import { validateRestore } from '../../../functions/validate-restore/validate-restore';
import { DryRunReads } from '../../../lib/dry-run/reads';
import { checkPlan } from '../../../lib/plan/load';
import { FSX_ONTAP_CHECKS } from '../../../lib/resource-types/targets/fsx-ontap/checks';
import { classifyArn, removeCreated } from '../../../lib/resource-types/registry';
import { FSX_ONTAP, volumeNameOf } from '../../../lib/resource-types/targets/fsx-ontap/definition';
import { examplePlanInput } from '../../statemachines/example-plans';
import { ONTAP_SVM, childState, drillContext, nhsPlanInput, ontapTarget, regionsOf, targetsOf, testDeps } from './fixtures';

const fsx = mockClient(FSxClient);
const cloudwatch = mockClient(CloudWatchClient);

const LONDON = 'eu-west-2';
const UK_ACCOUNT = '222233334444';
const FS_ID = 'fs-0fedcba9876543210';
const VOL_ID = 'fsvol-0fedcba9876543210';
const CREATED = `arn:aws:fsx:${LONDON}:${UK_ACCOUNT}:volume/${FS_ID}/${VOL_ID}`;
const GiB = 1024 ** 3;
const SOURCE_VAULT = `arn:aws:backup:${LONDON}:${UK_ACCOUNT}:backup-vault:clinical-messaging`;

/** The UK-only example (one region, London) with its ONTAP target as given. */
function ukPlanWith(over: Record<string, unknown> = {}): Record<string, unknown> {
  const plan = examplePlanInput('uk-only-supplier.yml') as Record<string, unknown>;
  const targets = plan.targets as Record<string, unknown>[];
  const i = targets.findIndex((t) => t.id === 'lab-results');
  targets[i] = { ...targets[i], ...over };
  return plan;
}

/** What GetRecoveryPointRestoreMetadata might record for a volume (AWS documents no ONTAP example). */
const RECORDED = {
  FileSystemId: 'fs-0a1b2c3d4e5f60718',
  VolumeId: 'fsvol-0123456789abcdef0',
  Name: 'lab_results',
  OntapConfiguration: JSON.stringify({ StorageVirtualMachineId: 'svm-0123456789abcdef0', JunctionPath: '/lab_results', SizeInMegabytes: 204800, StorageEfficiencyEnabled: true, UUID: 'u-1' }),
};

async function restoredState(over: Record<string, unknown> = {}) {
  const state = await childState('lab-results', ukPlanWith(over));
  return { ...state, restore: { jobId: 'job-1', job: { RestoreJobId: 'job-1', Status: 'COMPLETED', CreatedResourceArn: CREATED } } };
}

const volume = (over: Partial<Volume> = {}): { Volumes: Volume[] } => ({
  Volumes: [{ VolumeId: VOL_ID, FileSystemId: FS_ID, Lifecycle: 'CREATED', VolumeType: 'ONTAP', OntapConfiguration: { SizeInMegabytes: 204800 }, ...over }],
});
const storageUsed = (bytes: number[]) => ({
  MetricDataResults: [{ Id: 'fsxMetric', Timestamps: bytes.map((_, i) => new Date(Date.UTC(2025, 2, 4, 2, 59 - i))), Values: bytes, StatusCode: 'Complete' as const }],
});

beforeEach(() => {
  fsx.reset();
  cloudwatch.reset();
});

describe('the plan check for fsx-ontap targets', () => {
  it('accepts an ONTAP volume in a one-region plan restoring from its source vault into an SVM', () => {
    const checked = checkPlan(ukPlanWith());

    expect(checked.ok ? [] : checked.problems).toEqual([]);
  });

  it('refuses it in a two-region plan, at its resource, with the AWS limitation and the way to drill it', () => {
    const plan = nhsPlanInput();
    targetsOf(plan).push(ontapTarget());
    const checked = checkPlan(plan);

    const problems = checked.ok ? [] : checked.problems.filter((p) => p.path.startsWith('targets[4]'));
    expect(problems.map((p) => p.path)).toEqual(['targets[4].resourceArn']);
    expect(problems[0]?.message).toContain('"This feature is not yet available for Amazon FSx for NetApp ONTAP volumes"');
    expect(problems[0]?.message).toContain('Drill it in a one-region plan');
  });

  it('refuses it in a one-region plan that would copy it into a restore vault, at its drVault', () => {
    const checked = checkPlan(ukPlanWith({ drVault: `arn:aws:backup:${LONDON}:${UK_ACCOUNT}:backup-vault:clinical-messaging-restore` }));

    expect(checked.ok ? [] : checked.problems.map((p) => p.path)).toEqual(['targets[3].drVault']);
  });

  it('refuses a file system ARN, an SVM that is not an id and an unknown restore field', () => {
    const checked = checkPlan(
      ukPlanWith({ resourceArn: `arn:aws:fsx:${LONDON}:${UK_ACCOUNT}:file-system/fs-0123456789abcdef0`, restore: { storageVirtualMachineId: 'production', junctionPath: '/x' } }),
    );

    const paths = checked.ok ? [] : checked.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['targets[3].resourceArn', 'targets[3].restore.storageVirtualMachineId']));
    expect(paths.some((p) => p.startsWith('targets[3].restore'))).toBe(true);
  });
});

describe('prepareRestore for an ONTAP volume', () => {
  it("restores a new volume into the plan's SVM with the drill's name and junction path, dropping the source's SVM, path and ids", async () => {
    const state = await childState('lab-results', ukPlanWith({ restore: { storageVirtualMachineId: ONTAP_SVM, sizeInMegabytes: 307200 } }));

    const request = await prepareRestore({ ...state, restoreMetadata: { metadata: RECORDED } });

    expect(request.resourceType).toBe('FSx');
    const name = volumeNameOf(state.names.restored);
    expect(name).toMatch(/^[A-Za-z0-9_]+$/);
    const { OntapConfiguration, ...rest } = request.metadata;
    expect(rest).toEqual({ Name: name });
    expect(JSON.parse(OntapConfiguration!)).toEqual({ StorageVirtualMachineId: ONTAP_SVM, JunctionPath: `/${name}`, SizeInMegabytes: 307200, StorageEfficiencyEnabled: true });
  });

  it('says in the dry run it restores from the source vault, as a named volume in the SVM, and deletes it without a final backup', () => {
    const target = FSX_ONTAP.schema.parse(ontapTarget({ sourceVault: SOURCE_VAULT, drVault: SOURCE_VAULT }));
    const names = { dr: LONDON, restored: 'drdrill-abc-lab-results', instance: '', kms: '' };

    expect(FSX_ONTAP.wouldDo.restore(target, names)[0]).toContain(`new volume drdrill_abc_lab_results at junction path /drdrill_abc_lab_results in storage virtual machine ${ONTAP_SVM}`);
    expect(FSX_ONTAP.wouldDo.created()).toEqual(['the restored volume (deleted without a final backup)']);
  });
});

describe('validateRestore for an ONTAP volume', () => {
  it('passes a CREATED volume large enough and holding enough, asking FSx and CloudWatch (by FileSystemId and VolumeId) in the region', async () => {
    fsx.on(DescribeVolumesCommand).resolves(volume());
    cloudwatch.on(GetMetricDataCommand).resolves(storageUsed([30 * GiB, 29 * GiB]));

    const result = await validateRestore(await restoredState(), testDeps(undefined, LONDON));

    expect(result.checks.map((c) => [c.name, c.passed, c.value])).toEqual([
      ['volume created', true, 'CREATED'],
      ['volume size', true, 200],
      ['used storage', true, 30],
    ]);
    expect(fsx).toHaveReceivedCommandWith(DescribeVolumesCommand, { VolumeIds: [VOL_ID] });
    expect(cloudwatch).toHaveReceivedCommandWith(GetMetricDataCommand, {
      MetricDataQueries: [
        expect.objectContaining({
          MetricStat: expect.objectContaining({ Metric: { Namespace: 'AWS/FSx', MetricName: 'StorageUsed', Dimensions: [{ Name: 'FileSystemId', Value: FS_ID }, { Name: 'VolumeId', Value: VOL_ID }] } }),
        }),
      ],
    });
    expect(await regionsOf([...fsx.calls(), ...cloudwatch.calls()])).toEqual(Array(3).fill(LONDON));
  });

  it('accepts AVAILABLE as ready too', async () => {
    fsx.on(DescribeVolumesCommand).resolves(volume({ Lifecycle: 'AVAILABLE' }));
    cloudwatch.on(GetMetricDataCommand).resolves(storageUsed([30 * GiB]));

    const result = await validateRestore(await restoredState(), testDeps(undefined, LONDON));

    expect(result.checks[0]).toMatchObject({ name: 'volume created', passed: true, value: 'AVAILABLE' });
  });

  it('fails a volume holding less than the plan asks, and says so when CloudWatch has no datapoint', async () => {
    fsx.on(DescribeVolumesCommand).resolves(volume());
    cloudwatch.on(GetMetricDataCommand).resolves(storageUsed([10 * GiB]));
    const less = await validateRestore(await restoredState(), testDeps(undefined, LONDON));
    expect(less.checks.at(-1)).toEqual({ name: 'used storage', passed: false, value: 10, expected: '>= 20 GiB', reason: 'the restored volume holds 10 GiB, less than 20 GiB (CloudWatch StorageUsed)' });

    cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'fsxMetric', Timestamps: [], Values: [], StatusCode: 'Complete' }] });
    const none = await validateRestore(await restoredState(), testDeps(undefined, LONDON));
    expect(none.checks.at(-1)).toMatchObject({ passed: false, value: null, reason: `CloudWatch has no StorageUsed for ${VOL_ID} in the last 30 minutes` });
  });

  it("fails a MISCONFIGURED volume with FSx's reason and runs no data checks; a volume FSx does not know fails without erroring", async () => {
    fsx.on(DescribeVolumesCommand).resolves(volume({ Lifecycle: 'MISCONFIGURED', LifecycleTransitionReason: { Message: 'The SVM is not reachable.' } }));
    const misconfigured = await validateRestore(await restoredState(), testDeps(undefined, LONDON));
    expect(misconfigured.checks).toEqual([
      { name: 'volume created', passed: false, value: 'MISCONFIGURED', expected: 'CREATED or AVAILABLE', reason: 'restored volume is MISCONFIGURED, not CREATED or AVAILABLE: The SVM is not reachable.' },
    ]);
    expect(cloudwatch).not.toHaveReceivedCommand(GetMetricDataCommand);

    fsx.on(DescribeVolumesCommand).rejects(new VolumeNotFound({ $metadata: { httpStatusCode: 400 }, message: 'Volume does not exist.' }));
    const missing = await validateRestore(await restoredState(), testDeps(undefined, LONDON));
    expect(missing.checks).toEqual([expect.objectContaining({ name: 'volume created', passed: false, value: null })]);
  });
});

describe('deleting and confirming gone an ONTAP volume', () => {
  it('knows its ARN (volume/<fs-id>/<fsvol-id>) and deletes it by volume id without a final backup', async () => {
    expect(classifyArn(CREATED)).toEqual({ kind: 'fsx-volume', id: VOL_ID });
    fsx.on(DeleteVolumeCommand).resolves({ VolumeId: VOL_ID, Lifecycle: 'DELETING' });

    const removal = await removeCreated({ clients: testDeps().clients, region: LONDON, vaultName: null }, 'fsx-volume', VOL_ID);

    expect(removal).toEqual({ removed: true, dependents: [], failed: null });
    expect(fsx).toHaveReceivedCommandWith(DeleteVolumeCommand, { VolumeId: VOL_ID, OntapConfiguration: { SkipFinalBackup: true } });
  });

  it('counts one already deleted as gone, and DELETING as still being deleted', async () => {
    fsx.on(DeleteVolumeCommand).rejects(new VolumeNotFound({ $metadata: { httpStatusCode: 400 }, message: 'gone' }));
    expect((await removeCreated({ clients: testDeps().clients, region: LONDON, vaultName: null }, 'fsx-volume', VOL_ID)).removed).toBe(false);

    fsx.on(DescribeVolumesCommand).resolves(volume({ Lifecycle: 'DELETING' }));
    expect((await checkCleanup(await restoredState(), testDeps(undefined, LONDON))).remaining).toEqual([`${CREATED} (DELETING)`]);

    fsx.on(DescribeVolumesCommand).rejects(new VolumeNotFound({ $metadata: { httpStatusCode: 400 }, message: 'gone' }));
    expect((await checkCleanup(await restoredState(), testDeps(undefined, LONDON))).deleted).toContain(CREATED);
  });
});

describe("the dry run's check of an ONTAP target's storage virtual machine", () => {
  const target = () => FSX_ONTAP.schema.parse(ontapTarget({ sourceVault: SOURCE_VAULT, drVault: SOURCE_VAULT }));
  const drill = () => ({ ...drillContext(), primaryRegion: LONDON, drRegion: LONDON, allowedRegions: [LONDON] });

  it('passes a CREATED SVM, asked for by id in the region', async () => {
    fsx.on(DescribeStorageVirtualMachinesCommand).resolves({ StorageVirtualMachines: [{ StorageVirtualMachineId: ONTAP_SVM, FileSystemId: FS_ID, Lifecycle: 'CREATED' }] });

    const checks = await FSX_ONTAP_CHECKS.dryRunChecks(new DryRunReads(testDeps(undefined, LONDON), drill()), drill(), target());

    expect(checks).toEqual([{ name: 'storage virtual machine', passed: true, detail: `${ONTAP_SVM} is CREATED (file system ${FS_ID})` }]);
    expect(fsx).toHaveReceivedCommandWith(DescribeStorageVirtualMachinesCommand, { StorageVirtualMachineIds: [ONTAP_SVM] });
    expect(await regionsOf(fsx.calls())).toEqual([LONDON]);
  });

  it('fails one FSx does not know, and one not yet CREATED', async () => {
    fsx.on(DescribeStorageVirtualMachinesCommand).rejects(new StorageVirtualMachineNotFound({ $metadata: { httpStatusCode: 400 }, message: 'not found' }));
    const missing = await FSX_ONTAP_CHECKS.dryRunChecks(new DryRunReads(testDeps(undefined, LONDON), drill()), drill(), target());
    expect(missing[0]).toMatchObject({ passed: false, detail: expect.stringContaining('does not exist in the region') });

    fsx.on(DescribeStorageVirtualMachinesCommand).resolves({ StorageVirtualMachines: [{ StorageVirtualMachineId: ONTAP_SVM, Lifecycle: 'CREATING' }] });
    const creating = await FSX_ONTAP_CHECKS.dryRunChecks(new DryRunReads(testDeps(undefined, LONDON), drill()), drill(), target());
    expect(creating[0]).toMatchObject({ passed: false, detail: `${ONTAP_SVM} is CREATING, not CREATED` });
  });
});
