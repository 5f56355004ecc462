// The drill notification: what on-call reads in ten seconds, what subscribers filter on, and what never leaves.
import { snsMessage } from '../../functions/notify/notify';
import { drillNotificationSchema } from '../../lib/notify/contracts';
import { drillNotification } from '../../lib/notify/message';
import { SUBJECT_MAX } from '../../lib/notify/subject';
import type { DrillReport } from '../../lib/report/schema';
import { approvalTimedOut, passedFailover, stuckInDr } from './failover-result-fixtures';
import { PATIENT_NAME, PATIENT_NHS_NUMBER, failedOnData, passedReport, reportOf, restoreTargets, target } from './notify-fixtures';

const REPORT_URL = 'https://eu-west-2.console.aws.amazon.com/s3/object/dr-drill-prod-evidence?region=eu-west-2&bucketType=general&prefix=evidence/x/report.html';

/** The restore targets with patients-db failing its data checks. */
const oneFailed = () => [failedOnData(), ...restoreTargets().slice(1)];

/** Every string a subscriber could receive from this message, in one place to search. */
const everything = (report: DrillReport) => {
  const message = drillNotification(report, { reportUrl: REPORT_URL });
  return [message.subject, message.text, JSON.stringify(message.attributes), snsMessage(message)].join('\n');
};

