// Drill reports for the notification tests: the NHS example's four restore targets (one of them failing on a data
// check whose value is a patient's name, as a careless check could return) and its failover target.
import type { CheckResult, TargetResult } from '../../lib/drill/contracts';
import type { FailoverResult } from '../../lib/failover/contracts';
import { buildDrillReport } from '../../lib/report/drill-report';
import type { DrillReport } from '../../lib/report/schema';
import { passedFailover } from './failover-result-fixtures';
import { drill, finishedAt } from './report-fixtures';

/** Row data a check might have returned: none of it may reach a notification. */
export const PATIENT_NAME = 'Jane Smith';
export const PATIENT_NHS_NUMBER = '943 476 5919';

const check = (name: string, value: CheckResult['value'], passed = true): CheckResult => ({
  name,
  passed,
  value,
  expected: passed ? 'not null' : '>= 2500',
  reason: passed ? 'value is not null' : 'value is text, not a number',
});

export function target(id: string, type: string, overrides: Partial<TargetResult> = {}): TargetResult {
  return {
    targetId: id,
    type,
    verdict: 'PASSED',
    reason: 'recovered and validated; cleaned up',
    failedStep: null,
    recoveryPoint: { arn: `arn:aws:backup:eu-west-1:111122223333:recovery-point:${id}-01`, createdAt: '2025-03-03T22:00:00.000Z' },
    jobs: { copyJobId: `copy-${id}`, restoreJobId: `restore-${id}` },
    restoredResourceArn: `arn:aws:rds:eu-west-2:111122223333:cluster:drdrill-0a1b2c3d-${id}`,
    timeline: [],
    minutes: { copy: 11, restore: 24, instance: null, validation: 2, total: 40 },
    rto: { measuredMinutes: 37, objectiveMinutes: 60, met: true },
    rpo: { measuredMinutes: 545, objectiveMinutes: 1440, met: true },
    checks: [check('cluster available', 'available'), check('patients restored', 3258)],
    cleanup: { complete: true, deleted: [`drdrill-0a1b2c3d-${id}`], leftBehind: [], errors: [] },
    ...overrides,
  };
}

/** A data check that returned a patient's name and NHS number (text), and one that returned a count below the bar. */
export function failedOnData(): TargetResult {
  return target('patients-db', 'aurora', {
    verdict: 'FAILED',
    reason: '2 of 4 checks failed: newest patient name (value is text, not a number); patients restored (value 12 is not >= 2500)',
    failedStep: 'validate',
    checks: [
      check('cluster available', 'available'),
      check('newest patient name', PATIENT_NAME, false),
      check('newest nhs number', PATIENT_NHS_NUMBER),
      { name: 'patients restored', passed: false, value: 12, expected: '>= 2500', reason: 'value 12 is not >= 2500' },
    ],
  });
}

export const restoreTargets = (): TargetResult[] => [
  target('patients-db', 'aurora', { checks: [check('cluster available', 'available'), check('newest patient name', PATIENT_NAME)] }),
  target('appointments', 'dynamodb', { rto: { measuredMinutes: 18, objectiveMinutes: 60, met: true }, rpo: { measuredMinutes: 210, objectiveMinutes: 1440, met: true } }),
  target('documents', 's3', { rto: { measuredMinutes: 13, objectiveMinutes: 60, met: true }, rpo: { measuredMinutes: 152, objectiveMinutes: 1440, met: true } }),
  target('shared-files', 'efs', { rto: { measuredMinutes: 18, objectiveMinutes: 60, met: true }, rpo: { measuredMinutes: 545, objectiveMinutes: 1440, met: true } }),
];

export function reportOf(results: TargetResult[], failover?: FailoverResult[]): DrillReport {
  return buildDrillReport({ drill, results, failover, finishedAt });
}

/** The whole NHS drill passing: restores and the switchover. */
export const passedReport = (): DrillReport => reportOf(restoreTargets(), [passedFailover()]);
