import { lambdaHandler } from '../../lib/lambda/wrap';
import { prepareRestore } from './prepare-restore';

// Pure logic: no AWS client, so no dependencies to build.
export const makeHandler = () => (event: unknown) => prepareRestore(event);
export const handler = lambdaHandler(makeHandler, () => undefined);
