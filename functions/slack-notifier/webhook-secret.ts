// The webhook URL from its Secrets Manager secret: the URL itself, or JSON {"url": "..."}. Anything else (the
// placeholder the stack creates when config/<stage>.yml names no secret) means Slack is not configured yet.

/** A Slack webhook is https; plain http is accepted only on loopback, where a local stand-in for Slack listens. */
function usable(candidate: unknown): string | null {
  if (typeof candidate !== 'string') return null;
  let url: URL;
  try {
    url = new URL(candidate.trim());
  } catch {
    return null;
  }
  if (url.protocol === 'https:') return url.toString();
  if (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return url.toString();
  return null;
}

export function webhookUrlOf(secretString: string | undefined): string | null {
  const text = secretString?.trim() ?? '';
  if (!text.startsWith('{')) return usable(text);
  try {
    return usable((JSON.parse(text) as { url?: unknown }).url);
  } catch {
    return null;
  }
}
