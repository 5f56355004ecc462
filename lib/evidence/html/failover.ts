// The failover drill's evidence, per global database: who let it happen, each figure against its objective with how
// it was measured, the rollback, and, first of all, where the service is now.
import type { FailoverResult, Figure, PhaseFigures } from '../../failover/contracts';
import { formatSeconds } from '../../measure/seconds';
import { html, type SafeHtml } from './escape';
import { metMark, seconds, time, verdictBadge } from './format';

function figureRow(name: string, f: Figure, measured: string = seconds(f.measuredSeconds)): SafeHtml {
  return html`<tr class="${f.measuredSeconds !== null && !f.met ? 'fail' : ''}"><th scope="row">${name}</th><td>${measured}</td><td>${formatSeconds(f.objectiveSeconds)}</td><td>${metMark(f.measuredSeconds, f.met)}</td><td class="detail">${f.detail}</td></tr>`;
}

/** `75 s (1 outage, ±5 s)`: probes are a sample, so the figure carries its resolution; `+` when never recovered. */
function downtimeText(d: PhaseFigures['downtime']): string {
  if (d.measuredSeconds === null) return 'not measured';
  const outages = d.outages === 0 ? 'no outage' : `${d.outages} ${d.outages === 1 ? 'outage' : 'outages'}`;
  return `${formatSeconds(d.measuredSeconds)}${d.recovered ? '' : '+'} (${outages}${d.recovered ? '' : ', NOT recovered'}, ±${formatSeconds(d.resolutionSeconds)})`;
}

function phaseRows(name: 'Cutover' | 'Failback', p: PhaseFigures | null): SafeHtml {
  if (!p) return html`<tr><th scope="row">${name}</th><td>not run</td><td>–</td><td>–</td><td class="detail">–</td></tr>`;
  return html`${figureRow(`${name}: writer switch`, p.cutover)}${figureRow(`${name}: downtime (RTO)`, p.downtime, downtimeText(p.downtime))}${figureRow(`${name}: traffic moved`, p.traffic)}`;
}

function approvalText({ outcome, by, at }: FailoverResult['approval']): SafeHtml {
  switch (outcome) {
    case 'not-required':
      return html`none needed${by ? ` (${by})` : ''}`;
    case 'approved':
      return html`approved by ${by ?? 'unknown'}${at ? html` at ${time(at)}` : null}`;
    case 'rejected':
      return html`<span class="mark warn">REJECTED by ${by ?? 'unknown'}</span>${at ? html` at ${time(at)}` : null}`;
    case 'timed-out':
      return html`<span class="mark warn">nobody approved in time</span>${at ? html` (gave up at ${time(at)})` : null}`;
    case 'unknown':
      return html`<span class="mark fail">unknown: no result recorded</span>`;
  }
}

function preflightText(p: FailoverResult['preflight']): SafeHtml {
  if (!p) return html`not recorded`;
  if (p.ok) return html`<span class="mark pass">✓ passed</span> at ${time(p.checkedAt)}`;
  return html`<span class="mark fail">✗ refused</span> at ${time(p.checkedAt)}<ul>${p.reasons.map((r) => html`<li>${r}</li>`)}</ul>`;
}

function rollbackText(rb: FailoverResult['rollback']): SafeHtml {
  if (!rb) return html`none`;
  const took = rb.seconds === null ? '' : ` after ${formatSeconds(rb.seconds)}`;
  const outcome = rb.settled ? html`<span class="mark warn">settled${took}</span>` : html`<span class="mark fail">✗ NOT settled${took}</span>`;
  return html`${outcome}${rb.switchRequested ? ', switch back requested' : ''}; began because ${rb.reason}`;
}

function serviceText(r: FailoverResult): SafeHtml {
  const bad = r.loud || !r.service.onPrimary;
  return html`<p class="${`service result ${bad ? 'fail' : 'pass'}`}">${bad ? '✗' : '✓'} Service now: <strong>${r.service.summary}</strong> (writer ${r.service.writerRegion ?? 'unknown'}, traffic ${r.service.trafficRegion ?? 'unknown'})</p>`;
}

function timelineTable(r: FailoverResult): SafeHtml {
  if (r.timeline.length === 0) return html`<p class="note">Nothing recorded.</p>`;
  return html`<table class="narrow"><caption>${r.targetId}: what happened, in order</caption><thead><tr><th scope="col">At</th><th scope="col">Step</th></tr></thead><tbody>${r.timeline.map(
    (e) => html`<tr><td>${time(e.at)}</td><td>${e.step}</td></tr>`,
  )}</tbody></table>`;
}

function failoverTarget(r: FailoverResult, index: number): SafeHtml {
  const id = `failover-${index + 1}`;
  const canary = r.dataLoss.canaryFound === null ? '' : r.dataLoss.canaryFound ? ' (canary found)' : ' (canary MISSING)';
  return html`<section class="${`failover-target${r.loud ? ' loud' : ''}`}" id="${id}" data-target="${r.targetId}" aria-labelledby="${`${id}-heading`}"><h3 id="${`${id}-heading`}">${r.targetId} ${verdictBadge(r.verdict)}</h3>${serviceText(r)}<p>${r.reason}${r.verdict === 'FAILED' && r.stoppedAt ? ` (stopped at ${r.stoppedAt})` : ''}</p><dl class="facts"><dt>What</dt><dd>${r.mode} of global cluster <code>${r.globalClusterIdentifier}</code></dd><dt>Approval</dt><dd>${approvalText(r.approval)}</dd><dt>Preflight</dt><dd>${preflightText(r.preflight)}</dd><dt>Rollback</dt><dd>${rollbackText(r.rollback)}</dd></dl><table class="figures"><caption>${r.targetId}: each figure against its objective</caption><thead><tr><th scope="col">Figure</th><th scope="col">Measured</th><th scope="col">Objective</th><th scope="col">Result</th><th scope="col">How it was measured</th></tr></thead><tbody>${figureRow('Replication lag before the switch (RPO)', r.replicationLag)}${phaseRows('Cutover', r.cutover)}${phaseRows('Failback', r.failback)}${figureRow('Data loss (RPO)', r.dataLoss, `${seconds(r.dataLoss.measuredSeconds)}${canary}`)}</tbody></table><h4>Timeline</h4>${timelineTable(r)}</section>`;
}

export function failoverSection(failover: readonly FailoverResult[] | undefined): SafeHtml | null {
  if (!failover) return null;
  const body = failover.length ? failover.map(failoverTarget) : html`<p class="note">No failover target ran in this drill.</p>`;
  return html`<section id="failover" aria-labelledby="failover-heading"><h2 id="failover-heading">Failover</h2>${body}</section>`;
}
