// The trend over the plan's drills: this drill beside the previous ones from the drills table, as charts and as a
// table. Dry runs are left out: they measure nothing. With no previous drill there is no trend to draw, and the
// report says so rather than drawing a lone bar.
import type { DrillIndexEntry, EvidenceRecord } from '../contracts';
import { indexEntryFor } from '../index-entry';
import { html, type SafeHtml } from './escape';
import { time } from './format';
import { TREND_PANELS, trendChart, trendValue, type TrendPanel } from './trend-chart';

/** Bars beyond this are too thin to read; the table still lists every drill. */
export const MAX_TREND_DRILLS = 24;

/** This drill as a point of the trend: the same entry the drills table will hold for it next month. */
export function indexEntryOf(record: EvidenceRecord): DrillIndexEntry {
  return indexEntryFor(record.report, record.kind);
}

function cell(panel: TrendPanel, e: DrillIndexEntry): SafeHtml {
  const value = panel.measured(e);
  const objective = panel.objective(e);
  if (value === null) return html`–`;
  const missed = objective !== null && value > objective;
  return html`${trendValue(panel, value)}${objective === null ? '' : ` / ${trendValue(panel, objective)}`}${missed ? html` <span class="mark fail">✗ MISSED</span>` : null}`;
}

function table(entries: readonly DrillIndexEntry[], panels: readonly TrendPanel[], currentDrillId: string): SafeHtml {
  const rows = entries.map(
    (e) =>
      html`<tr class="${e.drillId === currentDrillId ? 'current' : ''}"><td>${time(e.startedAt)}</td><th scope="row"><code>${e.drillId}</code>${e.drillId === currentDrillId ? ' (this drill)' : ''}</th><td>${e.verdict === 'PASSED' ? html`<span class="mark pass">✓ PASSED</span>` : html`<span class="mark fail">✗ FAILED</span>`}</td>${panels.map((p) => html`<td>${cell(p, e)}</td>`)}</tr>`,
  );
  return html`<table id="trend-table"><caption>Drills of this plan, oldest first: worst figures against their objectives</caption><thead><tr><th scope="col">Started</th><th scope="col">Drill</th><th scope="col">Verdict</th>${panels.map((p) => html`<th scope="col">${p.label} / objective</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;
}

export function trendSection(record: EvidenceRecord, history: readonly DrillIndexEntry[]): SafeHtml {
  const current = indexEntryOf(record);
  // The caller may or may not have indexed this drill already: it counts once either way.
  const previous = history.filter((e) => e.kind === 'drill' && e.drillId !== current.drillId);
  const dryRuns = history.filter((e) => e.kind === 'dry-run' && e.drillId !== current.drillId).length;
  const all = [...previous, ...(record.kind === 'drill' ? [current] : [])].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  const panels = TREND_PANELS.filter((p) => all.some((e) => p.measured(e) !== null));
  const shown = all.slice(-MAX_TREND_DRILLS);

  const parts: SafeHtml[] = [];
  if (previous.length === 0) {
    parts.push(html`<p class="note">This is the first drill of this plan on record: there is no earlier drill to compare it with yet. The trend starts with the next drill.</p>`);
  } else {
    const count = previous.length === 1 ? 'the previous drill' : `the ${previous.length} previous drills`;
    const lead = record.kind === 'drill' ? `This drill beside ${count} of this plan` : `A dry run is no point of the trend; ${count} of this plan`;
    parts.push(html`<p>${lead}${all.length > shown.length ? ` (the charts show the last ${shown.length})` : ''}.</p>`);
    if (panels.length && shown.length > 1) {
      parts.push(html`<figure>${panels.map((p) => trendChart(p, shown, current.drillId))}<figcaption>Bars: the worst figure of each drill (green met, red missed). Black line: the objective. Under each bar: the drill's verdict. The figures are in the table below.</figcaption></figure>`);
    }
  }
  if (all.length) parts.push(table(all, panels, current.drillId));
  if (dryRuns) parts.push(html`<p class="note">${dryRuns} dry run${dryRuns === 1 ? ' is' : 's are'} left out: a dry run measures nothing.</p>`);
  return html`<section id="trend" aria-labelledby="trend-heading"><h2 id="trend-heading">Trend over previous drills</h2>${parts}</section>`;
}
