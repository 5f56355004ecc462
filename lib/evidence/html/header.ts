// The top of the report: what must be seen first. A failover that left the service off its primary (or in a state
// nobody knows) comes before everything else, then the dry-run notice, then the verdict in words, big.
import type { FailoverResult } from '../../failover/contracts';
import type { EvidenceRecord, Trigger } from '../contracts';
import { formatDuration } from '../../measure/durations';
import { orderWords, partsLine } from '../../report/parts';
import { html, type SafeHtml } from './escape';
import { time, verdictBadge } from './format';

const TRIGGERS: Record<Trigger['kind'], string> = {
  schedule: 'on schedule (EventBridge Scheduler)',
  console: 'by hand, from the AWS console',
  cli: 'by hand, with the dr-drill CLI',
  local: 'on the local simulation (dr-drill run --local): no AWS account was used',
};

export const triggerText = ({ kind, by }: Trigger): string => `${TRIGGERS[kind]}${by ? `, by ${by}` : ''}`;

/** Loud failover results: a person must act now, so they lead the page, in red and in words. */
export function alarmBanner(failover: readonly FailoverResult[] | undefined): SafeHtml | null {
  const loud = (failover ?? []).filter((r) => r.loud);
  if (loud.length === 0) return null;
  return html`<section class="alarm" role="alert" aria-labelledby="alarm-heading"><h2 id="alarm-heading">⚠ Action needed now: the failover drill did not bring the service home</h2><ul>${loud.map(
    (r) => html`<li><strong>${r.targetId}</strong>: ${r.service.summary}. ${r.reason}${r.stoppedAt ? ` (stopped at ${r.stoppedAt})` : ''}</li>`,
  )}</ul></section>`;
}

export function dryRunBanner(record: EvidenceRecord): SafeHtml | null {
  if (record.kind !== 'dry-run' && !record.report.dryRun) return null;
  return html`<section class="dry-run-banner" role="note" aria-labelledby="dry-run-heading"><h2 id="dry-run-heading">DRY RUN: nothing was created or changed</h2><p>This run only read the account. No recovery point was copied, nothing was restored, no failover was started. It shows what was checked and what a real drill would do; it is no evidence that anything can be recovered.</p></section>`;
}

function drillLength(startedAt: string, finishedAt: string): string {
  const m = (Date.parse(finishedAt) - Date.parse(startedAt)) / 60000;
  return Number.isFinite(m) && m >= 0 ? formatDuration(m) : 'unknown';
}

export function header(record: EvidenceRecord): SafeHtml {
  const r = record.report;
  const what = record.kind === 'dry-run' ? 'Dry-run evidence' : 'Disaster-recovery drill evidence';
  return html`<header class="top"><p class="kicker">${what}</p><h1>${r.plan.name}</h1><p class="verdict-line" id="verdict" data-verdict="${r.verdict}">Verdict: ${verdictBadge(r.verdict, true)}</p><p class="headline">${r.headline}</p><dl class="facts"><dt>Plan</dt><dd>${r.plan.name}</dd><dt>Plan hash</dt><dd><code>${r.plan.hash}</code></dd><dt>Drill id</dt><dd><code>${r.drillId}</code></dd><dt>Execution</dt><dd><code class="arn">${r.executionArn}</code></dd><dt>Started</dt><dd>${time(r.startedAt)}</dd><dt>Finished</dt><dd>${time(r.finishedAt)} (${drillLength(r.startedAt, r.finishedAt)})</dd><dt>Triggered</dt><dd>${triggerText(record.trigger)}</dd>${r.parts ? html`<dt>Order</dt><dd id="order">${r.dryRun ? `a real run would run ${orderWords(r.parts.order)}` : partsLine(r.parts).replace(/^Order: /, '')}</dd>` : ''}</dl></header>`;
}
