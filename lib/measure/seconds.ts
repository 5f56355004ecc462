// Failover figures as people read them. They are seconds (objectives of 30, 90, 120 s), where formatDuration's
// minute scale would round a 84 s outage to "1 min" and hide the very difference the drill measures.
import { formatDuration } from './durations';

/**
 * `0.8 s`, `84 s`, `185 s`, `7 min 05 s`, then formatDuration's scale from 10 minutes. Up to 5 minutes a figure stays
 * in seconds, the unit the objectives are written in, so `185 s / 120 s` compares at a glance; below 10 s one decimal
 * is kept (replication lag of 0.8 s is not 1 s).
 */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`formatSeconds: ${seconds} is not a duration in seconds`);
  if (seconds < 10) return `${Math.round(seconds * 10) / 10} s`;
  const whole = Math.round(seconds);
  if (whole <= 300) return `${whole} s`;
  if (whole < 600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
  return formatDuration(whole / 60);
}
