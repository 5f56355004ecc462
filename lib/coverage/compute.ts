// The coverage of a plan's scope, pure: which protected resources a PASSED drill proved within the window, which were
// drilled and failed, which were never drilled, and which have gone unproven longer than the plan allows. Build Report
// computes it for the report; `dr-drill coverage` computes it again, as of now, from the drills table.
import type { Coverage, CoverageScope, CoverageStatus, DrillProofs, ResourceCoverage } from './contracts';

const DAY_MS = 86_400_000;
/** Names the line lists per kind before "+N more": a notification is read in ten seconds, the evidence has them all. */
export const LINE_NAMES = 10;

export interface CoverageSettings {
  windowDays: number;
  maxUnprovenDays: number;
}

/** How far back the drills table is read: far enough for both the window and the limit. */
export const historyDays = (settings: CoverageSettings) => Math.max(settings.windowDays, settings.maxUnprovenDays);

export function computeCoverage(input: {
  scope: CoverageScope;
  settings: CoverageSettings;
  asOf: string;
  /** This drill's own proofs (null from the CLI, which only reads). */
  thisDrill: DrillProofs | null;
  /** Earlier drills of the plan, any order; this drill's own entry, if already recorded, is ignored. */
  history: readonly DrillProofs[];
}): Coverage {
  const { scope, settings, asOf, thisDrill } = input;
  const now = Date.parse(asOf);
  const drills = [...(thisDrill ? [thisDrill] : []), ...input.history.filter((h) => h.drillId !== thisDrill?.drillId)]
    .filter((d) => now - Date.parse(d.at) <= historyDays(settings) * DAY_MS)
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  const within = (at: string, days: number) => now - Date.parse(at) <= days * DAY_MS;

  const resources: ResourceCoverage[] = scope.resources.map((r) => {
    const proof = drills.find((d) => d.proven.includes(r.resourceArn));
    const failure = drills.find((d) => d.failed.includes(r.resourceArn));
    const status: CoverageStatus =
      proof && within(proof.at, settings.windowDays) ? 'proven' : failure && within(failure.at, settings.windowDays) ? 'failed' : 'not-drilled';
    return {
      ...r,
      name: nameOf(r.resourceArn),
      status,
      lastProven: proof ? { drillId: proof.drillId, at: proof.at } : null,
      lastFailed: failure ? { drillId: failure.drillId, at: failure.at } : null,
      daysSinceProven: proof ? Math.max(0, Math.floor((now - Date.parse(proof.at)) / DAY_MS)) : null,
      overLimit: !(proof && within(proof.at, settings.maxUnprovenDays)),
    };
  });
  const rank: Record<CoverageStatus, number> = { failed: 0, 'not-drilled': 1, proven: 2 };
  resources.sort((a, b) => rank[a.status] - rank[b.status] || (a.resourceArn < b.resourceArn ? -1 : a.resourceArn > b.resourceArn ? 1 : 0));

  const known = scope.error === null;
  const coverage: Omit<Coverage, 'line'> = {
    asOf,
    windowDays: settings.windowDays,
    maxUnprovenDays: settings.maxUnprovenDays,
    region: scope.region,
    vaults: scope.vaults,
    protectedCount: known ? resources.length : null,
    provenCount: known ? resources.filter((r) => r.status === 'proven').length : null,
    overLimitCount: known ? resources.filter((r) => r.overLimit).length : null,
    scopeError: scope.error,
    otherTypes: scope.otherTypes,
    resources: known ? resources : [],
    drilled: { proven: [...(thisDrill?.proven ?? [])].sort(), failed: [...(thisDrill?.failed ?? [])].sort() },
  };
  return { ...coverage, line: coverageLine(coverage) };
}

/** The one sentence every channel gives: "38/40 protected resources proven in the last 30 days; not drilled: a, b". */
export function coverageLine(c: Omit<Coverage, 'line'>): string {
  if (c.scopeError !== null || c.protectedCount === null) {
    return `coverage unknown: the protected resources in ${plural(c.vaults.length, 'vault')} could not be listed (${c.scopeError ?? 'no answer'})`;
  }
  if (c.protectedCount === 0) return `no protected resources of a type dr-drill drills in ${plural(c.vaults.length, 'vault')} of the plan`;
  const parts = [`${c.provenCount}/${c.protectedCount} protected resources proven in the last ${plural(c.windowDays, 'day')}`];
  const names = (status: CoverageStatus) => listed(c.resources.filter((r) => r.status === status).map((r) => r.name));
  if (c.resources.some((r) => r.status === 'failed')) parts.push(`drilled but failed: ${names('failed')}`);
  if (c.resources.some((r) => r.status === 'not-drilled')) parts.push(`not drilled: ${names('not-drilled')}`);
  if (c.overLimitCount) parts.push(`${c.overLimitCount} unproven for more than ${plural(c.maxUnprovenDays, 'day')}`);
  return parts.join('; ');
}

function listed(names: string[]): string {
  const shown = names.slice(0, LINE_NAMES).join(', ');
  return names.length > LINE_NAMES ? `${shown} +${names.length - LINE_NAMES} more` : shown;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The resource's name: what follows the ARN's last ":" or "/" (cluster:patients, table/orders, instance/i-0abc). */
export function nameOf(arn: string): string {
  return arn.split(/[:/]/).pop() || arn;
}

/**
 * The longest any resource in scope has gone without a PASSED drill, in whole days: what a dashboard watches creep
 * towards maxUnprovenDays. A resource no drill in the history read has proven counts as that history's length
 * (historyDays, never less than maxUnprovenDays): a lower bound, since nothing older was read, and always at or over
 * the limit, as its overLimit says. null when the coverage is unknown or the scope holds nothing.
 */
export function oldestUnprovenDays(coverage: Pick<Coverage, 'protectedCount' | 'resources' | 'windowDays' | 'maxUnprovenDays'>): number | null {
  if (coverage.protectedCount === null || coverage.resources.length === 0) return null;
  const read = historyDays(coverage);
  return coverage.resources.reduce((oldest, r) => Math.max(oldest, r.daysSinceProven ?? read), 0);
}
