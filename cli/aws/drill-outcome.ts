// How a drill execution ended, in the words a person acts on: the verdict and headline of the report (the execution's
// output when it succeeded, the DrillFailed cause when it did not), a refusal before anything ran (a drill already
// running, a plan that breaks residency), or an end without a verdict (aborted, timed out, a bug).
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { ExitCode } from '../context';
import { errorOf, parseJson, readableCause } from './history-progress';

export interface ExecutionEnd {
  status: 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';
  output?: string;
  error?: string;
  cause?: string;
}

const STATUS_OF_EVENT: Record<string, ExecutionEnd['status']> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionAborted: 'ABORTED',
  ExecutionTimedOut: 'TIMED_OUT',
};

export function endOfEvent(event: HistoryEvent): ExecutionEnd {
  return { status: STATUS_OF_EVENT[event.type ?? ''] ?? 'FAILED', output: event.executionSucceededEventDetails?.output, ...errorOf(event) };
}

const REFUSALS: Record<string, string> = {
  DrillInputError: "the drill's input is wrong",
  PlanInvalidError: 'the plan is invalid',
  ResidencyViolationError: 'the plan breaks its residency policy',
  WrongRegionError: "the stack is not in the plan's DR region",
};
const EXECUTION_ARN = /arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:execution:[^\s"',;)]+/;

export interface Outcome {
  lines: string[];
  exitCode: number;
  /** The execution another drill is running, when this one was refused for it. */
  runningDrill?: string;
}

export function describeEnd(end: ExecutionEnd, drillId: string): Outcome {
  const cause = readableCause(end.cause);
  switch (end.status) {
    case 'SUCCEEDED': {
      const report = (parseJson(end.output) ?? {}) as { verdict?: unknown; headline?: unknown };
      const headline = typeof report.headline === 'string' ? report.headline : `${String(report.verdict ?? 'SUCCEEDED')} drill ${drillId}`;
      return { lines: [headline], exitCode: report.verdict === 'PASSED' ? ExitCode.Ok : ExitCode.Problems };
    }
    case 'ABORTED':
    case 'TIMED_OUT': {
      const how = end.status === 'ABORTED' ? 'was stopped' : 'timed out';
      return {
        lines: [
          `✗ ${end.status}: drill ${drillId} ${how} before it finished${cause ? ` (${cause})` : ''}; no verdict`,
          `  what it created is tagged dr-drill:drill-id=${drillId} and named drdrill-${drillId.slice(1)}-*: check that nothing is left in the DR region`,
        ],
        exitCode: ExitCode.Problems,
      };
    }
    case 'FAILED':
      break;
  }
  if (end.error === 'DrillFailed') return { lines: [cause || `FAILED drill ${drillId}`], exitCode: ExitCode.Problems };
  if (end.error === 'DrillAlreadyRunningError') {
    const running = EXECUTION_ARN.exec(cause)?.[0];
    return {
      lines: [
        `✗ refused: another drill of this stack is already running${running ? `: ${running}` : ` (${cause || 'no detail'})`}`,
        '  this execution stopped at once and changed nothing',
        ...(running ? [`  follow it: dr-drill status ${running}`] : []),
      ],
      exitCode: ExitCode.Problems,
      runningDrill: running,
    };
  }
  const refusal = REFUSALS[end.error ?? ''];
  if (refusal) return { lines: [`✗ refused before any AWS call: ${refusal} (${end.error}): ${cause}`], exitCode: ExitCode.Problems };
  return { lines: [`✗ FAILED: drill ${drillId} ended without a verdict: ${end.error ?? 'unknown error'}${cause ? `: ${cause}` : ''}`], exitCode: ExitCode.Problems };
}
