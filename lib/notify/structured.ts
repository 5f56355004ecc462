// The one place a notification reads the drill report. Everything sent (email text, Slack blocks, the JSON other
// subscribers parse) is rendered from what this returns, so what may leave the stack is decided here: target,
// check and resource names, figures, and the drill's own reasons. A check's value is copied only when it is a
// number: a string value may be text read from a restored row (a patient's name), whatever the check runner did.
import { recoveryPointAges } from '../report/recovery-points';
import type { CheckResult, TargetResult } from '../drill/contracts';
import type { FailoverResult } from '../failover/contracts';
import type { DrillReport } from '../report/schema';
import { drillNotificationSchema, type DrillNotification, type NotifiedFailover, type NotifiedTarget } from './contracts';
import { clip } from './figures';
import { subjectOf } from './subject';

/** Targets named one by one; the rest are counted. Keeps the SNS message far below its 256 KiB for 1,000 targets. */
export const TARGETS_NAMED = 50;
/** A reason is the drill's own sentence; a long one (an AWS error message) is cut to what a phone shows. */
const REASON_MAX = 300;
/** Failed checks named per target: a target with 40 failed checks needs the report, not a longer message. */
const CHECKS_NAMED = 5;

const numberOnly = (value: CheckResult['value']): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

const target = (drillStartedAt: string) => (r: TargetResult): NotifiedTarget => ({ ...targetOf(r), recoveryPoint: recoveryPointAges(r, drillStartedAt) });

function targetOf(r: TargetResult): NotifiedTarget {
  const failed = r.verdict !== 'PASSED';
  return {
    id: r.targetId,
    type: r.type,
    verdict: r.verdict,
    rto: r.rto,
    rpo: r.rpo,
    failedStep: failed ? r.failedStep : null,
    reason: failed ? clip(r.reason, REASON_MAX) : null,
    checks: { passed: r.checks.filter((c) => c.passed).length, total: r.checks.length },
    failedChecks: r.checks
      .filter((c) => !c.passed)
      .slice(0, CHECKS_NAMED)
      .map((c) => ({ name: c.name, value: numberOnly(c.value) })),
    leftBehind: r.cleanup.leftBehind.length + r.cleanup.errors.length,
  };
}

function failover(r: FailoverResult): NotifiedFailover {
  const figure = (f: { measuredSeconds: number | null; objectiveSeconds: number; met: boolean }) => ({
    measuredSeconds: f.measuredSeconds,
    objectiveSeconds: f.objectiveSeconds,
    met: f.met,
  });
  return {
    id: r.targetId,
    globalCluster: r.globalClusterIdentifier,
    mode: r.mode,
    verdict: r.verdict,
    reason: clip(r.reason, REASON_MAX),
    stoppedAt: r.stoppedAt,
    loud: r.loud,
    cutover: r.cutover ? figure(r.cutover.cutover) : null,
    // The downtime patients felt: the worse of the two switches, as the report's headline counts it.
    downtime: worstDowntime(r),
    dataLoss: { ...figure(r.dataLoss), canaryFound: r.dataLoss.canaryFound },
    service: { ...r.service },
  };
}

function worstDowntime(r: FailoverResult): NotifiedFailover['downtime'] {
  const measured = [r.cutover?.downtime, r.failback?.downtime].filter((d): d is NonNullable<typeof d> => Boolean(d));
  if (measured.length === 0) return null;
  const ratio = (d: (typeof measured)[number]) => (d.measuredSeconds ?? -1) / d.objectiveSeconds;
  const worst = measured.reduce((w, d) => (ratio(d) > ratio(w) ? d : w));
  return { measuredSeconds: worst.measuredSeconds, objectiveSeconds: worst.objectiveSeconds, met: measured.every((d) => d.met) };
}

/**
 * What must be said before anything else, or null. Told apart as the report's headline does: a service seen off its
 * primary, one nobody observed, one back home whose rollback still needs a person.
 */
export function alarmOf(results: readonly FailoverResult[]): string | null {
  const loud = results.filter((r) => r.loud);
  const seen = (r: FailoverResult) => r.service.writerRegion !== null || r.service.trafficRegion !== null;
  const off = loud.filter((r) => !r.service.onPrimary && seen(r));
  const unknown = loud.filter((r) => !r.service.onPrimary && !seen(r));
  const home = loud.filter((r) => r.service.onPrimary);
  const parts: string[] = [];
  const where = (r: FailoverResult) => r.service.summary.replace(/^NOT on its primary:\s*/, '');
  if (off.length) parts.push(`SERVICE NOT ON PRIMARY: ${off.map((r) => `${r.targetId}: ${where(r)}`).join('; ')}`);
  if (unknown.length) parts.push(`SERVICE STATE UNKNOWN: ${unknown.map((r) => `${r.targetId}: ${r.service.summary}`).join('; ')}`);
  if (home.length) parts.push(`SERVICE NEEDS ATTENTION: ${home.map((r) => `${r.targetId}: ${clip(r.reason, REASON_MAX)}`).join('; ')}`);
  return parts.length ? parts.join(' | ') : null;
}

export function notificationOf(report: DrillReport, reportUrl: string | null, evidenceError: string | null = null): DrillNotification {
  const failedFirst = [...report.targets.filter((r) => r.verdict !== 'PASSED'), ...report.targets.filter((r) => r.verdict === 'PASSED')];
  const failovers = report.failover ?? [];
  const loudFirst = [...failovers.filter((r) => r.loud), ...failovers.filter((r) => !r.loud)];
  const dryTargets = report.dryRun ? [...report.dryRun.targets.filter((t) => !t.ok), ...report.dryRun.targets.filter((t) => t.ok)] : [];
  const notification: DrillNotification = {
    schemaVersion: 1,
    kind: report.dryRun ? 'dry-run' : 'drill',
    drillId: report.drillId,
    plan: report.plan.name,
    verdict: report.verdict,
    loud: failovers.some((r) => r.loud),
    alarm: alarmOf(failovers),
    subject: subjectOf(report),
    headline: report.headline,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    counts: { targets: report.counts.targets, passed: report.counts.passed, failed: report.counts.failed },
    targets: failedFirst.slice(0, TARGETS_NAMED).map(target(report.startedAt)),
    moreTargets: Math.max(0, failedFirst.length - TARGETS_NAMED),
    failover: loudFirst.map(failover),
    dryRun: report.dryRun
      ? {
          ok: report.dryRun.ok,
          targets: dryTargets.slice(0, TARGETS_NAMED).map((t) => ({
            id: t.targetId,
            kind: t.kind,
            type: t.type,
            ok: t.ok,
            // Names only: a check's detail is AWS's answer in words, which a message need not repeat.
            failedChecks: t.checks.filter((c) => !c.passed).slice(0, CHECKS_NAMED).map((c) => c.name),
          })),
          moreTargets: Math.max(0, dryTargets.length - TARGETS_NAMED),
        }
      : null,
    residency: { ...report.residency },
    coverage: report.coverage ? { line: report.coverage.line, overLimit: report.coverage.overLimitCount } : null,
    reportUrl,
    evidenceError,
  };
  // Parsed on the way out, as the report is: this crosses into SNS and every subscriber.
  return drillNotificationSchema.parse(notification);
}
