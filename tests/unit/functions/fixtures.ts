// Shared fixtures for the drill Lambdas: the NHS example plan is the one plan, and every event is built from
// it in the shapes of lib/drill/contracts.ts. The drill context and items are worked out here from their definition
// (not by running preflight), so a change in preflight cannot hide, or break, the other functions' tests.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { AwsClients } from '../../../lib/aws/clients';
import { ALL_CLIENTS } from '../../../lib/aws/all-clients';
import type { DrillContext, TargetDrillInput, TargetItem, TargetResult } from '../../../lib/drill/contracts';
import type { StoredPlan } from '../../../lib/drill/store';
import type { DryRunResult } from '../../../lib/dry-run/contracts';
import type { DrillReport } from '../../../lib/report/schema';
import type { FailoverResult } from '../../../lib/failover/contracts';
import type { Deps } from '../../../lib/lambda/deps';
import { checkPlan } from '../../../lib/plan/load';
import type { Plan } from '../../../lib/plan/schema';

export const NHS_EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'nhs-patient-platform.yml');

export const ACCOUNT = '111122223333';
export const SOURCE_REGION = 'eu-west-1';
export const DR_REGION = 'eu-west-2';
export const ALLOWED_REGIONS = ['eu-west-1', 'eu-west-2'];
/** A region no policy of the NHS plan allows. */
export const OUTSIDE_REGION = 'us-east-1';

/** `$$.Execution.Id` and `$$.Execution.StartTime` of the parent execution, as Step Functions hands them to Check Plan. */
export const EXECUTION_ARN = `arn:aws:states:eu-west-2:${ACCOUNT}:execution:dr-drill-prod-drill:nightly-2025-03-04`;
export const STARTED_AT = '2025-03-04T02:00:00.000Z';

/** Worked out here from the definition (sha256 of the execution ARN), not with the code under test. */
export const DRILL_HEX = createHash('sha256').update(EXECUTION_ARN).digest('hex').slice(0, 8);
export const DRILL_ID = `d${DRILL_HEX}`;
/** What the drill names the resources it creates: "drdrill-" (never the stack's own "dr-drill-<stage>-"), drill, target. */
export const restoredName = (targetId: string) => `drdrill-${DRILL_HEX}-${targetId}`;

