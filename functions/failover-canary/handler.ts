import { RDSClient } from '@aws-sdk/client-rds';
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsCanaryStore } from '../../lib/failover/canary-resolve';
import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { failoverCanary } from './failover-canary';

export const makeHandler = (deps: Deps) => (event: unknown) => failoverCanary(event, deps);
// The database drivers are bundled into this function only (and the validation function's).
const clients = { rds: RDSClient, rdsdata: RDSDataClient, secretsmanager: SecretsManagerClient };
export const handler = lambdaHandler(makeHandler, (runtime) => {
  const deps = productionDeps(clients, runtime);
  return { ...deps, canary: awsCanaryStore(deps.clients) };
});
