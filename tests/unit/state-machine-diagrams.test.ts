// docs/state-machines.md is drawn from the packaged definitions (npm run diagrams): it must match them now, name
// every state, and be Mermaid that renders. The pieces (labels, conditions, poll loops) are pinned on small
// definitions, so a change to the drawing shows up here before it shows up as a broken picture.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPackagedTemplate, PROJECT_ROOT } from '../../local/stack/packaged';
import { readStack, type LocalStack } from '../../local/stack/stack';
import type { Scope } from '../../scripts/diagrams/asl';
import { conditionLines } from '../../scripts/diagrams/conditions';
import { DIAGRAMS_PATH, diagramSections, renderDiagramsDoc } from '../../scripts/diagrams/document';
import { callOf, flowchart, type Callees } from '../../scripts/diagrams/flowchart';
import { escapeLabel } from '../../scripts/diagrams/mermaid';
import { findPollLoops } from '../../scripts/diagrams/poll-loops';
import { lintFlowchart } from './mermaid-flowchart-lint';

const callees: Callees = {
  functionKey: (ref) => /:function:dr-drill-dev-(\w+)$/.exec(ref)?.[1],
  machineName: (arn) => /:stateMachine:dr-drill-dev-([\w-]+)$/.exec(arn)?.[1],
};
const lambda = (key: string) => `arn:aws:lambda:eu-west-2:111122223333:function:dr-drill-dev-${key}`;

/** A back-off poll loop as restore-target writes them, around `describe`. */
function pollScope(backOff = true): Scope {
  return {
    StartAt: 'Start Poll',
    States: {
      'Start Poll': { Type: 'Pass', Result: { waitSeconds: 30, elapsedSeconds: 0 }, ResultPath: '$.poll', Next: 'Wait For Job' },
      'Wait For Job': { Type: 'Wait', SecondsPath: '$.poll.waitSeconds', Next: 'Describe Job' },
      'Describe Job': {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:backup:describeRestoreJob',
        Parameters: {},
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Clean Up' }],
        Next: 'Job Finished?',
      },
      'Job Finished?': {
        Type: 'Choice',
        Choices: [
          { Variable: '$.job.Status', StringEquals: 'COMPLETED', Next: 'Done' },
          { Variable: '$.poll.elapsedSeconds', NumericGreaterThanEqualsPath: '$.ceilings.jobSeconds', Next: 'Clean Up' },
        ],
        Default: backOff ? 'Back Off' : 'Wait For Job',
      },
      ...(backOff
        ? {
            'Back Off': {
              Type: 'Pass',
              Parameters: { 'waitSeconds.$': 'States.MathAdd($.poll.waitSeconds, $.poll.waitSeconds)', 'elapsedSeconds.$': 'States.MathAdd($.poll.elapsedSeconds, $.poll.waitSeconds)' },
              ResultPath: '$.poll',
              Next: 'Cap',
            },
            Cap: { Type: 'Choice', Choices: [{ Variable: '$.poll.waitSeconds', NumericGreaterThan: 300, Next: 'Hold' }], Default: 'Wait For Job' },
            Hold: { Type: 'Pass', Parameters: { waitSeconds: 300, 'elapsedSeconds.$': '$.poll.elapsedSeconds' }, ResultPath: '$.poll', Next: 'Wait For Job' },
          }
        : {}),
      Done: { Type: 'Succeed' },
      'Clean Up': { Type: 'Fail', Error: 'JobFailed' },
    },
  } as unknown as Scope;
}

