import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EFSClient } from '@aws-sdk/client-efs';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { deleteRestored } from './delete-restored';

export const makeHandler = (deps: Deps) => (event: unknown) => deleteRestored(event, deps);
export const handler = lambdaHandler(makeHandler, (runtime) =>
  productionDeps({ rds: RDSClient, dynamodb: DynamoDBClient, efs: EFSClient, ec2: EC2Client, s3: S3Client }, runtime),
);
