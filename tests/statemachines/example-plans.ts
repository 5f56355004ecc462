// The example plans as the scenario tests drill them: read from examples/, the files people start from.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkPlan } from '../../lib/plan/load';
import type { Plan } from '../../lib/plan/schema';
import { PROJECT_ROOT } from '../../local/run-drill';

export type PlanInput = Record<string, unknown>;

/** Each example as JSON, parsed from its YAML once per test file: the fault matrices drill one example many times. */
const examplesAsJson = new Map<string, string>();

/** A fresh copy of the example every call: tests change the plans they are given. */
export function examplePlanInput(file: string): PlanInput {
  let json = examplesAsJson.get(file);
  if (json === undefined) {
    json = JSON.stringify(parse(readFileSync(join(PROJECT_ROOT, 'examples', file), 'utf8')));
    examplesAsJson.set(file, json);
  }
  return JSON.parse(json) as PlanInput;
}

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

/** A plan with its recoveryPoint block set (issue 13): `{ source: 'copy' }` drills through the drill's own copy. */
export const withRecoveryPoint = (plan: PlanInput, recoveryPoint: Record<string, unknown>): PlanInput => ({ ...plan, recoveryPoint });

/**
 * The NHS example drilled through the copy path (recoveryPoint.source: copy), as every drill did before issue 13: the
 * scenarios about the copy job itself (its failure, its tag, its deletion, its IAM). The example as written restores
 * the DR vault's own copies (restore-drill-recovery-source.test.ts).
 */
export const nhsCopyPlanInput = (): PlanInput => withRecoveryPoint(nhsRestorePlanInput(), { source: 'copy' });

export function nhsCopyPlan(): Plan {
  const checked = checkPlan(nhsCopyPlanInput());
  if (!checked.ok) throw new Error('the NHS example plan must be valid');
  return checked.plan;
}

const ACCOUNT = '111122223333';
export const KIOSK_SUBNET = 'subnet-0f1e2d3c4b5a69788';

/** An EC2 instance (a ward kiosk) backed up with the NHS example's vaults: no example plan has an EC2 target. */
export const KIOSK_TARGET = {
  id: 'ward-kiosk',
  type: 'ec2',
  resourceArn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0123456789abcdef0`,
  sourceVault: `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:nhs-patient-platform`,
  drVault: `arn:aws:backup:eu-west-2:${ACCOUNT}:backup-vault:nhs-patient-platform-dr`,
  backupRoleArn: `arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`,
  restore: { subnetId: KIOSK_SUBNET, securityGroupIds: ['sg-0a1b2c3d4e5f60718'], instanceType: 't3.medium' },
  validation: { health: { port: 8080, path: '/healthz', timeoutSeconds: 5 } },
};

/** The whole NHS example (failover included) with the kiosk as its last target. */
export function nhsPlanWithKiosk(): PlanInput {
  const plan = examplePlanInput('nhs-patient-platform.yml');
  return { ...plan, targets: [...(plan.targets as unknown[]), KIOSK_TARGET] };
}

/** The NHS example whose Aurora checks run through the RDS Data API (validation.dataApi: true). */
export function nhsPlanWithDataApi(): PlanInput {
  const plan = examplePlanInput('nhs-patient-platform.yml');
  const targets = plan.targets as { id: string; validation?: Record<string, unknown> }[];
  targets.find((t) => t.id === 'patients-db')!.validation!.dataApi = true;
  return plan;
}
