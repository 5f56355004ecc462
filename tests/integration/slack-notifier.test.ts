// The Slack function end to end against a real HTTP server on loopback standing in for Slack's incoming webhook:
// the webhook URL comes from the (mocked) secret, the message goes over real HTTP with Node's fetch.
import { mockClient } from 'aws-sdk-client-mock';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeHandler } from '../../functions/slack-notifier/handler';
import { logger } from '../../lib/lambda/wrap';
import { drillNotification } from '../../lib/notify/message';
import { SLACK_LIMITS, type SlackMessage } from '../../lib/notify/slack';
import { failedOnData, reportOf, restoreTargets } from '../unit/notify-fixtures';
import { testDeps } from '../unit/functions/fixtures';

const secrets = mockClient(SecretsManagerClient);
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-2:111122223333:secret:dr-drill/dev/slack-webhook-Ab12Cd';

interface Received {
  path: string;
  contentType: string | undefined;
  body: string;
}

let server: Server;
let base: string;
const received: Received[] = [];
const hung: ServerResponse[] = [];

/** Slack's answers, by path: https://api.slack.com/messaging/webhooks#handling_errors */
const ANSWERS: Record<string, [number, string]> = {
  '/services/ok': [200, 'ok'],
  '/services/broken': [500, 'rollup_error'],
  '/services/limited': [429, 'rate_limited'],
  '/services/gone': [404, 'no_service'],
  '/services/revoked': [403, 'invalid_token'],
};

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ path: req.url ?? '', contentType: req.headers['content-type'], body });
      if (req.url === '/services/slow') {
        hung.push(res);
        return;
      }
      const [status, text] = ANSWERS[req.url ?? ''] ?? [404, 'no_service'];
      res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of hung) res.destroy();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received.length = 0;
  secrets.reset();
  jest.restoreAllMocks();
});

/** The Slack function as Lambda builds it, its webhook secret holding `path` on the local server. */
function slackFunctionPostingTo(path: string, timeoutMs = 2000) {
  secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({ SecretString: JSON.stringify({ url: `${base}${path}` }) });
  return makeHandler(testDeps(), { secretArn: SECRET_ARN, timeoutMs });
}

function snsEvent(): unknown {
  const { structured } = drillNotification(reportOf([failedOnData(), ...restoreTargets().slice(1)]), { reportUrl: 'https://example.org/report.html' });
  return { Records: [{ EventSource: 'aws:sns', Sns: { MessageId: 'm-1', Message: JSON.stringify(structured) } }] };
}

describe('Slack Notifier against a local stand-in for Slack', () => {
  it('posts valid Block Kit JSON carrying the verdict when Slack answers 200', async () => {
    const run = slackFunctionPostingTo('/services/ok');

    await expect(run(snsEvent())).resolves.toEqual({ outcomes: [{ drillId: 'd0a1b2c3d', outcome: 'posted' }] });

    expect(received).toHaveLength(1);
    expect(received[0]!.contentType).toMatch(/^application\/json/);
    const posted = JSON.parse(received[0]!.body) as SlackMessage;
    expect(posted.text).toMatch(/^FAILED nhs-patient-platform: 1\/4 targets failed/);
    expect(posted.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: ':x: FAILED nhs-patient-platform', emoji: true } });
    expect(posted.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(posted.blocks.every((b) => ['header', 'section', 'context', 'actions'].includes(b.type))).toBe(true);
    expect(posted.blocks.find((b) => b.type === 'actions')).toMatchObject({ elements: [{ type: 'button', url: 'https://example.org/report.html' }] });
  });

  it('throws SlackUnavailableError on a 500 or a 429, so Lambda retries it', async () => {
    await expect(slackFunctionPostingTo('/services/broken')(snsEvent())).rejects.toMatchObject({
      name: 'SlackUnavailableError',
      message: 'Slack answered 500 rollup_error: will be retried',
    });
    await expect(slackFunctionPostingTo('/services/limited')(snsEvent())).rejects.toMatchObject({ name: 'SlackUnavailableError' });
  });

  it('logs a 404 no_service or a 403 invalid_token as an error and does not throw: a retry meets the same answer', async () => {
    const error = jest.spyOn(logger, 'error').mockImplementation(() => undefined);

    await expect(slackFunctionPostingTo('/services/gone')(snsEvent())).resolves.toEqual({
      outcomes: [{ drillId: 'd0a1b2c3d', outcome: 'rejected', status: 404, error: 'no_service' }],
    });
    await expect(slackFunctionPostingTo('/services/revoked')(snsEvent())).resolves.toEqual({
      outcomes: [{ drillId: 'd0a1b2c3d', outcome: 'rejected', status: 403, error: 'invalid_token' }],
    });

    expect(error).toHaveBeenCalledTimes(2);
    // The webhook URL is a credential: never in a log line.
    expect(JSON.stringify(error.mock.calls)).not.toContain(base);
  });

  it('gives up at its timeout on a Slack that never answers, throwing for a retry', async () => {
    const started = Date.now();

    await expect(slackFunctionPostingTo('/services/slow', 300)(snsEvent())).rejects.toMatchObject({
      name: 'SlackUnavailableError',
      message: 'Slack did not answer (no answer within 300 ms): will be retried',
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('throws for a retry when nothing listens, without the URL in the error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    secrets.on(GetSecretValueCommand).resolves({ SecretString: `http://127.0.0.1:${port}/services/ok` });

    const run = makeHandler(testDeps(), { secretArn: SECRET_ARN, timeoutMs: 2000 })(snsEvent());

    await expect(run).rejects.toMatchObject({ name: 'SlackUnavailableError', message: expect.stringContaining('ECONNREFUSED') });
    await expect(run).rejects.not.toMatchObject({ message: expect.stringContaining(`${port}`) });
  });
});
