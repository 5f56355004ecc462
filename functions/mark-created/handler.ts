import { BackupClient } from '@aws-sdk/client-backup';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EFSClient } from '@aws-sdk/client-efs';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { markCreated } from './mark-created';

export const makeHandler = (deps: Deps) => (event: unknown) => markCreated(event, deps);
export const handler = lambdaHandler(makeHandler, (runtime) =>
  productionDeps({ backup: BackupClient, ec2: EC2Client, efs: EFSClient, resourcegroupstaggingapi: ResourceGroupsTaggingAPIClient }, runtime),
);
