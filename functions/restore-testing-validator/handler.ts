import { storeOf } from '../../lib/drill/store';
import { productionDeps } from '../../lib/lambda/deps';
import { lambdaHandler, logger } from '../../lib/lambda/wrap';
import { restoreTestingConfig } from './config';
import { validateRestoreTest, type ValidatorDeps } from './restore-testing-validator';

/** Read once at cold start: AWS_REGION first (as every function), then the drill store and the plan key. */
export function validatorDeps(env: NodeJS.ProcessEnv = process.env): ValidatorDeps {
  return { ...productionDeps(env), ...restoreTestingConfig(env), log: logger };
}

export const makeHandler = (deps: ValidatorDeps) => {
  const store = storeOf(deps);
  return (event: unknown) => validateRestoreTest(event, deps, store);
};
export const handler = lambdaHandler(makeHandler, validatorDeps);
