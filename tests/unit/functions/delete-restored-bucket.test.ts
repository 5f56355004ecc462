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
import { deleteRestoredBucket } from '../../../functions/delete-restored-bucket/delete-restored-bucket';
import { OUTSIDE_REGION, childState, regionsOf, restoredName, testDeps, type ChildState } from './fixtures';

const s3 = mockClient(S3Client);
const BUCKET = restoredName('documents');

/** The child state when Delete Restored Bucket runs: the restore job created `bucketArn`. */
async function stateWithBucket(bucketArn = `arn:aws:s3:::${BUCKET}`): Promise<ChildState & Record<string, unknown>> {
  return {
    ...(await childState('documents')),
    restore: { jobId: '7C1D2E3F-4A5B-6C7D-8E9F-0A1B2C3D4E5F', job: { Status: 'COMPLETED', CreatedResourceArn: bucketArn } },
  };
}

const noSuchBucket = () => new NoSuchBucket({ $metadata: { httpStatusCode: 404 }, message: 'The specified bucket does not exist' });

beforeEach(() => s3.reset());

describe('deleteRestoredBucket (Delete Restored Bucket)', () => {
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

    const result = await deleteRestoredBucket(await stateWithBucket(), testDeps());

    expect(result).toEqual({ bucket: BUCKET, objectsDeleted: 4, alreadyGone: false });
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

    await deleteRestoredBucket(await stateWithBucket(), testDeps());

    expect(await regionsOf(s3.calls())).toEqual(['eu-west-2', 'eu-west-2', 'eu-west-2']);
  });

  it('deletes an empty bucket without a DeleteObjects call', async () => {
    s3.on(ListObjectVersionsCommand).resolves({ IsTruncated: false });
    s3.on(DeleteBucketCommand).resolves({});

    const result = await deleteRestoredBucket(await stateWithBucket(), testDeps());

    expect(result).toEqual({ bucket: BUCKET, objectsDeleted: 0, alreadyGone: false });
    expect(s3).not.toHaveReceivedCommand(DeleteObjectsCommand);
    expect(s3).toHaveReceivedCommandTimes(DeleteBucketCommand, 1);
  });

  it('counts a bucket that no longer exists as gone', async () => {
    s3.on(ListObjectVersionsCommand).rejects(noSuchBucket());

    const result = await deleteRestoredBucket(await stateWithBucket(), testDeps());

    expect(result).toEqual({ bucket: BUCKET, objectsDeleted: 0, alreadyGone: true });
    expect(s3).not.toHaveReceivedCommand(DeleteBucketCommand);
  });

  it('counts a bucket that disappears between emptying and deleting as gone, keeping the count', async () => {
    s3.on(ListObjectVersionsCommand).resolves({ Versions: [{ Key: 'a', VersionId: 'v' }] });
    s3.on(DeleteObjectsCommand).resolves({});
    s3.on(DeleteBucketCommand).rejects(noSuchBucket());

    const result = await deleteRestoredBucket(await stateWithBucket(), testDeps());

    expect(result).toEqual({ bucket: BUCKET, objectsDeleted: 1, alreadyGone: true });
  });

  it('stops, without deleting the bucket, when S3 refuses to delete some objects', async () => {
    s3.on(ListObjectVersionsCommand).resolves({ Versions: [{ Key: 'held/0001.pdf', VersionId: 'v1' }] });
    s3.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: 'held/0001.pdf', VersionId: 'v1', Code: 'AccessDenied', Message: 'Access Denied' }] });

    const run = deleteRestoredBucket(await stateWithBucket(), testDeps());

    await expect(run).rejects.toThrow(`S3 refused to delete 1 object(s) in ${BUCKET}: AccessDenied`);
    expect(s3).not.toHaveReceivedCommand(DeleteBucketCommand);
  });

  it('turns SlowDown into TransientAwsError', async () => {
    s3.on(ListObjectVersionsCommand).rejects(
      new S3ServiceException({ name: 'SlowDown', $fault: 'server', $metadata: { httpStatusCode: 503 }, message: 'Please reduce your request rate.' }),
    );

    const run = deleteRestoredBucket(await stateWithBucket(), testDeps());

    await expect(run).rejects.toMatchObject({ name: 'TransientAwsError', message: 'SlowDown: Please reduce your request rate.' });
  });

  describe('refusals', () => {
    it('refuses to empty the source bucket, before any S3 call', async () => {
      const state = await stateWithBucket('arn:aws:s3:::nhs-patient-platform-documents');

      const run = deleteRestoredBucket(state, testDeps());

      await expect(run).rejects.toMatchObject({
        name: 'RefusedDeletionError',
        message: `refusing to empty bucket "nhs-patient-platform-documents": this drill restored "${BUCKET}"`,
      });
      expect(s3.calls()).toHaveLength(0);
    });

    it("refuses to empty another drill's bucket", async () => {
      const state = await stateWithBucket('arn:aws:s3:::drdrill-00000000-documents');

      const run = deleteRestoredBucket(state, testDeps());

      await expect(run).rejects.toMatchObject({ name: 'RefusedDeletionError' });
      expect(s3.calls()).toHaveLength(0);
    });

    it("refuses to empty the stack's own drill store bucket", async () => {
      const state = await stateWithBucket('arn:aws:s3:::dr-drill-prod-drillstore-1x2y3z4w5v6u');

      const run = deleteRestoredBucket(state, testDeps());

      await expect(run).rejects.toMatchObject({ name: 'RefusedDeletionError' });
      expect(s3.calls()).toHaveLength(0);
    });

    it('refuses a bucket whose name lacks the drdrill- prefix even when the state names it as restored', async () => {
      const state = await stateWithBucket('arn:aws:s3:::nhs-patient-platform-documents');
      state.names.restored = 'nhs-patient-platform-documents';

      const run = deleteRestoredBucket(state, testDeps());

      await expect(run).rejects.toMatchObject({ name: 'RefusedDeletionError' });
      expect(s3.calls()).toHaveLength(0);
    });

    it('refuses to work outside the residency policy before any S3 call', async () => {
      const state = await stateWithBucket();
      state.drill.drRegion = OUTSIDE_REGION;

      const run = deleteRestoredBucket(state, testDeps());

      await expect(run).rejects.toMatchObject({
        name: 'ResidencyViolationError',
        message: 'restored bucket: region us-east-1 is outside the residency policy [eu-west-1, eu-west-2]',
      });
      expect(s3.calls()).toHaveLength(0);
    });
  });
});
