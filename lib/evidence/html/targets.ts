// The restore targets: an overview table (also the data behind the RTO/RPO chart), the charts, and one section per
// target with everything an auditor may ask for: the recovery point, the AWS job ids, each check, RTO/RPO against
// the objectives, each step's times, and what cleanup deleted or left behind.
import type { TargetResult } from '../../drill/contracts';
import { formatDuration } from '../../measure/durations';
import { recoveryPointAges } from '../../report/recovery-points';
import { html, type SafeHtml } from './escape';
import { checkValue, metMark, minutes, passMark, time, utc, verdictBadge } from './format';
import { objectivesChart } from './objectives-chart';
import { MAX_CHART_ROWS, timelineChart } from './timeline-chart';

type Measure = TargetResult['rto'];

const measureCell = (m: Measure) => html`${minutes(m.measuredMinutes)} / ${formatDuration(m.objectiveMinutes)} ${metMark(m.measuredMinutes, m.met)}`;

function checksCell(checks: TargetResult['checks']): SafeHtml {
  if (checks.length === 0) return html`–`;
  const passed = checks.filter((c) => c.passed).length;
  return passed === checks.length
    ? html`<span class="mark pass">✓ ${passed}/${checks.length} passed</span>`
    : html`<span class="mark fail">✗ ${passed}/${checks.length} passed</span>`;
}

function cleanupCell({ cleanup }: TargetResult): SafeHtml {
  const left = cleanup.leftBehind.length + cleanup.errors.length;
  if (left > 0) return html`<span class="mark fail">✗ LEFT ${left}</span>`;
  if (!cleanup.complete) return html`<span class="mark warn">? INCOMPLETE</span>`;
  return html`<span class="mark pass">✓ deleted ${cleanup.deleted.length}</span>`;
}

