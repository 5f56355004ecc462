import { BackupClient } from '@aws-sdk/client-backup';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EFSClient } from '@aws-sdk/client-efs';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { storeOf } from '../../lib/drill/store';
import { lambdaRuntime, productionDeps, type LambdaRuntime } from '../../lib/lambda/deps';
import { lambdaHandler, logger } from '../../lib/lambda/wrap';
import { restoreTestingConfig } from './config';
import { validateRestoreTest, type ValidatorDeps } from './restore-testing-validator';

/** Read once at cold start: AWS_REGION first (as every function), then the drill store and the plan key. */
export function validatorDeps(runtime: LambdaRuntime = lambdaRuntime()): ValidatorDeps {
  const clients = { backup: BackupClient, s3: S3Client, rds: RDSClient, dynamodb: DynamoDBClient, efs: EFSClient, ec2: EC2Client };
  return { ...productionDeps(clients, runtime), ...restoreTestingConfig(runtime.env), log: logger };
}

export const makeHandler = (deps: ValidatorDeps) => {
  const store = storeOf(deps);
  return (event: unknown) => validateRestoreTest(event, deps, store);
};
export const handler = lambdaHandler(makeHandler, validatorDeps);
