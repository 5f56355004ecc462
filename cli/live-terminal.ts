// Draws the live view (lib/report/live-view.ts) in place on a terminal: each frame moves the cursor up over the
// previous one and rewrites it line by line, erasing what is left below. Thin on purpose: what a frame says is decided
// by the pure renderer; this file only knows the escape codes, the terminal's size, resizes, and giving the cursor
// back however the command ends (Ctrl-C included).
//
// Escape codes (ECMA-48 / VT100, which every terminal Node's TTY streams talk to understands): CSI n A cursor up,
// CSI 2 K erase the whole line, CSI J erase from the cursor to the end of the screen, CSI ?25 l / h hide / show the
// cursor (DEC private mode 25).
import { visibleLength } from '../lib/report/live-view';

export const CSI = '\x1b[';
export const HIDE_CURSOR = `${CSI}?25l`;
export const SHOW_CURSOR = `${CSI}?25h`;
export const ERASE_LINE = `${CSI}2K`;
export const ERASE_DOWN = `${CSI}J`;
export const cursorUp = (n: number) => (n > 0 ? `${CSI}${n}A` : '');

/** The part of a tty.WriteStream the driver uses (a fake in tests). */
export interface TerminalStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
  rows?: number;
  on?(event: 'resize', listener: () => void): unknown;
  off?(event: 'resize', listener: () => void): unknown;
}

/** Where Ctrl-C is heard (process in the CLI). */
export interface SignalSource {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

export interface LiveTerminalOptions {
  stream: TerminalStream;
  /** The frame for the terminal's size: called for every draw. */
  frame(size: { columns: number; rows: number }): string[];
  /** Redraw this often even without news: elapsed times and bars move on their own (0: never, for tests). */
  tickMs?: number;
  /** Draws at most this often; news in between is drawn by the next tick or by stop() (0: every update draws). */
  minFrameMs?: number;
  signals?: SignalSource;
  /** After Ctrl-C has restored the terminal (default: end the process as the signal would have). */
  onInterrupt?(signal: 'SIGINT' | 'SIGTERM'): void;
  now?(): number;
}

/** A terminal that has not said its size: the classic 80 x 24. */
const DEFAULT_SIZE = { columns: 80, rows: 24 };

/**
 * Whether a person watches stdout and it can move a cursor: a terminal, not a CI log (CI set, as GitHub Actions,
 * GitLab and most CI services set it), not TERM=dumb (no cursor movement), and not turned off with --no-live.
 */
export function useLiveView({ flag = true, isTTY, env }: { flag?: boolean; isTTY: boolean | undefined; env: Record<string, string | undefined> }): boolean {
  if (!flag || !isTTY) return false;
  const ci = env.CI;
  if (ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false') return false;
  return env.TERM !== 'dumb';
}

export class LiveTerminal {
  /** The lines of the frame on screen, as drawn (their lengths say how many rows they take after a resize). */
  private drawn: string[] = [];
  /** The width the frame on screen was drawn for. */
  private drawnColumns = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastDrawMs = -Infinity;
  private pending = false;
  private running = false;
  /** Stopped once: never drawn again (a late event must not take the cursor from what follows). */
  private stopped = false;
  private readonly now: () => number;
  private readonly onResize = () => this.draw(true);
  private readonly onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
    this.stop();
    (this.options.onInterrupt ?? defaultInterrupt)(signal);
  };
  private readonly onSigint = () => this.onSignal('SIGINT');
  private readonly onSigterm = () => this.onSignal('SIGTERM');
  private readonly onExit = () => {
    if (this.running) this.options.stream.write(SHOW_CURSOR);
  };

  constructor(private readonly options: LiveTerminalOptions) {
    this.now = options.now ?? Date.now;
  }

  private get size(): { columns: number; rows: number } {
    const { columns, rows } = this.options.stream;
    return { columns: columns && columns > 0 ? columns : DEFAULT_SIZE.columns, rows: rows && rows > 0 ? rows : DEFAULT_SIZE.rows };
  }

  start(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    this.options.stream.write(HIDE_CURSOR);
    this.options.stream.on?.('resize', this.onResize);
    this.options.signals?.on('SIGINT', this.onSigint);
    this.options.signals?.on('SIGTERM', this.onSigterm);
    process.once('exit', this.onExit);
    const tick = this.options.tickMs ?? 1000;
    if (tick > 0) {
      this.timer = setInterval(() => this.draw(true), tick);
      // The view never keeps the process alive on its own.
      this.timer.unref?.();
    }
    this.draw(true);
  }

  /** News: draw now, or at the next tick if a frame was drawn a moment ago (a simulated hour passes in seconds). */
  update(): void {
    if (!this.running) return;
    this.draw(false);
  }

  /** Draws now, whatever the frame interval: the state at the end of a poll, before a wait. */
  flush(): void {
    if (this.running) this.draw(true);
  }

  /** A line that stays above the view (a failure's full text): the view is redrawn under it. */
  print(line: string): void {
    if (!this.running) {
      this.options.stream.write(`${line}\n`);
      return;
    }
    this.options.stream.write(`${this.rewind()}${ERASE_DOWN}${line}\n`);
    this.drawn = [];
    this.draw(true);
  }

  /** The last frame stays on screen; the cursor is given back. Safe to call twice. */
  stop(): void {
    if (!this.running) return;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.draw(true);
    this.running = false;
    this.stopped = true;
    this.options.stream.off?.('resize', this.onResize);
    this.options.signals?.off('SIGINT', this.onSigint);
    this.options.signals?.off('SIGTERM', this.onSigterm);
    process.off('exit', this.onExit);
    this.options.stream.write(SHOW_CURSOR);
  }

  /** Back to the first row of the frame on screen: as many rows as its lines take at today's width. */
  private rewind(): string {
    const { columns } = this.size;
    // A terminal that narrowed re-wraps what it shows: a line drawn for the old width may now take two rows.
    const rows = columns < this.drawnColumns ? this.drawn.reduce((sum, line) => sum + Math.max(1, Math.ceil(visibleLength(line) / columns)), 0) : this.drawn.length;
    return `\r${cursorUp(rows)}`;
  }

  private draw(force: boolean): void {
    const nowMs = this.now();
    const minFrame = this.options.minFrameMs ?? 100;
    if (!force && nowMs - this.lastDrawMs < minFrame) {
      this.pending = true;
      return;
    }
    const size = this.size;
    const lines = this.options.frame(size);
    let out = this.rewind();
    for (const line of lines) out += `${ERASE_LINE}${line}\n`;
    out += ERASE_DOWN;
    this.options.stream.write(out);
    this.drawn = lines;
    this.drawnColumns = size.columns;
    this.lastDrawMs = nowMs;
    this.pending = false;
  }
}

export function defaultInterrupt(signal: 'SIGINT' | 'SIGTERM'): void {
  // The listener replaced Node's default (exit at once); with the terminal restored, end as the signal meant to.
  process.exitCode = signal === 'SIGINT' ? 130 : 143;
  process.kill(process.pid, signal);
}