export const SOURCE_VAULT = 'nhs-patient-platform';
export const DR_VAULT = 'nhs-patient-platform-dr';
export const DR_VAULT_ARN = `arn:aws:backup:eu-west-2:${ACCOUNT}:backup-vault:${DR_VAULT}`;
export const BACKUP_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`;
export const DR_KMS_KEY_ARN = `arn:aws:kms:eu-west-2:${ACCOUNT}:key/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9`;

/**
 * A fresh parse of the NHS example, safe to change. Its data checks (`validation`) are left out: these tests are
 * about each function's own work; the data checks have their own tests (data-checks.test.ts, tests/statemachines).
 */
export function nhsPlanInput(): Record<string, unknown> {
  const plan = parse(readFileSync(NHS_EXAMPLE, 'utf8')) as Record<string, unknown>;
  for (const target of plan.targets as Record<string, unknown>[]) delete target.validation;
  return plan;
}

export function targetsOf(plan: Record<string, unknown>): Record<string, unknown>[] {
  return plan.targets as Record<string, unknown>[];
}

/** The NHS example does not use RDS or EBS; these two are written the same way, for the types it lacks. */
export const EXTRA_TARGETS = {
  rds: {
    id: 'gp-referrals',
    type: 'rds',
    resourceArn: `arn:aws:rds:eu-west-1:${ACCOUNT}:db:gp-referrals`,
    sourceVault: `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:${SOURCE_VAULT}`,
    drVault: DR_VAULT_ARN,
    backupRoleArn: BACKUP_ROLE_ARN,
    restore: { dbSubnetGroupName: 'dr-isolated-db', vpcSecurityGroupIds: ['sg-0a1b2c3d4e5f67890'], instanceClass: 'db.t4g.medium' },
  },
  ebs: {
    id: 'imaging-cache',
    type: 'ebs',
    resourceArn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/vol-0abcdef1234567890`,
    sourceVault: `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:${SOURCE_VAULT}`,
    drVault: DR_VAULT_ARN,
    backupRoleArn: BACKUP_ROLE_ARN,
    restore: { availabilityZone: 'eu-west-2a', volumeType: 'gp3' },
  },
  docdb: {
    id: 'fhir-store',
    type: 'docdb',
    resourceArn: `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:fhir-store`,
    sourceVault: `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:${SOURCE_VAULT}`,
    drVault: DR_VAULT_ARN,
    backupRoleArn: BACKUP_ROLE_ARN,
    restore: { dbSubnetGroupName: 'dr-isolated-db', vpcSecurityGroupIds: ['sg-0a1b2c3d4e5f67890'], instanceClass: 'db.t4g.medium' },
    validation: {
      secretArn: `arn:aws:secretsmanager:eu-west-2:${ACCOUNT}:secret:fhir-store/drill-readonly-Ab12Cd`,
      collections: [{ database: 'fhir', collection: 'Patient', minDocuments: 1000 }],
    },
  },
  neptune: {
    id: 'terminology-graph',
    type: 'neptune',
    resourceArn: `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:terminology-graph`,
    sourceVault: `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:${SOURCE_VAULT}`,
    drVault: DR_VAULT_ARN,
    backupRoleArn: BACKUP_ROLE_ARN,
    restore: { dbSubnetGroupName: 'dr-isolated-db', vpcSecurityGroupIds: ['sg-0a1b2c3d4e5f67890'], instanceClass: 'db.r6g.large' },
    validation: { iamAuth: true, graph: [{ minNodes: 100 }, { label: 'Concept', minNodes: 50 }] },
  },
} as const;

