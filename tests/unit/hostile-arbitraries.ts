// Hostile input for property-based tests: random values, and good plans broken one to three edits at a time, so the
// checks meet both nonsense and the near-misses a person actually writes.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { nhsPlanInput, nhsPlanInputWithEveryType } from './functions/fixtures';
import { nhsWith } from './plan-fixtures';

/** Runs per property; kept here so a report can cite how much random input the checks survived. */
export const RUNS = {
  randomPlans: 300,
  mutatedPlans: 500,
  planTexts: 300,
  mutatedPlanTexts: 300,
  drillInputs: 500,
  preflightInputs: 400,
} as const;

/** Any JSON value, as a state machine input or a parsed YAML document can hold. */
export const jsonValue = fc.jsonValue({ maxDepth: 4 });

/** Anything a caller of an `unknown` parameter could pass, short of functions: NaN, -0, bigint, Map, Date, null prototypes. */
export const anyValue = fc.anything({
  maxDepth: 3,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
});

type Json = unknown;
type Path = (string | number)[];

// Read once (each run edits a fresh copy): parsing the example file for every run would be most of the time spent.
const BASES = {
  /** The NHS example without its data checks (what the Lambda tests use). */
  nhs: nhsPlanInput(),
  /** The NHS example as written: data checks, failover and all. */
  full: nhsWith(),
  /** Every resource type the drill supports. */
  everyType: nhsPlanInputWithEveryType(),
};

const mutation = fc.record({
  kind: fc.constantFrom('delete', 'replace', 'insert', 'retype'),
  /** Which node of the plan, as an index into its nodes (taken modulo their number). */
  at: fc.nat(),
  value: fc.jsonValue({ maxDepth: 2 }),
  key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString', 'type', 'id', 'targets')),
});
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

/** A valid plan broken by one to three random edits. */
export const mutatedPlan: fc.Arbitrary<Json> = fc
  .tuple(fc.constantFrom(...(Object.keys(BASES) as (keyof typeof BASES)[])), fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([base, mutations]) => mutations.reduce<Json>((plan, m) => mutate(plan, m), structuredClone(BASES[base])));

/** A mutated plan as YAML text, as an operator would upload it. */
export const mutatedPlanText: fc.Arbitrary<string> = mutatedPlan.map((plan) => stringify(plan) ?? '');

function mutate(root: Json, m: Mutation): Json {
  const paths = nodePaths(root);
  const path = paths[m.at % paths.length] as Path;
  if (path.length === 0) return m.kind === 'insert' ? insertInto(root, m) : m.kind === 'delete' ? undefined : replacement(root, m);
  const parent = valueAt(root, path.slice(0, -1)) as Record<string | number, Json>;
  const last = path.at(-1) as string | number;
  switch (m.kind) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
      break;
    case 'insert':
      parent[last] = insertInto(parent[last], m);
      break;
    default:
      parent[last] = replacement(parent[last], m);
  }
  return root;
}

/** An unknown key in an object, one more element in a list; anything else becomes a random value. */
function insertInto(node: Json, m: Mutation): Json {
  if (Array.isArray(node)) return [...node, m.value];
  // defineProperty, so that "__proto__" becomes an own key as JSON.parse would make it, not a prototype change.
  if (isObject(node)) return Object.defineProperty(node, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  return m.value;
}

function replacement(node: Json, m: Mutation): Json {
  if (m.kind === 'replace') return m.value;
  // Same meaning, wrong type: the mistakes YAML makes easy ("60" for 60, yes for true, a scalar for a list).
  if (typeof node === 'number') return String(node);
  if (typeof node === 'string') return /^-?\d+(\.\d+)?$/.test(node) ? Number(node) : [node];
  if (typeof node === 'boolean') return node ? 'yes' : 0;
  if (Array.isArray(node)) return node.length > 0 ? node[0] : {};
  if (isObject(node)) return Object.values(node);
  return node === null ? '' : null;
}

function nodePaths(root: Json): Path[] {
  const paths: Path[] = [];
  const walk = (node: Json, path: Path) => {
    paths.push(path);
    if (Array.isArray(node)) node.forEach((child, i) => walk(child, [...path, i]));
    else if (isObject(node)) for (const [key, child] of Object.entries(node)) walk(child, [...path, key]);
  };
  walk(root, []);
  return paths;
}

function valueAt(root: Json, path: Path): Json {
  return path.reduce<Json>((node, key) => (node as Record<string | number, Json>)[key], root);
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
