import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { checkCleanup } from './check-cleanup';

export const makeHandler = (deps: Deps) => (event: unknown) => checkCleanup(event, deps);
export const handler = lambdaHandler(makeHandler, productionDeps);
