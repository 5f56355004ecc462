// dr-drill status on a terminal: the live view fed by the executions' histories (GetExecutionHistory of the drill and
// of its child executions, polled; aws-sdk-client-mock), drawn on a fake TTY. Check Plan's output gives the drill's
// targets, a poll's Wait its count and the plan's ceiling; the verdict follows the view once the cursor is back.
import { EventEmitter } from 'node:events';
import { mockClient } from 'aws-sdk-client-mock';
import { GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { bufferOutput } from '../../cli/index';
import { statusCommand } from '../../cli/commands/status';
import type { TerminalStream } from '../../cli/live-terminal';
import { plain } from '../../lib/report/live-view';
import { fakeWorld, type FakeWorld } from './cli-aws-fixtures';
import { DRILL_ARN, DRILL_ID, FakeHistories, History, restoreChildArn } from './cli-drill-history';

const sfn = mockClient(SFNClient);
const PATIENTS = restoreChildArn('patients-db');
const DOCUMENTS = 'documents';
const ESC = '\x1b[';

class FakeTTY extends EventEmitter implements TerminalStream {
  readonly isTTY = true;
  readonly columns = 100;
  readonly rows = 20;
  text = '';
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
  /** Each frame as the terminal shows it: the lines between a redraw's start and its erase-below, codes removed. */
  get frames(): string[][] {
    return this.text
      .split(`${ESC}J`)
      .slice(0, -1)
      .map((frame) => frame.split('\n').filter((l) => l.includes(`${ESC}2K`)).map((l) => plain(l).replace(/\r/g, '')));
  }
}

/** A restore part of two targets; patients-db polls its restore job (6 h ceiling) and passes; documents never starts. */
function histories() {
  const preflight = { drill: { id: DRILL_ID }, parts: [{ kind: 'restore', targetIds: ['patients-db', DOCUMENTS] }], failoverItems: [], dryRun: false, concurrency: 1 };
  const parent = new History('2025-03-04T03:00:00.000Z').started({}).task('Check Plan', { preflight });
  const submitted = parent.childStarted('Drill One Target', PATIENTS);
  const parentRunning = parent.events.length;

  const child = new History('2025-03-04T03:01:40.000Z').started({ drill: { id: DRILL_ID }, targetId: 'patients-db' }).task('Start Restore Job');
  const waitFor = (elapsedSeconds: number) => {
    child.add({ type: 'WaitStateEntered', stateEnteredEventDetails: { name: 'Wait For Restore', input: JSON.stringify({ poll: { waitSeconds: 30, elapsedSeconds }, ceilings: { restoreSeconds: 21600 } }) } });
    child.add({ type: 'WaitStateExited', stateExitedEventDetails: { name: 'Wait For Restore', output: '{}' } });
  };
  waitFor(0);
  child.task('Describe Restore Job', { restore: { job: { Status: 'RUNNING' } } });
  waitFor(30);
  const childWaiting = child.events.length;
  child.task('Describe Restore Job', { restore: { job: { Status: 'COMPLETED' } } }).task('Evaluate Target', { verdict: 'PASSED' }).succeeded({ verdict: 'PASSED' });
  parent.at('2025-03-04T04:00:00.000Z').childEnded('Drill One Target', PATIENTS, submitted);
  parent.task('Build Report').succeeded({ verdict: 'PASSED', headline: 'PASSED plan: 1/1 targets recovered', drillId: DRILL_ID });
  return { full: { [DRILL_ARN]: parent.events, [PATIENTS]: child.events }, parentRunning, childWaiting };
}

let world: FakeWorld;
let tty: FakeTTY;
let signals: EventEmitter;

beforeEach(() => {
  sfn.reset();
  // "Now", as AWS's clock says it, is 40 minutes into the drill while the restore job is polled.
  world = fakeWorld('2025-03-04T03:40:00.000Z');
  tty = new FakeTTY();
  signals = new EventEmitter();
  world.deps = { ...world.deps, isTTY: true, terminal: tty, signals: signals as never };
});

function serve() {
  const { full, parentRunning, childWaiting } = histories();
  const fake = new FakeHistories(full).upTo({ [DRILL_ARN]: parentRunning, [PATIENTS]: childWaiting });
  fake.serve(sfn);
  world.onSleep = [() => fake.upTo({ [DRILL_ARN]: full[DRILL_ARN]!.length, [PATIENTS]: full[PATIENTS]!.length })];
}

describe('dr-drill status on a terminal', () => {
  it('draws the drill line and one line per target in place, with the restore poll against its ceiling, then the verdict', async () => {
    serve();
    const io = bufferOutput();
    const code = await statusCommand(DRILL_ARN, {}, io, world.deps);

    expect(code).toBe(0);
    expect(sfn.commandCalls(GetExecutionHistoryCommand).length).toBeGreaterThan(0);
    const frames = tty.frames;
    // The first poll: Check Plan named both targets; patients-db is in its second wait, its poll ~38 min into a 6 h ceiling.
    const polling = frames.find((f) => f.some((l) => l.includes('Wait For Restore')))!;
    expect(polling[0]).toMatch(new RegExp(`^drill ${DRILL_ID}  restore  0/2 targets done  0:40:00$`));
    expect(polling[1]).toMatch(/^▸ patients-db +running +0:38:\d\d +Wait For Restore \(RUNNING\) +█{2}░{18} 3\dm of 6h$/);
    expect(polling[2]).toBe('· documents    queued');
    // The last frame stays on screen: the target's verdict.
    expect(frames.at(-1)![1]).toMatch(/^✓ patients-db +passed +\d:\d\d:\d\d$/);
    // Frames are drawn over each other, the cursor hidden while they are and given back at the end.
    expect(tty.text.startsWith(`${ESC}?25l`)).toBe(true);
    expect(tty.text).toContain(`${ESC}3A`);
    expect(tty.text.endsWith(`${ESC}?25h`)).toBe(true);
    // The verdict is written after the view, through the command's output; no plain progress line is.
    expect(io.stdout).toContain('PASSED plan: 1/1 targets recovered');
    expect(io.stdout.some((l) => l.startsWith('[+'))).toBe(false);
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });

  it('in CI (CI set), on TERM=dumb, with --no-live or --once: the plain lines, nothing drawn', async () => {
    for (const [env, options] of [[{ CI: 'true' }, {}], [{ TERM: 'dumb' }, {}], [{}, { live: false }]] as const) {
      sfn.reset();
      tty.text = '';
      world.deps = { ...world.deps, env: { ...env } };
      serve();
      const io = bufferOutput();
      expect(await statusCommand(DRILL_ARN, options, io, world.deps)).toBe(0);
      expect(tty.text).toBe('');
      expect(io.stdout.some((l) => /^\[\+00:0\d:\d\d\] patients-db {2}Wait For Restore …$/.test(l))).toBe(true);
      expect(io.stdout.join('\n')).not.toContain(ESC);
    }
    // --once reads what has happened so far and says the drill is still running: no view for one look.
    sfn.reset();
    serve();
    const io = bufferOutput();
    expect(await statusCommand(DRILL_ARN, { once: true }, io, world.deps)).toBe(1);
    expect(tty.text).toBe('');
    expect(io.stdout.some((l) => l.includes('is still running'))).toBe(true);
  });
});
