// A dry run's evidence: what was checked against the account per target, and what a real run would do.
import type { DryRunResult, DryRunTarget } from '../../dry-run/contracts';
import { html, type SafeHtml } from './escape';
import { passMark, time } from './format';

function target(t: DryRunTarget, index: number): SafeHtml {
  const id = `dry-run-${index + 1}`;
  const ready = t.ok ? html`<span class="verdict pass">✓ READY</span>` : html`<span class="verdict fail">✗ NOT READY</span>`;
  const checks = t.checks.length
    ? html`<table class="checks"><caption>${t.targetId}: what was checked</caption><thead><tr><th scope="col">Check</th><th scope="col">Result</th><th scope="col">What AWS answered</th></tr></thead><tbody>${t.checks.map(
        (c) => html`<tr class="${c.passed ? '' : 'fail'}"><th scope="row">${c.name}</th><td>${passMark(c.passed)}</td><td>${c.detail}</td></tr>`,
      )}</tbody></table>`
    : html`<p class="note">Nothing was checked.</p>`;
  const wouldDo = t.wouldDo.length ? html`<ol class="would-do">${t.wouldDo.map((step) => html`<li>${step}</li>`)}</ol>` : html`<p class="note">Nothing.</p>`;
  return html`<section class="dry-run-target" id="${id}" data-target="${t.targetId}" aria-labelledby="${`${id}-heading`}"><h3 id="${`${id}-heading`}">${t.targetId} <span class="kind">(${t.kind}, ${t.type})</span> ${ready}</h3>${checks}<h4>What a real run would do</h4>${wouldDo}</section>`;
}

export function dryRunSection(dryRun: DryRunResult | undefined): SafeHtml | null {
  if (!dryRun) return null;
  const overall = dryRun.ok
    ? html`<p class="result pass">✓ Every target is ready for a real drill.</p>`
    : html`<p class="result fail">✗ Some targets are NOT ready for a real drill (below).</p>`;
  return html`<section id="dry-run" aria-labelledby="dry-run-section-heading"><h2 id="dry-run-section-heading">Dry run: what was checked, and what a real run would do</h2><p>Checked at ${time(dryRun.checkedAt)}. Nothing was created or changed.</p>${overall}${dryRun.targets.map(target)}</section>`;
}
