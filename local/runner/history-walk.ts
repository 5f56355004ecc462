// Counts the history events of one path through a state machine definition, without running it: each state visited
// is fed to HistoryCounter (history.ts) as the engine would report it, so the count is AWS's, by the same rules the
// local runs use. The path is checked against the definition (it starts at StartAt, every step is a transition the
// definition allows, it ends in a terminal state), so a worst case written as a path cannot drift from the machine.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { allStates, type Definition, type Json, type StateDefinition } from './definitions';
import { HistoryCounter } from './history';

/**
 * A state visited, an inline Map visited with the path each of its items takes through its ItemProcessor, or a
 * Parallel visited with the path each of its branches takes (one per branch, in the definition's order).
 */
export type Visit = string | { map: string; items: Visit[][] } | { parallel: string; branches: Visit[][] };

export interface WalkCount {
  events: number;
  transitions: number;
}

/** The definition as written (aliases resolved, intrinsics left alone): enough to know each state's type and resource. */
export function readDefinition(root: string, file: string): Definition {
  return parse(readFileSync(join(root, file), 'utf8')) as Definition;
}

/**
 * The history events of an execution that takes `path` through `definition`. With `everyRetry`, every Task visit
 * also uses every attempt its Retry allows (each retrier's MaxAttempts, 3 when unset) before its outcome.
 */
export function countPath(definition: Definition, path: Visit[], options: { everyRetry?: boolean } = {}): WalkCount {
  const states = new Map(allStates(definition).map((s) => [s.name, s.definition]));
  const counter = new HistoryCounter(states);
  counter.add({ type: 'ExecutionStarted', timestamp: 0 });
  walk(definition, path, states, counter, options.everyRetry ?? false, 'the execution');
  counter.add({ type: 'ExecutionSucceeded', timestamp: 0 });
  return { events: counter.events, transitions: counter.transitions };
}

function walk(scope: Definition, path: Visit[], states: Map<string, StateDefinition>, counter: HistoryCounter, everyRetry: boolean, where: string): void {
  if (path.length === 0) throw new Error(`${where}: the path is empty`);
  const first = nameOf(path[0]!);
  if (first !== scope.StartAt) throw new Error(`${where}: the path starts at "${first}", but the definition starts at "${scope.StartAt}"`);
  path.forEach((visit, i) => {
    const name = nameOf(visit);
    const state = scope.States[name];
    if (!state) throw new Error(`${where}: "${name}" is not a state here`);
    const next = path[i + 1];
    if (next !== undefined && !successors(state).includes(nameOf(next))) {
      throw new Error(`${where}: "${name}" cannot go to "${nameOf(next)}" (it goes to ${successors(state).join(', ') || 'nothing'})`);
    }
    if (next === undefined && !isTerminal(state)) throw new Error(`${where}: the path ends at "${name}", which is not a terminal state`);
    const type = String(state.Type);
    counter.add({ type: 'StateEntered', timestamp: 0, state: { name, type } });
    if (everyRetry && type === 'Task') {
      for (let r = 0; r < retriesOf(state); r++) counter.add({ type: 'StateRetried', timestamp: 0, state: { name, type } });
    }
    if (typeof visit !== 'string' && 'parallel' in visit) {
      if (type !== 'Parallel') throw new Error(`${where}: "${name}" is a ${type}, not a Parallel`);
      const branches = (state.Branches ?? []) as unknown as Definition[];
      if (visit.branches.length !== branches.length) throw new Error(`${where}: "${name}" has ${branches.length} branches, the path gives ${visit.branches.length}`);
      branches.forEach((branch, index) => walk(branch, visit.branches[index]!, states, counter, everyRetry, `${name} branch ${index}`));
    } else if (typeof visit !== 'string') {
      if (type !== 'Map') throw new Error(`${where}: "${name}" is a ${type}, not a Map`);
      const processor = (state.ItemProcessor ?? state.Iterator) as unknown as Definition;
      visit.items.forEach((item, index) => {
        counter.add({ type: 'MapIterationStarted', timestamp: 0, index });
        walk(processor, item, states, counter, everyRetry, `${name} item ${index}`);
        counter.add({ type: 'MapIterationSucceeded', timestamp: 0, index });
      });
    }
    counter.add({ type: 'StateExited', timestamp: 0, state: { name, type } });
  });
}

const nameOf = (visit: Visit) => (typeof visit === 'string' ? visit : 'map' in visit ? visit.map : visit.parallel);

/** Every state a state may go to next: Next, a Choice's rules and Default, and its Catch targets. */
export function successors(state: StateDefinition): string[] {
  const out: string[] = [];
  if (typeof state.Next === 'string') out.push(state.Next);
  if (typeof state.Default === 'string') out.push(state.Default);
  for (const rule of (state.Choices ?? []) as { Next?: Json }[]) if (typeof rule.Next === 'string') out.push(rule.Next);
  for (const catcher of (state.Catch ?? []) as { Next?: Json }[]) if (typeof catcher.Next === 'string') out.push(catcher.Next);
  return out;
}

const isTerminal = (state: StateDefinition) => state.End === true || state.Type === 'Succeed' || state.Type === 'Fail';

/** Step Functions counts each retrier's attempts separately: errors of different kinds can use them all in turn. */
function retriesOf(state: StateDefinition): number {
  return ((state.Retry ?? []) as { MaxAttempts?: Json }[]).reduce((sum, r) => sum + (typeof r.MaxAttempts === 'number' ? r.MaxAttempts : 3), 0);
}
