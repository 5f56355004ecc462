// Figures as a notification shows them: "37 min / 60 min", "75 s / 120 s", with MISSED in words (a phone's lock
// screen and an email client show no colour) and "-" for what was not measured.
import { formatDuration } from '../measure/durations';
import { formatSeconds } from '../measure/seconds';

interface Minutes {
  measuredMinutes: number | null;
  objectiveMinutes: number;
  met: boolean;
}
interface Seconds {
  measuredSeconds: number | null;
  objectiveSeconds: number;
  met: boolean;
}

const missed = (measured: number | null, met: boolean) => (measured !== null && !met ? ' MISSED' : '');

export function minutesPair(m: Minutes, separator = ' / '): string {
  const measured = m.measuredMinutes === null ? '-' : formatDuration(m.measuredMinutes);
  return `${measured}${separator}${formatDuration(m.objectiveMinutes)}${missed(m.measuredMinutes, m.met)}`;
}

export function secondsPair(s: Seconds, separator = ' / '): string {
  const measured = s.measuredSeconds === null ? 'not measured' : formatSeconds(s.measuredSeconds);
  return `${measured}${separator}${formatSeconds(s.objectiveSeconds)}${missed(s.measuredSeconds, s.met)}`;
}

/** Text cut to `max` characters, marked with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 3))}...`;
}
