// What the drill cost: the estimate's total and caveat, every priced line (quantity, unit price, amount), what it
// keeps billing every month, and every item it could not price, with the reason. Absent for a dry run and for
// reports recorded before cost estimates.
import { costSentence, formatUsd, groupNotEstimated, type CostEstimate, type CostLine } from '../../cost/estimate';
import { html, type SafeHtml } from './escape';

const quantity = (line: CostLine) => `${Number(line.quantity.toPrecision(4)).toLocaleString('en-GB', { maximumFractionDigits: 4 })} ${line.unit}`;

/** A list price as AWS writes it: "$0.30", "$0.116", "$0.000025", "$0.0000002" (never JavaScript's "2e-7"). */
export const listPrice = (usd: number) =>
  `$${usd >= 0.01 && /\.\d$/.test(String(usd)) ? usd.toFixed(2) : /e/.test(String(usd)) ? usd.toFixed(12).replace(/0+$/, '') : String(usd)}`;

function lineRow(line: CostLine): SafeHtml {
  return html`<tr><th scope="row">${line.targetId ?? 'the drill'}</th><td>${line.what}${line.checked ? null : html` <span class="note">*</span>`}</td><td class="num">${quantity(line)}</td><td class="num">${listPrice(line.unitUsd)}</td><td class="num">${formatUsd(line.usd)}</td></tr>`;
}

export function costSection(cost: CostEstimate | undefined): SafeHtml | null {
  if (!cost) return null;
  const unchecked = cost.lines.some((l) => !l.checked) || cost.monthly.some((l) => !l.checked);
  const head = html`<thead><tr><th scope="col">Target</th><th scope="col">Billed for</th><th scope="col">Quantity</th><th scope="col">List price</th><th scope="col">Estimate</th></tr></thead>`;
  return html`<section id="cost" class="cost" aria-labelledby="cost-heading"><h2 id="cost-heading">What the drill cost</h2><p class="cost-line"><strong>${costSentence(cost)}</strong></p><table class="cost-lines"><caption>Priced from what the drill ran: restored resources for the hours they existed, copies, data across regions, state transitions, the failover drill's Lambda time and reads (${cost.currency})</caption>${head}<tbody>${cost.lines.map(lineRow)}</tbody><tfoot><tr><th scope="row" colspan="4">Total</th><td class="num"><strong>${formatUsd(cost.totalUsd)}</strong></td></tr></tfoot></table>${
    cost.monthly.length
      ? html`<table class="cost-lines"><caption>Still billed every month after the drill (copies it keeps)</caption>${head}<tbody>${cost.monthly.map(lineRow)}</tbody></table>`
      : null
  }${
    cost.notEstimated.length
      ? html`<h3>Not estimated</h3><ul class="not-estimated">${groupNotEstimated(cost).map((g) => html`<li>${g.targets.length ? html`<strong>${g.targets.join(', ')}</strong>: ` : null}${g.what} — not estimated: ${g.why}</li>`)}</ul>`
      : null
  }${unchecked ? html`<p class="note">* A list price the table holds but could not check against a stored copy of AWS's own page or Price List: the published figure as its authors knew it, some seen only in another's table (lib/cost/price-table.json gives each price's evidence and date).</p>` : null}</section>`;
}
