import { Route53RecoveryClusterClient } from '@aws-sdk/client-route53-recovery-cluster';
import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { setRoutingControls } from './set-routing-controls';

export const makeHandler = (deps: Deps) => (event: unknown) => setRoutingControls(event, deps);
export const handler = lambdaHandler(makeHandler, (runtime) => productionDeps({ route53recoverycluster: Route53RecoveryClusterClient }, runtime));
