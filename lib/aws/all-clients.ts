// Every SDK client dr-drill uses: for the local runner and tests, which serve all functions at once. A Lambda
// handler names only its own (see functions/*/handler.ts).
import { BackupClient } from '@aws-sdk/client-backup';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EFSClient } from '@aws-sdk/client-efs';
import { FSxClient } from '@aws-sdk/client-fsx';
import { IAMClient } from '@aws-sdk/client-iam';
import { RDSClient } from '@aws-sdk/client-rds';
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { Route53Client } from '@aws-sdk/client-route-53';
import { Route53RecoveryClusterClient } from '@aws-sdk/client-route53-recovery-cluster';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import type { ClientConstructors } from './clients';

export const ALL_CLIENTS: Required<ClientConstructors> = {
  backup: BackupClient,
  cloudwatch: CloudWatchClient,
  dynamodb: DynamoDBClient,
  ec2: EC2Client,
  efs: EFSClient,
  fsx: FSxClient,
  iam: IAMClient,
  rds: RDSClient,
  rdsdata: RDSDataClient,
  resourcegroupstaggingapi: ResourceGroupsTaggingAPIClient,
  route53: Route53Client,
  route53recoverycluster: Route53RecoveryClusterClient,
  s3: S3Client,
  secretsmanager: SecretsManagerClient,
  sfn: SFNClient,
  sns: SNSClient,
  sts: STSClient,
};
