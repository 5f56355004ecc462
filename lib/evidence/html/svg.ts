// What the charts share: a linear scale, "nice" axis ticks, and the root element. Charts are inline SVG with
// presentation attributes only (no scripts, no fonts, no external references), so they draw the same offline, in a
// mail client and on paper. Each root carries a <title> and <desc> for screen readers; the same figures are in a
// table next to every chart.
import { html, type Interpolation, type SafeHtml } from './escape';

/** Coordinates rounded to a tenth of a pixel: smaller files, same picture. */
export const px = (n: number): string => String(Math.round(n * 10) / 10);

export interface Scale {
  (value: number): number;
  max: number;
}

/** Maps [0, max] onto [from, to]; a max of 0 (nothing measured) becomes 1 so nothing divides by zero. */
export function linear(max: number, from: number, to: number): Scale {
  const top = max > 0 ? max : 1;
  const scale = ((value: number) => from + (Math.min(Math.max(value, 0), top) / top) * (to - from)) as Scale;
  scale.max = top;
  return scale;
}

/** Tick steps for durations in minutes: ones a person reads as round (5 min, 15 min, 1 h, 6 h, 1 d...). */
const MINUTE_STEPS = [0.25, 0.5, 1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 720, 1440, 2880, 7200, 10080];

/** Ticks from 0 to at least `max`, at most about `count` of them, on a step from `steps` (or a power of ten). */
export function ticks(max: number, count = 6, steps: readonly number[] = MINUTE_STEPS): number[] {
  const top = max > 0 ? max : 1;
  const wanted = top / count;
  let step = steps.find((s) => s >= wanted);
  if (step === undefined) step = 10 ** Math.ceil(Math.log10(wanted));
  const out: number[] = [];
  for (let t = 0; t <= top + step * 1e-9; t += step) out.push(t);
  if ((out[out.length - 1] ?? 0) < top) out.push(out.length * step);
  return out;
}

export interface SvgRoot {
  width: number;
  height: number;
  title: string;
  desc: string;
  cls: string;
  body: Interpolation;
}

/** viewBox + width 100%: the chart scales with the page (and the printed page). No xmlns: inline SVG in HTML needs none. */
export function svgRoot({ width, height, title, desc, cls, body }: SvgRoot): SafeHtml {
  return html`<svg class="${`chart ${cls}`}" viewBox="${`0 0 ${width} ${height}`}" width="100%" role="img" aria-label="${title}" preserveAspectRatio="xMinYMin meet"><title>${title}</title><desc>${desc}</desc>${body}</svg>`;
}

/** Shortens a label to fit a column; the full text stays in the row's <title> and in the table. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
