import { BackupClient } from '@aws-sdk/client-backup';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { CREATED_KIND_CLIENTS } from '../../lib/resource-types/registry';
import { sweeper, sweeperSettings, type SweeperSettings } from './sweeper';

export type SweeperDeps = Deps & { sweeper: SweeperSettings };

export const makeHandler = (deps: SweeperDeps) => (event: unknown) => sweeper(deps, deps.sweeper, event);
// productionDeps first, so a missing AWS_REGION is the error a broken deployment reports.
export const handler = lambdaHandler(makeHandler, (runtime) => ({
  ...productionDeps(
    // Every created kind's clients (lib/resource-types/registry.ts): it finds, describes and deletes any of them.
    { ...CREATED_KIND_CLIENTS, backup: BackupClient, resourcegroupstaggingapi: ResourceGroupsTaggingAPIClient, sfn: SFNClient, sns: SNSClient },
    runtime,
  ),
  sweeper: sweeperSettings(runtime.env),
}));
