// The sweep report as people read it: the CLI prints it, the killed-drill notification carries it. Names, kinds
// and counts only: no tag value beyond ids, nothing from inside a resource.
import type { FailedResource, SweepReport, SweptResource } from './contracts';

const line = (r: SweptResource | FailedResource, detail: string) =>
  `  - ${r.kind} ${r.id} (${r.smoke !== undefined ? 'dr-drill smoke' : 'drill'} ${r.drillId}${r.targetId ? `, target ${r.targetId}` : ''}${r.region ? `, in ${r.region}` : ''}): ${detail}`;

export function sweepCounts(report: SweepReport): string {
  const verb = report.dryRun ? 'would remove' : 'removed';
  return `${verb} ${report.removed.length}, could not remove ${report.failed.length}, kept ${report.kept.length} (of ${report.found.length} tagged)`;
}

export function sweepReportLines(report: SweepReport): string[] {
  const where = report.smokeRegion ? `${report.region} (and ${report.smokeRegion} for dr-drill smoke's leftovers)` : report.region;
  const lines = [`Sweep of ${where} at ${report.sweptAt}${report.dryRun ? ' (DRY RUN: nothing deleted)' : ''}: ${sweepCounts(report)}; max age ${report.maxAgeHours} h`];
  if (report.failed.length) {
    lines.push('Could NOT remove (retried by the next sweep; delete by hand if it keeps failing):');
    for (const r of report.failed) lines.push(line(r, r.error));
  }
  if (report.removed.length) {
    lines.push(report.dryRun ? 'Would remove:' : 'Removed:');
    for (const r of report.removed) lines.push(line(r, r.reason));
  }
  if (report.kept.length) {
    lines.push('Kept:');
    for (const r of report.kept) lines.push(line(r, r.reason));
  }
  if (report.unrecognised.length) {
    lines.push('Tagged by dr-drill but of a kind no drill creates (left alone):');
    for (const arn of report.unrecognised) lines.push(`  - ${arn}`);
  }
  if (report.found.length === 0) lines.push('Nothing tagged by dr-drill was found: nothing is orphaned.');
  return lines;
}
