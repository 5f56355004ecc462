import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { validateRestore } from './validate-restore';

export const makeHandler = (deps: Deps) => (event: unknown) => validateRestore(event, deps);
export const handler = lambdaHandler(makeHandler, productionDeps);
