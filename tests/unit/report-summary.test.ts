import { PRICE_TABLE } from '../../lib/cost/prices';
import type { TargetResult } from '../../lib/drill/contracts';
import { drill, finishedAt } from './report-fixtures';
import { buildDrillReport } from '../../lib/report/drill-report';
import { renderSummary } from '../../lib/report/summary';

const check = (name: string) => ({ name, passed: true, value: 'ok', expected: 'ok', reason: `${name} ok` });

const patientsDb: TargetResult = {
  targetId: 'patients-db',
  type: 'aurora',
  verdict: 'PASSED',
  reason: 'restored and validated',
  failedStep: null,
  recoveryPoint: { arn: 'arn:aws:rds:eu-west-1:111122223333:cluster-snapshot:awsbackup:job-1', createdAt: '2025-03-03T20:00:00.000Z' },
  jobs: { copyJobId: 'copy-1', restoreJobId: 'restore-1' },
  restoredResourceArn: 'arn:aws:rds:eu-west-2:111122223333:cluster:drill-patients-db',
  timeline: [],
  minutes: { copy: 40.5, restore: 19.5, instance: 4.8, validation: 2.5, total: 80 },
  rto: { measuredMinutes: 27, objectiveMinutes: 60, met: true },
  rpo: { measuredMinutes: 360, objectiveMinutes: 1440, met: true },
  checks: [check('readiness'), check('row-count'), check('freshness')],
  cleanup: {
    complete: true,
    deleted: [
      'arn:aws:rds:eu-west-2:111122223333:db:drill-patients-db-1',
      'arn:aws:rds:eu-west-2:111122223333:cluster:drill-patients-db',
      'arn:aws:backup:eu-west-2:111122223333:recovery-point:copy-1',
    ],
    leftBehind: [],
    errors: [],
  },
};

const appointments: TargetResult = {
  targetId: 'appointments',
  type: 'dynamodb',
  verdict: 'FAILED',
  reason: 'restore job failed',
  failedStep: 'waitForRestore',
  recoveryPoint: { arn: 'arn:aws:dynamodb:eu-west-1:111122223333:table/appointments/backup/01', createdAt: '2025-03-03T21:00:00.000Z' },
  jobs: { copyJobId: 'copy-2', restoreJobId: 'restore-2' },
  restoredResourceArn: null,
  timeline: [],
  minutes: { copy: 12, restore: null, instance: null, validation: null, total: 50 },
  rto: { measuredMinutes: null, objectiveMinutes: 60, met: false },
  rpo: { measuredMinutes: 300, objectiveMinutes: 1440, met: true },
  checks: [],
  cleanup: {
    complete: false,
    deleted: [],
    leftBehind: ['arn:aws:dynamodb:eu-west-2:111122223333:table/drill-appointments'],
    errors: [],
  },
};

// Matching the escape character is the point here.
// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

