// The Slack function's decisions, with Slack answered by a stub (the real HTTP exchange is in
// tests/integration/slack-notifier.test.ts): post, retry later, or give up loudly in the logs.
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { makeSlackNotifier, slackSettings, type SlackSettings } from '../../../functions/slack-notifier/slack-notifier';
import { webhookUrlOf } from '../../../functions/slack-notifier/webhook-secret';
import { logger } from '../../../lib/lambda/wrap';
import { drillNotification } from '../../../lib/notify/message';
import { passedReport } from '../notify-fixtures';
import { regionOf, testDeps } from './fixtures';

const secrets = mockClient(SecretsManagerClient);

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-2:111122223333:secret:dr-drill/prod/slack-webhook-Ab12Cd';
const WEBHOOK = 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX';

/** What SNS hands the function: the topic message's `lambda` part in Records[0].Sns.Message. */
function snsEvent(): unknown {
  const { structured } = drillNotification(passedReport(), { reportUrl: null });
  return { Records: [{ EventSource: 'aws:sns', Sns: { MessageId: 'm-1', Subject: structured.subject, Message: JSON.stringify(structured) } }] };
}

/** A stand-in for fetch answering each call with the next status (the last repeats), recording what was posted. */
function slackAnswering(...statuses: number[]) {
  const posted: { url: string; body: unknown }[] = [];
  const fetchStub = jest.fn(async (url: string | URL | Request, init?: RequestInit) => {
    posted.push({ url: String(url), body: JSON.parse(String(init?.body)) });
    const status = statuses[Math.min(posted.length - 1, statuses.length - 1)]!;
    return new Response(status === 200 ? 'ok' : status === 404 ? 'no_service' : 'error', { status });
  });
  return { posted, fetch: fetchStub as unknown as typeof fetch };
}

function notifier(fetchImpl: typeof fetch) {
  const settings: SlackSettings = { secretArn: SECRET_ARN, timeoutMs: 1000, fetch: fetchImpl };
  return makeSlackNotifier(testDeps(), settings);
}

beforeEach(() => {
  secrets.reset();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: WEBHOOK });
  jest.restoreAllMocks();
});

