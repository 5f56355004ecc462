// What the plan's selections resolved to when the drill started: which resources were drilled because of a tag, so
// an auditor sees that the drill covered what the selection meant at that moment, not only what the plan listed.
import type { DrillReport } from '../../report/schema';
import { html, type SafeHtml } from './escape';

export function selectionsSection({ selections }: DrillReport): SafeHtml | null {
  if (!selections?.length) return null;
  const items = selections.map((s) => html`<li>${s.summary}</li>`);
  return html`<section id="selections" aria-labelledby="selections-heading"><h2 id="selections-heading">Selections, resolved at drill start</h2><ul>${items}</ul></section>`;
}
