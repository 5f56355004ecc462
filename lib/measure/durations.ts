// Durations as the drill measures them (minutes, one decimal) and as people read them.
import { ClockSkewError, InvalidTimestampError } from './errors';

const MS_PER_MINUTE = 60_000;

export function parseIso(iso: string, what = 'timestamp'): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new InvalidTimestampError(what, iso);
  return ms;
}

/**
 * Minutes from start to end, rounded to one decimal: six seconds is finer than any objective is written in,
 * and a rounded value is what the report shows and what the objective is compared against.
 * `what` names the interval in the error when the clocks disagree.
 */
export function minutesBetween(startIso: string, endIso: string, what = 'interval'): number {
  const start = parseIso(startIso, `${what} start`);
  const end = parseIso(endIso, `${what} end`);
  if (end < start) throw new ClockSkewError(what, startIso, endIso);
  return Math.round((end - start) / (MS_PER_MINUTE / 10)) / 10;
}

/**
 * At most two units, so a column of durations scans quickly: `45 s`, `27 min`, `1 h 05 min`, `6 h`, `2 d 3 h`.
 * A value stays in the smaller unit up to and including one of the larger (`60 min`, `24 h`), because objectives are
 * written that way and a measurement reads best in the objective's own terms. Each scale rounds before choosing,
 * so 59.7 min reads `60 min`, never `59 min` or `1 h 00 min`. Minutes are zero-padded after hours because
 * `1 h 5 min` is easily misread as 1.5 h.
 */
export function formatDuration(minutes: number): string {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`formatDuration: ${minutes} is not a duration in minutes`);
  const seconds = Math.round(minutes * 60);
  if (seconds < 60) return `${seconds} s`;
  const wholeMinutes = Math.round(minutes);
  if (wholeMinutes <= 60) return `${wholeMinutes} min`;
  const wholeHours = Math.round(minutes / 60);
  if (wholeHours <= 24) {
    const h = Math.floor(wholeMinutes / 60);
    const m = wholeMinutes % 60;
    return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')} min`;
  }
  const d = Math.floor(wholeHours / 24);
  const h = wholeHours % 24;
  return h === 0 ? `${d} d` : `${d} d ${h} h`;
}

/** `RTO 27 min vs objective 60 min`; a drill that never got that far reads `not measured`, not `0 s`. */
export function formatObjective(label: 'RTO' | 'RPO', measuredMinutes: number | null, objectiveMinutes: number): string {
  const measured = measuredMinutes === null ? 'not measured' : formatDuration(measuredMinutes);
  return `${label} ${measured} vs objective ${formatDuration(objectiveMinutes)}`;
}
