import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { buildReport } from './build-report';

export const makeHandler = (deps: Deps) => (event: unknown) => buildReport(event, deps);
export const handler = lambdaHandler(makeHandler, productionDeps);
