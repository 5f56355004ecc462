import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { preflight } from './preflight';

export const makeHandler = (deps: Deps) => (event: unknown) => preflight(event, deps);
export const handler = lambdaHandler(makeHandler, productionDeps);