/** The NHS example plus an RDS and an EBS target: every resource type the drill supports. */
/** An EC2 instance (a ward kiosk) backed up with the example's vaults; no example plan has an EC2 target. */
export const KIOSK_SUBNET = 'subnet-0a1b2c3d4e5f60718';
export const KIOSK_SG = 'sg-0f1e2d3c4b5a69788';
export const kioskTarget = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'ward-kiosk',
  type: 'ec2',
  resourceArn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0123456789abcdef0`,
  sourceVault: `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:${SOURCE_VAULT}`,
  drVault: `arn:aws:backup:eu-west-2:${ACCOUNT}:backup-vault:${DR_VAULT}`,
  backupRoleArn: BACKUP_ROLE_ARN,
  restore: { subnetId: KIOSK_SUBNET, securityGroupIds: [KIOSK_SG] },
  ...overrides,
});

/** An FSx for Windows file system (a PACS imaging share) backed up with the example's vaults; the NHS example has none. */
export const FSX_SUBNET = 'subnet-0b1c2d3e4f5a60718';
export const FSX_SG = 'sg-0c1d2e3f4a5b69788';
export const FSX_DIRECTORY = 'd-9067a1b2c3';
export const fsxTarget = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'pacs-studies',
  type: 'fsx',
  resourceArn: `arn:aws:fsx:eu-west-1:${ACCOUNT}:file-system/fs-0123456789abcdef0`,
  sourceVault: `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:${SOURCE_VAULT}`,
  drVault: `arn:aws:backup:eu-west-2:${ACCOUNT}:backup-vault:${DR_VAULT}`,
  backupRoleArn: BACKUP_ROLE_ARN,
  restore: { subnetIds: [FSX_SUBNET], securityGroupIds: [FSX_SG], activeDirectoryId: FSX_DIRECTORY },
  ...overrides,
});

/** An FSx for NetApp ONTAP volume (lab results); valid alone, drillable only in a one-region plan (examples/uk-only-supplier.yml). */
export const ONTAP_SVM = 'svm-0a1b2c3d4e5f60718';
export const ontapTarget = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'lab-results',
  type: 'fsx-ontap',
  resourceArn: `arn:aws:fsx:eu-west-1:${ACCOUNT}:volume/fs-0123456789abcdef0/fsvol-0123456789abcdef0`,
  sourceVault: `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:${SOURCE_VAULT}`,
  drVault: `arn:aws:backup:eu-west-2:${ACCOUNT}:backup-vault:${DR_VAULT}`,
  backupRoleArn: BACKUP_ROLE_ARN,
  restore: { storageVirtualMachineId: ONTAP_SVM },
  ...overrides,
});

export function nhsPlanInputWithEveryType(): Record<string, unknown> {
  const plan = nhsPlanInput();
  targetsOf(plan).push(structuredClone(EXTRA_TARGETS.rds) as never, structuredClone(EXTRA_TARGETS.ebs) as never);
  return plan;
}

export function checkedPlan(input: unknown = nhsPlanInput()): Plan {
  const checked = checkPlan(input);
  if (!checked.ok) throw new Error(`fixture: the plan is not valid: ${JSON.stringify(checked.problems)}`);
  return checked.plan;
}

/** The payload the drill state machine gives Check Plan. */
export function preflightEvent(plan: unknown = nhsPlanInput(), only?: string[]) {
  return { input: only ? { plan, only } : { plan }, executionArn: EXECUTION_ARN, startedAt: STARTED_AT };
}

/** The drill context Check Plan hands every target for `plan` (executed as EXECUTION_ARN at STARTED_AT). */
export function drillContext(plan: Plan = checkedPlan(nhsPlanInputWithEveryType())): DrillContext {
  return {
    id: DRILL_ID,
    executionArn: EXECUTION_ARN,
    planName: plan.name,
    planHash: createHash('sha256').update(JSON.stringify(plan)).digest('hex'),
    startedAt: STARTED_AT,
    sourceRegion: plan.regions.primary,
    drRegion: plan.regions.dr,
    allowedRegions: [...plan.residency.allowedRegions],
    residencyPolicy: plan.residency.policy,
    keepCopies: plan.keepCopies,
  };
}

/** One target's item: the plan's objectives under its own, the plan timeouts in seconds, the drill's names. */
export function itemOf(plan: Plan, targetId: string): TargetItem {
  const target = plan.targets.find((t) => t.id === targetId);
  if (!target) throw new Error(`fixture: no target ${targetId}`);
  const vault = (arn: string) => arn.split(':backup-vault:')[1] as string;
  return {
    target: structuredClone(target),
    objectives: { ...plan.objectives, ...target.objectives },
    ceilings: {
      copySeconds: plan.timeouts.copyMinutes * 60,
      restoreSeconds: plan.timeouts.restoreMinutes * 60,
      instanceSeconds: plan.timeouts.instanceMinutes * 60,
      validationSeconds: target.validation?.timeoutSeconds ?? plan.timeouts.validationMinutes * 60,
      cleanupSeconds: plan.timeouts.cleanupMinutes * 60,
    },
    names: {
      sourceVault: vault(target.sourceVault),
      drVault: vault(target.drVault),
      restored: restoredName(target.id),
      instance: `${restoredName(target.id)}-db`,
    },
  };
}

export const itemsOf = (plan: Plan): TargetItem[] => plan.targets.map((t) => itemOf(plan, t.id));

export const STORE_BUCKET = 'dr-drill-prod-drillstore-1x2y3z4w5v6u';

/** JSON in, JSON out: what goes through the S3 drill store comes back as plain data. */
const viaJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The drill store in memory, for use cases that take it as a port; every method is a jest.fn to assert on. */
export function memoryStore() {
  const plans = new Map<string, StoredPlan>();
  const results = new Map<string, Map<string, TargetResult>>();
  const reports = new Map<string, unknown>();
  const failoverResults = new Map<string, Map<string, FailoverResult>>();
  const dryRuns = new Map<string, DryRunResult>();
  /** Other objects by key, such as plan files an operator uploaded under plans/. */
  const texts = new Map<string, string>();
  return {
    dryRuns,
    plans,
    results,
    reports,
    failoverResults,
    texts,
    getText: jest.fn(async (key: string) => {
      const text = texts.get(key);
      if (text === undefined) throw new Error(`memory store: no object ${key}`);
      return text;
    }),
    putPlan: jest.fn(async (stored: StoredPlan) => {
      plans.set(stored.drill.id, viaJson(stored));
    }),
    getPlan: jest.fn(async (drillId: string) => {
      const stored = plans.get(drillId);
      if (!stored) throw new Error(`memory store: no plan for ${drillId}`);
      return viaJson(stored);
    }),
    putResult: jest.fn(async (drillId: string, result: TargetResult) => {
      if (!results.has(drillId)) results.set(drillId, new Map());
      results.get(drillId)?.set(result.targetId, viaJson(result));
    }),
    getResults: jest.fn(async (drillId: string) => new Map(results.get(drillId) ?? [])),
    putFailoverResult: jest.fn(async (drillId: string, result: FailoverResult) => {
      if (!failoverResults.has(drillId)) failoverResults.set(drillId, new Map());
      failoverResults.get(drillId)?.set(result.targetId, viaJson(result));
    }),
    getFailoverResults: jest.fn(async (drillId: string) => new Map(failoverResults.get(drillId) ?? [])),
    putReport: jest.fn(async (drillId: string, report: unknown) => {
      reports.set(drillId, viaJson(report));
      return `s3://${STORE_BUCKET}/drills/${drillId}/report.json`;
    }),
    getReport: jest.fn(async (drillId: string) => {
      const report = reports.get(drillId);
      if (report === undefined) throw new Error(`memory store: no report for ${drillId}`);
      return viaJson(report) as DrillReport;
    }),
    putDryRun: jest.fn(async (drillId: string, result: DryRunResult) => {
      dryRuns.set(drillId, viaJson(result));
      return `s3://${STORE_BUCKET}/drills/${drillId}/dry-run.json`;
    }),
    getDryRun: jest.fn(async (drillId: string) => {
      const result = dryRuns.get(drillId);
      return result === undefined ? null : viaJson(result);
    }),
  };
}

