// The dr-drill command line. Each command lives in cli/commands/<name>.ts, exports a register function, and is
// registered below; `main` runs the CLI in-process and returns the exit code, so tests never spawn a process.
import { Command, CommanderError } from 'commander';
import { version } from '../package.json';
import { registerApprove } from './commands/approve';
import { registerCoverage } from './commands/coverage';
import { registerList } from './commands/list';
import { registerPlanCheck } from './commands/plan-check';
import { registerPlanInit } from './commands/plan-init';
import { registerReport } from './commands/report';
import { registerRun } from './commands/run';
import { registerSmoke } from './commands/smoke';
import { registerStart } from './commands/start';
import { registerStatus } from './commands/status';
import { registerSweep } from './commands/sweep';
import { registerValidate } from './commands/validate';
import { ExitCode, processOutput, type CommandContext, type Output } from './context';

export { bufferOutput, ExitCode, type Output } from './context';

function buildProgram(ctx: CommandContext): Command {
  // Settings made before `.command()` are inherited by the subcommands: they must come first.
  const program = new Command('dr-drill')
    .description('Serverless disaster-recovery drills for AWS: restore backups in another region, measure RTO and RPO')
    .version(version)
    .exitOverride()
    .configureOutput({ writeOut: (text) => writeLines(text, ctx.io.out), writeErr: (text) => writeLines(text, ctx.io.err) })
    .showHelpAfterError('(add --help for usage)');

  const plan = program.command('plan').description('work with drill plans');
  registerPlanCheck(plan, ctx);
  registerPlanInit(plan, ctx);
  registerRun(program, ctx);
  registerValidate(program, ctx);
  registerStart(program, ctx);
  registerStatus(program, ctx);
  registerApprove(program, ctx);
  registerReport(program, ctx);
  registerList(program, ctx);
  registerCoverage(program, ctx);
  registerSweep(program, ctx);
  registerSmoke(program, ctx);
  return program;
}

/** Runs dr-drill with `argv` (the arguments after the program name) and returns the exit code. Never throws. */
export async function main(argv: readonly string[], io: Output = processOutput): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  const ctx: CommandContext = { io, setExitCode: (code) => (exitCode = code), ...(io === processOutput ? { terminal: process.stdout } : {}) };
  try {
    await buildProgram(ctx).parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    // Commander has already printed its message (usage error, --help, --version).
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    return reportUnexpected(error, io);
  }
}

// A person running a drill needs one line saying what failed, not a stack trace; a developer can ask for one.
function reportUnexpected(error: unknown, io: Output): number {
  const message = error instanceof Error ? error.message : String(error);
  io.err(`dr-drill: unexpected error: ${message.split('\n')[0]}`);
  if (process.env.DR_DRILL_DEBUG === '1') {
    const details = (error instanceof Error && error.stack) || message;
    for (const line of details.split('\n')) io.err(line);
  } else {
    io.err('run with DR_DRILL_DEBUG=1 for details');
  }
  return ExitCode.Unexpected;
}

function writeLines(text: string, write: (line: string) => void): void {
  for (const line of text.replace(/\n$/, '').split('\n')) write(line);
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
