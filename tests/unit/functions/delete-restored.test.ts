import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectVersionsCommand,
  NoSuchBucket,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { DeleteDBClusterCommand, DeleteDBInstanceCommand, InvalidDBClusterStateFault, RDSClient, RDSServiceException } from '@aws-sdk/client-rds';
import { DeleteTableCommand, DynamoDBClient, ResourceNotFoundException as TableNotFound } from '@aws-sdk/client-dynamodb';
import { DeleteFileSystemCommand, EFSClient } from '@aws-sdk/client-efs';
import {
  DeleteVolumeCommand,
  DescribeInstancesCommand,
  EC2Client,
  EC2ServiceException,
  ModifyInstanceAttributeCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { deleteRestored } from '../../../functions/delete-restored/delete-restored';
import { checkCleanup } from '../../../functions/check-cleanup/check-cleanup';
import { ACCOUNT, OUTSIDE_REGION, childState, regionsOf, restoredName, testDeps, kioskTarget, nhsPlanInputWithEveryType, targetsOf, type ChildState } from './fixtures';

const s3 = mockClient(S3Client);
const rds = mockClient(RDSClient);
const dynamodb = mockClient(DynamoDBClient);
const efs = mockClient(EFSClient);
const ec2 = mockClient(EC2Client);
const BUCKET = restoredName('documents');

/** The child state when Delete Restored Resource runs for `targetId`: its restore job created `arn`. */
async function stateWith(targetId: string, arn: string): Promise<ChildState & Record<string, unknown>> {
  const plan = nhsPlanInputWithEveryType();
  targetsOf(plan).push(kioskTarget());
  return { ...(await childState(targetId, plan)), restore: { jobId: 'R1', job: { Status: 'COMPLETED', CreatedResourceArn: arn } } };
}

/** The child state when Delete Restored Bucket runs: the restore job created `bucketArn`. */
async function stateWithBucket(bucketArn = `arn:aws:s3:::${BUCKET}`): Promise<ChildState & Record<string, unknown>> {
  return {
    ...(await childState('documents')),
    restore: { jobId: '7C1D2E3F-4A5B-6C7D-8E9F-0A1B2C3D4E5F', job: { Status: 'COMPLETED', CreatedResourceArn: bucketArn } },
  };
}

const noSuchBucket = () => new NoSuchBucket({ $metadata: { httpStatusCode: 404 }, message: 'The specified bucket does not exist' });

beforeEach(() => [s3, rds, dynamodb, efs, ec2].forEach((m) => m.reset()));

describe('deleteRestored (Delete Restored Resource) of a bucket', () => {
  it('deletes every version and delete marker page by page, then the bucket', async () => {
    s3.on(ListObjectVersionsCommand)
      .resolvesOnce({
        Versions: [
          { Key: 'letters/0001.pdf', VersionId: 'v1a' },
          { Key: 'letters/0001.pdf', VersionId: 'v1b' },
        ],
        DeleteMarkers: [{ Key: 'letters/0002.pdf', VersionId: 'dm2' }],
        IsTruncated: true,
        NextKeyMarker: 'letters/0002.pdf',
        NextVersionIdMarker: 'dm2',
      })
      .resolvesOnce({ Versions: [{ Key: 'scans/0003.tiff', VersionId: 'v3' }], IsTruncated: false });
    s3.on(DeleteObjectsCommand).resolves({});
    s3.on(DeleteBucketCommand).resolves({});

    const result = await deleteRestored(await stateWithBucket(), testDeps());

    expect(result).toEqual({ arn: `arn:aws:s3:::${BUCKET}`, removed: true, dependents: [], failed: null });
    expect(s3.calls().map((c) => c.args[0].constructor.name)).toEqual([
      'ListObjectVersionsCommand',
      'DeleteObjectsCommand',
      'ListObjectVersionsCommand',
      'DeleteObjectsCommand',
      'DeleteBucketCommand',
    ]);
    expect(s3.commandCalls(ListObjectVersionsCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: BUCKET, MaxKeys: 1000 },
      { Bucket: BUCKET, KeyMarker: 'letters/0002.pdf', VersionIdMarker: 'dm2', MaxKeys: 1000 },
    ]);
    expect(s3.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input)).toEqual([
      {
        Bucket: BUCKET,
        Delete: {
          Objects: [
            { Key: 'letters/0001.pdf', VersionId: 'v1a' },
            { Key: 'letters/0001.pdf', VersionId: 'v1b' },
            { Key: 'letters/0002.pdf', VersionId: 'dm2' },
          ],
          Quiet: true,
        },
      },
      { Bucket: BUCKET, Delete: { Objects: [{ Key: 'scans/0003.tiff', VersionId: 'v3' }], Quiet: true } },
    ]);
    expect(s3.commandCalls(DeleteBucketCommand).map((c) => c.args[0].input)).toEqual([{ Bucket: BUCKET }]);
  });

  it('works in the DR region', async () => {
    s3.on(ListObjectVersionsCommand).resolves({ Versions: [{ Key: 'a', VersionId: 'v' }] });
    s3.on(DeleteObjectsCommand).resolves({});
    s3.on(DeleteBucketCommand).resolves({});

    await deleteRestored(await stateWithBucket(), testDeps());

    expect(await regionsOf(s3.calls())).toEqual(['eu-west-2', 'eu-west-2', 'eu-west-2']);
  });

  it('deletes an empty bucket without a DeleteObjects call', async () => {
    s3.on(ListObjectVersionsCommand).resolves({ IsTruncated: false });
    s3.on(DeleteBucketCommand).resolves({});

    const result = await deleteRestored(await stateWithBucket(), testDeps());

    expect(result).toMatchObject({ removed: true });
    expect(s3).not.toHaveReceivedCommand(DeleteObjectsCommand);
    expect(s3).toHaveReceivedCommandTimes(DeleteBucketCommand, 1);
  });

  it('counts a bucket that no longer exists as gone', async () => {
    s3.on(ListObjectVersionsCommand).rejects(noSuchBucket());

    const result = await deleteRestored(await stateWithBucket(), testDeps());

    expect(result).toMatchObject({ removed: false });
    expect(s3).not.toHaveReceivedCommand(DeleteBucketCommand);
  });

  it('counts a bucket that disappears between emptying and deleting as gone', async () => {
    s3.on(ListObjectVersionsCommand).resolves({ Versions: [{ Key: 'a', VersionId: 'v' }] });
    s3.on(DeleteObjectsCommand).resolves({});
    s3.on(DeleteBucketCommand).rejects(noSuchBucket());

    const result = await deleteRestored(await stateWithBucket(), testDeps());

    expect(result).toMatchObject({ removed: false });
    expect(s3).toHaveReceivedCommandTimes(DeleteObjectsCommand, 1);
  });

  it('stops, without deleting the bucket, when S3 refuses to delete some objects', async () => {
    s3.on(ListObjectVersionsCommand).resolves({ Versions: [{ Key: 'held/0001.pdf', VersionId: 'v1' }] });
    s3.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: 'held/0001.pdf', VersionId: 'v1', Code: 'AccessDenied', Message: 'Access Denied' }] });

    const run = deleteRestored(await stateWithBucket(), testDeps());

    await expect(run).rejects.toThrow(`S3 refused to delete 1 object(s) in ${BUCKET}: AccessDenied`);
    expect(s3).not.toHaveReceivedCommand(DeleteBucketCommand);
  });

  it('turns SlowDown into TransientAwsError', async () => {
    s3.on(ListObjectVersionsCommand).rejects(
      new S3ServiceException({ name: 'SlowDown', $fault: 'server', $metadata: { httpStatusCode: 503 }, message: 'Please reduce your request rate.' }),
    );

    const run = deleteRestored(await stateWithBucket(), testDeps());

    await expect(run).rejects.toMatchObject({ name: 'TransientAwsError', message: 'SlowDown: Please reduce your request rate.' });
  });

  describe('refusals', () => {
    it('refuses to empty the source bucket, before any S3 call', async () => {
      const state = await stateWithBucket('arn:aws:s3:::nhs-patient-platform-documents');

      const run = deleteRestored(state, testDeps());

      await expect(run).rejects.toMatchObject({
        name: 'RefusedDeletionError',
        message: `refusing to delete s3-bucket "nhs-patient-platform-documents": this drill restored "${BUCKET}"`,
      });
      expect(s3.calls()).toHaveLength(0);
    });

    it("refuses to empty another drill's bucket", async () => {
      const state = await stateWithBucket('arn:aws:s3:::drdrill-00000000-documents');

      const run = deleteRestored(state, testDeps());

      await expect(run).rejects.toMatchObject({ name: 'RefusedDeletionError' });
      expect(s3.calls()).toHaveLength(0);
    });

    it("refuses to empty the stack's own drill store bucket", async () => {
      const state = await stateWithBucket('arn:aws:s3:::dr-drill-prod-drillstore-1x2y3z4w5v6u');

      const run = deleteRestored(state, testDeps());

      await expect(run).rejects.toMatchObject({ name: 'RefusedDeletionError' });
      expect(s3.calls()).toHaveLength(0);
    });

    it('refuses a bucket whose name lacks the drdrill- prefix even when the state names it as restored', async () => {
      const state = await stateWithBucket('arn:aws:s3:::nhs-patient-platform-documents');
      state.names.restored = 'nhs-patient-platform-documents';

      const run = deleteRestored(state, testDeps());

      await expect(run).rejects.toMatchObject({ name: 'RefusedDeletionError' });
      expect(s3.calls()).toHaveLength(0);
    });

    it('refuses to work outside the residency policy before any S3 call', async () => {
      const state = await stateWithBucket();
      state.drill.drRegion = OUTSIDE_REGION;

      const run = deleteRestored(state, testDeps());

      await expect(run).rejects.toMatchObject({
        name: 'ResidencyViolationError',
        message: 'restored resource of target documents: region us-east-1 is outside the residency policy [eu-west-1, eu-west-2]',
      });
      expect(s3.calls()).toHaveLength(0);
    });
  });
});

