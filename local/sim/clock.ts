// A compressed, discrete-event clock shared by every branch of a simulated drill.
//
// Virtual time only moves when nothing else can happen: no tracked work is in flight and the event loop has been
// idle (no sleep()/track() activity) for `quietTurns` consecutive setImmediate turns. It then jumps straight to the
// earliest wake time and wakes every sleeper due at that instant together. No real timer ever carries a virtual
// duration, so a 30-minute Wait costs a few event-loop turns of real time.
//
// Do not call sleep() from inside work passed to track(): the tracked work holds the clock, so it would never wake.

export interface SimClockOptions {
  /** Consecutive idle setImmediate turns required before time advances (default 3). */
  quietTurns?: number;
}

interface Sleeper {
  wakeAt: number;
  seq: number;
  resolve: () => void;
}

export class SimClock {
  private current: number;
  private inflight = 0;
  private sleepers: Sleeper[] = [];
  private activity = 0;
  private seq = 0;
  private scheduled = false;
  private disposed = false;
  private advances = 0;
  private readonly quietTurns: number;

  constructor(startMs: number, options: SimClockOptions = {}) {
    if (!Number.isFinite(startMs)) throw new Error(`SimClock: start time must be epoch milliseconds, got ${startMs}`);
    this.current = startMs;
    this.quietTurns = Math.max(1, options.quietTurns ?? 3);
  }

  /** Virtual epoch milliseconds. */
  now(): number {
    return this.current;
  }

  nowIso(): string {
    return new Date(this.current).toISOString();
  }

  /** How many times virtual time has jumped forward (for benchmarks). */
  get realWaits(): number {
    return this.advances;
  }

  /** Sleepers waiting and tracked work in flight, for debugging a run that seems stuck. */
  pending(): { inflight: number; sleepers: number; nextWakeAt: string | null } {
    const next = this.nextWake();
    return { inflight: this.inflight, sleepers: this.sleepers.length, nextWakeAt: next === undefined ? null : new Date(next).toISOString() };
  }

  /**
   * Resolves when virtual time reaches now() + ms (ms <= 0 resolves at the current instant, after the loop is idle).
   * An aborted sleep resolves at once and leaves no wake time behind: a timeout that lost its race must not drag
   * virtual time forward to when it would have fired.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.disposed) return Promise.reject(new Error('SimClock: sleep() after dispose()'));
    if (!Number.isFinite(ms)) return Promise.reject(new Error(`SimClock: sleep(${ms}) is not a finite duration`));
    if (signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const sleeper: Sleeper = { wakeAt: this.current + Math.max(0, ms), seq: this.seq++, resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          resolve();
          this.bump();
        },
        { once: true },
      );
      this.bump();
    });
  }

  /** Work in flight (a task handler running): the clock never advances while any tracked work is pending. */
  track<T>(work: Promise<T>): Promise<T> {
    this.inflight++;
    this.bump();
    return work.finally(() => {
      this.inflight--;
      this.bump();
    });
  }

  /**
   * sleep() for tracked work that waits on virtual time itself (a Lambda that looks every few seconds): it lets go
   * of its hold on the clock while it sleeps, and takes it again when it wakes. Call it only from tracked work.
   */
  async sleepWhileTracked(ms: number): Promise<void> {
    this.inflight--;
    this.bump();
    try {
      await this.sleep(ms);
    } finally {
      this.inflight++;
      this.bump();
    }
  }

  /** Stops advancing; sleepers still pending are left unresolved. */
  dispose(): void {
    this.disposed = true;
  }

  private bump(): void {
    this.activity++;
    this.schedule();
  }

  private nextWake(): number | undefined {
    let min: number | undefined;
    for (const s of this.sleepers) if (min === undefined || s.wakeAt < min) min = s.wakeAt;
    return min;
  }

  private schedule(): void {
    if (this.scheduled || this.disposed) return;
    this.scheduled = true;
    let seen = this.activity;
    let quiet = 0;
    const turn = (): void => {
      if (this.disposed) return;
      if (this.inflight > 0 || this.sleepers.length === 0) {
        // Tracked work will bump() when it settles; a new sleeper will bump() when it arrives.
        this.scheduled = false;
        return;
      }
      if (this.activity !== seen) {
        seen = this.activity;
        quiet = 0;
      } else {
        quiet++;
      }
      if (quiet < this.quietTurns) {
        setImmediate(turn);
        return;
      }
      this.scheduled = false;
      this.advance();
    };
    setImmediate(turn);
  }

  private advance(): void {
    const wakeAt = this.nextWake();
    if (wakeAt === undefined) return;
    if (wakeAt > this.current) {
      this.current = wakeAt;
      this.advances++;
    }
    const due = this.sleepers.filter((s) => s.wakeAt <= wakeAt).sort((a, b) => a.seq - b.seq);
    this.sleepers = this.sleepers.filter((s) => s.wakeAt > wakeAt);
    for (const s of due) s.resolve();
    // Woken branches usually sleep again (which reschedules); if they all finish, the rest still need waking.
    this.bump();
  }
}
