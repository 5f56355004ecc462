// Delete Restored Bucket: empties (every version) and deletes the bucket this drill restored, and only that one.
import { z } from 'zod';
import { drillContextSchema, targetNamesSchema } from '../../lib/drill/contracts';
import { CREATED_PREFIX } from '../../lib/drill/names';
import { assertRegionAllowed } from '../../lib/drill/residency-guard';
import { emptyAndDeleteBucket, type BucketDeletion } from '../../lib/drill/empty-and-delete-bucket';
import { RefusedDeletionError } from '../../lib/errors';
import { parsePayload } from '../../lib/lambda/parse';
import type { Deps } from '../../lib/lambda/deps';

const eventSchema = z.object({
  drill: drillContextSchema,
  names: targetNamesSchema,
  restore: z.object({ job: z.object({ CreatedResourceArn: z.string().min(1) }) }),
});

export type { BucketDeletion };

export async function deleteRestoredBucket(event: unknown, deps: Deps): Promise<BucketDeletion> {
  const { drill, names, restore } = parsePayload(eventSchema, event, 'Delete Restored Bucket');
  const bucket = restore.job.CreatedResourceArn.replace(/^arn:aws[a-z-]*:s3:::/, '');
  // Only ever the bucket this drill restored: a wrong ARN here must not empty a real bucket.
  if (bucket !== names.restored || !bucket.startsWith(CREATED_PREFIX)) {
    throw new RefusedDeletionError(`refusing to empty bucket "${bucket}": this drill restored "${names.restored}"`);
  }
  return emptyAndDeleteBucket(deps.clients.get('s3', assertRegionAllowed(drill.drRegion, drill, 'restored bucket')), bucket);
}
