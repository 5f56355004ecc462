// Delete Restored Bucket: S3 deletes a bucket only when it is empty, and a restored bucket is versioned (AWS
// Backup requires versioning), so every version and delete marker goes first, a page at a time.
import { z } from 'zod';
import { DeleteBucketCommand, DeleteObjectsCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { drillContextSchema, targetNamesSchema } from '../../lib/drill/contracts';
import { CREATED_PREFIX } from '../../lib/drill/names';
import { assertRegionAllowed } from '../../lib/drill/residency-guard';
import { isNotFound, rethrowClassified } from '../../lib/aws/classify-error';
import { RefusedDeletionError } from '../../lib/errors';
import { parsePayload } from '../../lib/lambda/parse';
import type { Deps } from '../../lib/lambda/deps';

const eventSchema = z.object({
  drill: drillContextSchema,
  names: targetNamesSchema,
  restore: z.object({ job: z.object({ CreatedResourceArn: z.string().min(1) }) }),
});

export interface BucketDeletion {
  bucket: string;
  objectsDeleted: number;
  alreadyGone: boolean;
}

export async function deleteRestoredBucket(event: unknown, deps: Deps): Promise<BucketDeletion> {
  const { drill, names, restore } = parsePayload(eventSchema, event, 'Delete Restored Bucket');
  const bucket = restore.job.CreatedResourceArn.replace(/^arn:aws[a-z-]*:s3:::/, '');
  // Only ever the bucket this drill restored: a wrong ARN here must not empty a real bucket.
  if (bucket !== names.restored || !bucket.startsWith(CREATED_PREFIX)) {
    throw new RefusedDeletionError(`refusing to empty bucket "${bucket}": this drill restored "${names.restored}"`);
  }
  const s3 = deps.clients.get('s3', assertRegionAllowed(drill.drRegion, drill, 'restored bucket'));

  let objectsDeleted = 0;
  try {
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    for (;;) {
      const page = await s3.send(
        new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker, MaxKeys: 1000 }),
      );
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
