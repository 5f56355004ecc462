// The live view wired to a command: progress events go into the view's state (lib/report/live-view.ts) and the
// terminal redraws it (cli/live-terminal.ts). A failure's full text is also printed once above the view, so it is
// still on screen when the view has moved on. Used by `dr-drill run --local` and `dr-drill status`.
import { createProgressPrinter, type ProgressEvent, type ProgressPrinter } from '../lib/report/progress';
import { LiveDrill, renderLiveView } from '../lib/report/live-view';
import { LiveTerminal, type LiveTerminalOptions, type TerminalStream } from './live-terminal';

export interface LiveProgressOptions extends Pick<LiveTerminalOptions, 'signals' | 'onInterrupt' | 'tickMs' | 'minFrameMs'> {
  stream: TerminalStream;
  color: boolean;
  /** "Now" for elapsed times and bars: the wall clock in AWS; in a local run, the simulated clock (the newest event). */
  nowMs?(drill: LiveDrill): number;
  drill?: LiveDrill;
}

export interface LiveProgress extends ProgressPrinter {
  readonly drill: LiveDrill;
  /** Draws the view now (after a poll of AWS, before waiting for the next). */
  flush(): void;
}

export function createLiveProgress({ stream, color, nowMs, drill = new LiveDrill(), ...terminalOptions }: LiveProgressOptions): LiveProgress {
  const now = nowMs ?? ((d: LiveDrill) => d.lastMs ?? d.startedMs ?? 0);
  const terminal = new LiveTerminal({
    stream,
    frame: ({ columns, rows }) => renderLiveView(drill, { nowMs: now(drill), columns, rows, color }),
    ...terminalOptions,
  });
  // The plain printer's format for the lines kept above the view, timed from the drill's start.
  let failures: ProgressPrinter | undefined;
  return {
    drill,
    onEvent(event: ProgressEvent) {
      drill.apply(event);
      // Drawn from the first event on: a plan refused before the drill starts leaves no empty view behind.
      terminal.start();
      if (event.phase === 'failed') {
        failures ??= createProgressPrinter({ write: (line) => terminal.print(line), isTTY: true, startedAt: new Date(drill.startedMs ?? Date.parse(event.at)).toISOString() });
        failures.onEvent(event);
      }
      terminal.update();
    },
    flush() {
      terminal.flush();
    },
    finish() {
      terminal.stop();
    },
  };
}