describe('deleteRestored (Delete Restored Resource) of every other type', () => {
  const INSTANCE = 'i-0fedcba9876543210';
  const INSTANCE_ARN = `arn:aws:ec2:eu-west-2:${ACCOUNT}:instance/${INSTANCE}`;
  const ROOT = 'vol-0aaaaaaaaaaaaaaa1';
  const DATA = 'vol-0bbbbbbbbbbbbbbb2';
  const volumeArn = (id: string) => `arn:aws:ec2:eu-west-2:${ACCOUNT}:volume/${id}`;
  const withVolumes = {
    Reservations: [
      {
        OwnerId: ACCOUNT,
        Instances: [
          {
            InstanceId: INSTANCE,
            BlockDeviceMappings: [
              { DeviceName: '/dev/xvda', Ebs: { VolumeId: ROOT, DeleteOnTermination: true } },
              { DeviceName: '/dev/sdf', Ebs: { VolumeId: DATA, DeleteOnTermination: false } },
            ],
          },
        ],
      },
    ],
  };
  const denied = () => new EC2ServiceException({ name: 'UnauthorizedOperation', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'not authorized' });

  it('deletes a restored Aurora cluster without a final snapshot', async () => {
    const arn = `arn:aws:rds:eu-west-2:${ACCOUNT}:cluster:${restoredName('patients-db')}`;
    rds.on(DeleteDBClusterCommand).resolves({});

    const result = await deleteRestored(await stateWith('patients-db', arn), testDeps());

    expect(result).toEqual({ arn, removed: true, dependents: [], failed: null });
    expect(rds).toHaveReceivedCommandWith(DeleteDBClusterCommand, { DBClusterIdentifier: restoredName('patients-db'), SkipFinalSnapshot: true });
    expect(await regionsOf(rds.calls())).toEqual(['eu-west-2']);
  });

  it('names a cluster whose last instance has not yet detached ResourceBusyError, which Clean Up retries', async () => {
    const arn = `arn:aws:rds:eu-west-2:${ACCOUNT}:cluster:${restoredName('patients-db')}`;
    rds.on(DeleteDBClusterCommand).rejects(new InvalidDBClusterStateFault({ $metadata: { httpStatusCode: 400 }, message: 'cluster has instances' }));

    await expect(deleteRestored(await stateWith('patients-db', arn), testDeps())).rejects.toMatchObject({ name: 'ResourceBusyError' });
  });

  it('deletes a restored RDS instance without a final snapshot or automated backups', async () => {
    const arn = `arn:aws:rds:eu-west-2:${ACCOUNT}:db:${restoredName('gp-referrals')}`;
    rds.on(DeleteDBInstanceCommand).resolves({});

    await deleteRestored(await stateWith('gp-referrals', arn), testDeps());

    expect(rds).toHaveReceivedCommandWith(DeleteDBInstanceCommand, { DBInstanceIdentifier: restoredName('gp-referrals'), SkipFinalSnapshot: true, DeleteAutomatedBackups: true });
  });

  it('turns RDS throttling into TransientAwsError', async () => {
    const arn = `arn:aws:rds:eu-west-2:${ACCOUNT}:db:${restoredName('gp-referrals')}`;
    rds.on(DeleteDBInstanceCommand).rejects(new RDSServiceException({ name: 'Throttling', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'Rate exceeded' }));

    await expect(deleteRestored(await stateWith('gp-referrals', arn), testDeps())).rejects.toMatchObject({ name: 'TransientAwsError' });
  });

  it('deletes a restored table, and counts one already gone as gone', async () => {
    const arn = `arn:aws:dynamodb:eu-west-2:${ACCOUNT}:table/${restoredName('appointments')}`;
    dynamodb.on(DeleteTableCommand).rejects(new TableNotFound({ $metadata: { httpStatusCode: 400 }, message: 'Requested resource not found' }));

    const result = await deleteRestored(await stateWith('appointments', arn), testDeps());

    expect(result).toMatchObject({ removed: false, failed: null });
    expect(dynamodb).toHaveReceivedCommandWith(DeleteTableCommand, { TableName: restoredName('appointments') });
  });

  it('deletes a restored file system and a restored volume by the id in their ARN', async () => {
    efs.on(DeleteFileSystemCommand).resolves({});
    ec2.on(DeleteVolumeCommand).resolves({});

    await deleteRestored(await stateWith('shared-files', `arn:aws:elasticfilesystem:eu-west-2:${ACCOUNT}:file-system/fs-0fedcba9876543210`), testDeps());
    await deleteRestored(await stateWith('imaging-cache', `arn:aws:ec2:eu-west-2:${ACCOUNT}:volume/vol-0fedcba9876543210`), testDeps());

    expect(efs).toHaveReceivedCommandWith(DeleteFileSystemCommand, { FileSystemId: 'fs-0fedcba9876543210' });
    expect(ec2).toHaveReceivedCommandWith(DeleteVolumeCommand, { VolumeId: 'vol-0fedcba9876543210' });
  });

  it("sets every volume of a restored instance to be deleted with it, one at a time, then terminates it, keeping the volumes for Check Cleanup", async () => {
    ec2.on(DescribeInstancesCommand).resolves(withVolumes);
    ec2.on(ModifyInstanceAttributeCommand).resolves({});
    ec2.on(TerminateInstancesCommand).resolves({});

    const result = await deleteRestored(await stateWith('ward-kiosk', INSTANCE_ARN), testDeps());

    expect(ec2.calls().map((c) => c.args[0].constructor.name)).toEqual([
      'DescribeInstancesCommand',
      'ModifyInstanceAttributeCommand',
      'ModifyInstanceAttributeCommand',
      'TerminateInstancesCommand',
    ]);
    expect(ec2.commandCalls(ModifyInstanceAttributeCommand).map((c) => c.args[0].input)).toEqual([
      { InstanceId: INSTANCE, BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { DeleteOnTermination: true } }] },
      { InstanceId: INSTANCE, BlockDeviceMappings: [{ DeviceName: '/dev/sdf', Ebs: { DeleteOnTermination: true } }] },
    ]);
    expect(result).toEqual({
      arn: INSTANCE_ARN,
      removed: true,
      dependents: [
        { kind: 'ebs-volume', id: ROOT, arn: volumeArn(ROOT) },
        { kind: 'ebs-volume', id: DATA, arn: volumeArn(DATA) },
      ],
      failed: null,
    });
    expect(await regionsOf(ec2.calls())).toEqual(Array(4).fill('eu-west-2'));
  });

  it('still terminates the instance when DeleteOnTermination is denied, and says which step failed', async () => {
    ec2.on(DescribeInstancesCommand).resolves(withVolumes);
    ec2.on(ModifyInstanceAttributeCommand).rejects(denied());
    ec2.on(TerminateInstancesCommand).resolves({});

    const result = await deleteRestored(await stateWith('ward-kiosk', INSTANCE_ARN), testDeps());

    expect(ec2).toHaveReceivedCommandTimes(TerminateInstancesCommand, 1);
    expect(result).toMatchObject({ removed: true, dependents: [{ id: ROOT }, { id: DATA }], failed: { Error: 'UnauthorizedOperation' } });
    expect(result.failed?.Cause).toContain(`DeleteOnTermination could not be set on the volumes of ${INSTANCE}`);
  });

  it('still terminates the instance when its volumes cannot be read, and Check Cleanup says they are unknown', async () => {
    ec2.on(DescribeInstancesCommand).rejectsOnce(denied());
    ec2.on(TerminateInstancesCommand).resolves({});

    const state = await stateWith('ward-kiosk', INSTANCE_ARN);
    const result = await deleteRestored(state, testDeps());

    expect(result).toMatchObject({ removed: true, dependents: null, failed: { Error: 'UnauthorizedOperation' } });
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [{ InstanceId: INSTANCE, State: { Name: 'terminated' } }] }] });
    const status = await checkCleanup({ ...state, deletion: result }, testDeps());
    expect(status.remaining).toEqual([expect.stringMatching(/^restore job R1 \(the EBS volumes of .*instance\/i-0fedcba9876543210 could not be read before it was terminated/)]);
  });

  it('retries the whole delete when setting DeleteOnTermination is throttled (TransientAwsError), before terminating', async () => {
    ec2.on(DescribeInstancesCommand).resolves(withVolumes);
    ec2.on(ModifyInstanceAttributeCommand).rejects(new EC2ServiceException({ name: 'RequestLimitExceeded', $fault: 'client', $metadata: { httpStatusCode: 503 }, message: 'slow down' }));

    await expect(deleteRestored(await stateWith('ward-kiosk', INSTANCE_ARN), testDeps())).rejects.toMatchObject({ name: 'TransientAwsError' });
    expect(ec2).not.toHaveReceivedCommand(TerminateInstancesCommand);
  });

  it("refuses an ARN of another kind than the target's type restores, before any call", async () => {
    const run = deleteRestored(await stateWith('ward-kiosk', `arn:aws:ec2:eu-west-2:${ACCOUNT}:volume/vol-0fedcba9876543210`), testDeps());

    await expect(run).rejects.toMatchObject({ name: 'RefusedDeletionError' });
    expect(ec2.calls()).toHaveLength(0);
  });

  it('refuses a database the drill did not name', async () => {
    const run = deleteRestored(await stateWith('patients-db', `arn:aws:rds:eu-west-2:${ACCOUNT}:cluster:patients-prod`), testDeps());

    await expect(run).rejects.toMatchObject({ name: 'RefusedDeletionError' });
    expect(rds.calls()).toHaveLength(0);
  });
});
