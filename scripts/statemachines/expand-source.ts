// Turns a state machine source (statemachines/source/*.yml) into the definition that deploys
// (statemachines/*.asl.yml). The source is ASL in YAML plus one macro, `Type: Poll`: the wait-and-back-off loop that a
// restore drill runs around every asynchronous AWS operation. Written once here, it cannot drift between the eight
// places that poll. The macro expands into plain Pass/Wait/Choice states (no Assign, no JSONata, no child workflow:
// the local engine runs neither of the first two, and a child execution per poll would multiply executions and
// history events). Everything else in the source is copied as text, comments and anchors included, so the generated
// file stays the readable runbook it was. docs/state-machines-source.md explains the macro.
import { parseDocument, isMap, isScalar, type Pair, type YAMLMap } from 'yaml';

/** The source-only top-level key naming each kind of wait's first wait and cap; it is not copied into the output. */
const POLICIES_KEY = 'PollPolicies';

export interface PollPolicy {
  FirstWaitSeconds: number;
  MaxWaitSeconds: number;
}

/** A `Type: Poll` block of the source: the names of the states it becomes and of the states it loops through. */
export interface PollMacro {
  Type: 'Poll';
  Policy: string;
  /** Where the loop keeps { waitSeconds, elapsedSeconds }: $.poll while the drill runs, $.settle while it cleans up. */
  Counter: string;
  Wait: string;
  /** The hand-written Task that looks; its Next is Decision. */
  Check: string;
  /** The hand-written Choice that ends the loop; its Default continues it. */
  Decision: string;
  BackOff: string;
  Cap: string;
  Hold: string;
  /** Look before the first wait (Confirm Cleanup: deletes often finish at once) instead of after it. */
  CheckFirst?: boolean;
}

const MINUTES = ['', 'One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight', 'Nine', 'Ten'];

export class StateMachineSourceError extends Error {
  override readonly name = 'StateMachineSourceError';
}

