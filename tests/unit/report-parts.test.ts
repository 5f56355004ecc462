// The report says which order the drill's parts ran in and when each ran: a parallel drill shows its overlap.
import { renderEvidenceHtml } from '../../lib/evidence/html';
import { buildDrillReport } from '../../lib/report/drill-report';
import { buildDryRunReport } from '../../lib/report/dry-run-report';
import { drillParts, partsLine } from '../../lib/report/parts';
import { renderSummary } from '../../lib/report/summary';
import { drill, finishedAt } from './report-fixtures';
import { passedFailover } from './failover-result-fixtures';
import { evidence, passedTarget } from './evidence-fixtures';

// passedTarget runs from 02:01 to 03:02; passedFailover from 03:30 to 03:45.
const target = passedTarget();
const failover = passedFailover();
const movedBy = (minutes: number) => ({
  ...failover,
  timeline: failover.timeline.map((s) => ({ ...s, at: new Date(Date.parse(s.at) + minutes * 60_000).toISOString() })),
});

describe('the drill parts in the report', () => {
  it('finds the window of each part and how long they overlapped', () => {
    // Moved 60 minutes earlier: the failover runs 02:30–02:45, inside the restore drill's 02:01–03:02.
    const parts = drillParts('parallel', [target], [movedBy(-60)]);

    expect(parts).toEqual({
      order: 'parallel',
      restore: { startedAt: '2025-03-04T02:01:00.000Z', finishedAt: '2025-03-04T03:02:00.000Z' },
      failover: { startedAt: '2025-03-04T02:30:10.000Z', finishedAt: '2025-03-04T02:45:00.000Z' },
      overlapMinutes: 14.83,
    });
    expect(partsLine(parts)).toBe(
      'Order: parallel (the restore drill and the failover drill at the same time) — restore 02:01–03:02 UTC, failover 02:30–02:45 UTC; both ran at once for 15 min',
    );
  });

  it('says one after the other did not overlap, and leaves out a part that did not run', () => {
    expect(drillParts('restore-first', [target], [failover]).overlapMinutes).toBe(0);
    expect(partsLine(drillParts('restore-first', [target], [failover]))).toMatch(/restore 02:01–03:02 UTC, failover 03:30–03:45 UTC; they did not overlap$/);
    expect(partsLine(drillParts('failover-first', [], [failover]))).toBe('Order: failover-first (the failover drill, then the restore drill) — failover 03:30–03:45 UTC');
    expect(drillParts('parallel', [], [])).toEqual({ order: 'parallel', restore: null, failover: null, overlapMinutes: 0 });
  });

  it('is in the report, its summary and the evidence page when the drill recorded its order', () => {
    const report = buildDrillReport({ drill: { ...drill, order: 'parallel' }, results: [target], failover: [movedBy(-60)], finishedAt });
    const record = { ...evidence([target]), report };

    expect(report.parts?.order).toBe('parallel');
    expect(renderSummary(report, { color: false }).split('\n')[1]).toMatch(/^Order: parallel .*both ran at once for 15 min$/);
    expect(renderEvidenceHtml(record, [])).toMatch(/<dt>Order<\/dt><dd id="order">parallel \(the restore drill and the failover drill at the same time\)/);
    // A drill started before the order was recorded keeps its report's old shape.
    expect(buildDrillReport({ drill, results: [target], failover: [failover], finishedAt }).parts).toBeUndefined();
  });

  it('gives a dry run the order a real run would use', () => {
    const report = buildDryRunReport({ ...drill, order: 'failover-first', dryRun: true }, { checkedAt: finishedAt, ok: true, targets: [] }, finishedAt);

    expect(report.parts).toEqual({ order: 'failover-first', restore: null, failover: null, overlapMinutes: 0 });
    expect(renderSummary(report, { color: false })).toContain("A real run's order: failover-first (the failover drill, then the restore drill)");
  });
});
