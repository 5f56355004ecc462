// One state machine definition as a Mermaid `flowchart TD`: every state a node named as in the definition (Task
// nodes say what they call), Next/Choice/Default edges solid, Catch edges dashed and labelled with the errors,
// Map and Parallel states as subgraphs holding their own states, back-off poll loops drawn as one node.
import { flowTargets, innerScopes, type Scope, type State } from './asl';
import { conditionLines } from './conditions';
import { edge, label, node, wrap, type EdgeKind } from './mermaid';
import { findPollLoops, type PollLoop } from './poll-loops';

/** What a Task's Resource and Parameters name, in the project's own words. */
export interface Callees {
  /** serverless.yml's key of a function, from its ARN or name. */
  functionKey(arnOrName: string): string | undefined;
  /** A state machine's short name (restore-target), from its ARN. */
  machineName(arn: string): string | undefined;
}

export interface Flowchart {
  /** The Mermaid text, without the Markdown fence. */
  mermaid: string;
  /** The loops drawn as one node, with the label of that node. */
  loops: (PollLoop & { title: string })[];
}

const SDK = 'arn:aws:states:::aws-sdk:';

/** The second line of a Task node: what it calls. */
export function callOf(state: State, callees: Callees): string {
  const resource = String(state.Resource);
  const params = (state.Parameters ?? {}) as Record<string, unknown>;
  const waits = resource.endsWith('.waitForTaskToken') ? ', waits for its task token' : '';
  const lambdaName = (ref: string): string => {
    const key = callees.functionKey(ref) ?? ref;
    const operation = (params.Payload as Record<string, unknown> | undefined)?.operation;
    return `lambda: ${key}${typeof operation === 'string' ? ` (${operation})` : ''}`;
  };
  if (/^arn:aws:states:::lambda:invoke(\.waitForTaskToken)?$/.test(resource)) return lambdaName(String(params.FunctionName)) + waits;
  if (/^arn:aws[\w-]*:lambda:/.test(resource)) return lambdaName(resource);
  if (resource.startsWith(SDK)) return resource.slice(SDK.length).replace(/\.waitForTaskToken$/, '') + waits;
  if (/^arn:aws:states:::states:startExecution/.test(resource)) {
    const arn = String(params.StateMachineArn);
    const sync = /\.sync(:2)?$/.test(resource) ? '' : ' (not awaited)';
    return `child: ${callees.machineName(arn) ?? arn}${sync}${waits}`;
  }
  return resource.replace(/^arn:aws:states:::/, '');
}

function waitLine(state: State): string {
  if (typeof state.Seconds === 'number') return `wait ${state.Seconds} s`;
  if (typeof state.SecondsPath === 'string') return `wait ${state.SecondsPath} s`;
  if (typeof state.Timestamp === 'string') return `until ${state.Timestamp}`;
  return `until ${String(state.TimestampPath)}`;
}

function mapLine(state: State): string {
  if (state.Type === 'Parallel') return `Parallel: ${innerScopes(state).length} branches at once`;
  const items = String(state.ItemsPath ?? '$');
  const bound =
    state.MaxConcurrency === 1 ? 'one at a time' : typeof state.MaxConcurrencyPath === 'string' ? `at most ${state.MaxConcurrencyPath} at a time` : state.MaxConcurrency ? `at most ${String(state.MaxConcurrency)} at a time` : 'all at once';
  return `Map: each of ${items}, ${bound}`;
}

function loopTitle(loop: PollLoop, states: Record<string, State>, callees: Callees): string[] {
  const waits = loop.firstWaitSeconds !== undefined ? `every ${loop.firstWaitSeconds} s` : `every ${String(states[loop.wait]!.SecondsPath)} s`;
  const growth = loop.doubling ? ', doubling' : ', growing';
  const cap = loop.capSeconds !== undefined ? ` up to ${loop.capSeconds} s` : '';
  return [
    `↻ ${[...loop.tasks, ...loop.deciders].join(' → ')}`,
    ...loop.tasks.map((t) => callOf(states[t]!, callees)),
    `polled ${waits}${growth}${cap}`,
  ];
}

