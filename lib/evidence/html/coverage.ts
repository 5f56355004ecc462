// Coverage of the plan's protected resources: the line, then one row per resource in the scope (failed and never
// drilled first), with the drill that last proved it and how long ago, so an auditor asking "which backed-up systems
// were proven restorable this quarter?" reads the answer and the gaps on the page. Names and ARNs only.
import type { ResourceCoverage } from '../../coverage/contracts';
import type { DrillReport } from '../../report/schema';
import { html, type SafeHtml } from './escape';
import { time } from './format';

const STATUS: Record<ResourceCoverage['status'], SafeHtml> = {
  proven: html`<span class="mark pass">✓ proven</span>`,
  failed: html`<span class="mark fail">✗ drilled, FAILED</span>`,
  'not-drilled': html`<span class="mark warn">? not drilled</span>`,
};

function row(r: ResourceCoverage, maxUnprovenDays: number): SafeHtml {
  const proven = r.lastProven ? html`${time(r.lastProven.at)} (drill <code>${r.lastProven.drillId}</code>)` : html`none in the history read`;
  const days = r.daysSinceProven === null ? '–' : String(r.daysSinceProven);
  const limit = r.overLimit ? html`<span class="mark fail">✗ over ${maxUnprovenDays} days</span>` : html`<span class="mark pass">✓ within</span>`;
  return html`<tr class="${r.status === 'proven' ? '' : 'fail'}"><th scope="row">${r.name}<br><code class="arn">${r.resourceArn}</code></th><td>${r.resourceType}</td><td>${STATUS[r.status]}</td><td>${proven}</td><td class="num">${days}</td><td>${limit}</td></tr>`;
}

export function coverageSection({ coverage }: DrillReport): SafeHtml | null {
  if (!coverage) return null;
  const others = Object.entries(coverage.otherTypes);
  const vaults = html`<ul class="arns">${coverage.vaults.map((v) => html`<li><code class="arn">${v}</code></li>`)}</ul>`;
  const table = coverage.resources.length
    ? html`<table><caption>Protected resources in the plan's vaults (${coverage.region}), as of ${time(coverage.asOf)}: proven = a drill of this plan PASSED it within ${coverage.windowDays} days</caption><thead><tr><th scope="col">Resource</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Last proven</th><th scope="col">Days since</th><th scope="col">Limit (${coverage.maxUnprovenDays} days)</th></tr></thead><tbody>${coverage.resources.map((r) => row(r, coverage.maxUnprovenDays))}</tbody></table>`
    : null;
  return html`<section id="coverage" aria-labelledby="coverage-heading"><h2 id="coverage-heading">Coverage of protected resources</h2><p class="cost-line"><strong>${coverage.line}</strong></p>${table}<p class="note">Scope: what AWS Backup protects in these vaults, listed when the drill started:</p>${vaults}${
    others.length ? html`<p class="note">Also protected there, of types dr-drill does not drill (not counted): ${others.map(([type, n]) => `${type} ${n}`).join(', ')}.</p>` : null
  }</section>`;
}
