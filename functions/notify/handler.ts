import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { storeOf } from '../../lib/drill/store';
import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { notify, notifySettings, type NotifySettings } from './notify';

/** Settings come from the environment (read once, at cold start in Lambda); a local run hands in its own topic. */
export const makeHandler = (deps: Deps & { notify?: NotifySettings }, settings: NotifySettings = deps.notify ?? notifySettings()) => {
  const store = storeOf(deps);
  return (event: unknown) => notify(event, deps, store, settings);
};
export const handler = lambdaHandler(makeHandler, (runtime) => ({ ...productionDeps({ s3: S3Client, sns: SNSClient }, runtime), notify: notifySettings(runtime.env) }));
