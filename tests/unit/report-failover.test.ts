// The drill report with a failover drill in it: the verdict needs both halves, and the headline says first what a
// person must act on.
import type { TargetResult } from '../../lib/drill/contracts';
import { buildDrillReport } from '../../lib/report/drill-report';
import { drillReportSchema } from '../../lib/report/schema';
import { approvalTimedOut, passedFailover, stuckInDr } from './failover-result-fixtures';
import { drill, finishedAt } from './report-fixtures';

function restored(targetId: string, verdict: TargetResult['verdict'] = 'PASSED'): TargetResult {
  return {
    targetId,
    type: 'aurora',
    verdict,
    reason: verdict === 'PASSED' ? 'restored and validated' : 'restore job failed',
    failedStep: verdict === 'PASSED' ? null : 'waitForRestore',
    recoveryPoint: { arn: 'arn:aws:rds:eu-west-1:111122223333:cluster-snapshot:awsbackup:job-1', createdAt: '2025-03-03T22:00:00.000Z' },
    jobs: { copyJobId: 'copy-1', restoreJobId: 'restore-1' },
    restoredResourceArn: 'arn:aws:rds:eu-west-2:111122223333:cluster:drill-patients-db',
    timeline: [],
    minutes: { copy: 11, restore: 24, instance: 5, validation: 1, total: 45 },
    rto: { measuredMinutes: 39, objectiveMinutes: 60, met: true },
    rpo: { measuredMinutes: 240, objectiveMinutes: 1440, met: true },
    checks: [],
    cleanup: { complete: true, deleted: [], leftBehind: [], errors: [] },
  };
}

const RESTORE_PASSED = '1/1 targets recovered; worst RTO 39 min (objective 60 min), worst RPO 4 h (objective 24 h)';

describe('buildDrillReport with a failover drill', () => {
  it('leaves the failover field out entirely for a plan without failover', () => {
    const report = buildDrillReport({ drill, results: [restored('patients-db')], finishedAt });

    expect(report).not.toHaveProperty('failover');
    expect(JSON.parse(JSON.stringify(report))).not.toHaveProperty('failover');
  });

  it('passes when the restores and every failover target passed, with the worst downtime in the headline', () => {
    const report = buildDrillReport({ drill, results: [restored('patients-db')], failover: [passedFailover()], finishedAt });

    expect(report.verdict).toBe('PASSED');
    expect(report.failover).toEqual([passedFailover()]);
    expect(report.headline).toBe(`PASSED nhs-patient-platform: ${RESTORE_PASSED}; failover 1/1 passed, worst downtime 84 s (objective 120 s)`);
    expect(drillReportSchema.parse(report)).toEqual(report);
  });

  it('fails a drill whose failover did not run, saying why first, though every restore passed', () => {
    const report = buildDrillReport({ drill, results: [restored('patients-db')], failover: [approvalTimedOut()], finishedAt });

    expect(report.verdict).toBe('FAILED');
    expect(report.counts).toMatchObject({ targets: 1, passed: 1, failed: 0 });
    expect(report.headline).toBe(
      `FAILED nhs-patient-platform: failover not run (patients-global): approval timed out after 60 min; nothing was changed; ${RESTORE_PASSED}`,
    );
  });

  it('fails a drill whose restore failed even when the failover passed', () => {
    const report = buildDrillReport({ drill, results: [restored('patients-db', 'FAILED')], failover: [passedFailover()], finishedAt });

    expect(report.verdict).toBe('FAILED');
    expect(report.headline).toBe(
      'FAILED nhs-patient-platform: 1 of 1 targets failed (patients-db: restore job failed at waitForRestore); ' +
        'failover 1/1 passed, worst downtime 84 s (objective 120 s)',
    );
  });

  it('leads the headline with a service left off its primary', () => {
    const report = buildDrillReport({ drill, results: [restored('patients-db')], failover: [stuckInDr()], finishedAt });

    expect(report.verdict).toBe('FAILED');
    expect(report.headline).toBe(
      'SERVICE NOT ON PRIMARY: patients-global: writer in eu-west-2, traffic to eu-west-2 — FAILED nhs-patient-platform: ' +
        `failover failed at rollback (patients-global): the switch back did not settle within 60 min; ${RESTORE_PASSED}`,
    );
  });

  it('says the state is unknown, not that it is off primary, when nobody saw where the service is', () => {
    const unknown = {
      ...stuckInDr(),
      service: { writerRegion: null, trafficRegion: null, onPrimary: false, summary: 'no observation after the rollback timed out' },
    };

    const report = buildDrillReport({ drill, results: [restored('patients-db')], failover: [passedFailover(), unknown], finishedAt });

    expect(report.headline).toMatch(/^SERVICE STATE UNKNOWN: patients-global: no observation after the rollback timed out — FAILED /);
  });

  it('asks for a person, without claiming the service moved, when it is home but the rollback never settled', () => {
    const home = {
      ...stuckInDr(),
      reason: 'Rollback not settled: health URL still failing; writer and traffic are on the primary (eu-west-1) — act now',
      service: passedFailover().service,
    };

    const report = buildDrillReport({ drill, results: [restored('patients-db')], failover: [home], finishedAt });

    expect(report.headline).toMatch(/^SERVICE NEEDS ATTENTION: patients-global: Rollback not settled: health URL still failing; .* — act now — FAILED /);
  });

  it('says "not run" once when the reason already does', () => {
    const rejected = { ...approvalTimedOut(), reason: 'Not run: approval was rejected (priya@oncall-7); nothing was changed' };

    const report = buildDrillReport({ drill, results: [restored('patients-db')], failover: [rejected], finishedAt });

    expect(report.headline).toContain('failover not run (patients-global): approval was rejected (priya@oncall-7); nothing was changed;');
  });

  it('names only the failover targets that did not pass', () => {
    const other = { ...approvalTimedOut(), targetId: 'appointments-global' };

    const report = buildDrillReport({ drill, results: [restored('patients-db')], failover: [passedFailover(), other], finishedAt });

    expect(report.headline).toBe(
      `FAILED nhs-patient-platform: failover not run (appointments-global): approval timed out after 60 min; nothing was changed; ${RESTORE_PASSED}`,
    );
  });

  it('counts a global cluster member outside the residency policy as a region the drill touched', () => {
    const stray = passedFailover();
    stray.preflight?.members.push({ clusterArn: 'arn:aws:rds:us-east-1:111122223333:cluster:patients-db-virginia', region: 'us-east-1', isWriter: false });

    const report = buildDrillReport({ drill, results: [restored('patients-db')], failover: [stray], finishedAt });

    expect(report.residency.outside).toEqual(['us-east-1']);
    expect(report.headline).toMatch(/; OUTSIDE residency policy: us-east-1$/);
  });
});
