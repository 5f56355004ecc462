import { BackupClient } from '@aws-sdk/client-backup';
import { STSClient } from '@aws-sdk/client-sts';
import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { copyJob } from './copy-job';

export const makeHandler = (deps: Deps) => (event: unknown) => copyJob(event, deps);
export const handler = lambdaHandler(makeHandler, (runtime) => productionDeps({ backup: BackupClient, sts: STSClient }, runtime));
