import { BackupClient } from '@aws-sdk/client-backup';
import { S3Client } from '@aws-sdk/client-s3';
import { storeOf } from '../../lib/drill/store';
import { lambdaRuntime, productionDeps, type LambdaRuntime } from '../../lib/lambda/deps';
import { lambdaHandler, logger } from '../../lib/lambda/wrap';
import { TARGET_CHECK_CLIENTS } from '../../lib/resource-types/targets/checks-registry';
import { restoreTestingConfig } from './config';
import { validateRestoreTest, type ValidatorDeps } from './restore-testing-validator';

/** Read once at cold start: AWS_REGION first (as every function), then the drill store and the plan key. */
export function validatorDeps(runtime: LambdaRuntime = lambdaRuntime()): ValidatorDeps {
  // Every type's check clients (targets/checks-registry.ts), and Backup and S3 for the job and the drill store.
  const clients = { ...TARGET_CHECK_CLIENTS, backup: BackupClient, s3: S3Client };
  return { ...productionDeps(clients, runtime), ...restoreTestingConfig(runtime.env), log: logger };
}

export const makeHandler = (deps: ValidatorDeps) => {
  const store = storeOf(deps);
  return (event: unknown) => validateRestoreTest(event, deps, store);
};
export const handler = lambdaHandler(makeHandler, validatorDeps);
