import { BackupClient } from '@aws-sdk/client-backup';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EFSClient } from '@aws-sdk/client-efs';
import { RDSClient } from '@aws-sdk/client-rds';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { sweeper, sweeperSettings, type SweeperSettings } from './sweeper';

export type SweeperDeps = Deps & { sweeper: SweeperSettings };

export const makeHandler = (deps: SweeperDeps) => (event: unknown) => sweeper(deps, deps.sweeper, event);
// productionDeps first, so a missing AWS_REGION is the error a broken deployment reports.
export const handler = lambdaHandler(makeHandler, (runtime) => ({
  ...productionDeps({
    backup: BackupClient,
    dynamodb: DynamoDBClient,
    ec2: EC2Client,
    efs: EFSClient,
    rds: RDSClient,
    resourcegroupstaggingapi: ResourceGroupsTaggingAPIClient,
    s3: S3Client,
    sfn: SFNClient,
    sns: SNSClient,
  }, runtime),
  sweeper: sweeperSettings(runtime.env),
}));
