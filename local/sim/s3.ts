// Amazon S3: the bucket a restore creates and the calls a drill makes to check (list, head with checksums) and
// empty it. Bucket names are global; asking another region's endpoint about a bucket gets S3's redirect, as the SDK
// sees it without followRegionRedirects.
import { createHash } from 'node:crypto';
import { num, str, type Handler, type SimContext } from './context';
import { SimAwsError, invalid, notFound } from './errors';
import { compact, exists, iso, type Bucket, type SimObject } from './world';

const SERVICE = 's3';

function bucketIn(ctx: SimContext, name: string | undefined, notFoundCode = 'NoSuchBucket'): Bucket {
  const bucket = name ? ctx.world.buckets.get(name) : undefined;
  if (!bucket || !exists(bucket, ctx.now)) throw notFound(SERVICE, notFoundCode, 'The specified bucket does not exist');
  if (bucket.region !== ctx.region.name) {
    throw new SimAwsError(
      SERVICE,
      'PermanentRedirect',
      'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
      { httpStatus: 301 },
    );
  }
  return bucket;
}

const visibleObjects = (ctx: SimContext, b: Bucket): SimObject[] =>
  [...b.objects.values()].filter((o) => o.lastModified <= ctx.now).sort((a, z) => (a.key < z.key ? -1 : a.key > z.key ? 1 : 0));

const headBucket: Handler = (ctx, input) => {
  const bucket = bucketIn(ctx, str(input.Bucket), 'NotFound');
  ctx.attribute(bucket.targetId);
  return { BucketRegion: bucket.region, BucketArn: bucket.arn, AccessPointAlias: false };
};

const listObjectsV2: Handler = (ctx, input) => {
  const bucket = bucketIn(ctx, str(input.Bucket));
  ctx.attribute(bucket.targetId);
  const prefix = str(input.Prefix) ?? '';
  const max = Math.min(num(input.MaxKeys) ?? 1000, 1000);
  const after = str(input.ContinuationToken) ?? str(input.StartAfter) ?? '';
  const matching = visibleObjects(ctx, bucket).filter((o) => o.key.startsWith(prefix) && o.key > after);
  const page = matching.slice(0, max);
  const truncated = matching.length > page.length;
  const out: Record<string, unknown> = {
    Name: bucket.name,
    Prefix: prefix,
    MaxKeys: max,
    KeyCount: page.length,
    IsTruncated: truncated,
  };
  // S3 leaves <Contents> out of an empty listing, so the SDK's output has no Contents member then.
  if (page.length > 0) {
    out.Contents = page.map((o) => ({ Key: o.key, LastModified: iso(o.lastModified), ETag: o.etag, Size: o.size, StorageClass: 'STANDARD' }));
  }
  if (str(input.ContinuationToken)) out.ContinuationToken = str(input.ContinuationToken);
  if (truncated) out.NextContinuationToken = page[page.length - 1]!.key;
  return out;
};

// A restored bucket is versioned (AWS Backup requires versioning on the source); the simulation keeps one
// version per object, whose id is derived from its ETag, and no delete markers.
const listObjectVersions: Handler = (ctx, input) => {
  const bucket = bucketIn(ctx, str(input.Bucket));
  ctx.attribute(bucket.targetId);
  const prefix = str(input.Prefix) ?? '';
  const max = Math.min(num(input.MaxKeys) ?? 1000, 1000);
  const after = str(input.KeyMarker) ?? '';
  const matching = visibleObjects(ctx, bucket).filter((o) => o.key.startsWith(prefix) && o.key > after);
  const page = matching.slice(0, max);
  const truncated = matching.length > page.length;
  const out: Record<string, unknown> = { Name: bucket.name, Prefix: prefix, MaxKeys: max, IsTruncated: truncated, KeyMarker: after };
  if (page.length > 0) {
    out.Versions = page.map((o) => ({
      Key: o.key,
      VersionId: versionIdOf(o),
      IsLatest: true,
      LastModified: iso(o.lastModified),
      ETag: o.etag,
      Size: o.size,
      StorageClass: 'STANDARD',
    }));
  }
  if (truncated) {
    out.NextKeyMarker = page[page.length - 1]!.key;
    out.NextVersionIdMarker = versionIdOf(page[page.length - 1]!);
  }
  return out;
};

const versionIdOf = (o: SimObject): string => `v${o.etag.replace(/\W/g, '').slice(0, 24)}`;

