// Every SDK client dr-drill uses: for the local runner and tests, which serve all functions at once. A Lambda
// handler names only its own (see functions/*/handler.ts).
import { BackupClient } from '@aws-sdk/client-backup';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EFSClient } from '@aws-sdk/client-efs';
import { RDSClient } from '@aws-sdk/client-rds';
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { ClientConstructors } from './clients';

export const ALL_CLIENTS: Required<ClientConstructors> = {
  backup: BackupClient,
  dynamodb: DynamoDBClient,
  ec2: EC2Client,
  efs: EFSClient,
  rds: RDSClient,
  rdsdata: RDSDataClient,
  s3: S3Client,
  secretsmanager: SecretsManagerClient,
};
