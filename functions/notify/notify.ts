// Notify: tells people how a drill went once its report is stored. Reads the report from the drill store and
// publishes one message to the drill topic: the text for email (and every protocol without a part of its own), the
// structured notification for Lambda subscribers (the Slack function), and the attributes subscribers filter on.
import { PublishCommand } from '@aws-sdk/client-sns';
import { z } from 'zod';
import { isTransientAwsError } from '../../lib/aws/classify-error';
import { drillContextSchema } from '../../lib/drill/contracts';
import { reportKey, type DrillStore } from '../../lib/drill/store';
import { TransientAwsError } from '../../lib/errors';
import { evidenceKeys } from '../../lib/evidence/contracts';
import type { Deps } from '../../lib/lambda/deps';
import { parsePayload } from '../../lib/lambda/parse';
import { NotifyError } from '../../lib/notify/errors';
import { drillNotification, type DrillMessage } from '../../lib/notify/message';
import { REGION_PATTERN } from '../../lib/plan/schema';
import { drillReportSchema, type DrillReport } from '../../lib/report/schema';

export const notifyEventSchema = z.object({
  drill: drillContextSchema,
  /** Build Report's s3://bucket/drills/<id>/report.json; the store's own key when absent. */
  reportLocation: z.string().optional(),
  /** Record Evidence's output: the link goes to the HTML it wrote. */
  evidence: z.object({ htmlKey: z.string() }).optional(),
  /** What Record Evidence's Catch caught: the message says the evidence is missing, and links to the report. */
  evidenceError: z.object({ Error: z.string() }).optional(),
});
type NotifyEvent = z.infer<typeof notifyEventSchema>;

export interface NotifyOutput {
  messageId: string;
}

export interface NotifySettings {
  /** DRILL_TOPIC_ARN */
  topicArn: string;
  /** EVIDENCE_BUCKET: when set, the message links to the drill's HTML evidence there. */
  evidenceBucket?: string;
}

/** SNS takes at most 256 KiB per message; the notification names at most 50 targets, so this is never near. */
const MAX_MESSAGE_BYTES = 262_144;
/** SNS answers these when KMS (the topic is encrypted) is busy: as transient as SNS's own throttling. */
const KMS_TRANSIENT = new Set(['KMSThrottlingException']);

/** Read once at cold start; a missing or malformed topic is a deployment fault, reported then. */
export function notifySettings(env: NodeJS.ProcessEnv = process.env): NotifySettings {
  const topicArn = env.DRILL_TOPIC_ARN;
  if (!topicArn) throw new Error('DRILL_TOPIC_ARN is not set: the notify function has no topic to publish to');
  if (!REGION_PATTERN.test(topicRegion(topicArn))) throw new Error(`DRILL_TOPIC_ARN is not an SNS topic ARN: "${topicArn}"`);
  return { topicArn, evidenceBucket: env.EVIDENCE_BUCKET || undefined };
}

/** SNS takes a Publish only in the topic's own region. */
function topicRegion(topicArn: string): string {
  const [arn, , service, region] = topicArn.split(':');
  return arn === 'arn' && service === 'sns' ? (region ?? '') : '';
}

/** The S3 console page of an object: a link anyone with console access opens in one click, unlike s3://. */
export function s3ConsoleUrl(bucket: string, key: string, region: string): string {
  const prefix = key.split('/').map(encodeURIComponent).join('/');
  return `https://${region}.console.aws.amazon.com/s3/object/${bucket}?region=${region}&bucketType=general&prefix=${prefix}`;
}

/** The HTML evidence when the stack has an evidence bucket and it was recorded, else the report in the drill store. */
export function reportUrlOf(
  report: DrillReport,
  location: string,
  settings: NotifySettings,
  region: string,
  event: Pick<NotifyEvent, 'evidence' | 'evidenceError'> = {},
): string | null {
  if (settings.evidenceBucket && !event.evidenceError) {
    const htmlKey = event.evidence?.htmlKey ?? evidenceKeys(report.plan.name, report.startedAt, report.drillId).htmlKey;
    return s3ConsoleUrl(settings.evidenceBucket, htmlKey, region);
  }
  const parts = /^s3:\/\/([^/]+)\/(.+)$/.exec(location);
  return parts ? s3ConsoleUrl(parts[1]!, parts[2]!, region) : null;
}

/** SNS's per-protocol message: `default` for every protocol without its own part, `lambda` for the Slack function. */
export function snsMessage(message: DrillMessage): string {
  return JSON.stringify({ default: message.text, email: message.text, lambda: JSON.stringify(message.structured) });
}

async function readReport(drillId: string, store: Pick<DrillStore, 'getReport'>): Promise<DrillReport> {
  let stored: unknown;
  try {
    stored = await store.getReport(drillId);
  } catch (error) {
    if (error instanceof TransientAwsError) throw error;
    const e = error as Error;
    throw new NotifyError(`drill ${drillId}: its report could not be read from the drill store (${e.name}: ${e.message}); Build Report writes it`, {
      cause: error,
    });
  }
  const parsed = drillReportSchema.safeParse(stored);
  if (!parsed.success) throw new NotifyError(`drill ${drillId}: the stored report is not a drill report (${parsed.error.issues[0]?.path.join('.')})`);
  if (parsed.data.drillId !== drillId) throw new NotifyError(`drill ${drillId}: the stored report is of drill ${parsed.data.drillId}`);
  return parsed.data;
}

export async function notify(
  event: unknown,
  deps: Pick<Deps, 'clients' | 'region'>,
  store: Pick<DrillStore, 'getReport' | 'bucket'>,
  settings: NotifySettings,
): Promise<NotifyOutput> {
  const parsed = parsePayload(notifyEventSchema, event, 'Notify');
  const { drill } = parsed;
  const report = await readReport(drill.id, store);
  const location = parsed.reportLocation ?? `s3://${store.bucket}/${reportKey(drill.id)}`;
  const message = drillNotification(report, {
    reportUrl: reportUrlOf(report, location, settings, deps.region, parsed),
    evidenceError: parsed.evidenceError?.Error ?? null,
  });
  const body = snsMessage(message);
  if (Buffer.byteLength(body) > MAX_MESSAGE_BYTES) throw new NotifyError(`drill ${drill.id}: the notification is ${Buffer.byteLength(body)} bytes, over SNS's 256 KiB`);

  const sns = deps.clients.get('sns', topicRegion(settings.topicArn));
  try {
    const out = await sns.send(
      new PublishCommand({
        TopicArn: settings.topicArn,
        Subject: message.subject,
        Message: body,
        MessageStructure: 'json',
        MessageAttributes: message.attributes,
      }),
    );
    if (!out.MessageId) throw new NotifyError(`drill ${drill.id}: SNS accepted the notification but returned no MessageId`);
    return { messageId: out.MessageId };
  } catch (error) {
    if (error instanceof NotifyError) throw error;
    const e = error as Error;
    if (isTransientAwsError(error) || KMS_TRANSIENT.has(e.name)) {
      throw new TransientAwsError(`${e.name}: ${e.message}`, { cause: error });
    }
    throw new NotifyError(`drill ${drill.id}: SNS refused the notification to ${settings.topicArn} (${e.name}: ${e.message})`, { cause: error });
  }
}
