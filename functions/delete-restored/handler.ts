import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { CREATED_KIND_CLIENTS } from '../../lib/resource-types/registry';
import { deleteRestored } from './delete-restored';

export const makeHandler = (deps: Deps) => (event: unknown) => deleteRestored(event, deps);
// Every created kind's clients (lib/resource-types/registry.ts): it deletes whatever a restore made.
export const handler = lambdaHandler(makeHandler, (runtime) => productionDeps(CREATED_KIND_CLIENTS, runtime));
