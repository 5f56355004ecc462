// The parts of an ASL definition (JSONPath) the diagrams read.
export type State = Record<string, unknown> & { Type: string };
export interface Scope {
  StartAt: string;
  States: Record<string, State>;
}

/** The transitions a state takes when it does not fail: Next, each Choice's Next, Default. */
export function flowTargets(state: State): string[] {
  const out: string[] = [];
  for (const choice of (state.Choices ?? []) as { Next: string }[]) out.push(choice.Next);
  if (typeof state.Default === 'string') out.push(state.Default);
  if (typeof state.Next === 'string') out.push(state.Next);
  return out;
}

/** The transitions a state takes when it fails: each Catch's Next. */
export const catchTargets = (state: State): string[] => ((state.Catch ?? []) as { Next: string }[]).map((c) => c.Next);

/** The scopes inside a Map or Parallel state: its ItemProcessor (or Iterator) or its Branches. */
export function innerScopes(state: State): Scope[] {
  const processor = (state.ItemProcessor ?? state.Iterator) as Scope | undefined;
  if (processor) return [processor];
  return (state.Branches ?? []) as Scope[];
}

/** Every state name of a scope and of the scopes inside it. */
export function allStateNames(scope: Scope): string[] {
  return Object.entries(scope.States).flatMap(([name, state]) => [name, ...innerScopes(state).flatMap(allStateNames)]);
}
