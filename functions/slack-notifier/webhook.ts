// Posting to a Slack incoming webhook. The webhook URL is a credential: it is never logged nor put in an error.
// Slack answers 200 "ok", or a status and an error code in the body (400 invalid_payload, 403 invalid_token,
// 404 no_service or channel_not_found, 410 channel_is_archived, 429 rate limited, 5xx).
import { SlackUnavailableError } from '../../lib/notify/errors';
import type { SlackMessage } from '../../lib/notify/slack';

export type PostOutcome = { posted: true; status: number } | { posted: false; status: number; error: string };

export interface PostOptions {
  /** The whole exchange, answer body included: a hung Slack must not hold the function to its own timeout. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** Why a request got no answer, without the URL: Node's fetch puts the socket's code in `cause`. */
function whyNoAnswer(error: unknown, timeoutMs: number): string {
  const e = error as Error & { cause?: { code?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  return e.cause?.code ? `${e.name}: ${e.cause.code}` : `${e.name}: ${e.message}`;
}

/**
 * Posted, or rejected for good (another 4xx: the payload or the webhook is wrong, and a retry meets the same answer).
 * Throws SlackUnavailableError when another try may succeed: 429, 5xx, a timeout, a network failure.
 */
export async function postToWebhook(url: string, message: SlackMessage, options: PostOptions): Promise<PostOutcome> {
  const doFetch = options.fetch ?? fetch;
  try {
    const response = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(options.timeoutMs),
      // A webhook never redirects; following one would send the message where nobody configured it to go.
      redirect: 'error',
    });
    const answer = (await response.text()).slice(0, 200);
    if (response.ok) return { posted: true, status: response.status };
    if (response.status === 429 || response.status >= 500) {
      throw new SlackUnavailableError(`Slack answered ${response.status}${answer ? ` ${answer}` : ''}: will be retried`);
    }
    return { posted: false, status: response.status, error: answer || `HTTP ${response.status}` };
  } catch (error) {
    if (error instanceof SlackUnavailableError) throw error;
    throw new SlackUnavailableError(`Slack did not answer (${whyNoAnswer(error, options.timeoutMs)}): will be retried`, { cause: error });
  }
}