function overview(targets: readonly TargetResult[]): SafeHtml {
  const rows = targets.map(
    (t, i) =>
      html`<tr data-target="${t.targetId}"><th scope="row"><a href="${`#target-${i + 1}`}">${t.targetId}</a></th><td>${t.type}</td><td>${verdictBadge(t.verdict)}</td><td>${minutes(t.minutes.copy)}</td><td>${minutes(t.minutes.restore)}</td><td>${checksCell(t.checks)}</td><td>${measureCell(t.rto)}</td><td>${measureCell(t.rpo)}</td><td>${cleanupCell(t)}</td></tr>`,
  );
  return html`<table id="targets-table"><caption>Restore targets: RTO and RPO against their objectives (the figures of the charts below)</caption><thead><tr><th scope="col">Target</th><th scope="col">Type</th><th scope="col">Verdict</th><th scope="col">Copied in</th><th scope="col">Restored in</th><th scope="col">Checks</th><th scope="col">RTO / objective</th><th scope="col">RPO / objective</th><th scope="col">Cleanup</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function chartsNote(targets: readonly TargetResult[]): SafeHtml | null {
  return targets.length > MAX_CHART_ROWS
    ? html`<p class="note">The charts show the first ${MAX_CHART_ROWS} of ${targets.length} targets; every target is in the tables.</p>`
    : null;
}

function measuresTable(t: TargetResult): SafeHtml {
  const row = (name: string, m: Measure) =>
    html`<tr><th scope="row">${name}</th><td>${minutes(m.measuredMinutes)}</td><td>${formatDuration(m.objectiveMinutes)}</td><td>${metMark(m.measuredMinutes, m.met)}</td></tr>`;
  const step = (name: string, value: number | null) => html`<tr><th scope="row">${name}</th><td>${minutes(value)}</td><td>–</td><td>–</td></tr>`;
  return html`<table class="narrow"><caption>${t.targetId}: measured against objectives</caption><thead><tr><th scope="col">Measure</th><th scope="col">Measured</th><th scope="col">Objective</th><th scope="col">Result</th></tr></thead><tbody>${row('RTO (restore start to data validated)', t.rto)}${row('RPO (recovery point age at drill start)', t.rpo)}${t.dataRpo ? row('RPO as the restored data shows it', t.dataRpo) : null}${step('Cross-region copy (not in the RTO)', t.minutes.copy)}${step('Restore job', t.minutes.restore)}${step('DB instance', t.minutes.instance)}${step('Validation', t.minutes.validation)}${step('Whole target, cleanup included', t.minutes.total)}</tbody></table>`;
}

function checksTable(t: TargetResult): SafeHtml {
  if (t.checks.length === 0) return html`<p class="note">No check ran${t.failedStep ? ` (the target stopped at ${t.failedStep})` : ''}.</p>`;
  const rows = t.checks.map(
    (c) =>
      html`<tr class="${c.passed ? '' : 'fail'}"><th scope="row">${c.name}</th><td><code>${checkValue(c.value)}</code></td><td><code>${c.expected}</code></td><td>${passMark(c.passed)}${c.passed ? null : html`<br><span class="reason">${c.reason}</span>`}</td></tr>`,
  );
  return html`<table class="checks"><caption>${t.targetId}: checks on the restored resource (counts and ages only, no data)</caption><thead><tr><th scope="col">Check</th><th scope="col">Value</th><th scope="col">Expected</th><th scope="col">Result</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function stepsTable(t: TargetResult): SafeHtml {
  if (t.timeline.length === 0) return html`<p class="note">No step completed.</p>`;
  const rows = t.timeline.map(
    (s) =>
      html`<tr><th scope="row">${s.step}</th><td>${time(s.startedAt)}</td><td>${time(s.finishedAt)}</td><td>${formatDuration(Math.max(Date.parse(s.finishedAt) - Date.parse(s.startedAt), 0) / 60000)}</td></tr>`,
  );
  return html`<table class="narrow"><caption>${t.targetId}: steps (the timeline chart's bars)</caption><thead><tr><th scope="col">Step</th><th scope="col">Started</th><th scope="col">Finished</th><th scope="col">Took</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function cleanupBlock({ cleanup }: TargetResult, where: string): SafeHtml {
  const list = (items: string[]) => html`<ul class="arns">${items.map((i) => html`<li><code>${i}</code></li>`)}</ul>`;
  const deleted = cleanup.deleted.length ? html`<p>Deleted (${cleanup.deleted.length}):</p>${list(cleanup.deleted)}` : html`<p>Nothing to delete.</p>`;
  const left = cleanup.leftBehind.length
    ? html`<p class="result fail">✗ LEFT BEHIND in ${where} (${cleanup.leftBehind.length}):</p>${list(cleanup.leftBehind)}`
    : null;
  const errors = cleanup.errors.length ? html`<p class="result fail">✗ Cleanup errors (${cleanup.errors.length}):</p>${list(cleanup.errors)}` : null;
  const done =
    cleanup.complete && !left && !errors
      ? html`<p class="result pass">✓ Cleanup complete: AWS confirmed everything the drill created is gone.</p>`
      : cleanup.complete
        ? null
        : html`<p class="result warn">? Cleanup incomplete.</p>`;
  return html`<h4>Cleanup</h4>${done}${deleted}${left}${errors}`;
}

/**
 * Which backup was proven, and both ages (issue 13): the newest in the primary vault, and the newest in the DR vault,
 * what a regional outage leaves, which the RPO verdict measures. Results recorded before then show one point.
 */
function recoveryPointFacts(t: TargetResult, drillStartedAt: string): SafeHtml {
  const rp = t.recoveryPoint;
  const c = t.recoveryPoints;
  if (!c) {
    return html`<dt>Recovery point</dt><dd>${rp ? html`<code class="arn">${rp.arn}</code>` : 'none found'}</dd><dt>Recovery point created</dt><dd>${rp ? time(rp.createdAt) : '–'}</dd>`;
  }
  const ages = recoveryPointAges(t, drillStartedAt);
  const aged = (p: { arn: string; createdAt: string } | null, m: number | null | undefined, rpo: boolean) =>
    p ? html`${time(p.createdAt)} (${minutes(m)} old at drill start${rpo ? ', the RPO' : ''}) <code class="arn">${p.arn}</code>` : 'none';
  const oneRegion = c.why.includes('one-region');
  return html`<dt>Recovery point source</dt><dd>${c.why}</dd><dt>Newest in the primary vault</dt><dd>${aged(c.primary, ages?.primaryMinutes, c.source === 'copy' || oneRegion)}</dd>${
    c.source === 'copy' && !c.dr
      ? null
      : html`<dt>Newest in the DR vault (what a regional outage leaves)</dt><dd>${oneRegion ? 'the DR vault is the source vault' : aged(c.dr, ages?.drMinutes, true)}</dd>`
  }<dt>Restored recovery point</dt><dd>${time(c.restored.createdAt)} from vault <code>${c.restored.vault}</code>${c.source === 'copy' ? " (through the drill's copy)" : ''}: <code class="arn">${c.restored.arn}</code></dd><dt>How it was chosen</dt><dd>${c.restored.chosen}</dd>${
    c.accounts
      ? html`<dt>Accounts</dt><dd>restored in the recovery account <code>${c.accounts.recovery}</code>${c.restored.account ? html` from a vault of account <code>${c.restored.account}</code>` : null}; source: ${c.accounts.source}</dd>`
      : null
  }`;
}

function targetSection(t: TargetResult, index: number, where: string, drillStartedAt: string): SafeHtml {
  return html`<section class="target" id="${`target-${index + 1}`}" data-target="${t.targetId}" aria-labelledby="${`target-${index + 1}-heading`}"><h3 id="${`target-${index + 1}-heading`}">${t.targetId} ${verdictBadge(t.verdict)}</h3><p>${t.reason}${t.failedStep ? html` <span class="mark fail">(failed at ${t.failedStep})</span>` : null}</p><dl class="facts"><dt>Type</dt><dd>${t.type}</dd>${recoveryPointFacts(t, drillStartedAt)}<dt>Copy job</dt><dd><code>${t.jobs.copyJobId ?? '–'}</code></dd><dt>Restore job</dt><dd><code>${t.jobs.restoreJobId ?? '–'}</code></dd><dt>Restored resource</dt><dd>${t.restoredResourceArn ? html`<code class="arn">${t.restoredResourceArn}</code>` : 'none'}</dd></dl>${measuresTable(t)}<h4>Checks</h4>${checksTable(t)}<h4>Steps</h4>${stepsTable(t)}${cleanupBlock(t, where)}</section>`;
}

/** `where`: the region the drill restored in, in words ("the DR region"; a one-region drill names its one region). */
export function targetsSections(targets: readonly TargetResult[], drillStartedAt: string, where = 'the DR region'): SafeHtml {
  if (targets.length === 0) {
    return html`<section id="targets" aria-labelledby="targets-heading"><h2 id="targets-heading">Restore targets</h2><p class="note">No restore target ran in this drill.</p></section>`;
  }
  const rto = objectivesChart('rto', targets);
  const rpo = objectivesChart('rpo', targets);
  const timeline = timelineChart(targets, drillStartedAt);
  const span = targets.flatMap((t) => t.timeline);
  const timelineCaption = span.length
    ? `From ${utc(span.map((s) => s.startedAt).sort()[0] ?? drillStartedAt)}; hover a bar (or read each target's steps table) for exact times.`
    : '';
  return html`<section id="targets" aria-labelledby="targets-heading"><h2 id="targets-heading">Restore targets</h2>${overview(targets)}</section><section id="objectives" aria-labelledby="objectives-heading"><h2 id="objectives-heading">RTO and RPO against the objectives</h2>${chartsNote(targets)}<figure>${rto}${rpo}<figcaption>Bars: what each target measured (green met, red MISSED, and said in words beside each bar). Black line: the target's objective. The figures are in the restore targets table.</figcaption></figure></section><section id="timeline" aria-labelledby="timeline-heading"><h2 id="timeline-heading">Timeline</h2>${timeline ? html`<figure>${timeline}<figcaption>${timelineCaption}</figcaption></figure>` : html`<p class="note">No target completed a step: there is no timeline to draw.</p>`}</section><section id="target-details" aria-labelledby="details-heading"><h2 id="details-heading">Each restore target</h2>${targets.map((t, i) => targetSection(t, i, where, drillStartedAt))}</section>`;
}
