import type { TargetResult } from '../../lib/drill/contracts';
import { drill, finishedAt } from './report-fixtures';
import { ClockSkewError } from '../../lib/measure/errors';
import { buildDrillReport } from '../../lib/report/drill-report';
import { drillReportSchema } from '../../lib/report/schema';


function passed(targetId: string, rto = 20, rpo = 300, objectives = { rto: 60, rpo: 1440 }): TargetResult {
  return {
    targetId,
    type: 'dynamodb',
    verdict: 'PASSED',
    reason: 'restored and validated',
    failedStep: null,
    recoveryPoint: { arn: `arn:aws:dynamodb:eu-west-1:111122223333:table/${targetId}/backup/01`, createdAt: '2025-03-03T21:00:00.000Z' },
    jobs: { copyJobId: `copy-${targetId}`, restoreJobId: `restore-${targetId}` },
    restoredResourceArn: `arn:aws:dynamodb:eu-west-2:111122223333:table/drill-${targetId}`,
    timeline: [],
    minutes: { copy: 10, restore: 15, instance: null, validation: 1, total: 40 },
    rto: { measuredMinutes: rto, objectiveMinutes: objectives.rto, met: rto <= objectives.rto },
    rpo: { measuredMinutes: rpo, objectiveMinutes: objectives.rpo, met: rpo <= objectives.rpo },
    checks: [{ name: 'readiness', passed: true, value: 'ACTIVE', expected: 'ACTIVE', reason: 'table is ACTIVE' }],
    cleanup: { complete: true, deleted: [`arn:aws:dynamodb:eu-west-2:111122223333:table/drill-${targetId}`], leftBehind: [], errors: [] },
  };
}

function failed(targetId: string, reason: string, failedStep: string | null): TargetResult {
  return {
    ...passed(targetId),
    verdict: 'FAILED',
    reason,
    failedStep,
    restoredResourceArn: null,
    minutes: { copy: null, restore: null, instance: null, validation: null, total: 5 },
    rto: { measuredMinutes: null, objectiveMinutes: 60, met: false },
    checks: [],
    cleanup: { complete: true, deleted: [], leftBehind: [], errors: [] },
  };
}

describe('buildDrillReport', () => {
  it('passes a drill whose every target passed, naming the worst RTO and RPO in the headline', () => {
    const results = [passed('patients-db', 27, 360), passed('appointments'), passed('documents'), passed('audit-log')];

    const report = buildDrillReport({ drill, results, finishedAt });

    expect(report.verdict).toBe('PASSED');
    expect(report.counts).toEqual({ targets: 4, passed: 4, failed: 0, cleanupIncomplete: 0 });
    expect(report.worst).toEqual({
      rto: { targetId: 'patients-db', measuredMinutes: 27, objectiveMinutes: 60, met: true },
      rpo: { targetId: 'patients-db', measuredMinutes: 360, objectiveMinutes: 1440, met: true },
    });
    expect(report.headline).toBe(
      'PASSED nhs-patient-platform: 4/4 targets recovered; worst RTO 27 min (objective 60 min), worst RPO 6 h (objective 24 h)',
    );
    expect(report.targets).toEqual(results);
    expect(drillReportSchema.parse(report)).toEqual(report);
  });

  it('fails the drill when one target failed, naming it, the reason and the step', () => {
    const results = [
      failed('patients-db', 'copy job failed', 'startCopyJob'),
      passed('appointments'),
      passed('documents'),
      passed('audit-log'),
    ];

    const report = buildDrillReport({ drill, results, finishedAt });

    expect(report.verdict).toBe('FAILED');
    expect(report.counts).toMatchObject({ targets: 4, passed: 3, failed: 1 });
    expect(report.headline).toBe('FAILED nhs-patient-platform: 1 of 4 targets failed (patients-db: copy job failed at startCopyJob)');
  });

  it('names three failures and counts the rest, so the headline stays one short line', () => {
    const results = ['a', 'b', 'c', 'd', 'e'].map((id) => failed(id, 'no recovery point', 'findRecoveryPoint'));

    const report = buildDrillReport({ drill, results, finishedAt });

    expect(report.headline).toBe(
      'FAILED nhs-patient-platform: 5 of 5 targets failed (a: no recovery point at findRecoveryPoint; ' +
        'b: no recovery point at findRecoveryPoint; c: no recovery point at findRecoveryPoint; +2 more)',
    );
  });

  it('fails a drill with no results: it proved nothing', () => {
    const report = buildDrillReport({ drill, results: [], finishedAt });

    expect(report.verdict).toBe('FAILED');
    expect(report.worst).toEqual({ rto: null, rpo: null });
    expect(report.headline).toBe('FAILED nhs-patient-platform: no targets were drilled');
  });

  it('takes the worst RTO against each target\'s own objective, not the longest', () => {
    const results = [passed('archive', 200, 300, { rto: 480, rpo: 1440 }), passed('patients-db', 50, 300)];

    const report = buildDrillReport({ drill, results, finishedAt });

    expect(report.worst.rto).toEqual({ targetId: 'patients-db', measuredMinutes: 50, objectiveMinutes: 60, met: true });
  });

  it('says in the headline when a passed drill missed an objective', () => {
    const report = buildDrillReport({ drill, results: [passed('patients-db', 75, 360)], finishedAt });

    expect(report.headline).toBe(
      'PASSED nhs-patient-platform: 1/1 targets recovered; worst RTO 1 h 15 min (objective 60 min, missed), worst RPO 6 h (objective 24 h)',
    );
  });

  it('proves residency with the regions the drill and its resources touched', () => {
    const report = buildDrillReport({ drill, results: [passed('patients-db')], finishedAt });

    expect(report.residency).toEqual({
      policy: 'UK and Ireland',
      allowedRegions: ['eu-west-1', 'eu-west-2'],
      regionsTouched: ['eu-west-1', 'eu-west-2'],
      outside: [],
    });
  });

  it('flags a restored resource found outside the allowed regions', () => {
    const stray = { ...passed('patients-db'), restoredResourceArn: 'arn:aws:dynamodb:us-east-1:111122223333:table/drill-patients-db' };

    const report = buildDrillReport({ drill, results: [stray], finishedAt });

    expect(report.residency.regionsTouched).toEqual(['eu-west-1', 'eu-west-2', 'us-east-1']);
    expect(report.residency.outside).toEqual(['us-east-1']);
    expect(report.headline).toMatch(/; OUTSIDE residency policy: us-east-1$/);
  });

  it('refuses a finish time before the drill started', () => {
    expect(() => buildDrillReport({ drill, results: [], finishedAt: '2025-03-04T01:59:00.000Z' })).toThrow(ClockSkewError);
  });

  it('rejects a NaN that slipped into a result instead of publishing it', () => {
    const broken = passed('patients-db');
    broken.minutes.copy = Number.NaN;

    expect(() => buildDrillReport({ drill, results: [broken], finishedAt })).toThrow();
  });
});