describe('renderSummary', () => {
  it('shows one row per target, then what failed, what was left behind, the headline and the residency proof', () => {
    const report = buildDrillReport({ drill, results: [patientsDb, appointments], finishedAt });

    const text = renderSummary(report, { color: false });

    expect(text).toBe(
      [
        'Drill d0a1b2c3d of plan nhs-patient-platform (hash 9f86d081884c), 2025-03-04T02:00:00.000Z to 2025-03-04T03:30:00.000Z',
        '',
        'Target        Type      Copied in  Restored in  Checks      RTO / objective    RPO / objective  Cleanup    Verdict',
        '------------  --------  ---------  -----------  ----------  -----------------  ---------------  ---------  -------',
        'patients-db   aurora    41 min     20 min       3/3 passed  27 min / 60 min    6 h / 24 h       deleted 3  PASSED',
        'appointments  dynamodb  12 min     -            -           - / 60 min MISSED  5 h / 24 h       LEFT 1     FAILED',
        '',
        'Checks:',
        '  patients-db',
        '    ✓ readiness: ok (expected ok)',
        '    ✓ row-count: ok (expected ok)',
        '    ✓ freshness: ok (expected ok)',
        '',
        'Failed:',
        '  appointments at waitForRestore: restore job failed',
        '    cleanup ran: had nothing to delete; LEFT 1 (see below)',
        '',
        'Left behind in the DR region:',
        '  appointments: arn:aws:dynamodb:eu-west-2:111122223333:table/drill-appointments',
        '',
        // Results recorded without usage: the estimate prices only the drill's own transitions, and says so.
        `Estimated cost: $0.00038 (estimate from list prices of ${PRICE_TABLE.readOn}; excludes taxes, savings plans and free tier); 2 items not estimated`,
        '  2 targets (patients-db, appointments): what it ran — not estimated: its result records no usage (its execution ended before Evaluate Target, or it ran before cost estimates)',
        "  the drill's own Lambda invocations, S3 and DynamoDB requests, CloudWatch metrics and notifications — not estimated: not counted by the drill (typically well under a cent)",
        '',
        'FAILED nhs-patient-platform: 1 of 2 targets failed (appointments: restore job failed at waitForRestore)',
        'Regions touched: eu-west-1, eu-west-2 — inside policy "UK and Ireland" [eu-west-1, eu-west-2]',
        '',
      ].join('\n'),
    );
  });

  it('leaves out the failure and leftover sections when every target passed and cleaned up', () => {
    // A report recorded before cost estimates: no cost line either.
    const { cost: _cost, ...report } = buildDrillReport({ drill, results: [patientsDb], finishedAt });

    const text = renderSummary(report, { color: false });

    expect(text.split('\n').slice(2)).toEqual([
      'Target       Type    Copied in  Restored in  Checks      RTO / objective  RPO / objective  Cleanup    Verdict',
      '-----------  ------  ---------  -----------  ----------  ---------------  ---------------  ---------  -------',
      'patients-db  aurora  41 min     20 min       3/3 passed  27 min / 60 min  6 h / 24 h       deleted 3  PASSED',
      '',
      'Checks:',
      '  patients-db',
      '    ✓ readiness: ok (expected ok)',
      '    ✓ row-count: ok (expected ok)',
      '    ✓ freshness: ok (expected ok)',
      '',
      'PASSED nhs-patient-platform: 1/1 targets recovered; worst RTO 27 min (objective 60 min), worst RPO 6 h (objective 24 h)',
      'Regions touched: eu-west-1, eu-west-2 — inside policy "UK and Ireland" [eu-west-1, eu-west-2]',
      '',
    ]);
  });

  it('gives what the drill cost before the headline, with its caveat, and each thing it could not price once, with the targets it holds for', () => {
    const usage = {
      region: 'eu-west-2',
      copiedFrom: 'eu-west-1',
      size: { instanceClass: 'db.r6g.large' },
      restoredBytes: 100 * 1024 ** 3,
      restoredHours: 1,
      instanceHours: 0.5,
      deletionConfirmed: true,
      copy: { bytes: 100 * 1024 ** 3, storedHours: 1, kept: false },
      transitions: 150,
    };
    const report = buildDrillReport({
      drill,
      results: [
        { ...patientsDb, usage },
        { ...patientsDb, targetId: 'billing-db', usage },
      ],
      finishedAt,
    });

    const lines = renderSummary(report, { color: false }).split('\n');
    const at = lines.findIndex((l) => l.startsWith('Estimated cost: '));

    expect(lines[at]).toBe(`Estimated cost: $${report.cost!.totalUsd.toFixed(2)} (estimate from list prices of ${PRICE_TABLE.readOn}; excludes taxes, savings plans and free tier); 2 items not estimated`);
    expect(lines.slice(at + 1, at + 3)).toEqual([
      '  2 targets (patients-db, billing-db): I/O requests — not estimated: billed per million requests, which the drill does not count',
      "  the drill's own Lambda invocations, S3 and DynamoDB requests, CloudWatch metrics and notifications — not estimated: not counted by the drill (typically well under a cent)",
    ]);
    expect(lines.slice(-3)).toEqual([report.headline, 'Regions touched: eu-west-1, eu-west-2 — inside policy "UK and Ireland" [eu-west-1, eu-west-2]', '']);
  });

  it('says in words what a one-region policy means, and names the region something was left behind in', () => {
    const london = { ...drill, sourceRegion: 'eu-west-2', allowedRegions: ['eu-west-2'], residencyPolicy: 'UK only' };
    // Everything in London, as a one-region drill's recovery points and restored resources are.
    const inLondon = (t: TargetResult): TargetResult => JSON.parse(JSON.stringify(t).replaceAll('eu-west-1', 'eu-west-2')) as TargetResult;
    const report = buildDrillReport({ drill: london, results: [patientsDb, appointments].map(inLondon), finishedAt });

    const text = renderSummary(report, { color: false });

    expect(report.residency.meaning).toBe('a regional outage cannot be recovered within this residency policy; this drill proves recovery from backup');
    expect(text).toContain('\nLeft behind in eu-west-2:\n');
    expect(text).not.toContain('DR region');
    expect(text.endsWith(
      'Regions touched: eu-west-2 — inside policy "UK only" [eu-west-2]\n' +
        'One region: a regional outage cannot be recovered within this residency policy; this drill proves recovery from backup.\n',
    )).toBe(true);
  });

  it('keeps a two-region report as it was: no meaning, "the DR region"', () => {
    const report = buildDrillReport({ drill, results: [patientsDb, appointments], finishedAt });

    expect(report.residency).not.toHaveProperty('meaning');
    expect(renderSummary(report, { color: false })).toContain('\nLeft behind in the DR region:\n');
  });

  it('says which region lies outside the policy', () => {
    const stray = { ...patientsDb, restoredResourceArn: 'arn:aws:rds:us-east-1:111122223333:cluster:drill-patients-db' };
    const report = buildDrillReport({ drill, results: [stray], finishedAt });

    const text = renderSummary(report, { color: false });

    expect(text).toContain(
      'Regions touched: eu-west-1, eu-west-2, us-east-1 — OUTSIDE policy "UK and Ireland" [eu-west-1, eu-west-2]: us-east-1\n',
    );
  });

  it('colours verdicts and misses only when asked, without moving a column', () => {
    const report = buildDrillReport({ drill, results: [patientsDb, appointments], finishedAt });

    const plain = renderSummary(report, { color: false });
    const coloured = renderSummary(report, { color: true });

    expect(plain).not.toContain('\x1b[');
    expect(coloured).toContain('\x1b[32mPASSED\x1b[0m');
    expect(coloured).toContain('\x1b[31mFAILED\x1b[0m');
    expect(coloured).toContain('\x1b[31m- / 60 min MISSED\x1b[0m');
    expect(coloured).toContain('\x1b[33mLEFT 1   \x1b[0m');
    expect(stripAnsi(coloured)).toBe(plain);
  });
});
