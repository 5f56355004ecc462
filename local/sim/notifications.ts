// What a local run's drill told people: each message the notify function published to the simulated drill topic,
// and the Slack Block Kit message the Slack function would have posted for it. A local run writes these beside the
// report, so the notification can be read (and pasted into Slack's Block Kit Builder) without an account.
import { drillNotificationSchema, type DrillNotification } from '../../lib/notify/contracts';
import { plainSlackMessage, slackMessage, type SlackMessage } from '../../lib/notify/slack';
import type { SimAccount } from './account';

export interface LocalNotification {
  at: string;
  topicArn: string;
  messageId: string;
  subject: string | null;
  /** The message attributes as name -> value: what a subscription's filter policy would match. */
  attributes: Record<string, string>;
  /** What email subscribers receive (the `default` part, or the whole message without a json structure). */
  text: string;
  /** The `lambda` part, parsed: what the Slack function receives. Null when the message has none. */
  structured: DrillNotification | null;
  /** What the Slack function would post to its webhook: Block Kit from the structured part, else the plain text. */
  slack: SlackMessage;
}

function parts(message: string, structure: string | null): Record<string, string> {
  if (structure !== 'json') return { default: message };
  return JSON.parse(message) as Record<string, string>;
}

export function localNotifications(account: SimAccount): LocalNotification[] {
  return account.published().map((published) => {
    const byProtocol = parts(published.message, published.messageStructure);
    // Parsed as the Slack function parses it, so a message it would refuse fails the local run too.
    const structured = byProtocol.lambda === undefined ? null : drillNotificationSchema.parse(JSON.parse(byProtocol.lambda));
    const attributes = Object.fromEntries(Object.entries(published.messageAttributes).map(([name, value]) => [name, value.StringValue ?? '']));
    return {
      at: published.at,
      topicArn: published.topicArn,
      messageId: published.messageId,
      subject: published.subject,
      attributes,
      text: byProtocol.email ?? byProtocol.default ?? '',
      structured,
      // Without a `lambda` part SNS hands the Slack function the `default` one (the whole message when unstructured).
      slack: structured ? slackMessage(structured) : plainSlackMessage(published.subject, byProtocol.default ?? published.message, attributes.loud === 'true'),
    };
  });
}
