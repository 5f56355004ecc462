// The Block Kit message the Slack function posts: what the channel shows, within every limit Slack enforces
// (a message over one is refused with invalid_blocks, and the notification is lost).
import type { FailoverResult } from '../../lib/failover/contracts';
import { drillNotification } from '../../lib/notify/message';
import { SLACK_LIMITS, slackMessage, type SlackBlock, type SlackMessage } from '../../lib/notify/slack';
import { passedFailover, stuckInDr } from './failover-result-fixtures';
import { PATIENT_NAME, PATIENT_NHS_NUMBER, failedOnData, passedReport, reportOf, restoreTargets, target } from './notify-fixtures';

const REPORT_URL = 'https://eu-west-2.console.aws.amazon.com/s3/object/dr-drill-prod-evidence?region=eu-west-2&bucketType=general&prefix=evidence/r.html';

const ofType = <T extends SlackBlock['type']>(message: SlackMessage, type: T) =>
  message.blocks.filter((b): b is Extract<SlackBlock, { type: T }> => b.type === type);

/** Every limit Slack documents for what this builder produces. */
function expectWithinSlackLimits(message: SlackMessage): void {
  expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  for (const block of message.blocks) {
    if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    if (block.type === 'section') {
      expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      expect((block.fields ?? []).length).toBeLessThanOrEqual(SLACK_LIMITS.fields);
      for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
    }
    if (block.type === 'context') expect(block.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
    if (block.type === 'actions') for (const button of block.elements) expect(button.url.length).toBeLessThanOrEqual(SLACK_LIMITS.url);
  }
}

const slackOf = (...args: Parameters<typeof drillNotification>) => slackMessage(drillNotification(...args).structured);

describe('slackMessage', () => {
  it('heads a passed drill with its verdict and plan, then the headline, a field per target, the failover, a link and the drill id', () => {
    const message = slackOf(passedReport(), { reportUrl: REPORT_URL });

    expect(message.text).toBe('PASSED nhs-patient-platform: worst RTO 37 min/60, RPO 9 h 05 min/24 h, failover downtime 84 s/120');
    expect(message.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'actions', 'context']);
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: ':white_check_mark: PASSED nhs-patient-platform', emoji: true } });
    const [headline, targets, failover] = ofType(message, 'section');
    expect(headline!.text.text).toMatch(/^PASSED nhs-patient-platform: 4\/4 targets recovered/);
    expect(targets!.text.text).toBe('*Restore targets:* 4/4 passed');
    expect(targets!.fields![0]!.text).toBe('*patients-db* (aurora)\n:white_check_mark: PASSED\nRTO 37 min / 60 min\nRPO 9 h 05 min / 24 h');
    expect(failover!.text.text).toBe(
      '*Failover patients-global* (switchover of patients-global): :white_check_mark: PASSED\nService now: on its primary (eu-west-1)\n' +
        'Cutover 62 s / 90 s · Downtime 84 s / 120 s · Data loss 0 s / 30 s',
    );
    expect(ofType(message, 'actions')[0]!.elements[0]).toMatchObject({ type: 'button', url: REPORT_URL });
    expect(ofType(message, 'context')[0]!.elements[0]!.text).toMatch(/^Drill d0a1b2c3d · regions eu-west-1, eu-west-2 \(inside policy UK and Ireland\)/);
  });

  it('gives the coverage line after the targets and failover, flagged when a resource is unproven beyond the limit', () => {
    const withCoverage = (overLimitCount: number) =>
      ({ ...passedReport(), coverage: { line: `3/4 protected resources proven in the last 30 days; not drilled: audit<1>`, overLimitCount } }) as unknown as ReturnType<typeof passedReport>;

    const flagged = slackOf(withCoverage(1), { reportUrl: REPORT_URL });
    const quiet = slackOf(withCoverage(0), { reportUrl: REPORT_URL });

    expect(flagged.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'section', 'actions', 'context']);
    expect(ofType(flagged, 'section')[3]!.text.text).toBe(':warning: *Coverage:* 3/4 protected resources proven in the last 30 days; not drilled: audit&lt;1&gt;');
    expect(ofType(quiet, 'section')[3]!.text.text).toBe('*Coverage:* 3/4 protected resources proven in the last 30 days; not drilled: audit&lt;1&gt;');
    expect(drillNotification(withCoverage(1), { reportUrl: REPORT_URL }).text).toContain('\nCoverage: 3/4 protected resources proven in the last 30 days; not drilled: audit<1>\n');
  });

  it('says why a target failed in its field, failed targets first', () => {
    const message = slackOf(reportOf([...restoreTargets().slice(1), failedOnData()]), { reportUrl: REPORT_URL });

    const field = ofType(message, 'section').find((s) => s.fields)!.fields![0]!.text;

    expect(field).toMatch(/^\*patients-db\* \(aurora\)\n:x: FAILED\n/);
    expect(field).toContain('_at validate: 2 of 4 checks failed');
    expect(message.blocks[0]).toMatchObject({ text: { text: ':x: FAILED nhs-patient-platform' } });
  });

  it('leads with the alarm when a failover left the service off its primary', () => {
    const message = slackOf(reportOf(restoreTargets(), [stuckInDr()]), { reportUrl: REPORT_URL });

    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: ':rotating_light: FAILED nhs-patient-platform' } });
    expect(message.blocks[1]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: ':rotating_light: *SERVICE NOT ON PRIMARY: patients-global: writer in eu-west-2, traffic to eu-west-2*' },
    });
  });

  it('shows ten target fields at most, the last counting the rest', () => {
    const many = Array.from({ length: 25 }, (_, i) => target(`target-${String(i).padStart(2, '0')}`, 'dynamodb'));

    const fields = ofType(slackOf(reportOf(many), { reportUrl: null }), 'section').find((s) => s.fields)!.fields!;

    expect(fields).toHaveLength(10);
    expect(fields[9]!.text).toBe('+16 more targets (see the report)');
  });

  it('stays within every Slack limit for 1,000 targets, 20 failover targets and very long reasons', () => {
    const long = 'x'.repeat(5000);
    const many = Array.from({ length: 1000 }, (_, i) => ({ ...failedOnData(), targetId: `target-${i}`, reason: long }));
    const failover: FailoverResult[] = Array.from({ length: 20 }, (_, i) => ({ ...stuckInDr(), targetId: `global-${i}`, reason: long }));
    const report = reportOf(many, failover);
    const longPlan = { ...report, plan: { ...report.plan, name: `p${'x'.repeat(62)}` }, headline: long };

    const message = slackOf(longPlan, { reportUrl: `${REPORT_URL}&${'y'.repeat(4000)}` });

    expectWithinSlackLimits(message);
    expect(ofType(message, 'actions')).toEqual([]);
    expect(JSON.stringify(message)).toContain('+15 more failover targets (see the report)');
  });

  it('carries no check value that is not a number', () => {
    const message = slackOf(reportOf([failedOnData(), ...restoreTargets()], [passedFailover()]), { reportUrl: REPORT_URL });

    const posted = JSON.stringify(message);

    expect(posted).not.toContain(PATIENT_NAME);
    expect(posted).not.toContain(PATIENT_NHS_NUMBER);
  });

  it('escapes the three characters Slack mrkdwn reserves, so a name cannot become a link or a mention', () => {
    const report = reportOf([{ ...failedOnData(), reason: 'refused <!channel> & <https://evil.example|click>' }]);

    const posted = JSON.stringify(slackOf(report, { reportUrl: null }));

    expect(posted).toContain('refused &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
    expect(posted).not.toContain('<!channel>');
  });

  it('shows an s3:// report location as text, since Slack buttons take only web links', () => {
    const message = slackOf(passedReport(), { reportUrl: 's3://dr-drill-prod-store/drills/d0a1b2c3d/report.json' });

    expect(ofType(message, 'actions')).toEqual([]);
    expect(JSON.stringify(message)).toContain('Report: s3://dr-drill-prod-store/drills/d0a1b2c3d/report.json');
  });
});
