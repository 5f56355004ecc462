import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { makeSlackNotifier, slackSettings, type SlackSettings } from './slack-notifier';

/** `settings` defaults to the environment (read once, at cold start in Lambda). */
export const makeHandler = (deps: Deps, settings: SlackSettings = slackSettings()) => makeSlackNotifier(deps, settings);
export const handler = lambdaHandler(makeHandler, () => productionDeps({ secretsmanager: SecretsManagerClient }));
