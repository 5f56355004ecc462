import '../../local/runner/polyfill';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';
import { parse } from 'yaml';
import { expandSource } from '../../scripts/statemachines/expand-source';
import { generatedDefinitions, render } from '../../scripts/statemachines/sources';

const ROOT = join(__dirname, '..', '..');

type State = { Type: string; Next?: string; Default?: string; SecondsPath?: string; Choices?: { Next: string }[] };
type Definition = { StartAt: string; States: Record<string, State> };

const SOURCE = `# source header, not copied
Comment: a poll
StartAt: Start Poll
PollPolicies:
  job: { FirstWaitSeconds: 30, MaxWaitSeconds: 300 }
States:
  Start Poll:
    Type: Poll
    Policy: job
    Counter: $.poll
    Wait: Wait For Job
    Check: Describe Job
    Decision: Job Done?
    BackOff: Back Off Poll
    Cap: Cap Poll
    Hold: Hold Poll At Five Minutes

  Describe Job:
    Type: Task
    Resource: arn:aws:states:::lambda:invoke
    Parameters: { FunctionName: describe-job, poll.$: $.poll }
    ResultPath: $.job
    Next: Job Done?

  # Ends the loop.
  Job Done?:
    Type: Choice
    Choices:
      - { Variable: $.job.done, BooleanEquals: true, Next: Done }
      - { Variable: $.poll.elapsedSeconds, NumericGreaterThanEqualsPath: $.ceilingSeconds, Next: Timed Out }
    Default: Back Off Poll

  Done:
    Type: Pass
    Result: done
    End: true

  Timed Out:
    Type: Pass
    Result: timed out
    End: true
`;

function expand(source: string): Definition {
  return parse(expandSource(source, '# generated\n')) as Definition;
}

describe('the deployed state machine definitions generated from statemachines/source/', () => {
  it.each(generatedDefinitions(ROOT).map((d) => [d.target, d] as const))(
    '%s is the committed file, regenerated from its source (run `npm run statemachines` if not)',
    (target, definition) => {
      const committed = readFileSync(join(ROOT, target), 'utf8');

      expect(committed).toBe(render(ROOT, definition));
    },
  );

  it('restore-target writes its poll loop once: every Wait that polls comes from a Poll block of the source', () => {
    const sourceText = readFileSync(join(ROOT, 'statemachines/source/restore-target.yml'), 'utf8');
    const source = parse(sourceText) as Definition;
    const deployed = parse(readFileSync(join(ROOT, 'statemachines/restore-target.asl.yml'), 'utf8')) as Definition;
    const macros = Object.values(source.States).filter((s) => s.Type === 'Poll') as unknown as { Wait: string }[];
    const pollingWaits = Object.entries(deployed.States)
      .filter(([, s]) => s.Type === 'Wait' && /^\$\.(poll|settle)\.waitSeconds$/.test(s.SecondsPath ?? ''))
      .map(([name]) => name);

    expect(macros).toHaveLength(8);
    expect(pollingWaits.sort()).toEqual(macros.map((m) => m.Wait).sort());
    // No wait or back-off written by hand beside the macro.
    expect(sourceText).not.toMatch(/Type: Wait|waitSeconds|States\.MathAdd/);
    expect(Object.values(deployed.States).map((s) => s.Type)).not.toContain('Poll');
    expect(deployed).not.toHaveProperty('PollPolicies');
  });
});

