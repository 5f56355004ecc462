import type { TerminalStream } from './live-terminal';

// What a command is given to talk to the world. Commands never touch process.stdout or process.exit themselves, so
// tests run the whole CLI in-process (see `main` in cli/index.ts) and read what it printed.

/** Where a command writes, one line per call (no trailing newline). */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export const processOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export interface BufferedOutput extends Output {
  stdout: string[];
  stderr: string[];
  /** Both streams, in the order written. */
  all: string[];
}

/** Keeps every line in memory: for tests, and for callers that want a command's output as data. */
export function bufferOutput(): BufferedOutput {
  const buffer: BufferedOutput = {
    stdout: [],
    stderr: [],
    all: [],
    out: (line) => void (buffer.stdout.push(line), buffer.all.push(line)),
    err: (line) => void (buffer.stderr.push(line), buffer.all.push(line)),
  };
  return buffer;
}

// Distinct codes so a CI job can tell "the plan is wrong" from "the check could not run".
export const ExitCode = {
  Ok: 0,
  /** The input was read and is wrong: the plan has problems. */
  Problems: 1,
  /** The command could not start: bad usage, or a file that cannot be read. */
  Usage: 2,
  /** A bug or an environment failure; details with DR_DRILL_DEBUG=1. */
  Unexpected: 3,
} as const;

export interface CommandContext {
  io: Output;
  /**
   * Where a live view may draw (cli/live-terminal.ts): the process's stdout, when the command's lines go there too;
   * absent when a caller keeps the lines (bufferOutput), so a view never lands beside a buffer.
   */
  terminal?: TerminalStream;
  /** Records the code `main` returns; commands return from their action instead of exiting. */
  setExitCode(code: number): void;
}
