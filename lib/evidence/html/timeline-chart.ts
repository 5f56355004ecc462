// The timeline: one row per restore target, one bar per completed step (copy, restore, instance, validation,
// cleanup), on a shared axis of time since the drill started. It shows at a glance where a drill's hours went and
// which targets ran side by side.
import type { TargetResult } from '../../drill/contracts';
import { formatDuration } from '../../measure/durations';
import { html, type SafeHtml } from './escape';
import { utc } from './format';
import { clip, linear, px, svgRoot, ticks } from './svg';

/** Okabe-Ito colours: told apart by colour-blind readers; each bar also names its step (text or <title>). */
export const STEP_COLOURS: Record<string, { fill: string; text: string }> = {
  copy: { fill: '#56B4E9', text: '#111' },
  restore: { fill: '#0072B2', text: '#fff' },
  instance: { fill: '#E69F00', text: '#111' },
  validation: { fill: '#009E73', text: '#fff' },
  cleanup: { fill: '#999999', text: '#111' },
};
const OTHER = { fill: '#CC79A7', text: '#111' };

/** Rows beyond this are left to the tables: a chart of 1,000 rows helps nobody and weighs megabytes. */
export const MAX_CHART_ROWS = 100;

const W = 1000;
const LABEL = 190;
const RIGHT = 40;
const ROW = 26;
const BAR = 16;
const TOP = 8;
const AXIS = 44;
const LEGEND = 26;

const ms = (iso: string) => Date.parse(iso);

function legend(y: number): SafeHtml {
  const steps = Object.entries(STEP_COLOURS);
  return html`<g class="legend">${steps.map(
    ([step, c], i) =>
      html`<rect x="${px(LABEL + i * 130)}" y="${px(y)}" width="14" height="14" fill="${c.fill}"/><text x="${px(LABEL + i * 130 + 20)}" y="${px(y + 12)}">${step}</text>`,
  )}</g>`;
}

/** `null` when no target completed any step: the caller says so in words instead of drawing an empty axis. */
export function timelineChart(targets: readonly TargetResult[], drillStartedAt: string): SafeHtml | null {
  const rows = targets.slice(0, MAX_CHART_ROWS);
  const steps = rows.flatMap((t) => t.timeline);
  if (steps.length === 0) return null;
  const t0 = Math.min(ms(drillStartedAt), ...steps.map((s) => ms(s.startedAt)));
  const t1 = Math.max(...steps.map((s) => ms(s.finishedAt)));
  const axisTicks = ticks((t1 - t0) / 60000, 8);
  const x = linear(axisTicks[axisTicks.length - 1] ?? 1, LABEL, W - RIGHT);
  const plotBottom = TOP + rows.length * ROW;
  const height = plotBottom + AXIS + LEGEND;
  const at = (iso: string) => x((ms(iso) - t0) / 60000);

  const grid = axisTicks.map(
    (t) =>
      html`<line class="grid" x1="${px(x(t))}" y1="${TOP}" x2="${px(x(t))}" y2="${px(plotBottom)}"/><text class="tick" x="${px(x(t))}" y="${px(plotBottom + 16)}" text-anchor="middle">${t === 0 ? '0' : formatDuration(t)}</text>`,
  );
  const body = rows.map((t, i) => {
    const y = TOP + i * ROW;
    const mark = t.verdict === 'PASSED' ? '✓' : '✗';
    const bars = t.timeline.map((s) => {
      const x1 = at(s.startedAt);
      // A step AWS finished in the same second still happened: 2 px keeps it visible.
      const width = Math.max(at(s.finishedAt) - x1, 2);
      const colour = STEP_COLOURS[s.step] ?? OTHER;
      const took = formatDuration((ms(s.finishedAt) - ms(s.startedAt)) / 60000);
      const label = `${s.step} ${took}`;
      const text = width > label.length * 6.5 + 8 ? html`<text x="${px(x1 + 4)}" y="${px(y + 4 + BAR / 2 + 4)}" fill="${colour.text}">${label}</text>` : null;
      return html`<g class="${`step step-${s.step}`}"><title>${`${t.targetId}: ${s.step} from ${utc(s.startedAt)} to ${utc(s.finishedAt)} (${took})`}</title><rect x="${px(x1)}" y="${px(y + 4)}" width="${px(width)}" height="${BAR}" fill="${colour.fill}"/>${text}</g>`;
    });
    const none = t.timeline.length === 0 ? html`<text class="none" x="${px(LABEL + 4)}" y="${px(y + 17)}">no step completed</text>` : null;
    return html`<g class="row" data-target="${t.targetId}"><text class="${`label ${t.verdict === 'PASSED' ? 'pass' : 'fail'}`}" x="${px(LABEL - 8)}" y="${px(y + 17)}" text-anchor="end">${mark} ${clip(t.targetId, 24)}</text>${bars}${none}</g>`;
  });
  const axis = html`<line class="axis" x1="${LABEL}" y1="${px(plotBottom)}" x2="${px(W - RIGHT)}" y2="${px(plotBottom)}"/><text class="axis-title" x="${px((LABEL + W - RIGHT) / 2)}" y="${px(plotBottom + 34)}" text-anchor="middle">${`time since the drill started (${utc(drillStartedAt)})`}</text>`;

  return svgRoot({
    width: W,
    height,
    cls: 'timeline-chart',
    title: 'Timeline of each restore target’s steps',
    desc: `One row per target (${rows.length}${targets.length > rows.length ? ` of ${targets.length}` : ''}); bars are the copy, restore, instance, validation and cleanup steps, on an axis of time since the drill started. The same times are in each target's steps table.`,
    body: [grid, axis, body, legend(plotBottom + AXIS)],
  });
}