describe('makeSlackNotifier (Slack Notifier)', () => {
  it('posts the Block Kit message to the webhook from the secret, read once per container from its own region', async () => {
    const slack = slackAnswering(200);
    const run = notifier(slack.fetch);

    await expect(run(snsEvent())).resolves.toEqual({ outcomes: [{ drillId: 'd0a1b2c3d', outcome: 'posted' }] });
    await run(snsEvent());

    expect(slack.posted).toHaveLength(2);
    expect(slack.posted[0]).toMatchObject({ url: WEBHOOK, body: { text: expect.stringMatching(/^PASSED nhs-patient-platform/), blocks: expect.any(Array) } });
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
    expect(await regionOf(secrets.commandCalls(GetSecretValueCommand)[0]!)).toBe('eu-west-2');
  });

  it('throws SlackUnavailableError on a 5xx or a 429, so Lambda retries it and then leaves it in the dead-letter queue', async () => {
    for (const status of [500, 503, 429]) {
      await expect(notifier(slackAnswering(status).fetch)(snsEvent())).rejects.toMatchObject({ name: 'SlackUnavailableError' });
    }
  });

  it('logs a refusal (4xx) as an error and returns, reading the secret again next time in case it was replaced', async () => {
    const error = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    const slack = slackAnswering(404, 200);
    const run = notifier(slack.fetch);

    await expect(run(snsEvent())).resolves.toEqual({ outcomes: [{ drillId: 'd0a1b2c3d', outcome: 'rejected', status: 404, error: 'no_service' }] });
    await run(snsEvent());

    expect(error).toHaveBeenCalledWith(expect.stringContaining('Slack refused the drill notification'), expect.objectContaining({ status: 404, slackError: 'no_service' }));
    expect(JSON.stringify(error.mock.calls)).not.toContain(WEBHOOK);
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
  });

  it('posts nothing and warns while the secret still holds the placeholder, then posts once a URL is put in it', async () => {
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    secrets.on(GetSecretValueCommand).resolvesOnce({ SecretString: 'not configured: put the Slack webhook URL here' }).resolves({ SecretString: JSON.stringify({ url: WEBHOOK }) });
    const slack = slackAnswering(200);
    const run = notifier(slack.fetch);

    await expect(run(snsEvent())).resolves.toEqual({ outcomes: [{ drillId: 'd0a1b2c3d', outcome: 'not-configured' }] });
    await expect(run(snsEvent())).resolves.toEqual({ outcomes: [{ drillId: 'd0a1b2c3d', outcome: 'posted' }] });

    expect(warn).toHaveBeenCalledTimes(1);
    expect(slack.posted).toHaveLength(1);
  });

  it('fails with SlackConfigError when the secret cannot be read, and retries a throttled read', async () => {
    secrets.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret.", $metadata: {} }));
    await expect(notifier(slackAnswering(200).fetch)(snsEvent())).rejects.toMatchObject({ name: 'SlackConfigError' });

    secrets.on(GetSecretValueCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }));
    await expect(notifier(slackAnswering(200).fetch)(snsEvent())).rejects.toMatchObject({ name: 'TransientAwsError' });
  });

  it("posts a plain-text message (a refusal, the sweeper's word on a killed drill) as its subject and text", async () => {
    const slack = slackAnswering(200);
    const run = notifier(slack.fetch);
    const text = 'The drill arn:aws:states:eu-west-2:111122223333:execution:dr-drill-prod-drill:x ended ABORTED. Removed 3: <cluster> & more.';

    const result = await run({
      Records: [
        {
          Sns: {
            Subject: 'FAILED dr-drill: drill ABORTED (nhs-patient-platform), swept 3',
            Message: text,
            MessageAttributes: { loud: { Type: 'String', Value: 'true' }, verdict: { Type: 'String', Value: 'FAILED' } },
          },
        },
      ],
    });

    expect(result).toEqual({ outcomes: [{ drillId: null, outcome: 'posted' }] });
    expect(slack.posted[0]!.body).toEqual({
      text: 'FAILED dr-drill: drill ABORTED (nhs-patient-platform), swept 3',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: ':rotating_light: FAILED dr-drill: drill ABORTED (nhs-patient-platform), swept 3', emoji: true } },
        { type: 'section', text: { type: 'mrkdwn', text: text.replace('<cluster> &', '&lt;cluster&gt; &amp;') } },
      ],
    });
  });

  it('shows a plain-text refusal without a loud attribute as a failure, and a message without a subject by its first line', async () => {
    const slack = slackAnswering(200);
    const run = notifier(slack.fetch);

    await run({ Records: [{ Sns: { Subject: 'REFUSED dr-drill: PlanInvalidError', Message: 'The drill did not start, and nothing was changed.' } }] });
    await run({ Records: [{ Sns: { Subject: null, Message: 'PASSED nhs-patient-platform\nall good' } }] });

    expect(slack.posted.map((p) => (p.body as { blocks: { text: { text: string } }[] }).blocks[0]!.text.text)).toEqual([
      ':x: REFUSED dr-drill: PlanInvalidError',
      ':white_check_mark: PASSED nhs-patient-platform',
    ]);
  });

  it('refuses JSON that is not a drill notification as BadPayloadError (a bug in a publisher of ours), and an empty event', async () => {
    const run = notifier(slackAnswering(200).fetch);

    await expect(run({ Records: [{ Sns: { Message: '{"verdict":"FAILED"}' } }] })).rejects.toMatchObject({ name: 'BadPayloadError' });
    await expect(run({ Records: [] })).rejects.toMatchObject({ name: 'BadPayloadError' });
  });
});

describe('the webhook secret', () => {
  it('holds the URL itself or {"url": ...}; anything else means not configured', () => {
    expect(webhookUrlOf(WEBHOOK)).toBe(WEBHOOK);
    expect(webhookUrlOf(` ${WEBHOOK}\n`)).toBe(WEBHOOK);
    expect(webhookUrlOf(JSON.stringify({ url: WEBHOOK }))).toBe(WEBHOOK);
    expect(webhookUrlOf('placeholder')).toBeNull();
    expect(webhookUrlOf('{"url": 42}')).toBeNull();
    expect(webhookUrlOf('{not json')).toBeNull();
    expect(webhookUrlOf(undefined)).toBeNull();
  });

  it('takes only https, or plain http on loopback where a local stand-in for Slack listens', () => {
    expect(webhookUrlOf('http://hooks.slack.com/services/T/B/X')).toBeNull();
    expect(webhookUrlOf('http://127.0.0.1:8080/hook')).toBe('http://127.0.0.1:8080/hook');
  });
});

describe('slackSettings', () => {
  it('reads the secret ARN once, failing fast naming SLACK_WEBHOOK_SECRET_ARN', () => {
    expect(slackSettings({ SLACK_WEBHOOK_SECRET_ARN: SECRET_ARN })).toEqual({ secretArn: SECRET_ARN, timeoutMs: 5000 });
    expect(() => slackSettings({})).toThrow('SLACK_WEBHOOK_SECRET_ARN is not set');
    expect(() => slackSettings({ SLACK_WEBHOOK_SECRET_ARN: WEBHOOK })).toThrow('SLACK_WEBHOOK_SECRET_ARN is not a Secrets Manager secret ARN');
  });
});
