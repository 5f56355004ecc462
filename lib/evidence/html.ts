// The evidence of one drill as ONE self-contained HTML file, for auditors: it opens offline, survives being mailed,
// prints, and reads the same to a screen reader (every chart's figures are also in a table). Sections, in order:
// loud failover results, the dry-run notice, the verdict and the drill's identity, residency, the restore targets
// (table, RTO/RPO chart, timeline, each target), failover, dry-run checks, what it cost, the coverage of the plan's protected resources, the trend, the plan as run.
// The report holds counts and ages from the checks, never data: nothing here adds any.
import type { DrillIndexEntry, EvidenceRecord } from './contracts';
import { costSection } from './html/cost';
import { coverageSection } from './html/coverage';
import { dryRunSection } from './html/dry-run';
import { html } from './html/escape';
import { failoverSection } from './html/failover';
import { time } from './html/format';
import { alarmBanner, dryRunBanner, header } from './html/header';
import { page } from './html/page';
import { planSection } from './html/plan';
import { residencySection } from './html/residency';
import { selectionsSection } from './html/selections';
import { targetsSections } from './html/targets';
import { trendSection } from './html/trend';

export { contentSecurityPolicy } from './html/page';

export function renderEvidenceHtml(record: EvidenceRecord, history: DrillIndexEntry[]): string {
  const r = record.report;
  const kind = record.kind === 'dry-run' ? 'dry run' : 'drill';
  const body = html`${alarmBanner(r.failover)}${dryRunBanner(record)}${header(record)}<main>${residencySection(r)}${selectionsSection(r)}${targetsSections(r.targets, r.startedAt, r.residency.meaning ? r.residency.regionsTouched[0] : undefined)}${failoverSection(r.failover)}${dryRunSection(r.dryRun)}${costSection(r.cost)}${coverageSection(r)}${trendSection(record, history)}${planSection(record.plan)}</main><footer>Generated ${time(record.generatedAt)} by dr-drill (evidence schema ${record.schemaVersion}). This file is self-contained: no script, no font, no image, nothing loaded from the network.</footer>`;
  return page({ title: `${r.verdict} — ${r.plan.name} ${kind} ${r.drillId} — dr-drill evidence`, body }).value;
}
