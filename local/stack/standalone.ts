// A standalone template of resources/ (the ones an operator deploys in other accounts) read as CloudFormation would
// deploy it: its short-form intrinsic functions parsed, its parameters' defaults under what is given.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Resolver, type Json, type Template } from './template';

export type StandaloneTemplate = Template & { Parameters: Record<string, { Type: string; Default?: string }> };

const CFN_TAGS = [
  { tag: '!Ref', resolve: (v: string) => ({ Ref: v }) },
  { tag: '!Sub', resolve: (v: string) => ({ 'Fn::Sub': v }) },
  { tag: '!GetAtt', resolve: (v: string) => ({ 'Fn::GetAtt': v.split('.') }) },
  // Conditions are not evaluated here: what is read from these templates (roles, policies) does not use them.
  ...['!If', '!Not', '!Equals'].map((tag) => ({ tag, collection: 'seq' as const, resolve: () => null })),
];

export function loadStandaloneTemplate(root: string, file: string): StandaloneTemplate {
  return parse(readFileSync(join(root, 'resources', file), 'utf8'), { customTags: CFN_TAGS }) as StandaloneTemplate;
}

/** The template's parameters as deployed with `given` over their defaults (lists split as CloudFormation splits them). */
export function parametersOf(template: StandaloneTemplate, given: Record<string, string>): Record<string, Json> {
  const values: Record<string, Json> = {};
  for (const [name, p] of Object.entries(template.Parameters)) {
    const value = given[name] ?? p.Default ?? '';
    values[name] = p.Type === 'CommaDelimitedList' ? value.split(',') : value;
  }
  return values;
}

/** One resource's Properties resolved for the account and region it is deployed in. */
export function resolvedProperties<T>(template: StandaloneTemplate, logicalId: string, region: string, account: string, parameters: Record<string, Json>): T {
  const resource = template.Resources[logicalId];
  if (!resource) throw new Error(`the template has no resource ${logicalId}`);
  return new Resolver(template, region, account, parameters).resolve((resource.Properties ?? {}) as Json) as unknown as T;
}
