// Compares the IAM roles of two packaged templates (.serverless/cloudformation-template-update-stack.json), each
// normalised to what IAM evaluates: per role, the set of (Effect, Action, Resource, Condition) it allows or denies,
// whatever the statements' order, grouping or Sids. Moving statements between files, splitting or joining them must
// print no difference:
//   npx tsx scripts/iam/compare-roles.ts before.json after.json
import { readFileSync } from 'node:fs';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Statement {
  Effect: string;
  Action?: Json;
  NotAction?: Json;
  Resource?: Json;
  NotResource?: Json;
  Condition?: Json;
}
interface Template {
  Resources: Record<string, { Type: string; Properties?: { Policies?: { PolicyDocument: { Statement: Statement | Statement[] } }[] } }>;
}

const list = (v: Json | undefined): Json[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
/** Condition values are sets: their order does not matter to IAM. */
const canonical = (v: Json): Json =>
  Array.isArray(v)
    ? v.map(canonical).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
    : v !== null && typeof v === 'object'
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k] as Json)]))
      : v;

export function normalisedRoles(template: Template): Record<string, string[]> {
  const roles: Record<string, string[]> = {};
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::IAM::Role') continue;
    const tuples = new Set<string>();
    for (const policy of resource.Properties?.Policies ?? []) {
      for (const s of list(policy.PolicyDocument.Statement as unknown as Json) as unknown as Statement[]) {
        const actions = s.Action !== undefined ? list(s.Action).map((a) => `Action=${String(a)}`) : [`NotAction=${JSON.stringify(canonical(list(s.NotAction)))}`];
        const resources = s.Resource !== undefined ? list(s.Resource).map((r) => JSON.stringify(r)) : [`NotResource=${JSON.stringify(canonical(list(s.NotResource)))}`];
        const condition = JSON.stringify(canonical(s.Condition ?? null));
        for (const a of actions) for (const r of resources) tuples.add(`${s.Effect} ${a} ${r} ${condition}`);
      }
    }
    roles[id] = [...tuples].sort();
  }
  return roles;
}

if (require.main === module) {
  const [beforeFile, afterFile] = process.argv.slice(2);
  if (!beforeFile || !afterFile) throw new Error('usage: compare-roles.ts <before template.json> <after template.json>');
  const read = (f: string) => normalisedRoles(JSON.parse(readFileSync(f, 'utf8')) as Template);
  const before = read(beforeFile);
  const after = read(afterFile);
  let differences = 0;
  for (const id of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const b = new Set(before[id] ?? []);
    const a = new Set(after[id] ?? []);
    const lines = [...[...b].filter((t) => !a.has(t)).map((t) => `- ${id} ${t}`), ...[...a].filter((t) => !b.has(t)).map((t) => `+ ${id} ${t}`)];
    lines.forEach((line) => console.log(line));
    differences += lines.length;
  }
  const count = (r: Record<string, string[]>) => Object.values(r).reduce((n, v) => n + v.length, 0);
  console.log(`${Object.keys(before).length} roles (${count(before)} grants) before, ${Object.keys(after).length} (${count(after)}) after: ${differences} differences`);
  process.exitCode = differences ? 1 : 0;
}
