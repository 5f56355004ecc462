// Small helpers for driving the simulated account by hand (tests, scripts): poll on the virtual clock, capture errors.
import type { SimClock } from './clock';

/** Reads, then sleeps `everyMs` of virtual time and reads again, until `done` or `timeoutMs` of virtual time pass. */
export async function pollUntil<T>(
  clock: SimClock,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { everyMs = 60_000, timeoutMs = 48 * 3_600_000 }: { everyMs?: number; timeoutMs?: number } = {},
): Promise<T> {
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (clock.now() + everyMs > deadline) {
      throw new Error(`pollUntil: still not done after ${timeoutMs / 60_000} virtual minutes: ${JSON.stringify(value)}`);
    }
    await clock.sleep(everyMs);
  }
}

/** The error a call rejects with, or undefined if it succeeds. */
export async function errorOf(work: Promise<unknown>): Promise<(Error & Record<string, unknown>) | undefined> {
  try {
    await work;
    return undefined;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
}