describe('drillNotification', () => {
  it('sums up a passed drill in the subject: worst RTO and RPO against their objectives, and the failover downtime', () => {
    const message = drillNotification(passedReport(), { reportUrl: REPORT_URL });

    expect(message.subject).toBe('PASSED nhs-patient-platform: worst RTO 37 min/60, RPO 9 h 05 min/24 h, failover downtime 84 s/120');
    expect(message.attributes).toEqual({
      verdict: { DataType: 'String', StringValue: 'PASSED' },
      plan: { DataType: 'String', StringValue: 'nhs-patient-platform' },
      kind: { DataType: 'String', StringValue: 'drill' },
      loud: { DataType: 'String', StringValue: 'false' },
    });
  });

  it('says what failed first, from both drills, when a target failed and the failover did not run', () => {
    const message = drillNotification(reportOf(oneFailed(), [approvalTimedOut()]), { reportUrl: REPORT_URL });

    expect(message.subject).toBe('FAILED nhs-patient-platform: 1/4 targets failed; failover NOT RUN (patients-global)');
    expect(message.attributes.verdict.StringValue).toBe('FAILED');
  });

  it('writes one line per target with its type, verdict and figures against the objectives, and why a failed one failed', () => {
    const { text } = drillNotification(reportOf(oneFailed(), [passedFailover()]), { reportUrl: REPORT_URL });

    expect(text).toContain(
      [
        'Restore targets: 3/4 passed',
        '  FAILED  patients-db (aurora): RTO 37 min / 60 min, RPO 9 h 05 min / 24 h, checks 2/4',
        '    at validate: 2 of 4 checks failed: newest patient name (value is text, not a number); patients restored (value 12 is not >= 2500)',
        '    failed checks: newest patient name; patients restored = 12',
        '  PASSED  appointments (dynamodb): RTO 18 min / 60 min, RPO 3 h 30 min / 24 h, checks 2/2',
      ].join('\n'),
    );
    expect(text).toContain('Regions touched: eu-west-1, eu-west-2 - inside policy "UK and Ireland" [eu-west-1, eu-west-2]');
    expect(text.trimEnd().split('\n').at(-1)).toBe(`Report: ${REPORT_URL}`);
  });

  it('gives the failover its verdict, cutover, downtime, data loss and where the service is now', () => {
    const { text } = drillNotification(passedReport(), { reportUrl: REPORT_URL });

    expect(text).toContain(
      [
        'Failover:',
        '  patients-global: PASSED (switchover of global cluster patients-global)',
        '    service now: on its primary (eu-west-1)',
        '    cutover 62 s / 90 s',
        '    downtime 84 s / 120 s',
        '    data loss 0 s / 30 s, canary found',
      ].join('\n'),
    );
  });

  it('puts a service left off its primary before everything else, in the subject, the text and the attributes', () => {
    const message = drillNotification(reportOf(restoreTargets(), [passedFailover(), { ...stuckInDr(), targetId: 'billing-global' }]), {
      reportUrl: REPORT_URL,
    });

    expect(message.subject).toBe('SERVICE NOT ON PRIMARY - FAILED nhs-patient-platform: failover 1/2 FAILED (billing-global)');
    expect(message.attributes.loud.StringValue).toBe('true');
    const lines = message.text.split('\n');
    expect(lines[3]).toBe('!! SERVICE NOT ON PRIMARY: billing-global: writer in eu-west-2, traffic to eu-west-2');
    expect(lines.indexOf('  !! billing-global: FAILED at rollback (switchover of global cluster patients-global)')).toBe(lines.indexOf('Failover:') + 1);
    expect(message.structured.failover.map((f) => f.id)).toEqual(['billing-global', 'patients-global']);
  });

  it('keeps the subject within SNS rules (under 100 characters, one line, ASCII) for the longest plan name', () => {
    const report = reportOf(oneFailed(), [stuckInDr()]);
    const longest = { ...report, plan: { ...report.plan, name: `p${'x'.repeat(62)}` }, residency: { ...report.residency, outside: ['us-east-1'] } };

    const { subject } = drillNotification(longest, { reportUrl: null });

    expect(subject.length).toBeLessThanOrEqual(SUBJECT_MAX);
    expect(subject).toMatch(/^[\x20-\x7E]+$/);
    expect(subject.startsWith(`SERVICE NOT ON PRIMARY - FAILED p${'x'.repeat(62)}`)).toBe(true);
  });

  it('copies no check value that is not a number: names and figures only', () => {
    const report = reportOf(oneFailed(), [passedFailover()]);

    const sent = everything(report);

    expect(sent).not.toContain(PATIENT_NAME);
    expect(sent).not.toContain(PATIENT_NHS_NUMBER);
    // A status string is a check value too: not copied either (a passed check is counted, not named).
    expect(sent).not.toMatch(/\bavailable\b/);
    const patientsDb = drillNotification(report, { reportUrl: null }).structured.targets[0]!;
    expect(patientsDb.failedChecks).toEqual([
      { name: 'newest patient name', value: null },
      { name: 'patients restored', value: 12 },
    ]);
  });

  it('names 50 targets (failed ones first) and counts the rest, so 1,000 targets stay far below SNS 256 KiB', () => {
    const many = Array.from({ length: 1000 }, (_, i) =>
      i % 100 === 99 ? { ...failedOnData(), targetId: `target-${i}` } : target(`target-${i}`, 'dynamodb'),
    );

    const message = drillNotification(reportOf(many), { reportUrl: REPORT_URL });

    expect(message.structured.targets).toHaveLength(50);
    expect(message.structured.targets.slice(0, 10).every((t) => t.verdict === 'FAILED')).toBe(true);
    expect(message.structured.moreTargets).toBe(950);
    expect(message.text).toContain('  +950 more targets (see the report)');
    expect(Buffer.byteLength(snsMessage(message))).toBeLessThan(64 * 1024);
  });

  it('marks a dry run in the subject and the kind attribute, and lists which targets are ready', () => {
    const base = reportOf([]);
    const dryRun: DrillReport = {
      ...base,
      verdict: 'FAILED',
      dryRun: {
        checkedAt: '2025-03-04T02:01:00.000Z',
        ok: false,
        targets: [
          { targetId: 'patients-db', kind: 'restore', type: 'aurora', ok: true, checks: [{ name: 'latest recovery point', passed: true, detail: 'rp created 4 h ago' }], wouldDo: [] },
          { targetId: 'documents', kind: 'restore', type: 's3', ok: false, checks: [{ name: 'DR vault', passed: false, detail: 'vault nhs-dr not found in eu-west-2' }], wouldDo: [] },
        ],
      },
    };

    const message = drillNotification(dryRun, { reportUrl: null });

    expect(message.subject).toBe('DRY RUN FAILED nhs-patient-platform: 1/2 targets not ready');
    expect(message.attributes.kind.StringValue).toBe('dry-run');
    expect(message.text).toContain('  NOT READY  documents (restore, s3): failed DR vault');
    expect(message.text).toContain('  READY      patients-db (restore, aurora)');
  });

  it('gives subscribers structured JSON that parses with the notification schema', () => {
    const message = drillNotification(reportOf(oneFailed(), [stuckInDr()]), { reportUrl: REPORT_URL });

    const lambdaPart = (JSON.parse(snsMessage(message)) as { lambda: string }).lambda;

    expect(drillNotificationSchema.parse(JSON.parse(lambdaPart))).toEqual(message.structured);
    expect(message.structured).toMatchObject({ kind: 'drill', verdict: 'FAILED', loud: true, reportUrl: REPORT_URL, counts: { targets: 4, failed: 1 } });
  });
});
