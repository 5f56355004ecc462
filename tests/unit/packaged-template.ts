// The CloudFormation that `serverless package` produced (npm test packages before jest runs; a lone jest run
// packages here first when a source of the template is newer than it).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const PROJECT_ROOT = join(__dirname, '..', '..');
const templatePath = join(PROJECT_ROOT, '.serverless', 'cloudformation-template-update-stack.json');
const SOURCES = [
  'serverless.yml',
  'statemachines/drill.asl.yml',
  'statemachines/failover-target.asl.yml',
  'statemachines/restore-target.asl.yml',
  'plugins/encrypt-log-groups.cjs',
  // The state machines' and the schedule's roles, and the plan whose allowed regions the roles' Deny names.
  'iam/drill-state-machine-role.yml',
  'iam/restore-target-state-machine-role.yml',
  'iam/failover-target-state-machine-role.yml',
  'iam/drill-schedule-role.yml',
  'deployed/plan.yml',
];

export type TemplateResource = { Type: string; Properties: Record<string, unknown>; Condition?: string; DependsOn?: string | string[] };
export interface PackagedTemplate {
  Resources: Record<string, TemplateResource>;
  Outputs: Record<string, { Value: unknown }>;
  Conditions?: Record<string, unknown>;
}

export function loadPackagedTemplate(): PackagedTemplate {
  const stale = !existsSync(templatePath) || SOURCES.some((f) => statSync(templatePath).mtimeMs < statSync(join(PROJECT_ROOT, f)).mtimeMs);
  if (stale) {
    execFileSync('npx', ['serverless', 'package', '--stage', 'dev', '--region', 'eu-west-2'], { cwd: PROJECT_ROOT, stdio: 'ignore' });
  }
  return JSON.parse(readFileSync(templatePath, 'utf8')) as PackagedTemplate;
}
