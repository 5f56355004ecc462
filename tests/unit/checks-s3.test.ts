import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, NoSuchBucket, NotFound, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { s3Checks } from '../../lib/checks/s3';

const s3 = mockClient(S3Client);
const BUCKET = 'awsbackup-restore-test-4e1b9c2a';
const client = () => new S3Client({ region: 'eu-west-2' });

// Base64 SHA-256 checksums, as S3 reports ChecksumSHA256.
const SUM_A = 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=';
const SUM_B = 'LCa0a2j/xo/5m0U8HTBBNBNCLXBkg7+g+YpeiGJm564=';
const SUM_OTHER = 'Xc8BqYCD7IDDkcL6TiWaKcUZ6VNaIxL0zK6jrYlEUBQ=';

const notFound = () => new NotFound({ $metadata: { httpStatusCode: 404 }, message: 'Not Found' });
const page = (count: number, nextToken?: string) => ({
  KeyCount: count,
  IsTruncated: nextToken !== undefined,
  NextContinuationToken: nextToken,
  Contents: Array.from({ length: Math.min(count, 2) }, (_, i) => ({ Key: `patients/94347659${i}/letter.pdf` })),
});

beforeEach(() => s3.reset());

describe('s3Checks', () => {
  it('passes a restored bucket that holds the minimum and every manifest object with its checksum', async () => {
    s3.on(ListObjectsV2Command).resolves(page(240));
    s3.on(HeadObjectCommand, { Key: 'manifests/2025-03-08.json' }).resolves({ ChecksumSHA256: SUM_A, ChecksumType: 'FULL_OBJECT' });
    s3.on(HeadObjectCommand, { Key: 'templates/discharge.docx' }).resolves({ ChecksumSHA256: SUM_B, ChecksumType: 'FULL_OBJECT' });

    const { checks } = await s3Checks(client(), BUCKET, {
      minObjects: 200,
      objects: [
        { key: 'manifests/2025-03-08.json', sha256: SUM_A },
        { key: 'templates/discharge.docx', sha256: SUM_B },
      ],
    });

    expect(checks).toEqual([
      { name: 'minimum objects', passed: true, value: 240, expected: '>= 200', reason: '240 objects in the restored bucket' },
      { name: 'manifest objects present', passed: true, value: 2, expected: '= 2', reason: 'all 2 objects of the manifest are in the restored bucket' },
      { name: 'manifest checksums match', passed: true, value: 2, expected: '= 2', reason: 'all 2 SHA-256 checksums match the manifest' },
    ]);
  });

  it('stops listing once the minimum is reached, however many objects the bucket holds', async () => {
    s3.on(ListObjectsV2Command)
      .resolvesOnce(page(1000, 'token-2'))
      .resolvesOnce(page(1000, 'token-3'))
      .resolvesOnce(page(1000, 'token-4'));

    const { checks } = await s3Checks(client(), BUCKET, { minObjects: 1500 });

    expect(s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input)).toEqual([
      { Bucket: BUCKET, MaxKeys: 1000, ContinuationToken: undefined },
      { Bucket: BUCKET, MaxKeys: 1000, ContinuationToken: 'token-2' },
    ]);
    expect(checks).toEqual([
      {
        name: 'minimum objects',
        passed: true,
        value: 2000,
        expected: '>= 1500',
        reason: '2000+ objects in the restored bucket (counting stopped at the minimum)',
      },
    ]);
  });

  it('fails a bucket that holds fewer objects than the minimum after counting them all', async () => {
    s3.on(ListObjectsV2Command).resolvesOnce(page(1000, 'token-2')).resolvesOnce(page(12));

    const { checks } = await s3Checks(client(), BUCKET, { minObjects: 5000 });

    expect(checks).toEqual([
      { name: 'minimum objects', passed: false, value: 1012, expected: '>= 5000', reason: '1012 objects in the restored bucket, fewer than 5000' },
    ]);
  });

  it('reports missing manifest objects by count and names only the first five, by their place in the plan', async () => {
    const keys = Array.from({ length: 8 }, (_, i) => `scans/2025/03/scan-${i}.dcm`);
    s3.on(HeadObjectCommand).rejects(notFound());
    s3.on(HeadObjectCommand, { Key: keys[0] }).resolves({});

    const { checks } = await s3Checks(client(), BUCKET, { objects: keys.map((key) => ({ key })) });

    expect(checks).toEqual([
      {
        name: 'manifest objects present',
        passed: false,
        value: 1,
        expected: '= 8',
        // Keys often carry patient identifiers: entries are named objects[i], as the plan lists them.
        reason: '7 of 8 objects of the manifest missing: objects[1], objects[2], objects[3], objects[4], objects[5] and 2 more',
      },
    ]);
    expect(JSON.stringify(checks)).not.toContain('scan-');
  });

  it('tells a different checksum from one never stored and from a multipart checksum that cannot be compared', async () => {
    s3.on(HeadObjectCommand, { Key: 'a.json' }).resolves({ ChecksumSHA256: SUM_A, ChecksumType: 'FULL_OBJECT' });
    s3.on(HeadObjectCommand, { Key: 'b.json' }).resolves({ ChecksumSHA256: SUM_OTHER, ChecksumType: 'FULL_OBJECT' });
    s3.on(HeadObjectCommand, { Key: 'c.json' }).resolves({});
    s3.on(HeadObjectCommand, { Key: 'd.bin' }).resolves({ ChecksumSHA256: `${SUM_OTHER}-3`, ChecksumType: 'COMPOSITE' });
    s3.on(HeadObjectCommand, { Key: 'e.json' }).rejects(notFound());

    const { checks } = await s3Checks(client(), BUCKET, {
      objects: [
        { key: 'a.json', sha256: SUM_A },
        { key: 'b.json', sha256: SUM_B },
        { key: 'c.json', sha256: SUM_B },
        { key: 'd.bin', sha256: SUM_B },
        { key: 'e.json', sha256: SUM_B },
      ],
    });

    expect(checks[1]).toEqual({
      name: 'manifest checksums match',
      passed: false,
      value: 1,
      expected: '= 5',
      reason:
        '4 of 5 checksums do not match: 1 differ: objects[1]; 1 stored without a SHA-256 checksum: objects[2]; ' +
        '1 with a composite (multipart) checksum, not comparable: objects[3]; 1 missing',
    });
  });

  it('asks S3 for the stored checksums with HeadObject and never reads an object body', async () => {
    s3.on(HeadObjectCommand).resolves({ ChecksumSHA256: SUM_A });

    await s3Checks(client(), BUCKET, { objects: [{ key: 'a.json', sha256: SUM_A }] });

    expect(s3).toHaveReceivedCommandWith(HeadObjectCommand, { Bucket: BUCKET, Key: 'a.json', ChecksumMode: 'ENABLED' });
    expect(s3).not.toHaveReceivedCommand(GetObjectCommand);
  });

  it('adds no checksum check when the manifest gives no checksums', async () => {
    s3.on(HeadObjectCommand).resolves({});

    const { checks } = await s3Checks(client(), BUCKET, { objects: [{ key: 'a.json' }] });

    expect(checks.map((c) => c.name)).toEqual(['manifest objects present']);
  });

  it('fails every check it was asked for, without an exception, when the restored bucket does not exist', async () => {
    s3.on(ListObjectsV2Command).rejects(new NoSuchBucket({ $metadata: { httpStatusCode: 404 }, message: 'The specified bucket does not exist' }));

    const { checks } = await s3Checks(client(), BUCKET, { minObjects: 1, objects: [{ key: 'a.json', sha256: SUM_A }] });

    const reason = `the restored bucket ${BUCKET} does not exist`;
    expect(checks).toEqual([
      { name: 'minimum objects', passed: false, value: null, expected: '>= 1', reason },
      { name: 'manifest objects present', passed: false, value: null, expected: '= 1', reason },
      { name: 'manifest checksums match', passed: false, value: null, expected: '= 1', reason },
    ]);
    expect(s3).not.toHaveReceivedCommand(HeadObjectCommand);
  });

  it('lets an access denial through as an error: the validator cannot see, which proves nothing about the data', async () => {
    s3.on(HeadObjectCommand).rejects(
      new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'Access Denied' }),
    );

    const run = s3Checks(client(), BUCKET, { objects: [{ key: 'a.json' }] });

    await expect(run).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('keeps listed keys out of its results: only the manifest names objects', async () => {
    s3.on(ListObjectsV2Command).resolves(page(3));

    const result = await s3Checks(client(), BUCKET, { minObjects: 1 });

    expect(JSON.stringify(result)).not.toContain('943476590');
  });
});
