// Small pieces every section shares: times, durations, verdict badges and met/missed marks. A result is always
// said in words and with a symbol as well as a colour: printed in black and white or read by a colour-blind
// auditor, the report must say the same thing.
import { formatDuration } from '../../measure/durations';
import { formatSeconds } from '../../measure/seconds';
import { html, type SafeHtml } from './escape';

/** `2025-03-04 02:00:00 UTC`: auditors compare times across reports, so one zone and no locale. */
export function utc(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

export const time = (iso: string | null | undefined): SafeHtml => (iso ? html`<time datetime="${iso}">${utc(iso)}</time>` : html`–`);

export const minutes = (m: number | null | undefined): string => (m === null || m === undefined ? 'not measured' : formatDuration(m));
export const seconds = (s: number | null | undefined): string => (s === null || s === undefined ? 'not measured' : formatSeconds(s));

const WORDS = {
  PASSED: { cls: 'pass', mark: '✓', text: 'PASSED' },
  FAILED: { cls: 'fail', mark: '✗', text: 'FAILED' },
  NOT_RUN: { cls: 'fail', mark: '✗', text: 'NOT RUN' },
} as const;

export function verdictBadge(verdict: keyof typeof WORDS, big = false): SafeHtml {
  const w = WORDS[verdict];
  return html`<span class="${`verdict ${w.cls}${big ? ' big' : ''}`}">${w.mark} ${w.text}</span>`;
}

/** A measure against its objective: met, MISSED, or not measured (which is no pass: the absence of evidence). */
export function metMark(measured: number | null | undefined, met: boolean): SafeHtml {
  if (measured === null || measured === undefined) return html`<span class="mark warn">? not measured</span>`;
  return met ? html`<span class="mark pass">✓ met</span>` : html`<span class="mark fail">✗ MISSED</span>`;
}

export const passMark = (passed: boolean): SafeHtml =>
  passed ? html`<span class="mark pass">✓ passed</span>` : html`<span class="mark fail">✗ FAILED</span>`;

/** A check value as the checks recorded it: counts and ages only, never a row of data. */
export function checkValue(value: string | number | boolean | null): string {
  return value === null ? '–' : String(value);
}