/** The states a poll block becomes: `atMacro` where the block stood, `afterDecision` right after its Choice. */
export function pollStates(start: string, macro: PollMacro, policy: PollPolicy): { atMacro: string[]; afterDecision: string[] } {
  const c = macro.Counter;
  const loopHead = macro.CheckFirst ? macro.Check : macro.Wait;
  const startState = [
    `  ${start}:`,
    `    Type: Pass`,
    `    Result: { waitSeconds: ${policy.FirstWaitSeconds}, elapsedSeconds: 0 }`,
    `    ResultPath: ${c}`,
    `    Next: ${macro.CheckFirst ? macro.Check : macro.Wait}`,
  ];
  const waitState = [
    `  ${macro.Wait}:`,
    `    Type: Wait`,
    `    SecondsPath: ${c}.waitSeconds`,
    `    Next: ${macro.CheckFirst ? macro.BackOff : macro.Check}`,
  ];
  // Doubling, counted before the wait it sets: elapsedSeconds is the time already waited, which the Decision compares
  // with the plan's ceiling.
  const backOffState = [
    `  ${macro.BackOff}:`,
    `    Type: Pass`,
    `    Parameters:`,
    `      waitSeconds.$: States.MathAdd(${c}.waitSeconds, ${c}.waitSeconds)`,
    `      elapsedSeconds.$: States.MathAdd(${c}.elapsedSeconds, ${c}.waitSeconds)`,
    `    ResultPath: ${c}`,
    `    Next: ${macro.Cap}`,
  ];
  const capState = [
    `  ${macro.Cap}:`,
    `    Type: Choice`,
    `    Choices:`,
    `      - Variable: ${c}.waitSeconds`,
    `        NumericGreaterThan: ${policy.MaxWaitSeconds}`,
    `        Next: ${macro.Hold}`,
    `    Default: ${loopHead}`,
  ];
  const holdState = [
    `  ${macro.Hold}:`,
    `    Type: Pass`,
    `    Parameters:`,
    `      waitSeconds: ${policy.MaxWaitSeconds}`,
    `      elapsedSeconds.$: ${c}.elapsedSeconds`,
    `    ResultPath: ${c}`,
    `    Next: ${loopHead}`,
  ];
  const block = (...states: string[][]) => states.map((s) => s.join('\n') + '\n');
  return macro.CheckFirst
    ? { atMacro: block(startState), afterDecision: block(waitState, backOffState, capState, holdState) }
    : { atMacro: block(startState, waitState), afterDecision: block(backOffState, capState, holdState) };
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The generated definition for a source file's text. `header` replaces the source's leading comment block. */
export function expandSource(source: string, header: string): string {
  const doc = parseDocument(source);
  if (doc.errors.length) throw new StateMachineSourceError(doc.errors.map((e) => e.message).join('\n'));
  const root = doc.contents;
  if (!isMap(root)) throw new StateMachineSourceError('a state machine source is a mapping');
  const policies = (doc.toJS() as Record<string, unknown>)[POLICIES_KEY] as Record<string, PollPolicy> | undefined;
  const states = root.get('States', true);
  if (!isMap(states)) throw new StateMachineSourceError('the source has no States mapping');

  const edits: Edit[] = [];
  const policiesPair = root.items.find((p) => isScalar(p.key) && p.key.value === POLICIES_KEY);
  if (policiesPair) edits.push({ ...sourceOnlyRange(source, policiesPair), text: '' });

  const byName = new Map(states.items.map((p) => [String((p.key as { value: unknown }).value), p] as const));
  const generatedNames = new Set<string>();
  for (const [name, pair] of byName) {
    const state = (pair.value as YAMLMap).toJSON() as Record<string, unknown>;
    if (state.Type !== 'Poll') continue;
    const macro = checkMacro(name, state as unknown as PollMacro, policies, byName);
    const { atMacro, afterDecision } = pollStates(name, macro, policies![macro.Policy]!);
    for (const generated of [name, macro.Wait, macro.BackOff, macro.Cap, macro.Hold]) {
      if (generatedNames.has(generated) || (generated !== name && byName.has(generated))) {
        throw new StateMachineSourceError(`poll "${name}": a state named "${generated}" already exists`);
      }
      generatedNames.add(generated);
    }
    edits.push({ start: lineStart(source, rangeOf(pair.key)[0]), end: rangeOf(pair.value)[1], text: atMacro.join('\n') });
    const decisionEnd = rangeOf(byName.get(macro.Decision)!.value)[1];
    edits.push({ start: decisionEnd, end: decisionEnd, text: '\n' + afterDecision.join('\n') });
  }

  let out = source;
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  out = header + out.replace(/^(#[^\n]*\n)*/, '');

  const generated = parseDocument(out);
  if (generated.errors.length) throw new StateMachineSourceError(`the generated definition does not parse: ${generated.errors[0]!.message}`);
  return out;
}

function checkMacro(
  name: string,
  macro: PollMacro,
  policies: Record<string, PollPolicy> | undefined,
  byName: Map<string, Pair>,
): PollMacro {
  const fail = (why: string) => new StateMachineSourceError(`poll "${name}": ${why}`);
  const policy = policies?.[macro.Policy];
  if (!policy) throw fail(`no ${POLICIES_KEY} entry "${macro.Policy}"`);
  if (!/^\$\.[A-Za-z]+$/.test(String(macro.Counter))) throw fail(`Counter "${macro.Counter}" is not a top-level path like $.poll`);
  for (const key of ['Wait', 'Check', 'Decision', 'BackOff', 'Cap', 'Hold'] as const) {
    if (typeof macro[key] !== 'string') throw fail(`${key} is missing`);
  }
  for (const generated of [name, macro.Wait, macro.BackOff, macro.Cap, macro.Hold]) {
    if (!/^[A-Za-z0-9][A-Za-z0-9 ]*$/.test(generated)) throw fail(`"${generated}": a generated state's name is words and digits`);
  }
  const check = byName.get(macro.Check);
  const decision = byName.get(macro.Decision);
  if (!check) throw fail(`Check "${macro.Check}" is not a state`);
  if (!decision) throw fail(`Decision "${macro.Decision}" is not a state`);
  const checkState = (check.value as YAMLMap).toJSON() as { Next?: string };
  const decisionState = (decision.value as YAMLMap).toJSON() as { Type?: string; Default?: string };
  if (checkState.Next !== macro.Decision) throw fail(`Check "${macro.Check}" must go Next to its Decision "${macro.Decision}"`);
  const goOn = macro.CheckFirst ? macro.Wait : macro.BackOff;
  if (decisionState.Type !== 'Choice' || decisionState.Default !== goOn) {
    throw fail(`Decision "${macro.Decision}" must be a Choice whose Default is "${goOn}"`);
  }
  // A state named for its cap ("Hold Copy Poll At Five Minutes") must not outlive a change of the cap.
  const minutes = / At (\w+) Minutes?$/.exec(macro.Hold)?.[1];
  if (minutes !== undefined && MINUTES[policy.MaxWaitSeconds / 60] !== minutes) {
    throw fail(`"${macro.Hold}" does not say the policy's cap of ${policy.MaxWaitSeconds} s: rename it`);
  }
  return macro;
}

function rangeOf(node: unknown): [number, number, number] {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  if (!range) throw new StateMachineSourceError('a node of the source has no position');
  return range;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** A source-only top-level entry with the comment lines right above it and the blank line after it. */
function sourceOnlyRange(source: string, pair: Pair): { start: number; end: number } {
  let start = lineStart(source, rangeOf(pair.key)[0]);
  while (start > 0) {
    const previous = lineStart(source, start - 1);
    if (!source.slice(previous, start).startsWith('#')) break;
    start = previous;
  }
  let end = rangeOf(pair.value)[1];
  while (source[end] === '\n') end += 1;
  return { start, end };
}
