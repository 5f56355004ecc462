import { sqlConnectors } from '../../lib/checks/sql/connectors';
import { productionDataPorts } from '../../lib/resource-types/targets/data-ports-production';
import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { TARGET_CHECK_CLIENTS } from '../../lib/resource-types/targets/checks-registry';
import { validateRestore } from './validate-restore';

export const makeHandler = (deps: Deps) => (event: unknown) => validateRestore(event, deps);
// Every type's check clients (targets/checks-registry.ts); the database drivers (SQL, MongoDB, Neptune's HTTPS) are
// bundled into this function only.
export const handler = lambdaHandler(makeHandler, (runtime) => ({ ...productionDeps(TARGET_CHECK_CLIENTS, runtime), sql: sqlConnectors, dataPorts: productionDataPorts() }));
