// The drill report as people read it in a terminal or a CI log: one row per target, then what went wrong.
import { costSentence, groupNotEstimated } from '../cost/estimate';
import { recoveryPointLines } from './recovery-points';
import type { TargetResult } from '../drill/contracts';
import { formatDuration } from '../measure/durations';
import { dryRunSection } from './dry-run-summary';
import { failoverSection } from './failover-summary';
import { orderWords, partsLine } from './parts';
import type { DrillReport } from './schema';
import { painter, table, type Cell } from './text-table';

const duration = (minutes: number | null) => (minutes === null ? '-' : formatDuration(minutes));

function objectiveCell(m: TargetResult['rto']): Cell {
  const text = `${duration(m.measuredMinutes)} / ${formatDuration(m.objectiveMinutes)}`;
  // "MISSED" in words as well as in red: CI logs and colour-blind readers lose the colour.
  return m.met ? { text, style: 'green' } : { text: `${text} MISSED`, style: 'red' };
}

/** The recovery point's age, and beside it the data's own when a freshness check measured it. */
function rpoCell(r: TargetResult): Cell {
  const cell = objectiveCell(r.rpo);
  if (!r.dataRpo) return cell;
  const data = `data ${duration(r.dataRpo.measuredMinutes)}`;
  const missed = !r.dataRpo.met;
  return { text: cell.text.replace(' / ', ` (${data}${missed ? ' MISSED' : ''}) / `), style: missed ? 'red' : cell.style };
}

function checksCell(checks: TargetResult['checks']): Cell {
  if (checks.length === 0) return { text: '-' };
  const passed = checks.filter((c) => c.passed).length;
  return { text: `${passed}/${checks.length} passed`, style: passed === checks.length ? undefined : 'red' };
}

function cleanupCell(cleanup: TargetResult['cleanup']): Cell {
  // A restored copy left in the DR region costs money and holds production data: it must stand out.
  if (cleanup.leftBehind.length > 0) return { text: `LEFT ${cleanup.leftBehind.length}`, style: 'yellow' };
  if (!cleanup.complete) return { text: 'INCOMPLETE', style: 'yellow' };
  return { text: `deleted ${cleanup.deleted.length}` };
}

function row(r: TargetResult): Cell[] {
  return [
    { text: r.targetId },
    { text: r.type },
    { text: duration(r.minutes.copy) },
    { text: duration(r.minutes.restore) },
    checksCell(r.checks),
    objectiveCell(r.rto),
    rpoCell(r),
    cleanupCell(r.cleanup),
    { text: r.verdict, style: r.verdict === 'PASSED' ? 'green' : 'red' },
  ];
}

function residencyLine({ residency }: DrillReport): string {
  const policy = `policy "${residency.policy}" [${residency.allowedRegions.join(', ')}]`;
  const where = residency.outside.length ? `OUTSIDE ${policy}: ${residency.outside.join(', ')}` : `inside ${policy}`;
  const line = `Regions touched: ${residency.regionsTouched.join(', ')} — ${where}`;
  return residency.meaning ? `${line}\nOne region: ${residency.meaning}.` : line;
}

/**
 * Where a one-region drill restores is not a "DR region": name the region, the first one touched (its own region
 * comes first, before any an ARN in the results named).
 */
function restoreRegion({ residency }: DrillReport): string {
  return residency.meaning ? (residency.regionsTouched[0] ?? 'the DR region') : 'the DR region';
}

function cleanupSentence(r: DrillReport['targets'][number]): string {
  const { deleted, leftBehind, errors, complete } = r.cleanup;
  const what = deleted.length ? `deleted ${deleted.length} (${deleted.join(', ')})` : 'had nothing to delete';
  if (complete && leftBehind.length === 0 && errors.length === 0) return `ran: ${what}; nothing left`;
  return `ran: ${what}; LEFT ${leftBehind.length + errors.length} (see below)`;
}

