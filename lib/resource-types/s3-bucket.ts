// An S3 bucket AWS Backup restored. HeadBucket answers 200 while it exists and 404 (NotFound; NoSuchBucket elsewhere)
// once it is gone (HeadBucket, S3 API Reference); a bucket has no state between the two.
import { DeleteBucketCommand, DeleteObjectsCommand, HeadBucketCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { isNotFound, rethrowClassified } from '../aws/classify-error';
import type { ResourceType } from './resource-type';

/** What a bucket HeadBucket answers for is said to be in. */
export const BUCKET_EXISTS = 'exists';

export const S3_BUCKET: ResourceType = {
  kind: 's3-bucket',
  clients: { s3: S3Client },
  // Bucket ARNs name no region or account, and no type: arn:aws:s3:::<bucket> (objects are <bucket>/<key>).
  fromArn: (arn) => /^arn:aws[a-z-]*:s3:::([^/]+)$/.exec(arn)?.[1] ?? null,
  deleteRank: 70,
  namedByDrill: true,
  async describe({ clients, region }, id) {
    await clients.get('s3', region).send(new HeadBucketCommand({ Bucket: id }));
    return { state: BUCKET_EXISTS, createdAt: null };
  },
  readyState: BUCKET_EXISTS,
  deletingStates: new Set(),
  goneStates: new Set(),
  async remove({ clients, region }, id) {
    // Every version and delete marker goes first: S3 refuses to delete a bucket that holds any.
    return !(await emptyAndDeleteBucket(clients.get('s3', region), id)).alreadyGone;
  },
};

export interface BucketDeletion {
  bucket: string;
  objectsDeleted: number;
  alreadyGone: boolean;
}

/**
 * S3 deletes a bucket only when it is empty, and a restored bucket is versioned (AWS Backup requires versioning), so
 * every version and delete marker goes first, a page at a time. Callers check the bucket is one a drill created.
 */
export async function emptyAndDeleteBucket(s3: S3Client, bucket: string): Promise<BucketDeletion> {
  let objectsDeleted = 0;
  try {
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    for (;;) {
      const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker, MaxKeys: 1000 }));
      const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]
        .filter((o) => o.Key)
        .map((o) => ({ Key: o.Key as string, VersionId: o.VersionId }));
      if (objects.length > 0) {
        const out = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
        if (out.Errors && out.Errors.length > 0) {
          throw new Error(`S3 refused to delete ${out.Errors.length} object(s) in ${bucket}: ${out.Errors[0]?.Code ?? 'unknown'}`);
        }
        objectsDeleted += objects.length;
      }
      if (!page.IsTruncated) break;
      keyMarker = page.NextKeyMarker;
      versionIdMarker = page.NextVersionIdMarker;
    }
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    return { bucket, objectsDeleted, alreadyGone: false };
  } catch (error) {
    if (isNotFound(error)) return { bucket, objectsDeleted, alreadyGone: true };
    rethrowClassified(error);
  }
}
