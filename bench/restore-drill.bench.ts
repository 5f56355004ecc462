// npm run bench: simulated restore drills with 1, 10, 100 and 1,000 targets on the local simulation.
// Prints figures, asserts nothing: per size, the state transitions per target, the parent execution's history
// events against AWS's 25,000-event cap, its largest payload against the 256 KiB cap, real wall time and memory,
// and the simulated drill time against the longest single target chain (how close the Map gets to parallelism).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT, runLocalDrill } from '../local/run-drill';

const HISTORY_CAP = 25_000;
const PAYLOAD_CAP = 256 * 1024;

type Raw = Record<string, unknown> & { targets: Record<string, unknown>[] };

/** A plan of `n` targets cycling through the NHS example's four target kinds, each with its own resource. */
function planWith(n: number, concurrency: number): Raw {
  const base = parse(readFileSync(join(PROJECT_ROOT, 'examples', 'nhs-patient-platform.yml'), 'utf8')) as Raw;
  const templates = base.targets;
  const targets = Array.from({ length: n }, (_, i) => {
    const template = templates[i % templates.length] as Record<string, unknown>;
    const id = `t${String(i + 1).padStart(4, '0')}-${String(template.type)}`;
    const resourceArn = String(template.resourceArn).replace(/([:/])([^:/]+)$/, (_m, sep: string, name: string) => `${sep}${name.startsWith('fs-') || name.startsWith('vol-') ? `${name.slice(0, 3)}${(i + 1).toString(16).padStart(8, '0')}` : `${name}-${i + 1}`}`);
    // Orchestration is measured here, not data checks: each Aurora copy would start its own PostgreSQL (PGlite).
    const { validation: _validation, ...rest } = template;
    return { ...rest, id, resourceArn };
  });
  return { ...base, name: `bench-${n}`, concurrency, targets };
}

function minutes(ms: number): string {
  return `${(ms / 60_000).toFixed(0)} min`;
}

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_SIZES ?? '1,10,100,1000').split(',').map(Number);
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 40);
  const rows: string[][] = [
    ['targets', 'transitions/target', 'parent history (cap 25,000)', 'parent max payload (cap 256 KiB)', 'real time', 'peak RSS', 'simulated drill', 'longest target chain', 'ideal at concurrency', 'verdict'],
  ];
  for (const n of sizes) {
    if (global.gc) global.gc();
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const started = Date.now();
    const result = await runLocalDrill({ plan: planWith(n, concurrency), seed: `bench-${n}` });
    const realMs = Date.now() - started;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (result.refused) throw new Error(`bench plan refused: ${JSON.stringify(result.problems.slice(0, 3))}`);

    const chains = result.children.map((c) => Date.parse(c.stoppedAt ?? c.startedAt) - Date.parse(c.startedAt));
    const longest = Math.max(...chains);
    // With a perfect scheduler the drill takes one chain per "wave" of `concurrency` targets (chains differ, so
    // this is a lower bound for the sum of waves, using the average chain length).
    const average = chains.reduce((a, b) => a + b, 0) / chains.length;
    const ideal = Math.max(longest, Math.ceil(n / concurrency) * average);
    const simulated = Date.parse(result.simulated.finishedAt) - Date.parse(result.simulated.startedAt);
    const transitions = result.children.reduce((sum, c) => sum + c.transitions, result.execution.transitions);
    rows.push([
      String(n),
      (transitions / n).toFixed(1),
      `${result.execution.historyEvents} (${((100 * result.execution.historyEvents) / HISTORY_CAP).toFixed(1)}%)`,
      `${(result.execution.largestPayloadBytes / 1024).toFixed(1)} KiB (${((100 * result.execution.largestPayloadBytes) / PAYLOAD_CAP).toFixed(0)}%)`,
      `${(realMs / 1000).toFixed(1)} s`,
      `${(peakRss / 1024 / 1024).toFixed(0)} MiB`,
      minutes(simulated),
      minutes(longest),
      minutes(ideal),
      `${result.report?.verdict ?? 'no report'} (${result.report?.counts.passed ?? 0}/${n})`,
    ]);
    console.log(`size ${n} done in ${(realMs / 1000).toFixed(1)} s`);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log(`\nRestore drill benchmark (concurrency ${concurrency}, simulated AWS time; figures, not assertions)\n`);
  for (const [i, row] of rows.entries()) {
    console.log(`| ${row.map((cell, j) => cell.padEnd(widths[j]!)).join(' | ')} |`);
    if (i === 0) console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
