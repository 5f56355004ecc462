// Slack Notifier: subscribed to the drill topic, it posts each drill notification to a Slack incoming webhook.
// Nothing waits on it: SNS invokes it asynchronously, after the drill has ended. When Slack is down or slow it
// throws, so Lambda retries it (maximumRetryAttempts) and then leaves the event in the dead-letter queue. When
// Slack refuses the message for good (a 4xx: a revoked webhook, a bad payload) it logs the refusal as an error and
// returns: another try meets the same answer, and the email subscribers were told through SNS already.
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { rethrowClassified } from '../../lib/aws/classify-error';
import type { Deps } from '../../lib/lambda/deps';
import { parsePayload } from '../../lib/lambda/parse';
import { logger } from '../../lib/lambda/wrap';
import { drillNotificationSchema, type DrillNotification } from '../../lib/notify/contracts';
import { SlackConfigError } from '../../lib/notify/errors';
import { plainSlackMessage, slackMessage, type SlackMessage } from '../../lib/notify/slack';
import { REGION_PATTERN } from '../../lib/plan/schema';
import { webhookUrlOf } from './webhook-secret';
import { postToWebhook } from './webhook';

/** What SNS hands a Lambda subscriber: one record per invocation, its Message the topic message's `lambda` part. */
const snsEventSchema = z.object({
  Records: z
    .array(
      z.object({
        Sns: z.object({
          MessageId: z.string().optional(),
          Subject: z.string().nullish(),
          Message: z.string(),
          MessageAttributes: z.record(z.string(), z.object({ Value: z.string() })).optional(),
        }),
      }),
    )
    .min(1),
});
type SnsRecord = z.infer<typeof snsEventSchema>['Records'][number]['Sns'];

export interface SlackSettings {
  /** SLACK_WEBHOOK_SECRET_ARN */
  secretArn: string;
  /** Slack answers in well under a second; 5 s leaves the function (timeout 30 s) room for its retries' sake. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** drillId is null for a plain-text message (see plainSlackMessage), which names its drill in words only. */
export type SlackOutcome =
  | { drillId: string | null; outcome: 'posted' }
  | { drillId: string | null; outcome: 'rejected'; status: number; error: string }
  | { drillId: string | null; outcome: 'not-configured' };

export const DEFAULT_TIMEOUT_MS = 5_000;

function secretRegion(arn: string): string {
  const [prefix, , service, region] = arn.split(':');
  return prefix === 'arn' && service === 'secretsmanager' ? (region ?? '') : '';
}

/** Read once at cold start; the secret's ARN is a deployment setting, so a missing one fails then. */
export function slackSettings(env: NodeJS.ProcessEnv = process.env): SlackSettings {
  const secretArn = env.SLACK_WEBHOOK_SECRET_ARN;
  if (!secretArn) throw new Error('SLACK_WEBHOOK_SECRET_ARN is not set: the Slack notifier has no webhook secret to read');
  if (!REGION_PATTERN.test(secretRegion(secretArn))) throw new Error(`SLACK_WEBHOOK_SECRET_ARN is not a Secrets Manager secret ARN: "${secretArn}"`);
  return { secretArn, timeoutMs: DEFAULT_TIMEOUT_MS };
}

/**
 * Notify's structured notification becomes Block Kit; plain text (the drill's fallbacks, the sweeper) is shown as
 * written. JSON that is not a drill notification is a bug in a publisher of ours, refused loudly.
 */
function messageOf(sns: SnsRecord): { drillId: string | null; message: SlackMessage } {
  let json: unknown;
  try {
    json = JSON.parse(sns.Message);
  } catch {
    return { drillId: null, message: plainSlackMessage(sns.Subject ?? null, sns.Message, sns.MessageAttributes?.loud?.Value === 'true') };
  }
  const notification: DrillNotification = parsePayload(drillNotificationSchema, json, 'Slack Notifier (drill notification)');
  return { drillId: notification.drillId, message: slackMessage(notification) };
}

export function makeSlackNotifier(deps: Pick<Deps, 'clients'>, settings: SlackSettings) {
  // Cached per container once it holds a URL; a placeholder is read again each time, so setting the secret's value
  // turns Slack on without a deployment, and a webhook Slack refused is read again after it is replaced.
  let cachedUrl: string | null = null;

  async function webhookUrl(): Promise<string | null> {
    if (cachedUrl) return cachedUrl;
    const secrets = deps.clients.get('secretsmanager', secretRegion(settings.secretArn));
    try {
      const out = await secrets.send(new GetSecretValueCommand({ SecretId: settings.secretArn }));
      cachedUrl = webhookUrlOf(out.SecretString);
      return cachedUrl;
    } catch (error) {
      rethrowTransientOr(error);
    }
  }

  return async (event: unknown): Promise<{ outcomes: SlackOutcome[] }> => {
    const { Records } = parsePayload(snsEventSchema, event, 'Slack Notifier');
    const outcomes: SlackOutcome[] = [];
    for (const record of Records) {
      const { drillId, message } = messageOf(record.Sns);
      const url = await webhookUrl();
      if (!url) {
        logger.warn('Slack is not configured: the webhook secret holds no https URL; put the webhook URL in it', { drillId });
        outcomes.push({ drillId, outcome: 'not-configured' });
        continue;
      }
      const posted = await postToWebhook(url, message, settings);
      if (posted.posted) {
        outcomes.push({ drillId, outcome: 'posted' });
        continue;
      }
      cachedUrl = null;
      logger.error('Slack refused the drill notification; not retried: check the webhook in its secret', {
        drillId,
        status: posted.status,
        slackError: posted.error,
      });
      outcomes.push({ drillId, outcome: 'rejected', status: posted.status, error: posted.error });
    }
    return { outcomes };
  };
}

/** Throttling and 5xx are retried (TransientAwsError); a missing secret or a denied read is a deployment fault. */
function rethrowTransientOr(error: unknown): never {
  try {
    rethrowClassified(error);
  } catch (classified) {
    if (classified !== error) throw classified;
    const e = error as Error;
    throw new SlackConfigError(`the Slack webhook secret could not be read (${e.name}: ${e.message})`, { cause: error });
  }
}
