// Finds the back-off poll loops of a scope by their shape, so a diagram can draw each as one node: a Wait whose
// interval is read from the state data (SecondsPath $.poll.waitSeconds), in a cycle with a Pass that rewrites that
// data ($.poll, the back-off), and the Pass before the cycle that sets it first (Start ... Poll). A Wait with a fixed
// or plan-given interval (the failover's Soak) is no poll loop, however many states its cycle has.
import { flowTargets, type Scope, type State } from './asl';

export interface PollLoop {
  /** Every state of the loop, in definition order. */
  states: string[];
  /** The Task states that the loop repeats (what it asks AWS or a Lambda). */
  tasks: string[];
  /** The Choice states that decide to leave the loop. */
  deciders: string[];
  /** The Wait state. */
  wait: string;
  /** Seconds of the first wait, when the starting Pass sets a number. */
  firstWaitSeconds?: number;
  /** Whether the back-off adds the interval to itself (States.MathAdd(x, x)). */
  doubling: boolean;
  /** The longest wait, when a Pass in the loop sets the interval to a number. */
  capSeconds?: number;
}

/** Strongly connected components of the scope's flow graph (Tarjan), each as a set of state names. */
function cycles(states: Record<string, State>): Set<string>[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: Set<string>[] = [];
  let counter = 0;
  const visit = (name: string): void => {
    index.set(name, counter);
    low.set(name, counter);
    counter += 1;
    stack.push(name);
    onStack.add(name);
    for (const next of flowTargets(states[name]!)) {
      if (!(next in states)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(name, Math.min(low.get(name)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(name, Math.min(low.get(name)!, index.get(next)!));
      }
    }
    if (low.get(name) === index.get(name)) {
      const component = new Set<string>();
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.add(member);
      } while (member !== name);
      if (component.size > 1) out.push(component);
    }
  };
  for (const name of Object.keys(states)) if (!index.has(name)) visit(name);
  return out;
}

const parentPath = (path: string): string => path.slice(0, path.lastIndexOf('.'));
const lastKey = (path: string): string => path.slice(path.lastIndexOf('.') + 1);

export function findPollLoops(scope: Scope): PollLoop[] {
  const { States: states } = scope;
  const order = Object.keys(states);
  const loops: PollLoop[] = [];
  for (const cycle of cycles(states)) {
    const wait = [...cycle].find((n) => states[n]!.Type === 'Wait' && typeof states[n]!.SecondsPath === 'string');
    if (!wait) continue;
    const secondsPath = String(states[wait]!.SecondsPath);
    const counter = parentPath(secondsPath);
    const key = lastKey(secondsPath);
    const rewrites = [...cycle].filter((n) => states[n]!.Type === 'Pass' && states[n]!.ResultPath === counter);
    if (!rewrites.length) continue;
    // The Pass that starts the counter just before the cycle (every way on from it leads into the cycle).
    const starts = order.filter((n) => !cycle.has(n) && states[n]!.Type === 'Pass' && states[n]!.ResultPath === counter && flowTargets(states[n]!).every((t) => cycle.has(t)));
    const members = new Set([...cycle, ...starts]);
    const first = starts.map((n) => (states[n]!.Result as Record<string, unknown> | undefined)?.[key]).find((v) => typeof v === 'number') as number | undefined;
    const params = rewrites.map((n) => (states[n]!.Parameters ?? {}) as Record<string, unknown>);
    const doubling = params.some((p) => {
      const args = /^States\.MathAdd\(([^,]+),\s*([^)]+)\)$/.exec(String(p[`${key}.$`] ?? ''));
      return !!args && args[1]!.trim() === args[2]!.trim() && args[1]!.trim() === secondsPath;
    });
    const cap = params.map((p) => p[key]).find((v) => typeof v === 'number') as number | undefined;
    const states_ = order.filter((n) => members.has(n));
    loops.push({
      states: states_,
      tasks: states_.filter((n) => states[n]!.Type === 'Task'),
      deciders: states_.filter((n) => states[n]!.Type === 'Choice' && flowTargets(states[n]!).some((t) => !members.has(t))),
      wait,
      ...(first !== undefined ? { firstWaitSeconds: first } : {}),
      doubling,
      ...(cap !== undefined ? { capSeconds: cap } : {}),
    });
  }
  return loops.sort((a, b) => order.indexOf(a.states[0]!) - order.indexOf(b.states[0]!));
}
