// The example plans as the scenario tests drill them: read from examples/, the files people start from.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkPlan } from '../../lib/plan/load';
import type { Plan } from '../../lib/plan/schema';
import { PROJECT_ROOT } from '../../local/run-drill';

export type PlanInput = Record<string, unknown>;

export const examplePlanInput = (file: string): PlanInput => parse(readFileSync(join(PROJECT_ROOT, 'examples', file), 'utf8')) as PlanInput;

/** The NHS example without its failover block: the restore drill alone (failover-drill.test.ts drills the failover). */
export function nhsRestorePlanInput(): PlanInput {
  const { failover: _failover, ...plan } = examplePlanInput('nhs-patient-platform.yml');
  return plan;
}

export function nhsRestorePlan(): Plan {
  const checked = checkPlan(nhsRestorePlanInput());
  if (!checked.ok) throw new Error('the NHS example plan must be valid');
  return checked.plan;
}
