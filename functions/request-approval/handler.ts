import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler, logger } from '../../lib/lambda/wrap';
import { logNotifier, requestApproval } from './request-approval';

// Issue 5 adds the SNS notifier beside the log one.
export const makeHandler = (deps: Deps) => {
  const notifiers = [logNotifier(logger)];
  return (event: unknown) => requestApproval(event, deps, notifiers);
};
export const handler = lambdaHandler(makeHandler, (runtime) => productionDeps({}, runtime));
