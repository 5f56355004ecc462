import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { storeOf } from '../../lib/drill/store';
import { runningDrills } from '../../lib/drill/running';
import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { readDeploymentRegions } from '../../lib/plan/deployment-regions';
import { preflight } from './preflight';

export const makeHandler = (deps: Deps) => {
  const store = storeOf(deps);
  const running = runningDrills(deps);
  return (event: unknown) => preflight(event, { ...deps, running }, store);
};

export const handler = lambdaHandler(makeHandler, (runtime) => ({
  ...productionDeps({ s3: S3Client, sfn: SFNClient }, runtime),
  deploymentRegions: readDeploymentRegions(runtime.env),
  // The plan the stack was deployed with, bundled as text (serverless.yml: esbuild loader .yml: text); swap
  // deployed/plan.yml for your own plan before `serverless deploy`.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  deployedPlan: { source: 'deployed/plan.yml', text: require('../../deployed/plan.yml') as string },
}));