describe('docs/state-machines.md', () => {
  let stack: LocalStack;
  beforeAll(() => {
    stack = readStack(loadPackagedTemplate(), '111122223333', 'eu-west-2');
  }, 180_000);

  it('is what npm run diagrams draws from the packaged definitions now', () => {
    const committed = readFileSync(join(PROJECT_ROOT, DIAGRAMS_PATH), 'utf8');
    const drawn = renderDiagramsDoc(stack);
    if (committed !== drawn) {
      const a = committed.split('\n');
      const b = drawn.split('\n');
      const at = a.findIndex((line, i) => line !== b[i]);
      throw new Error(
        `${DIAGRAMS_PATH} no longer matches the state machines: run \`npm run diagrams\` and commit it.\n` +
          `first difference at line ${(at < 0 ? a.length : at) + 1}:\n  committed: ${a[at] ?? '(end)'}\n  drawn now: ${b[at < 0 ? a.length : at] ?? '(end)'}`,
      );
    }
  });

  it('draws drill, restore-target and failover-target, in the order a drill meets them', () => {
    expect(diagramSections(stack).map((s) => s.machine)).toEqual(['drill', 'restore-target', 'failover-target']);
  });

  it('names every state of every definition, as a node or in the table of the poll loop that stands for it', () => {
    const doc = readFileSync(join(PROJECT_ROOT, DIAGRAMS_PATH), 'utf8');
    for (const section of diagramSections(stack)) {
      const part = doc.slice(doc.indexOf(`## ${section.machine}\n`)).split(/\n## /)[0]!;
      const mermaid = /```mermaid\n([\s\S]*?)\n```/.exec(part)![1]!;
      const { nodes } = lintFlowchart(mermaid);
      const drawn = new Set(nodes.map((n) => (n.shape === 'subgraph' ? n.lines[0]!.split(' · ')[0]! : n.lines[0]!)));
      const loopNodes = nodes.filter((n) => n.shape === '[[');
      const rows = [...part.matchAll(/^\| (↻ .*?) \| (.*) \|$/gm)].map((m) => ({ title: m[1]!, states: [...m[2]!.matchAll(/`([^`]+)`/g)].map((s) => s[1]!) }));
      // Each loop node has its row, and each row its node.
      expect(rows.map((r) => r.title).sort()).toEqual(loopNodes.map((n) => n.lines[0]).sort());
      const inLoops = new Set(rows.flatMap((r) => r.states));
      const missing = section.states.filter((s) => !drawn.has(s) && !inLoops.has(s));
      expect(missing).toEqual([]);
      // A state is drawn once: as its own node or inside one loop.
      const twice = section.states.filter((s) => drawn.has(s) && inLoops.has(s));
      expect(twice).toEqual([]);
      expect(new Set(section.states).size).toBe(section.states.length);
    }
  });

  it('is Mermaid of the forms the generator writes: balanced subgraphs, escaped labels, edges between declared nodes', () => {
    const doc = readFileSync(join(PROJECT_ROOT, DIAGRAMS_PATH), 'utf8');
    const blocks = [...doc.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
    expect(blocks).toHaveLength(3);
    for (const block of blocks) expect(lintFlowchart(block).problems).toEqual([]);
  });

  it('collapses restore-target\'s eight back-off loops and none of the failover watch loop, whose Wait is the soak', () => {
    const sections = diagramSections(stack);
    const restore = sections.find((s) => s.machine === 'restore-target')!;
    expect(restore.loops).toHaveLength(8);
    expect(restore.loops.map((l) => l.states[0])).toContain('Start Copy Poll');
    expect(sections.find((s) => s.machine === 'failover-target')!.loops).toEqual([]);
    expect(sections.find((s) => s.machine === 'drill')!.loops).toEqual([]);
  });
});

describe('the flowchart of a definition', () => {
  it('escapes what Mermaid would read as syntax in a state name', () => {
    expect(escapeLabel('Ready? (#1) "yes": <b>')).toBe('Ready? (#35;1) #quot;yes#quot;: #lt;b#gt;');
    const scope = {
      StartAt: 'Is "it" ready? (#1)',
      States: { 'Is "it" ready? (#1)': { Type: 'Choice', Choices: [{ Variable: '$.a', StringEquals: 'x"y', Next: 'End: here' }], Default: 'End: here' }, 'End: here': { Type: 'Succeed' } },
    } as unknown as Scope;
    const { problems, nodes, edges } = lintFlowchart(flowchart(scope, callees).mermaid);
    expect(problems).toEqual([]);
    expect(nodes.map((n) => n.lines[0])).toEqual(expect.arrayContaining(['Is "it" ready? (#1)', 'End: here']));
    expect(edges.find((e) => e.label)?.label).toEqual(['$.a == x"y']);
  });

  it('the lint refuses a raw quote, an unclosed subgraph and an edge to nothing', () => {
    expect(lintFlowchart('flowchart TD\n  s1["say "hi""]').problems).not.toEqual([]);
    expect(lintFlowchart('flowchart TD\n  subgraph m1["x"]\n  s1["a"]').problems).toEqual(['1 subgraph(s) not closed']);
    expect(lintFlowchart('flowchart TD\n  s1["a"]\n  s1 --> s2').problems).toEqual(['edge s1 -> s2: s2 is not declared']);
  });

  it('says what each Task calls on its second line', () => {
    const task = (Resource: string, Parameters: Record<string, unknown> = {}) => ({ Type: 'Task', Resource, Parameters });
    expect(callOf(task('arn:aws:states:::lambda:invoke', { FunctionName: lambda('copyJob'), Payload: { operation: 'describe' } }), callees)).toBe('lambda: copyJob (describe)');
    expect(callOf(task('arn:aws:states:::lambda:invoke.waitForTaskToken', { FunctionName: lambda('requestApproval') }), callees)).toBe('lambda: requestApproval, waits for its task token');
    expect(callOf(task('arn:aws:states:::aws-sdk:backup:startRestoreJob'), callees)).toBe('backup:startRestoreJob');
    expect(callOf(task('arn:aws:states:::states:startExecution.sync:2', { StateMachineArn: 'arn:aws:states:eu-west-2:111122223333:stateMachine:dr-drill-dev-restore-target' }), callees)).toBe('child: restore-target');
    expect(callOf(task('arn:aws:states:::sns:publish'), callees)).toBe('sns:publish');
  });

  it('labels Choice edges with short conditions', () => {
    expect(conditionLines({ Variable: '$.target.type', StringEquals: 'aurora' })).toEqual(['$.target.type == aurora']);
    expect(conditionLines({ Or: ['FAILED', 'ABORTED'].map((s) => ({ Variable: '$.job.state', StringEquals: s })) })).toEqual(['$.job.state in FAILED, ABORTED']);
    expect(conditionLines({ Not: { Variable: '$.copy.jobId', IsPresent: true } })).toEqual(['$.copy.jobId absent']);
    expect(conditionLines({ Not: { Variable: '$.s', StringEquals: 'COMPLETED' } })).toEqual(['$.s != COMPLETED']);
    expect(conditionLines({ Variable: '$.poll.elapsedSeconds', NumericGreaterThanEqualsPath: '$.ceilings.copySeconds' })).toEqual(['$.poll.elapsedSeconds >= $.ceilings.copySeconds']);
    expect(conditionLines({ And: [{ Variable: '$.a', IsPresent: true }, { Not: { Variable: '$.b', IsPresent: true } }] })).toEqual(['$.a present and $.b absent']);
  });

  it('draws a Catch as a dashed edge labelled with its errors, and End as an edge to an end node', () => {
    const scope = {
      StartAt: 'Work',
      States: { Work: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Catch: [{ ErrorEquals: ['SNS.NotFoundException', 'States.Timeout'], Next: 'Oops' }], End: true }, Oops: { Type: 'Fail', Error: 'Oops' } },
    } as unknown as Scope;
    const { nodes, edges } = lintFlowchart(flowchart(scope, callees).mermaid);
    const id = (name: string) => nodes.find((n) => n.lines[0] === name)!.id;
    expect(edges).toContainEqual({ from: id('Work'), to: id('Oops'), dashed: true, label: ['SNS.NotFoundException, States.Timeout'] });
    expect(edges).toContainEqual({ from: id('Work'), to: id('end'), dashed: false });
  });

  it('draws a Parallel state as a subgraph holding one subgraph per branch, each with its own states', () => {
    const branch = (name: string) => ({ StartAt: name, States: { [name]: { Type: 'Pass', End: true } } });
    const scope = {
      StartAt: 'Both',
      States: { Both: { Type: 'Parallel', Branches: [branch('Left'), branch('Right')], Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }], Next: 'Done' }, Done: { Type: 'Succeed' }, Failed: { Type: 'Fail', Error: 'BothFailed' } },
    } as unknown as Scope;
    const { problems, nodes, edges } = lintFlowchart(flowchart(scope, callees).mermaid);
    expect(problems).toEqual([]);
    const subgraphs = nodes.filter((n) => n.shape === 'subgraph').map((n) => n.lines[0]);
    expect(subgraphs).toEqual(['Both · Parallel: 2 branches at once', 'branch 1', 'branch 2']);
    expect(nodes.map((n) => n.lines[0])).toEqual(expect.arrayContaining(['Left', 'Right']));
    const both = nodes.find((n) => n.shape === 'subgraph')!.id;
    expect(edges).toContainEqual({ from: both, to: nodes.find((n) => n.lines[0] === 'Failed')!.id, dashed: true, label: ['States.ALL'] });
  });

  it('ends the Catches of many states that lead to one state at connectors named for it, unless the state goes there anyway', () => {
    const steps = ['One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven'];
    const catchAll = [{ ErrorEquals: ['States.ALL'], Next: 'Clean Up' }];
    const scope = {
      StartAt: 'One',
      States: {
        ...Object.fromEntries(steps.map((s, i) => [s, { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Catch: catchAll, Next: steps[i + 1] ?? 'Clean Up' }])),
        'Clean Up': { Type: 'Succeed' },
      },
    } as unknown as Scope;
    const { problems, nodes, edges } = lintFlowchart(flowchart(scope, callees).mermaid);
    expect(problems).toEqual([]);
    const cleanUp = nodes.find((n) => n.lines[0] === 'Clean Up')!.id;
    const connectors = nodes.filter((n) => n.lines[0] === '⇢ Clean Up');
    expect(connectors).toHaveLength(6);
    for (const c of connectors) expect(edges.filter((e) => e.to === c.id)).toEqual([expect.objectContaining({ dashed: true, label: ['States.ALL'] })]);
    // Seven's Next is Clean Up: its Catch arrow runs beside that one.
    const seven = nodes.find((n) => n.lines[0] === 'Seven')!.id;
    expect(edges.filter((e) => e.from === seven && e.to === cleanUp).map((e) => e.dashed)).toEqual([false, true]);
    // Five states catching into it are not enough.
    const fewer = { ...scope, States: Object.fromEntries(Object.entries(scope.States).filter(([n]) => n !== 'One')), StartAt: 'Two' } as Scope;
    expect(flowchart(fewer, callees).mermaid).not.toContain('⇢');
  });

  it('finds a back-off poll loop by its shape and draws it as one node with every way out', () => {
    const [loop, ...others] = findPollLoops(pollScope());
    expect(others).toEqual([]);
    expect(loop).toMatchObject({ states: ['Start Poll', 'Wait For Job', 'Describe Job', 'Job Finished?', 'Back Off', 'Cap', 'Hold'], tasks: ['Describe Job'], deciders: ['Job Finished?'], firstWaitSeconds: 30, doubling: true, capSeconds: 300 });
    const { nodes, edges } = lintFlowchart(flowchart(pollScope(), callees).mermaid);
    const loopNode = nodes.find((n) => n.shape === '[[')!;
    expect(loopNode.lines).toEqual(['↻ Describe Job → Job Finished?', 'backup:describeRestoreJob', 'polled every 30 s, doubling up to 300 s']);
    const out = edges.filter((e) => e.from === loopNode.id).map((e) => [nodes.find((n) => n.id === e.to)!.lines[0], e.dashed, e.label]);
    expect(out).toHaveLength(3);
    expect(out).toEqual(
      expect.arrayContaining([
        ['Done', false, ['$.job.Status == COMPLETED']],
        ['Clean Up', false, ['$.poll.elapsedSeconds >= $.ceilings.jobSeconds']],
        ['Clean Up', true, ['States.ALL']],
      ]),
    );
  });

  it('leaves a loop whose wait nothing in it rewrites as the states it is', () => {
    expect(findPollLoops(pollScope(false))).toEqual([]);
    const { nodes } = lintFlowchart(flowchart(pollScope(false), callees).mermaid);
    expect(nodes.map((n) => n.lines[0])).toEqual(expect.arrayContaining(['Start Poll', 'Wait For Job', 'Describe Job', 'Job Finished?']));
  });
});
