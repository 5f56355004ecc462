// The dry run in the summary: per target what was checked (✓/✗ with what AWS answered) and what a real run would
// do, so the person who asked for a dry run reads the answer, not an empty results table.
import type { DryRunResult } from '../dry-run/contracts';
import type { Paint } from './text-table';

export function dryRunSection(result: DryRunResult, paint: Paint): string[] {
  const lines = ['Dry run: nothing was created or changed.'];
  for (const target of result.targets) {
    const verdict = target.ok ? paint('ready', 'green') : paint('WOULD FAIL', 'red');
    lines.push('', `  ${target.targetId} (${target.kind}, ${target.type}): ${verdict}`);
    for (const check of target.checks) {
      lines.push(`    ${check.passed ? paint('✓', 'green') : paint('✗', 'red')} ${check.name}: ${check.detail}`);
    }
    if (target.wouldDo.length) {
      lines.push('    A real run would:');
      target.wouldDo.forEach((step, i) => lines.push(`      ${i + 1}. ${step}`));
    }
  }
  return lines;
}
