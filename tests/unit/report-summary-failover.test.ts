// The Failover section of the summary on-call reads after a drill.
import type { FailoverResult } from '../../lib/failover/contracts';
import { buildDrillReport } from '../../lib/report/drill-report';
import { renderSummary } from '../../lib/report/summary';
import { approvalTimedOut, passedFailover, phase, stuckInDr } from './failover-result-fixtures';
import { drill, finishedAt } from './report-fixtures';

// Matching the escape character is the point here.
// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

/** The lines from "Failover:" up to the blank line that ends the section. */
function failoverSection(failover: FailoverResult[], color = false): string[] {
  const text = renderSummary(buildDrillReport({ drill, results: [], failover, finishedAt }), { color });
  const lines = text.split('\n');
  const start = lines.indexOf('Failover:');
  const end = lines.indexOf('', start);
  return lines.slice(start, end);
}

describe('renderSummary: failover', () => {
  it('shows a passed switchover figure by figure, against each objective, and where the service is now', () => {
    expect(failoverSection([passedFailover()])).toEqual([
      'Failover:',
      '  patients-global: switchover of global cluster patients-global',
      '    Approval         approved by priya@oncall-7 at 2025-03-04T03:31:02.000Z',
      '    Replication lag  0.8 s before the switch / RPO 30 s',
      '    Phase     Writer switch / objective  Downtime / RTO                 Traffic / objective',
      '    --------  -------------------------  -----------------------------  -------------------',
      '    cutover   62 s / 90 s                84 s (1 outage, ±5 s) / 120 s  95 s / 120 s',
      '    failback  58 s / 90 s                41 s (1 outage, ±5 s) / 120 s  70 s / 120 s',
      '    Data loss        0 s / RPO 30 s, canary found',
      '    Rollback         none',
      '    Service now      on its primary (eu-west-1)',
      '    Verdict          PASSED: switched to eu-west-2 and back within every objective',
    ]);
  });

  it('says why a failover that never ran measured nothing, without calling it a miss', () => {
    expect(failoverSection([approvalTimedOut()])).toEqual([
      'Failover:',
      '  patients-global: switchover of global cluster patients-global',
      '    Approval         nobody approved in time (gave up at 2025-03-04T04:30:10.000Z)',
      '    Replication lag  not measured / RPO 30 s (the switch was not approved)',
      '    Switch           not run',
      '    Data loss        not measured / RPO 30 s (the switch was not approved)',
      '    Rollback         none',
      '    Service now      on its primary (eu-west-1)',
      '    Verdict          NOT RUN: approval timed out after 60 min; nothing was changed',
    ]);
  });

  it('shows a rollback that did not settle, the figures it never got, and a service left in the DR region', () => {
    expect(failoverSection([stuckInDr()])).toEqual([
      'Failover:',
      '  patients-global: switchover of global cluster patients-global',
      '    Approval         approved by priya@oncall-7 at 2025-03-04T03:31:02.000Z',
      '    Replication lag  0.8 s before the switch / RPO 30 s',
      '    Phase     Writer switch / objective  Downtime / RTO                 Traffic / objective',
      '    --------  -------------------------  -----------------------------  --------------------',
      '    cutover   62 s / 90 s                84 s (1 outage, ±5 s) / 120 s  not measured / 120 s',
      '    failback  not run                    -                              -',
      '      cutover traffic not measured: Route 53 TestDNSAnswer read every 5 s',
      '    Data loss        0 s / RPO 30 s, canary found',
      '    Rollback         NOT settled after 60 min, switch back requested; began because traffic did not follow the writer within 15 min',
      '    Service now      NOT on its primary: writer in eu-west-2, traffic to eu-west-2',
      '    Verdict          FAILED at rollback: the switch back did not settle within 60 min',
    ]);
  });

  it('marks a missed objective in words, and a service that never came back with its outages', () => {
    const slow = { ...passedFailover(), verdict: 'FAILED' as const, reason: 'downtime 3 min 05 s exceeded the RTO of 120 s', cutover: phase(62, 185, 95, 2) };
    slow.cutover.downtime.recovered = false;

    const lines = failoverSection([slow]);

    expect(lines).toContain('    cutover   62 s / 90 s                185 s+ (2 outages, NOT recovered, ±5 s) / 120 s MISSED  95 s / 120 s');
    expect(lines).toContain('      cutover downtime missed: health URL probed every 5 s');
  });

  it('prints the verdict word once when the reason opens with it', () => {
    const passed = { ...passedFailover(), reason: 'Passed: cutover 62 s, downtime 84 s; the service is on its primary (eu-west-1)' };

    expect(failoverSection([passed])).toContain('    Verdict          PASSED: cutover 62 s, downtime 84 s; the service is on its primary (eu-west-1)');
  });

  it('names who approved nothing when the plan let the drill run unattended', () => {
    const unattended = { ...passedFailover(), approval: { outcome: 'not-required' as const, by: 'plan (unattended: true)', at: null } };

    expect(failoverSection([unattended])).toContain('    Approval         none needed (plan (unattended: true))');
  });

  it('separates failover targets with a blank line', () => {
    const text = renderSummary(buildDrillReport({ drill, results: [], failover: [passedFailover(), approvalTimedOut()], finishedAt }), { color: false });

    expect(text).toContain('PASSED: switched to eu-west-2 and back within every objective\n\n  patients-global: switchover');
  });

  it('paints the service line red when it is not on its primary, without moving a column', () => {
    const plain = failoverSection([stuckInDr()]);
    const coloured = failoverSection([stuckInDr()], true);

    expect(coloured).toContain('    Service now      \x1b[31mNOT on its primary: writer in eu-west-2, traffic to eu-west-2\x1b[0m');
    expect(coloured.map(stripAnsi)).toEqual(plain);
  });

  it('adds no failover section for a plan without failover', () => {
    const text = renderSummary(buildDrillReport({ drill, results: [], finishedAt }), { color: false });

    expect(text).not.toContain('Failover:');
  });
});
