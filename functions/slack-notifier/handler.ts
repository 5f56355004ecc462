import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { makeSlackNotifier, slackSettings, type SlackSettings } from './slack-notifier';

/** `settings` defaults to the environment (read once, at cold start in Lambda). */
export const makeHandler = (deps: Deps & { slack?: SlackSettings }, settings: SlackSettings = deps.slack ?? slackSettings()) => makeSlackNotifier(deps, settings);
export const handler = lambdaHandler(makeHandler, (runtime) => ({ ...productionDeps({ secretsmanager: SecretsManagerClient }, runtime), slack: slackSettings(runtime.env) }));