function catchLines(errors: readonly string[]): string[] {
  return wrap(errors, ', ', 40);
}

/** How many nodes' Catches must lead to one state before they end at connectors instead of arrows. */
const HUB_CATCHES = 6;

class Writer {
  private next = 1;
  readonly lines: string[] = [];
  readonly classes = new Map<string, string[]>();
  readonly loops: Flowchart['loops'] = [];
  constructor(private readonly callees: Callees) {}

  id(prefix: string): string {
    return `${prefix}${this.next++}`;
  }

  classify(id: string, cls: string): void {
    this.classes.set(cls, [...(this.classes.get(cls) ?? []), id]);
  }

  scope(scope: Scope, indent: string): void {
    const { States: states } = scope;
    const loops = findPollLoops(scope);
    const loopOf = new Map<string, PollLoop>();
    for (const loop of loops) for (const name of loop.states) loopOf.set(name, loop);
    const start = this.id('s');
    const ids = new Map<string, string>();
    const loopIds = new Map<PollLoop, string>();
    for (const name of Object.keys(states)) {
      const loop = loopOf.get(name);
      if (loop) {
        if (!loopIds.has(loop)) loopIds.set(loop, this.id('s'));
        ids.set(name, loopIds.get(loop)!);
      } else {
        ids.set(name, this.id(innerScopes(states[name]!).length ? 'm' : 's'));
      }
    }
    this.lines.push(`${indent}${node(start, 'start', ['start'])}`);
    this.classify(start, 'bound');
    const declared = new Set<string>();
    for (const [name, state] of Object.entries(states)) {
      const id = ids.get(name)!;
      if (declared.has(id)) continue;
      declared.add(id);
      const loop = loopOf.get(name);
      if (loop) {
        const title = loopTitle(loop, states, this.callees);
        this.loops.push({ ...loop, title: title[0]! });
        this.lines.push(`${indent}${node(id, 'loop', title)}`);
        this.classify(id, 'loop');
        continue;
      }
      const inner = innerScopes(state);
      if (inner.length) {
        // One line: a second line of a subgraph's title is drawn under the title of a subgraph inside it.
        this.lines.push(`${indent}subgraph ${id}[${label([`${name} · ${mapLine(state)}`])}]`);
        if (state.Type === 'Parallel') {
          for (const [i, branch] of inner.entries()) {
            const branchId = this.id('b');
            this.lines.push(`${indent}  subgraph ${branchId}[${label([`branch ${i + 1}`])}]`);
            this.scope(branch, `${indent}    `);
            this.lines.push(`${indent}  end`);
          }
        } else {
          this.scope(inner[0]!, `${indent}  `);
        }
        this.lines.push(`${indent}end`);
        continue;
      }
      switch (state.Type) {
        case 'Task':
          this.lines.push(`${indent}${node(id, 'task', [name, callOf(state, this.callees)])}`);
          break;
        case 'Choice':
          this.lines.push(`${indent}${node(id, 'choice', [name])}`);
          break;
        case 'Wait':
          this.lines.push(`${indent}${node(id, 'wait', [name, waitLine(state)])}`);
          break;
        case 'Succeed':
          this.lines.push(`${indent}${node(id, 'succeed', [name])}`);
          this.classify(id, 'succeed');
          break;
        case 'Fail': {
          const error = typeof state.Error === 'string' ? state.Error : typeof state.ErrorPath === 'string' ? `error from ${state.ErrorPath}` : undefined;
          this.lines.push(`${indent}${node(id, 'fail', error ? [name, error] : [name])}`);
          this.classify(id, 'fail');
          break;
        }
        default:
          this.lines.push(`${indent}${node(id, 'pass', [name])}`);
      }
    }

    // Edges, each once: a loop's exits are drawn from its node, its inner transitions not at all.
    const seen = new Set<string>();
    // A state that the Catches of many nodes lead to (restore-target's Clean Up) would pull an arrow across the
    // whole diagram from each: those Catches end at a small connector named for it instead.
    // A Catch that goes where the state's Next goes anyway keeps its arrow beside that one.
    const catchOnly = (name: string, target: string): boolean => !flowTargets(states[name]!).includes(target) && !(loopOf.has(name) && loopOf.get(name) === loopOf.get(target));
    const catchesInto = new Map<string, Set<string>>();
    for (const [name, state] of Object.entries(states)) {
      for (const c of (state.Catch ?? []) as { Next: string }[]) {
        if (!catchOnly(name, c.Next)) continue;
        catchesInto.set(c.Next, (catchesInto.get(c.Next) ?? new Set()).add(ids.get(name)!));
      }
    }
    const hubs = new Set([...catchesInto].filter(([, from]) => from.size >= HUB_CATCHES).map(([name]) => name));
    const emit = (from: string, to: string, kind: EdgeKind, text?: string[]): void => {
      const line = edge(from, to, kind, text);
      if (seen.has(line)) return;
      seen.add(line);
      this.lines.push(`${indent}${line}`);
    };
    emit(start, ids.get(scope.StartAt)!, 'flow');
    let end: string | undefined;
    for (const [name, state] of Object.entries(states)) {
      const from = ids.get(name)!;
      const internal = (target: string): boolean => loopOf.has(name) && loopOf.get(name) === loopOf.get(target);
      for (const choice of (state.Choices ?? []) as (Record<string, unknown> & { Next: string })[]) {
        if (!internal(choice.Next)) emit(from, ids.get(choice.Next)!, 'flow', conditionLines(choice));
      }
      if (typeof state.Default === 'string' && !internal(state.Default)) emit(from, ids.get(state.Default)!, 'flow', ['otherwise']);
      if (typeof state.Next === 'string' && !internal(state.Next)) emit(from, ids.get(state.Next)!, 'flow');
      for (const c of (state.Catch ?? []) as { ErrorEquals: string[]; Next: string }[]) {
        if (internal(c.Next)) continue;
        if (!hubs.has(c.Next) || !catchOnly(name, c.Next)) {
          emit(from, ids.get(c.Next)!, 'catch', catchLines(c.ErrorEquals));
          continue;
        }
        const key = `${from} ${c.Next} ${c.ErrorEquals.join(',')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const connector = this.id('c');
        this.lines.push(`${indent}${node(connector, 'connector', [`⇢ ${c.Next}`])}`);
        this.classify(connector, 'connector');
        emit(from, connector, 'catch', catchLines(c.ErrorEquals));
      }
      if (state.End === true) {
        if (!end) {
          end = this.id('s');
          this.lines.push(`${indent}${node(end, 'end', ['end'])}`);
          this.classify(end, 'bound');
        }
        emit(from, end, 'flow');
      }
    }
  }
}

const CLASSES: Record<string, string> = {
  succeed: 'fill:#dff3e4,stroke:#1a7f37,color:#0b3d1b',
  fail: 'fill:#fde2e1,stroke:#b42318,color:#5c0f0a',
  loop: 'fill:#eef2ff,stroke:#4f46e5,color:#1e1b4b',
  connector: 'fill:#fff,stroke:#a1a1aa,stroke-dasharray:3 3,color:#52525b',
  bound: 'fill:#f4f4f5,stroke:#71717a,color:#3f3f46',
};

export function flowchart(definition: Scope, callees: Callees): Flowchart {
  const writer = new Writer(callees);
  writer.scope(definition, '  ');
  const lines = ['flowchart TD', ...writer.lines];
  for (const [cls, style] of Object.entries(CLASSES)) {
    const ids = writer.classes.get(cls);
    if (!ids?.length) continue;
    lines.push(`  classDef ${cls} ${style}`);
    lines.push(`  class ${ids.join(',')} ${cls}`);
  }
  return { mermaid: lines.join('\n'), loops: writer.loops };
}
