// Amazon SNS: Publish to the deployment's drill topic, with the checks AWS makes before it accepts a message (the
// topic exists in the region called, a subject under 100 characters on one line, a `json` message structure with a
// string "default", the 256 KiB limit, typed message attributes). What was published is kept for the local run.
import { str, type Handler, type SimContext } from './context';
import { invalid, notFound } from './errors';
import type { World } from './world';

const SERVICE = 'sns';
const MAX_MESSAGE_BYTES = 262_144;
const MAX_ATTRIBUTES = 10;

export interface SimTopic {
  arn: string;
  name: string;
  region: string;
}

export interface PublishedMessage {
  /** Virtual time of the Publish. */
  at: string;
  messageId: string;
  topicArn: string;
  subject: string | null;
  message: string;
  messageStructure: string | null;
  messageAttributes: Record<string, { DataType: string; StringValue?: string }>;
}

/** The notifications side of the account: topics the deployment owns and every message published to them. */
export interface NotificationsWorld {
  topics: Map<string, SimTopic>;
  published: PublishedMessage[];
}

export function notificationsOf(world: World): NotificationsWorld {
  world.notifications ??= { topics: new Map(), published: [] };
  return world.notifications;
}

/** A topic of the deployment (the drill topic), not something a drill creates. */
export function createTopic(world: World, name: string, region: string): string {
  if (!world.regions.has(region)) throw new Error(`createTopic: no region ${region} in this simulated account`);
  const arn = `arn:aws:sns:${region}:${world.accountId}:${name}`;
  notificationsOf(world).topics.set(arn, { arn, name, region });
  return arn;
}

/** SNS's answer to a Publish it refuses: InvalidParameter, "Invalid parameter: <what>". */
function refuse(what: string): never {
  throw invalid(SERVICE, 'InvalidParameter', `Invalid parameter: ${what}`);
}

function checkSubject(subject: string | undefined): void {
  if (subject === undefined) return;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what SNS refuses
  if (subject.length === 0 || subject.length >= 100 || /[\x00-\x1F\x7F]/.test(subject)) refuse('Subject');
}

/** MessageStructure json: a JSON object with a string "default", every protocol's part a string. */
function checkJsonStructure(message: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    refuse('Message Structure - JSON message body failed to parse');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) refuse('Message Structure - JSON message body failed to parse');
  const parts = parsed as Record<string, unknown>;
  if (typeof parts.default !== 'string') refuse('Message Structure - No default entry in JSON message body');
  for (const [key, value] of Object.entries(parts)) {
    if (typeof value !== 'string') refuse(`Message Structure - the value of "${key}" is not a string`);
  }
}

function attributesOf(input: unknown): PublishedMessage['messageAttributes'] {
  const attributes = (input ?? {}) as Record<string, { DataType?: string; StringValue?: string }>;
  const names = Object.keys(attributes);
  if (names.length > MAX_ATTRIBUTES) throw invalid(SERVICE, 'ParameterValueInvalid', `Number of message attributes [${names.length}] exceeds the allowed maximum [${MAX_ATTRIBUTES}].`);
  const out: PublishedMessage['messageAttributes'] = {};
  for (const name of names) {
    const { DataType, StringValue } = attributes[name]!;
    if (!DataType || !/^(String|Number|Binary)(\..+)?$/.test(DataType)) {
      throw invalid(SERVICE, 'ParameterValueInvalid', `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`);
    }
    if (DataType.startsWith('String') && (StringValue === undefined || StringValue === '')) {
      throw invalid(SERVICE, 'ParameterValueInvalid', `The message attribute '${name}' must contain non-empty message attribute value for message attribute type 'String'.`);
    }
    out[name] = StringValue === undefined ? { DataType } : { DataType, StringValue };
  }
  return out;
}

function topicIn(ctx: SimContext, topicArn: string | undefined): SimTopic {
  if (!topicArn) refuse('TopicArn or TargetArn Reason: no value for required parameter');
  const topic = notificationsOf(ctx.world).topics.get(topicArn);
  // A topic lives in one region: another region's endpoint does not know it.
  if (!topic || topic.region !== ctx.region.name) throw notFound(SERVICE, 'NotFound', 'Topic does not exist');
  return topic;
}

const publish: Handler = (ctx, input) => {
  const topic = topicIn(ctx, str(input.TopicArn));
  const message = str(input.Message) ?? '';
  if (message.length === 0) refuse('Empty message');
  if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES) refuse('Message too long');
  const subject = str(input.Subject);
  checkSubject(subject);
  const structure = str(input.MessageStructure);
  if (structure !== undefined && structure !== 'json') refuse('MessageStructure');
  if (structure === 'json') checkJsonStructure(message);
  const messageAttributes = attributesOf(input.MessageAttributes);
  const published = notificationsOf(ctx.world).published;
  const messageId = ctx.random.uuid('sns-message', topic.arn, String(published.length)).toLowerCase();
  published.push({
    at: new Date(ctx.now).toISOString(),
    messageId,
    topicArn: topic.arn,
    subject: subject ?? null,
    message,
    messageStructure: structure ?? null,
    messageAttributes,
  });
  return { MessageId: messageId };
};

export const snsHandlers: Record<string, Handler> = {
  Publish: publish,
};
