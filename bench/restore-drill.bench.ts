// npm run bench: simulated drills on the local simulation, printed as tables (figures, not assertions).
// 1. Restore drills of 1, 10, 100 and 1,000 targets (the restore part alone): per size, the state transitions per
//    target, the parent execution's history events against AWS's 25,000-event cap, its largest payload against the
//    256 KiB cap, real wall time and memory, and the simulated drill time against the longest single target chain
//    (how close the Map gets to parallelism).
// 2. The NHS example (both parts) in each order: the simulated drill time against its longest single target chain,
//    and when each part ran; the time to a verdict that `order: parallel` saves.
// Only the tables go to stdout; progress goes to stderr, and the functions' log lines are off (the local run's
// default log level, SILENT), so `npm run bench > bench.md` keeps the tables alone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { LocalDrillOptions, LocalDrillResult } from '../local/run-drill';
import type { DrillOrder } from '../lib/plan/schema';

// Before the AWS SDK loads (run-drill is imported below, at run time): its Node-version notice is no figure.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const PROJECT_ROOT = join(__dirname, '..');

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

async function runDrill(options: LocalDrillOptions): Promise<Extract<LocalDrillResult, { refused: false }>> {
  const { runLocalDrill } = await import('../local/run-drill');
  // SILENT is the local run's default; said here because the tables must never be interleaved with log lines.
  const result = await runLocalDrill({ logLevel: 'SILENT', ...options });
  if (result.refused) throw new Error(`bench plan refused: ${JSON.stringify(result.problems.slice(0, 3))}`);
  return result;
}

const durationOf = (e: { startedAt: string; stoppedAt: string | null }) => Date.parse(e.stoppedAt ?? e.startedAt) - Date.parse(e.startedAt);

function printTable(title: string, rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = [`\n${title}\n`];
  for (const [i, row] of rows.entries()) {
    lines.push(`| ${row.map((cell, j) => cell.padEnd(widths[j]!)).join(' | ')} |`);
    if (i === 0) lines.push(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * The NHS example as written (both parts, its data checks, a person approving the failover) in `order`: the drill
 * against its longest single target chain, restore or failover, and each part's window in simulated time.
 */
async function nhsRow(order: DrillOrder): Promise<string[]> {
  const plan = { ...(parse(readFileSync(join(PROJECT_ROOT, 'examples', 'nhs-patient-platform.yml'), 'utf8')) as Record<string, unknown>), order };
  const started = Date.now();
  const result = await runDrill({ plan, seed: 'bench-nhs' });
  const realMs = Date.now() - started;
  const simulated = Date.parse(result.simulated.finishedAt) - Date.parse(result.simulated.startedAt);
  const longest = Math.max(...result.children.map(durationOf));
  const window = (machine: string) => {
    const runs = result.children.filter((c) => c.stateMachine === machine);
    if (runs.length === 0) return '-';
    const from = Math.min(...runs.map((c) => Date.parse(c.startedAt))) - Date.parse(result.simulated.startedAt);
    const to = Math.max(...runs.map((c) => Date.parse(c.stoppedAt ?? c.startedAt))) - Date.parse(result.simulated.startedAt);
    return `${minutes(from)} to ${minutes(to)}`;
  };
  process.stderr.write(`NHS example, ${order}, done in ${(realMs / 1000).toFixed(1)} s\n`);
  return [
    order,
    minutes(simulated),
    minutes(longest),
    `${(simulated / longest).toFixed(2)}x`,
    window('restoreTarget'),
    window('failoverTarget'),
    `${(realMs / 1000).toFixed(1)} s`,
    `${result.report?.verdict ?? 'no report'}`,
  ];
}

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_SIZES ?? '1,10,100,1000').split(',').filter(Boolean).map(Number);
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 40);
  const rows: string[][] = [
    ['targets', 'transitions/target', 'parent history (cap 25,000)', 'parent max payload (cap 256 KiB)', 'real time', 'peak RSS', 'simulated drill', 'longest target chain', 'ideal at concurrency', 'verdict'],
  ];
  for (const n of sizes) {
    if (global.gc) global.gc();
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const started = Date.now();
    // The restore part alone: the failover part's chain is the NHS table's business.
    const result = await runDrill({ plan: planWith(n, concurrency), seed: `bench-${n}`, skipFailover: true });
    const realMs = Date.now() - started;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);

    const chains = result.children.map(durationOf);
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
    process.stderr.write(`size ${n} done in ${(realMs / 1000).toFixed(1)} s\n`);
  }
  if (rows.length > 1) printTable(`Restore drill benchmark (concurrency ${concurrency}, simulated AWS time; figures, not assertions)`, rows);

  if (process.env.BENCH_NHS !== 'off') {
    const orders: DrillOrder[] = ['restore-first', 'parallel'];
    const nhs: string[][] = [['order', 'simulated drill', 'longest target chain', 'drill / longest chain', 'restore part', 'failover part', 'real time', 'verdict']];
    for (const order of orders) nhs.push(await nhsRow(order));
    printTable('NHS example (examples/nhs-patient-platform.yml: 4 restore targets, 1 global database, approval by a person), time to a verdict by order; part windows in simulated minutes from the drill\'s start', nhs);
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
