import { S3Client } from '@aws-sdk/client-s3';
import { storeOf } from '../../lib/drill/store';
import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { loadTarget } from './load-target';

export const makeHandler = (deps: Deps) => {
  const store = storeOf(deps);
  return (event: unknown) => loadTarget(event, store);
};
export const handler = lambdaHandler(makeHandler, (runtime) => productionDeps({ s3: S3Client }, runtime));