export function renderSummary(report: DrillReport, { color }: { color: boolean }): string {
  const paint = painter(color);
  const lines = [
    `Drill ${report.drillId} of plan ${report.plan.name} (hash ${report.plan.hash}), ${report.startedAt} to ${report.finishedAt}`,
    ...(report.parts ? [report.dryRun ? `A real run's order: ${orderWords(report.parts.order)}` : partsLine(report.parts)] : []),
    '',
    // A run limited to the failover drill, or a dry run, has no restore rows: an empty table would read as broken.
    ...(report.dryRun
      ? dryRunSection(report.dryRun, paint)
      : report.targets.length || !report.failover
      ? table(
          ['Target', 'Type', 'Copied in', 'Restored in', 'Checks', 'RTO / objective', 'RPO / objective', 'Cleanup', 'Verdict'],
          report.targets.map(row),
          paint,
        )
      : ['No restore targets in this run.']),
  ];

  // What was proven about the data, check by check: the evidence on-call and auditors ask for first.
  const checked = report.targets.filter((r) => r.checks.length > 0);
  if (checked.length) {
    lines.push('', 'Checks:');
    for (const r of checked) {
      lines.push(`  ${r.targetId}`);
      for (const c of r.checks) {
        const mark = c.passed ? paint('✓', 'green') : paint('✗', 'red');
        lines.push(`    ${mark} ${c.name}: ${c.value === null ? '-' : String(c.value)} (expected ${c.expected})${c.passed ? '' : ` — ${c.reason}`}`);
      }
    }
  }

  // Which backup each target restored, and the two ages (primary vault, DR vault): the RPO is the DR vault's.
  const chosen = report.targets.filter((r) => r.recoveryPoints);
  if (chosen.length) {
    lines.push('', 'Recovery points:');
    for (const r of chosen) {
      lines.push(`  ${r.targetId}`);
      for (const line of recoveryPointLines(r, report.startedAt)) lines.push(`    ${line}`);
    }
  }

  if (report.failover) lines.push('', ...failoverSection(report.failover, paint));

  const failed = report.targets.filter((r) => r.verdict !== 'PASSED');
  if (failed.length) {
    lines.push('', paint('Failed:', 'red'));
    for (const r of failed) {
      lines.push(`  ${r.targetId}${r.failedStep ? ` at ${r.failedStep}` : ''}: ${r.reason}`);
      // On-call's next question after "what failed" is "did it clean up?": answer it on the spot.
      lines.push(`    cleanup ${cleanupSentence(r)}`);
    }
  }

  const leftovers = report.targets.filter((r) => r.cleanup.leftBehind.length > 0 || r.cleanup.errors.length > 0);
  if (leftovers.length) {
    lines.push('', paint(`Left behind in ${restoreRegion(report)}:`, 'yellow'));
    for (const r of leftovers) {
      for (const arn of r.cleanup.leftBehind) lines.push(`  ${r.targetId}: ${arn}`);
      for (const error of r.cleanup.errors) lines.push(`  ${r.targetId}: ${error}`);
    }
  }

  // Before the headline, so the last two lines stay the verdict and the residency proof.
  if (report.cost) lines.push('', ...costLines(report.cost));
  if (report.coverage) lines.push('', paint(`Coverage: ${report.coverage.line}`, report.coverage.overLimitCount ? 'yellow' : undefined));
  lines.push('', paint(report.headline, report.verdict === 'PASSED' ? 'green' : 'red'), residencyLine(report));
  for (const selection of report.selections ?? []) lines.push(`Resolved ${selection.summary}`);
  return lines.join('\n') + '\n';
}

/** The estimate's line, then what it could not price (one line per reason, not per target): an unpriced item must not read as free. */
function costLines(cost: NonNullable<DrillReport['cost']>): string[] {
  return [costSentence(cost), ...groupNotEstimated(cost).map((g) => `  ${whose(g.targets)}${g.what} — not estimated: ${g.why}`)];
}

/** "patients-db: ", "3 targets (a, b, c): ", "12 targets (a, b, c, +9 more): "; "" for the drill's own. */
function whose(targets: string[]): string {
  if (targets.length === 0) return '';
  if (targets.length === 1) return `${targets[0]}: `;
  const named = targets.slice(0, 3).join(', ');
  return `${targets.length} targets (${named}${targets.length > 3 ? `, +${targets.length - 3} more` : ''}): `;
}
