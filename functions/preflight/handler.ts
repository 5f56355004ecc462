import { BackupClient } from '@aws-sdk/client-backup';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { storeOf } from '../../lib/drill/store';
import { runningDrills } from '../../lib/drill/running';
import { resolveSelections } from '../../lib/drill/resolve-selections';
import { coverageVaults, lambdaVaultLister, listCoverageScope } from '../../lib/coverage/scope';
import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { readDeploymentRegions } from '../../lib/plan/deployment-regions';
import { preflight } from './preflight';

export const makeHandler = (deps: Deps) => {
  const store = storeOf(deps);
  const running = runningDrills(deps);
  return (event: unknown) =>
    preflight(
      event,
      {
        ...deps,
        running,
        resolveSelections: (plan) => resolveSelections(plan, deps),
        coverageScope: (plan) =>
          listCoverageScope(coverageVaults(plan), plan.regions.primary, deps.now().toISOString(), lambdaVaultLister(plan.regions.primary, deps)),
      },
      store,
    );
};

export const handler = lambdaHandler(makeHandler, (runtime) => ({
  // AWS Backup and the tagging API resolve the plan's selections and list its coverage scope (read only, in the primary region).
  ...productionDeps({ s3: S3Client, sfn: SFNClient, backup: BackupClient, resourcegroupstaggingapi: ResourceGroupsTaggingAPIClient }, runtime),
  deploymentRegions: readDeploymentRegions(runtime.env),
  // The plan the stack was deployed with, bundled as text (serverless.yml: esbuild loader .yml: text); swap
  // deployed/plan.yml for your own plan before `serverless deploy`.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  deployedPlan: { source: 'deployed/plan.yml', text: require('../../deployed/plan.yml') as string },
}));
