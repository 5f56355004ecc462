// The terminal driver of the live view, against a fake TTY stream: what it writes is the escape codes a terminal
// obeys (hide the cursor, move up over the last frame, erase each line, erase below, show the cursor at the end), so
// the test reads them as a terminal would. And when the view is used at all: a terminal, not CI, not TERM=dumb.
import { EventEmitter } from 'node:events';
import { LiveTerminal, useLiveView, type TerminalStream } from '../../cli/live-terminal';
import { createLiveProgress } from '../../cli/live-progress';
import { plain } from '../../lib/report/live-view';

class FakeTTY extends EventEmitter implements TerminalStream {
  readonly isTTY = true;
  chunks: string[] = [];
  constructor(
    public columns = 60,
    public rows = 10,
  ) {
    super();
  }
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
  get text(): string {
    return this.chunks.join('');
  }
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

const ESC = '\x1b[';

function driver(stream: FakeTTY, frames: string[][], extra: Partial<ConstructorParameters<typeof LiveTerminal>[0]> = {}) {
  let i = 0;
  return new LiveTerminal({ stream, frame: () => frames[Math.min(i++, frames.length - 1)]!, tickMs: 0, minFrameMs: 0, ...extra });
}

describe('LiveTerminal', () => {
  it('hides the cursor, draws each frame over the last (cursor up by its height, erase each line, erase below), shows the cursor at the end', () => {
    const tty = new FakeTTY();
    const live = driver(tty, [['drill …', 'a  queued'], ['drill d1', 'a  running', 'b  running'], ['drill d1', 'a  passed']]);
    live.start();
    live.update();
    live.stop();
    expect(tty.chunks).toEqual([
      `${ESC}?25l`,
      `\r${ESC}2Kdrill …\n${ESC}2Ka  queued\n${ESC}J`,
      `\r${ESC}2A${ESC}2Kdrill d1\n${ESC}2Ka  running\n${ESC}2Kb  running\n${ESC}J`,
      // The last frame is shorter: what is left of the one before is erased below it.
      `\r${ESC}3A${ESC}2Kdrill d1\n${ESC}2Ka  passed\n${ESC}J`,
      `${ESC}?25h`,
    ]);
  });

  it('news within the frame interval waits for the next draw; stop draws it', () => {
    const tty = new FakeTTY();
    let now = 0;
    let n = 0;
    const live = new LiveTerminal({ stream: tty, frame: () => [`frame ${++n}`], tickMs: 0, minFrameMs: 100, now: () => now });
    live.start();
    now = 50;
    live.update();
    live.update();
    expect(tty.text).not.toContain('frame 2');
    now = 200;
    live.update();
    expect(tty.text).toContain('frame 2');
    now = 210;
    live.update();
    live.stop();
    expect(tty.chunks.at(-2)).toContain('frame 3');
  });

  it('a narrower terminal re-wraps the last frame: the driver moves up over every row it now takes', () => {
    const tty = new FakeTTY(60, 10);
    const wide = 'x'.repeat(50);
    const live = driver(tty, [[wide, 'short'], ['after']]);
    live.start();
    tty.resize(20, 10);
    // 50 columns at 20 wide take 3 rows, "short" 1.
    expect(tty.chunks.at(-1)).toBe(`\r${ESC}4A${ESC}2Kafter\n${ESC}J`);
    live.stop();
    expect(tty.listenerCount('resize')).toBe(0);
  });

  it('a line printed above the view stays; the view is drawn again under it', () => {
    const tty = new FakeTTY();
    const live = driver(tty, [['view']]);
    live.start();
    live.print('[+00:03:00] db  Start Restore Job FAILED: denied');
    expect(tty.chunks.at(-2)).toBe(`\r${ESC}1A${ESC}J[+00:03:00] db  Start Restore Job FAILED: denied\n`);
    expect(tty.chunks.at(-1)).toBe(`\r${ESC}2Kview\n${ESC}J`);
    live.stop();
  });

  it('Ctrl-C gives the cursor back before the process ends, and lets go of the signal', () => {
    const tty = new FakeTTY();
    const signals = new EventEmitter();
    const interrupted: string[] = [];
    const live = driver(tty, [['view']], { signals: signals as never, onInterrupt: (signal) => interrupted.push(signal) });
    live.start();
    expect(signals.listenerCount('SIGINT')).toBe(1);
    signals.emit('SIGINT');
    expect(tty.chunks.at(-1)).toBe(`${ESC}?25h`);
    expect(interrupted).toEqual(['SIGINT']);
    expect(signals.listenerCount('SIGINT')).toBe(0);
    // Stopping again (the command's own finally) writes nothing more.
    const written = tty.chunks.length;
    live.stop();
    expect(tty.chunks).toHaveLength(written);
  });

  it('the live progress draws the renderer\'s lines, cut to the terminal\'s width, and keeps a failure\'s line above', () => {
    const tty = new FakeTTY(30, 10);
    const progress = createLiveProgress({ stream: tty, color: false, tickMs: 0, minFrameMs: 0 });
    progress.onEvent({ at: '2025-03-04T03:00:00.000Z', targetId: 'patients-db', step: 'Start Restore Job', phase: 'started' });
    progress.onEvent({ at: '2025-03-04T03:02:00.000Z', targetId: 'patients-db', step: 'Start Restore Job', phase: 'failed', detail: 'AccessDeniedException' });
    progress.finish();
    // A late event draws nothing more: the cursor stays with what followed the view.
    const written = tty.text;
    progress.onEvent({ at: '2025-03-04T03:03:00.000Z', targetId: 'patients-db', step: 'Clean Up', phase: 'started' });
    expect(tty.text).toBe(written);
    const visible = (line: string) => plain(line).replace('\r', '');
    // Each line of a frame starts with an erase; none is wider than 29 columns (30 wide, one spare: never wraps).
    const frameLines = tty.text.split('\n').filter((line) => line.includes(`${ESC}2K`)).map(visible);
    expect(frameLines.at(-1)).toBe('✗ patients-db  failing   0:0…');
    for (const line of frameLines) expect([...line].length).toBeLessThanOrEqual(29);
    expect(tty.text).toContain('[+00:02:00] patients-db  Start Restore Job FAILED: AccessDeniedException\n');
    expect(tty.text.endsWith(`${ESC}?25h`)).toBe(true);
  });

  it('no event, no view: a plan refused before the drill starts leaves nothing drawn', () => {
    const tty = new FakeTTY();
    createLiveProgress({ stream: tty, color: false, tickMs: 0, minFrameMs: 0 }).finish();
    expect(tty.text).toBe('');
  });
});

describe('useLiveView', () => {
  it('only on a terminal, not in CI, not on TERM=dumb, not with --no-live', () => {
    expect(useLiveView({ isTTY: true, env: {} })).toBe(true);
    expect(useLiveView({ isTTY: false, env: {} })).toBe(false);
    expect(useLiveView({ isTTY: undefined, env: {} })).toBe(false);
    expect(useLiveView({ isTTY: true, env: { CI: 'true' } })).toBe(false);
    expect(useLiveView({ isTTY: true, env: { CI: '1' } })).toBe(false);
    expect(useLiveView({ isTTY: true, env: { CI: 'false' } })).toBe(true);
    expect(useLiveView({ isTTY: true, env: { TERM: 'dumb' } })).toBe(false);
    expect(useLiveView({ isTTY: true, env: {}, flag: false })).toBe(false);
    // NO_COLOR asks for no colour, not for no view: the view is drawn without colour (cli/color.ts).
    expect(useLiveView({ isTTY: true, env: { NO_COLOR: '1' } })).toBe(true);
  });
});
