import { BackupClient } from '@aws-sdk/client-backup';
import { STSClient } from '@aws-sdk/client-sts';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { CREATED_KIND_CLIENTS } from '../../lib/resource-types/registry';
import { markCreated } from './mark-created';

export const makeHandler = (deps: Deps) => (event: unknown) => markCreated(event, deps);
// Every created kind's clients (lib/resource-types/registry.ts): it reads when what it marks was created.
export const handler = lambdaHandler(makeHandler, (runtime) =>
  productionDeps({ ...CREATED_KIND_CLIENTS, backup: BackupClient, resourcegroupstaggingapi: ResourceGroupsTaggingAPIClient, sts: STSClient }, runtime),
);
