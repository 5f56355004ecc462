import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EFSClient } from '@aws-sdk/client-efs';
import { RDSClient } from '@aws-sdk/client-rds';
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { sqlConnectors } from '../../lib/checks/sql/connectors';
import { productionDataPorts } from '../../lib/resource-types/targets/data-ports-production';
import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { validateRestore } from './validate-restore';

export const makeHandler = (deps: Deps) => (event: unknown) => validateRestore(event, deps);
// The database drivers (SQL, MongoDB, Neptune's HTTPS) are bundled into this function only.
const clients = {
  rds: RDSClient,
  rdsdata: RDSDataClient,
  secretsmanager: SecretsManagerClient,
  dynamodb: DynamoDBClient,
  efs: EFSClient,
  ec2: EC2Client,
  s3: S3Client,
};
export const handler = lambdaHandler(makeHandler, (runtime) => ({ ...productionDeps(clients, runtime), sql: sqlConnectors, dataPorts: productionDataPorts() }));
