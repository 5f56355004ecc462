// Errors of the notification functions, with literal names (they survive minification) that a state machine's
// Catch, Lambda's async retries and the logs can tell apart.

/** The notification could not be sent for a reason another try will not fix (a missing report, SNS refusing it). */
export class NotifyError extends Error {
  override readonly name = 'NotifyError';
}

/** Slack did not take the message for now (5xx, 429, timeout, network): thrown so Lambda's async retries try again. */
export class SlackUnavailableError extends Error {
  override readonly name = 'SlackUnavailableError';
}

/** The Slack webhook is not configured or not usable (its secret is missing, unreadable or holds no URL). */
export class SlackConfigError extends Error {
  override readonly name = 'SlackConfigError';
}