describe('a Poll block', () => {
  it('becomes Start → Wait → Check → Decision, and Back Off → Cap → Hold back to the Wait, doubling to the cap', () => {
    const { States } = expand(SOURCE);

    expect(Object.keys(States)).toEqual(['Start Poll', 'Wait For Job', 'Describe Job', 'Job Done?', 'Back Off Poll', 'Cap Poll', 'Hold Poll At Five Minutes', 'Done', 'Timed Out']);
    expect(States['Start Poll']).toEqual({ Type: 'Pass', Result: { waitSeconds: 30, elapsedSeconds: 0 }, ResultPath: '$.poll', Next: 'Wait For Job' });
    expect(States['Wait For Job']).toEqual({ Type: 'Wait', SecondsPath: '$.poll.waitSeconds', Next: 'Describe Job' });
    expect(States['Back Off Poll']).toEqual({
      Type: 'Pass',
      Parameters: {
        'waitSeconds.$': 'States.MathAdd($.poll.waitSeconds, $.poll.waitSeconds)',
        'elapsedSeconds.$': 'States.MathAdd($.poll.elapsedSeconds, $.poll.waitSeconds)',
      },
      ResultPath: '$.poll',
      Next: 'Cap Poll',
    });
    expect(States['Cap Poll']).toEqual({
      Type: 'Choice',
      Choices: [{ Variable: '$.poll.waitSeconds', NumericGreaterThan: 300, Next: 'Hold Poll At Five Minutes' }],
      Default: 'Wait For Job',
    });
    expect(States['Hold Poll At Five Minutes']).toEqual({
      Type: 'Pass',
      Parameters: { waitSeconds: 300, 'elapsedSeconds.$': '$.poll.elapsedSeconds' },
      ResultPath: '$.poll',
      Next: 'Wait For Job',
    });
  });

  it('with CheckFirst looks before it waits: Start → Check, and the Decision goes on to the Wait', () => {
    const source = SOURCE.replace('    Policy: job\n', '    Policy: job\n    CheckFirst: true\n').replace('Default: Back Off Poll', 'Default: Wait For Job');

    const { States } = expand(source);

    expect(Object.keys(States)).toEqual(['Start Poll', 'Describe Job', 'Job Done?', 'Wait For Job', 'Back Off Poll', 'Cap Poll', 'Hold Poll At Five Minutes', 'Done', 'Timed Out']);
    expect(States['Start Poll']!.Next).toBe('Describe Job');
    expect(States['Wait For Job']!.Next).toBe('Back Off Poll');
    expect(States['Cap Poll']!.Default).toBe('Describe Job');
    expect(States['Hold Poll At Five Minutes']!.Next).toBe('Describe Job');
  });

  it('keeps the comments and the text of the hand-written states, and leaves out the source header and PollPolicies', () => {
    const text = expandSource(SOURCE, '# generated\n');

    expect(text.startsWith('# generated\nComment: a poll\nStartAt: Start Poll\nStates:\n')).toBe(true);
    expect(text).toContain('  # Ends the loop.\n  Job Done?:\n    Type: Choice\n    Choices:\n      - { Variable: $.job.done, BooleanEquals: true, Next: Done }\n');
  });

  /** Runs the expanded loop on the local engine (which hands a Task's handler its Parameters); the Check answers `done` on its nth look. */
  async function looks(source: string, doneOnLook: number, ceilingSeconds: number) {
    const seen: unknown[] = [];
    const machine = new StateMachine(expand(source) as never);
    const run = machine.run({ ceilingSeconds }, {
      overrides: {
        taskResourceLocalHandlers: {
          'Describe Job': async (input: { poll: unknown }) => {
            seen.push(input.poll);
            return { done: seen.length === doneOnLook };
          },
        },
        waitTimeOverrides: { 'Wait For Job': 0 },
      },
    } as never);
    return { seen, outcome: await run.result };
  }

  it('on the engine waits 30, 60, 120, 240 s, then holds at the 300 s cap until the Decision sees the ceiling', async () => {
    const { seen, outcome } = await looks(SOURCE, 0, 1000);

    // What the Check is sent after each wait: the wait just made, and the seconds waited before it.
    expect(seen).toEqual([
      { waitSeconds: 30, elapsedSeconds: 0 },
      { waitSeconds: 60, elapsedSeconds: 30 },
      { waitSeconds: 120, elapsedSeconds: 90 },
      { waitSeconds: 240, elapsedSeconds: 210 },
      { waitSeconds: 300, elapsedSeconds: 450 },
      { waitSeconds: 300, elapsedSeconds: 750 },
      { waitSeconds: 300, elapsedSeconds: 1050 },
    ]);
    expect(outcome).toBe('timed out');
  });

  it('on the engine stops at the first look that sees the job done', async () => {
    const { seen, outcome } = await looks(SOURCE, 3, 1000);

    expect(seen).toHaveLength(3);
    expect(outcome).toBe('done');
  });

  it('with CheckFirst on the engine looks before any wait, then backs off the same way', async () => {
    const source = SOURCE.replace('    Policy: job\n', '    Policy: job\n    CheckFirst: true\n').replace('Default: Back Off Poll', 'Default: Wait For Job');

    const { seen } = await looks(source, 3, 1000);

    expect(seen).toEqual([
      { waitSeconds: 30, elapsedSeconds: 0 },
      { waitSeconds: 60, elapsedSeconds: 30 },
      { waitSeconds: 120, elapsedSeconds: 90 },
    ]);
  });

  it.each([
    ['a Decision that does not continue the loop', SOURCE.replace('Default: Back Off Poll', 'Default: Done'), /must be a Choice whose Default is "Back Off Poll"/],
    ['a Check that does not go to its Decision', SOURCE.replace('ResultPath: $.job\n    Next: Job Done?', 'ResultPath: $.job\n    Next: Done'), /must go Next to its Decision/],
    ['an unknown policy', SOURCE.replace('Policy: job', 'Policy: jobs'), /no PollPolicies entry "jobs"/],
    ['a Hold named for another cap', SOURCE.replace('MaxWaitSeconds: 300', 'MaxWaitSeconds: 600'), /does not say the policy's cap of 600 s/],
    ['a generated name that is already a state', SOURCE.replace('Wait: Wait For Job', 'Wait: Done'), /a state named "Done" already exists/],
  ])('refuses %s', (_why, source, message) => {
    expect(() => expandSource(source, '')).toThrow(message);
  });
});