/** The restore-target state after Initialise: what the child execution's first Lambda receives as `$`. */
export type ChildState = TargetDrillInput & {
  failures: Record<string, unknown>;
  cleanupFailures: Record<string, unknown>;
  warnings: Record<string, unknown>;
};

export async function childState(targetId: string, planInput: unknown = nhsPlanInputWithEveryType()): Promise<ChildState> {
  const plan = checkedPlan(planInput);
  return { ...itemOf(plan, targetId), drill: drillContext(plan), failures: {}, cleanupFailures: {}, warnings: {} };
}

/** Deps for a Lambda running in the DR region; `times` are what successive `now()` calls answer (the last repeats). */
export function testDeps(times: string[] = ['2025-03-04T03:00:00.000Z'], region = DR_REGION): Deps {
  let i = 0;
  return {
    clients: new AwsClients(ALL_CLIENTS),
    region,
    now: () => new Date(times[Math.min(i++, times.length - 1)] as string),
  };
}

/** The region of the client a mocked command was sent through (aws-sdk-client-mock records the client as `this`). */
export async function regionOf(call: { thisValue: unknown }): Promise<string> {
  return (call.thisValue as { config: { region: () => Promise<string> } }).config.region();
}

export async function regionsOf(calls: { thisValue: unknown }[]): Promise<string[]> {
  return Promise.all(calls.map(regionOf));
}

/** The Cause Step Functions records when a Lambda throws: the runtime's JSON error document. */
export function lambdaCause(errorType: string, errorMessage: string): string {
  return JSON.stringify({ errorType, errorMessage, trace: [`${errorType}: ${errorMessage}`, '    at /var/task/index.js:1:1'] });
}
