// RTO and RPO per restore target against its objective: a bar for what was measured, a vertical line for the
// objective (targets may override the plan's), and the figures written beside each bar. Two charts, not one,
// because an RTO objective of an hour and an RPO of a day on one axis would flatten the RTO bars.
import type { TargetResult } from '../../drill/contracts';
import { formatDuration } from '../../measure/durations';
import { html, type SafeHtml } from './escape';
import { minutes } from './format';
import { clip, linear, px, svgRoot, ticks } from './svg';
import { MAX_CHART_ROWS } from './timeline-chart';

export type Measure = 'rto' | 'rpo';

const NAMES: Record<Measure, { label: string; long: string }> = {
  rto: { label: 'RTO', long: 'recovery time (restore start to data validated)' },
  rpo: { label: 'RPO', long: 'recovery point age (newest backup at drill start)' },
};

const W = 1000;
const LABEL = 190;
const VALUE = 250;
const ROW = 28;
const BAR = 16;
const TOP = 8;
const AXIS = 40;

function valueText(m: TargetResult['rto']): string {
  if (m.measuredMinutes === null) return `? not measured (objective ${formatDuration(m.objectiveMinutes)})`;
  return `${minutes(m.measuredMinutes)} / ${formatDuration(m.objectiveMinutes)} ${m.met ? '✓ met' : '✗ MISSED'}`;
}

export function objectivesChart(measure: Measure, targets: readonly TargetResult[]): SafeHtml | null {
  const rows = targets.slice(0, MAX_CHART_ROWS);
  if (rows.length === 0) return null;
  const { label, long } = NAMES[measure];
  const top = Math.max(...rows.map((t) => Math.max(t[measure].measuredMinutes ?? 0, t[measure].objectiveMinutes)));
  const axisTicks = ticks(top, 6);
  const x = linear(axisTicks[axisTicks.length - 1] ?? 1, LABEL, W - VALUE);
  const plotBottom = TOP + rows.length * ROW;

  const grid = axisTicks.map(
    (t) =>
      html`<line class="grid" x1="${px(x(t))}" y1="${TOP}" x2="${px(x(t))}" y2="${px(plotBottom)}"/><text class="tick" x="${px(x(t))}" y="${px(plotBottom + 16)}" text-anchor="middle">${t === 0 ? '0' : formatDuration(t)}</text>`,
  );
  const body = rows.map((t, i) => {
    const m = t[measure];
    const y = TOP + i * ROW;
    const state = m.measuredMinutes === null ? 'warn' : m.met ? 'pass' : 'fail';
    const end = m.measuredMinutes === null ? x(0) : x(m.measuredMinutes);
    const bar =
      m.measuredMinutes === null
        ? null
        : html`<rect class="${`bar ${state}`}" x="${LABEL}" y="${px(y + 6)}" width="${px(Math.max(end - LABEL, 1))}" height="${BAR}"/>`;
    const objective = x(m.objectiveMinutes);
    return html`<g class="row" data-target="${t.targetId}"><title>${`${t.targetId}: ${label} ${valueText(m)}`}</title><text class="label" x="${px(LABEL - 8)}" y="${px(y + 19)}" text-anchor="end">${clip(t.targetId, 24)}</text>${bar}<line class="objective" x1="${px(objective)}" y1="${px(y + 2)}" x2="${px(objective)}" y2="${px(y + ROW - 2)}"/><text class="${`value ${state}`}" x="${px(Math.max(end, objective) + 8)}" y="${px(y + 19)}">${valueText(m)}</text></g>`;
  });
  const axis = html`<line class="axis" x1="${LABEL}" y1="${px(plotBottom)}" x2="${px(W - VALUE)}" y2="${px(plotBottom)}"/><text class="axis-title" x="${px((LABEL + W - VALUE) / 2)}" y="${px(plotBottom + 34)}" text-anchor="middle">${`${label}: ${long}; the black line is each target's objective`}</text>`;

  return svgRoot({
    width: W,
    height: plotBottom + AXIS + 4,
    cls: `objectives-chart chart-${measure}`,
    title: `${label} per target against its objective`,
    desc: `One bar per target: the ${long} measured, and a line at the target's objective. The same figures are in the targets table.`,
    body: [grid, axis, body],
  });
}
