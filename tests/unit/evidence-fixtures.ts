// Evidence records for the HTML tests: the drill of report-fixtures.ts with restore targets that passed, failed and
// left something behind, and index entries for the trend.
import type { TargetResult } from '../../lib/drill/contracts';
import type { FailoverResult } from '../../lib/failover/contracts';
import type { DrillIndexEntry, EvidenceRecord } from '../../lib/evidence/contracts';
import { buildDrillReport } from '../../lib/report/drill-report';
import { drill, finishedAt } from './report-fixtures';

const at = (minutes: number) => new Date(Date.parse(drill.startedAt) + minutes * 60_000).toISOString();

export function passedTarget(targetId = 'patients-db'): TargetResult {
  return {
    targetId,
    type: 'aurora',
    verdict: 'PASSED',
    reason: 'recovered and validated',
    failedStep: null,
    recoveryPoint: { arn: 'arn:aws:rds:eu-west-1:111122223333:cluster-snapshot:awsbackup:job-1', createdAt: '2025-03-03T20:00:00.000Z' },
    jobs: { copyJobId: 'copy-job-1', restoreJobId: 'restore-job-1' },
    restoredResourceArn: `arn:aws:rds:eu-west-2:111122223333:cluster:drdrill-d0a1b2c3d-${targetId}`,
    timeline: [
      { step: 'copy', startedAt: at(1), finishedAt: at(12) },
      { step: 'restore', startedAt: at(13), finishedAt: at(37) },
      { step: 'instance', startedAt: at(37), finishedAt: at(52) },
      { step: 'validation', startedAt: at(52), finishedAt: at(53) },
      { step: 'cleanup', startedAt: at(53), finishedAt: at(62) },
    ],
    minutes: { copy: 11, restore: 24, instance: 15, validation: 1, total: 62 },
    rto: { measuredMinutes: 40, objectiveMinutes: 60, met: true },
    rpo: { measuredMinutes: 360, objectiveMinutes: 1440, met: true },
    dataRpo: { measuredMinutes: 362, objectiveMinutes: 1440, met: true },
    checks: [
      { name: 'patients restored', passed: true, value: 3258, expected: '>= 2500', reason: 'value 3258 is >= 2500' },
      { name: 'no orphaned appointments', passed: true, value: 0, expected: '= 0', reason: 'value 0 is = 0' },
    ],
    cleanup: {
      complete: true,
      deleted: [`arn:aws:rds:eu-west-2:111122223333:cluster:drdrill-d0a1b2c3d-${targetId}`],
      leftBehind: [],
      errors: [],
    },
  };
}

/** Restored too slowly, a check failed, and the restored table could not be deleted. */
export function failedTarget(targetId = 'appointments'): TargetResult {
  return {
    ...passedTarget(targetId),
    type: 'dynamodb',
    verdict: 'FAILED',
    reason: 'a check failed; RTO 75 min vs objective 60 min',
    failedStep: 'validate',
    rto: { measuredMinutes: 75, objectiveMinutes: 60, met: false },
    dataRpo: null,
    checks: [{ name: 'appointments restored', passed: false, value: 12, expected: '>= 5000', reason: 'value 12 is not >= 5000' }],
    cleanup: {
      complete: false,
      deleted: [],
      leftBehind: [`arn:aws:dynamodb:eu-west-2:111122223333:table/drdrill-d0a1b2c3d-${targetId}`],
      errors: [],
    },
  };
}

/** Stopped before anything was restored: nothing measured but the RPO, no step completed. */
export function copyFailedTarget(targetId = 'documents'): TargetResult {
  return {
    ...passedTarget(targetId),
    type: 's3',
    verdict: 'FAILED',
    reason: 'copy job failed',
    failedStep: 'waitForCopy',
    jobs: { copyJobId: 'copy-job-3', restoreJobId: null },
    restoredResourceArn: null,
    timeline: [],
    minutes: { copy: null, restore: null, instance: null, validation: null, total: null },
    rto: { measuredMinutes: null, objectiveMinutes: 60, met: false },
    dataRpo: undefined,
    checks: [],
    cleanup: { complete: true, deleted: [], leftBehind: [], errors: [] },
  };
}

export function evidence(targets: TargetResult[], options: { failover?: FailoverResult[]; kind?: EvidenceRecord['kind'] } = {}): EvidenceRecord {
  const report = buildDrillReport({ drill, results: targets, failover: options.failover, finishedAt });
  return {
    schemaVersion: 1,
    kind: options.kind ?? 'drill',
    generatedAt: '2025-03-04T03:31:00.000Z',
    trigger: { kind: 'schedule', by: null },
    plan: { hash: drill.planHash, content: { name: drill.planName, residency: { policy: drill.residencyPolicy, allowedRegions: drill.allowedRegions } } },
    report,
  };
}

/** A previous drill of the same plan, `monthsAgo` months before the fixture drill. */
export function previousDrill(monthsAgo: number, overrides: Partial<DrillIndexEntry> = {}): DrillIndexEntry {
  const started = new Date(Date.parse(drill.startedAt));
  started.setUTCMonth(started.getUTCMonth() - monthsAgo);
  const startedAt = started.toISOString();
  const drillId = `d${(0xa0000000 + monthsAgo).toString(16)}`;
  return {
    planName: drill.planName,
    startedAt,
    drillId,
    executionArn: `arn:aws:states:eu-west-2:111122223333:execution:dr-drill-prod-drill:${drillId}`,
    kind: 'drill',
    verdict: 'PASSED',
    finishedAt: startedAt,
    headline: 'PASSED',
    worstRtoMinutes: 30 + monthsAgo,
    rtoObjectiveMinutes: 60,
    worstRpoMinutes: 300,
    rpoObjectiveMinutes: 1440,
    failoverDowntimeSeconds: null,
    failoverRtoSeconds: null,
    evidenceKey: `evidence/${drill.planName}/${startedAt.slice(0, 7)}/${drillId}/evidence.json`,
    htmlKey: `evidence/${drill.planName}/${startedAt.slice(0, 7)}/${drillId}/report.html`,
    ...overrides,
  };
}
