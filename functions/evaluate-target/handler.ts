import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { evaluateTarget } from './evaluate-target';

export const makeHandler = (deps: Deps) => (event: unknown) => evaluateTarget(event, deps);
export const handler = lambdaHandler(makeHandler, productionDeps);
