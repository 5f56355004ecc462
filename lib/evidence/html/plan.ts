// The plan exactly as the drill ran it, at the end: what was promised, beside what happened. Folded, because it is
// long and most readers only need its hash.
import { html, type SafeHtml } from './escape';

export function planSection(plan: { hash: string; content: unknown }): SafeHtml {
  const json = JSON.stringify(plan.content, null, 2) ?? 'null';
  return html`<section id="plan" aria-labelledby="plan-heading"><h2 id="plan-heading">The plan as run</h2><p>Hash <code>${plan.hash}</code> (SHA-256 of the plan with its keys sorted).</p><details><summary>Show the plan (JSON)</summary><pre><code>${json}</code></pre></details></section>`;
}
