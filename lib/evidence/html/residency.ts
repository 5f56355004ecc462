// Proof of residency: every region the drill touched, each said to be inside or OUTSIDE the policy.
import type { DrillReport } from '../../report/schema';
import { html, type SafeHtml } from './escape';

export function residencySection({ residency }: DrillReport): SafeHtml {
  const { policy, allowedRegions, regionsTouched, outside, meaning } = residency;
  const verdict = outside.length
    ? html`<p class="result fail">✗ The drill touched regions OUTSIDE the policy: <strong>${outside.join(', ')}</strong></p>`
    : html`<p class="result pass">✓ Every region the drill touched is inside the policy.</p>`;
  const rows = regionsTouched.map((region) =>
    outside.includes(region)
      ? html`<tr class="fail"><th scope="row">${region}</th><td><span class="mark fail">✗ OUTSIDE the policy</span></td></tr>`
      : html`<tr><th scope="row">${region}</th><td><span class="mark pass">✓ allowed</span></td></tr>`,
  );
  return html`<section id="residency" aria-labelledby="residency-heading"><h2 id="residency-heading">Data residency</h2><p>Policy <strong>${policy}</strong> allows: ${allowedRegions.join(', ')}.</p>${meaning ? html`<p class="one-region">One region: ${meaning}.</p>` : null}${verdict}<table class="narrow"><caption>Regions the drill touched (recovery points, restored resources, global database members)</caption><thead><tr><th scope="col">Region</th><th scope="col">Policy</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}
