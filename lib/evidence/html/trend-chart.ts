// The trend across drills of a plan: per drill, a bar for the worst RTO (or RPO, or failover downtime), the
// objective as a line across the drills (it can change when the plan does), and the verdict under each bar.
// Auditors ask "has it always been like this?": this answers without opening twelve reports.
import type { DrillIndexEntry } from '../contracts';
import { formatDuration } from '../../measure/durations';
import { formatSeconds } from '../../measure/seconds';
import { html, type SafeHtml } from './escape';
import { utc } from './format';
import { linear, px, svgRoot, ticks } from './svg';

export interface TrendPanel {
  label: string;
  unit: 'minutes' | 'seconds';
  measured: (e: DrillIndexEntry) => number | null;
  objective: (e: DrillIndexEntry) => number | null;
}

export const TREND_PANELS: TrendPanel[] = [
  { label: 'Worst RTO', unit: 'minutes', measured: (e) => e.worstRtoMinutes, objective: (e) => e.rtoObjectiveMinutes },
  { label: 'Worst RPO', unit: 'minutes', measured: (e) => e.worstRpoMinutes, objective: (e) => e.rpoObjectiveMinutes },
  {
    label: 'Worst failover downtime',
    unit: 'seconds',
    measured: (e) => e.failoverDowntimeSeconds,
    objective: (e) => e.failoverRtoSeconds,
  },
];

const SECOND_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

export const trendValue = (panel: TrendPanel, value: number | null): string =>
  value === null ? '–' : panel.unit === 'minutes' ? formatDuration(value) : formatSeconds(value);

const W = 1000;
const LEFT = 80;
const RIGHT = 20;
const TOP = 24;
const PLOT = 140;
const BOTTOM = 56;

/** `entries` oldest first, the drill this report is about last (marked). */
export function trendChart(panel: TrendPanel, entries: readonly DrillIndexEntry[], currentDrillId: string): SafeHtml {
  const top = Math.max(...entries.flatMap((e) => [panel.measured(e) ?? 0, panel.objective(e) ?? 0]));
  const axisTicks = panel.unit === 'minutes' ? ticks(top, 5) : ticks(top, 5, SECOND_STEPS);
  const y = linear(axisTicks[axisTicks.length - 1] ?? 1, TOP + PLOT, TOP);
  const slot = (W - LEFT - RIGHT) / entries.length;
  const barWidth = Math.min(slot * 0.6, 60);
  const centre = (i: number) => LEFT + slot * i + slot / 2;
  // The date tells monthly drills apart; drills on the same day (a re-run) need the time as well.
  const days = entries.map((e) => e.startedAt.slice(0, 10));
  const when = (e: DrillIndexEntry, i: number) => (days.filter((d) => d === days[i]).length > 1 ? utc(e.startedAt).slice(0, 16) : days[i]);

  const grid = axisTicks.map(
    (t) =>
      html`<line class="grid" x1="${LEFT}" y1="${px(y(t))}" x2="${px(W - RIGHT)}" y2="${px(y(t))}"/><text class="tick" x="${LEFT - 6}" y="${px(y(t) + 4)}" text-anchor="end">${t === 0 ? '0' : trendValue(panel, t)}</text>`,
  );
  // The objective as one line through every drill's objective: a step where the plan changed it.
  const objectivePoints = entries.flatMap((e, i) => {
    const o = panel.objective(e);
    return o === null ? [] : [`${px(centre(i) - slot / 2)},${px(y(o))}`, `${px(centre(i) + slot / 2)},${px(y(o))}`];
  });
  const objectiveLine = objectivePoints.length ? html`<polyline class="objective" points="${objectivePoints.join(' ')}"/>` : null;

  const bars = entries.map((e, i) => {
    const value = panel.measured(e);
    const objective = panel.objective(e);
    const met = value !== null && objective !== null && value <= objective;
    const state = value === null ? 'warn' : met ? 'pass' : 'fail';
    const current = e.drillId === currentDrillId;
    const cx = centre(i);
    const bar =
      value === null
        ? null
        : html`<rect class="${`bar ${state}`}" x="${px(cx - barWidth / 2)}" y="${px(y(value))}" width="${px(barWidth)}" height="${px(Math.max(TOP + PLOT - y(value), 1))}"/>`;
    const label = value === null ? 'not measured' : trendValue(panel, value);
    const verdict = e.verdict === 'PASSED' ? '✓ PASSED' : '✗ FAILED';
    const title = `${e.drillId} (${utc(e.startedAt)}): ${panel.label} ${label}${objective === null ? '' : ` / objective ${trendValue(panel, objective)}`}; drill ${e.verdict}`;
    return html`<g class="${`drill${current ? ' current' : ''}`}" data-drill="${e.drillId}"><title>${title}</title>${bar}<text class="${`value ${state}`}" x="${px(cx)}" y="${px((value === null ? TOP + PLOT : y(value)) - 5)}" text-anchor="middle">${label}</text><text class="tick" x="${px(cx)}" y="${px(TOP + PLOT + 16)}" text-anchor="middle">${current ? 'this drill' : when(e, i)}</text><text class="${`verdict-label ${e.verdict === 'PASSED' ? 'pass' : 'fail'}`}" x="${px(cx)}" y="${px(TOP + PLOT + 32)}" text-anchor="middle">${verdict}</text></g>`;
  });
  const axis = html`<line class="axis" x1="${LEFT}" y1="${px(TOP + PLOT)}" x2="${px(W - RIGHT)}" y2="${px(TOP + PLOT)}"/><text class="axis-title" x="${LEFT}" y="14">${`${panel.label} per drill (bars) against the objective (black line)`}</text>`;

  return svgRoot({
    width: W,
    height: TOP + PLOT + BOTTOM,
    cls: `trend-chart`,
    title: `${panel.label} over the last ${entries.length} drills`,
    desc: `One bar per drill, oldest first, the latest marked "this drill"; the line is the objective; the verdict of each drill is written under its bar. The same figures are in the trend table.`,
    body: [grid, objectiveLine, axis, bars],
  });
}
