// A Choice rule as a short readable condition for an edge label: `$.target.type == aurora`,
// `$.copy.job.state in FAILED, ABORTED`, `$.restore.jobId present and $.restore.job.Status absent`.
import { wrap } from './mermaid';

type Rule = Record<string, unknown>;

const COMPARISONS: [RegExp, string][] = [
  // Most specific first: NumericGreaterThanEqualsPath also ends with "Equals".
  [/GreaterThanEquals(Path)?$/, '>='],
  [/LessThanEquals(Path)?$/, '<='],
  [/GreaterThan(Path)?$/, '>'],
  [/LessThan(Path)?$/, '<'],
  [/Equals(Path)?$/, '=='],
  [/^StringMatches$/, 'matches'],
];
const NEGATED: Record<string, string> = { '==': '!=', '>=': '<', '<=': '>', '>': '<=', '<': '>=' };
const TESTS: Record<string, [string, string]> = {
  IsPresent: ['present', 'absent'],
  IsNull: ['is null', 'not null'],
  IsString: ['is a string', 'not a string'],
  IsNumeric: ['is a number', 'not a number'],
  IsBoolean: ['is a boolean', 'not a boolean'],
  IsTimestamp: ['is a timestamp', 'not a timestamp'],
};

/** The one comparison or test of a leaf rule: [operator key, value]. */
function leafOf(rule: Rule): [string, unknown] {
  const entry = Object.entries(rule).find(([k]) => k !== 'Variable' && k !== 'Next');
  if (!entry) throw new Error(`a Choice rule with no comparison: ${JSON.stringify(rule)}`);
  return entry;
}

function leaf(rule: Rule, negate: boolean): string {
  const variable = String(rule.Variable);
  const [key, value] = leafOf(rule);
  const test = TESTS[key];
  if (test) return `${variable} ${test[(value === true) !== negate ? 0 : 1]}`;
  const op = COMPARISONS.find(([re]) => re.test(key))?.[1];
  if (!op) throw new Error(`a Choice comparison this diagram cannot read: ${key}`);
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  if (!negate) return `${variable} ${op} ${shown}`;
  return NEGATED[op] ? `${variable} ${NEGATED[op]} ${shown}` : `not (${variable} ${op} ${shown})`;
}

function parts(rule: Rule, negate = false): { joiner: 'and' | 'or' | null; items: string[] } {
  if (rule.Not) {
    const inner = rule.Not as Rule;
    if (inner.Variable !== undefined) return { joiner: null, items: [leaf(inner, !negate)] };
    return { joiner: null, items: [`not (${text(inner)})`] };
  }
  for (const joiner of ['And', 'Or'] as const) {
    const children = rule[joiner] as Rule[] | undefined;
    if (!children) continue;
    const word = joiner === 'And' ? 'and' : 'or';
    // `$.x == A or $.x == B or ...` reads better as `$.x in A, B, ...`.
    const sameVariable = children.every((c) => c.StringEquals !== undefined && c.Variable === children[0]?.Variable);
    if (joiner === 'Or' && sameVariable && children.length > 1) {
      return { joiner: null, items: [`${String(children[0]?.Variable)} in ${children.map((c) => String(c.StringEquals)).join(', ')}`] };
    }
    return { joiner: word, items: children.map((c) => text(c)) };
  }
  return { joiner: null, items: [leaf(rule, negate)] };
}

function text(rule: Rule): string {
  const { joiner, items } = parts(rule);
  return joiner ? items.join(` ${joiner} `) : items.join('');
}

/** The rule's condition, in lines short enough for an edge label. */
export function conditionLines(rule: Rule): string[] {
  const { joiner, items } = parts(rule);
  if (!joiner) return items;
  return wrap(items, ` ${joiner} `, 48);
}
