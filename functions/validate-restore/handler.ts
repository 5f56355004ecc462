import { sqlConnectors } from '../../lib/checks/sql/connectors';
import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { validateRestore } from './validate-restore';

export const makeHandler = (deps: Deps) => (event: unknown) => validateRestore(event, deps);
// The database drivers are bundled into this function only.
export const handler = lambdaHandler(makeHandler, () => ({ ...productionDeps(), sql: sqlConnectors }));
