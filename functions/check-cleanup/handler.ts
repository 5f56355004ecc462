import { BackupClient } from '@aws-sdk/client-backup';
import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { CREATED_KIND_CLIENTS } from '../../lib/resource-types/registry';
import { checkCleanup } from './check-cleanup';

export const makeHandler = (deps: Deps) => (event: unknown) => checkCleanup(event, deps);
// Every created kind's clients (lib/resource-types/registry.ts): it describes whatever the drill made.
export const handler = lambdaHandler(makeHandler, (runtime) => productionDeps({ ...CREATED_KIND_CLIENTS, backup: BackupClient }, runtime));
