// An S3 bucket AWS Backup restored. HeadBucket answers 200 while it exists and 404 (NotFound; NoSuchBucket elsewhere)
// once it is gone (HeadBucket, S3 API Reference); a bucket has no state between the two.
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { emptyAndDeleteBucket } from '../drill/empty-and-delete-bucket';
import type { ResourceType } from './resource-type';

/** What a bucket HeadBucket answers for is said to be in. */
export const BUCKET_EXISTS = 'exists';

export const S3_BUCKET: ResourceType = {
  kind: 's3-bucket',
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
