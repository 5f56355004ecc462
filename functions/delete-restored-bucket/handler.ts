import { S3Client } from '@aws-sdk/client-s3';
import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { deleteRestoredBucket } from './delete-restored-bucket';

export const makeHandler = (deps: Deps) => (event: unknown) => deleteRestoredBucket(event, deps);
export const handler = lambdaHandler(makeHandler, (runtime) => productionDeps({ s3: S3Client }, runtime));