// dr-drill's own store (the deployed stack's bucket) holds the plan and per-target results of each drill.
const putObject: Handler = (ctx, input) => {
  const bucket = bucketIn(ctx, str(input.Bucket));
  const key = str(input.Key);
  if (!key) throw invalid(SERVICE, 'InvalidArgument', 'Key is required');
  const body = typeof input.Body === 'string' ? input.Body : input.Body === undefined ? '' : String(input.Body);
  // A conditional write (If-None-Match: *) creates the object only if the key is free, as S3 does since 2024.
  const existing = bucket.objects.get(key);
  if (str(input.IfNoneMatch) === '*' && existing && existing.lastModified <= ctx.now) {
    throw new SimAwsError(SERVICE, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { httpStatus: 412 });
  }
  const etag = `"${createHash('md5').update(body).digest('hex')}"`;
  bucket.objects.set(key, { key, size: Buffer.byteLength(body), etag, lastModified: ctx.now, body });
  return { ETag: etag };
};

const getObject: Handler = (ctx, input) => {
  const bucket = bucketIn(ctx, str(input.Bucket));
  const object = bucket.objects.get(str(input.Key) ?? '');
  if (!object || object.lastModified > ctx.now) throw notFound(SERVICE, 'NoSuchKey', 'The specified key does not exist.');
  return { Body: object.body ?? '', ContentLength: object.size, ETag: object.etag, LastModified: iso(object.lastModified) };
};

// HEAD responses carry no body, so S3's 404 reaches the SDK without a code and it names the error NotFound.
const headObject: Handler = (ctx, input) => {
  const bucket = bucketIn(ctx, str(input.Bucket), 'NotFound');
  ctx.attribute(bucket.targetId);
  const object = bucket.objects.get(str(input.Key) ?? '');
  if (!object || object.lastModified > ctx.now) throw notFound(SERVICE, 'NotFound', 'Not Found');
  // S3 returns the checksum only when asked for it, and only for objects stored with one.
  const checksum = str(input.ChecksumMode) === 'ENABLED' ? object.checksumSha256 : undefined;
  return compact({
    AcceptRanges: 'bytes',
    LastModified: iso(object.lastModified),
    ContentLength: object.size,
    ETag: object.etag,
    ContentType: object.body === undefined ? 'application/octet-stream' : 'application/json',
    ChecksumSHA256: checksum,
    ChecksumType: checksum ? 'FULL_OBJECT' : undefined,
    ServerSideEncryption: 'AES256',
    VersionId: versionIdOf(object),
  });
};

const deleteObjects: Handler = (ctx, input) => {
  const bucket = bucketIn(ctx, str(input.Bucket));
  ctx.attribute(bucket.targetId);
  const request = (input.Delete ?? {}) as { Objects?: Array<{ Key?: string }>; Quiet?: boolean };
  const objects = request.Objects ?? [];
  if (objects.length === 0 || objects.length > 1000) {
    throw invalid(SERVICE, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  }
  const deleted = objects.map((o) => {
    const key = String(o.Key);
    const existing = bucket.objects.get(key);
    if (existing && existing.lastModified <= ctx.now) bucket.objects.delete(key);
    return { Key: key };
  });
  return request.Quiet === true ? { Errors: [] } : { Deleted: deleted, Errors: [] };
};

const deleteObject: Handler = (ctx, input) => {
  const bucket = bucketIn(ctx, str(input.Bucket));
  ctx.attribute(bucket.targetId);
  const key = str(input.Key) ?? '';
  const existing = bucket.objects.get(key);
  if (existing && existing.lastModified <= ctx.now) bucket.objects.delete(key);
  return {};
};

const deleteBucket: Handler = (ctx, input) => {
  const bucket = bucketIn(ctx, str(input.Bucket));
  ctx.attribute(bucket.targetId);
  if (visibleObjects(ctx, bucket).length > 0 || [...bucket.objects.values()].some((o) => o.lastModified > ctx.now)) {
    throw new SimAwsError(SERVICE, 'BucketNotEmpty', 'The bucket you tried to delete is not empty', { httpStatus: 409 });
  }
  bucket.deleteRequestedAt = ctx.now;
  bucket.goneAt = ctx.now;
  return {};
};

export const s3Handlers: Record<string, Handler> = {
  HeadBucket: headBucket,
  ListObjectsV2: listObjectsV2,
  ListObjectVersions: listObjectVersions,
  PutObject: putObject,
  GetObject: getObject,
  HeadObject: headObject,
  DeleteObjects: deleteObjects,
  DeleteObject: deleteObject,
  DeleteBucket: deleteBucket,
};
