// The drill notification: the message on-call reads in ten seconds (subject and email text), the SNS message
// attributes subscribers filter on (page only on FAILED, or only when loud), and the structured form the Slack
// function renders. All three come from notificationOf, which decides what may leave the stack.
import { agesSentence } from '../report/recovery-points';
import type { DrillReport } from '../report/schema';
import type { DrillNotification, NotifiedFailover, NotifiedTarget } from './contracts';
import { minutesPair, secondsPair } from './figures';
import { notificationOf } from './structured';

export type AttributeName = 'verdict' | 'plan' | 'kind' | 'loud';
/** SNS MessageAttributes, as Publish takes them. Filter policies match these, e.g. {"verdict": ["FAILED"]}. */
export type MessageAttributes = Record<AttributeName, { DataType: 'String'; StringValue: string }>;

export interface DrillMessage {
  /** At most 99 ASCII characters, one line (SNS's rule for subjects). */
  subject: string;
  /** The email and default text. */
  text: string;
  attributes: MessageAttributes;
  structured: DrillNotification;
}

const INDENT = '  ';

function targetLine(t: NotifiedTarget): string {
  const figures = `RTO ${minutesPair(t.rto)}, RPO ${minutesPair(t.rpo)}`;
  const checks = t.checks.total ? `, checks ${t.checks.passed}/${t.checks.total}` : '';
  const left = t.leftBehind ? `, LEFT ${t.leftBehind} behind` : '';
  const line = `${INDENT}${t.verdict.padEnd(6)}  ${t.id} (${t.type}): ${figures}${checks}${left}`;
  const ages = agesSentence(t.recoveryPoint ?? null);
  const agesLine = ages ? [`${INDENT}${INDENT}recovery points: ${ages}`] : [];
  if (t.verdict === 'PASSED') return [line, ...agesLine].join('\n');
  const failedChecks = t.failedChecks.map((c) => (c.value === null ? c.name : `${c.name} = ${c.value}`));
  const where = t.failedStep ? `at ${t.failedStep}: ` : '';
  const lines = [line, ...agesLine, `${INDENT}${INDENT}${where}${t.reason ?? 'no reason recorded'}`];
  if (failedChecks.length) lines.push(`${INDENT}${INDENT}failed checks: ${failedChecks.join('; ')}`);
  return lines.join('\n');
}

function failoverLines(f: NotifiedFailover): string[] {
  const verdict = f.verdict === 'NOT_RUN' ? 'NOT RUN' : f.verdict;
  const stopped = f.verdict === 'FAILED' && f.stoppedAt ? ` at ${f.stoppedAt}` : '';
  const lines = [`${INDENT}${f.loud ? '!! ' : ''}${f.id}: ${verdict}${stopped} (${f.mode} of global cluster ${f.globalCluster})`];
  const pad = `${INDENT}${INDENT}`;
  lines.push(`${pad}service now: ${f.service.summary}`);
  if (f.cutover) lines.push(`${pad}cutover ${secondsPair(f.cutover)}`);
  if (f.downtime) lines.push(`${pad}downtime ${secondsPair(f.downtime)}`);
  if (!f.cutover && !f.downtime) lines.push(`${pad}switch not run`);
  const canary = f.dataLoss.canaryFound === null ? '' : f.dataLoss.canaryFound ? ', canary found' : ', canary MISSING';
  lines.push(`${pad}data loss ${secondsPair(f.dataLoss)}${canary}`);
  if (f.verdict !== 'PASSED') lines.push(`${pad}why: ${f.reason}`);
  return lines;
}

function residencyLine({ residency }: DrillNotification): string {
  const policy = `policy "${residency.policy}" [${residency.allowedRegions.join(', ')}]`;
  const where = residency.outside.length ? `OUTSIDE ${policy}: ${residency.outside.join(', ')}` : `inside ${policy}`;
  const line = `Regions touched: ${residency.regionsTouched.join(', ')} - ${where}`;
  return residency.meaning ? `${line}\nOne region: ${residency.meaning}.` : line;
}

function dryRunLines(n: DrillNotification): string[] {
  if (!n.dryRun) return [];
  const lines = ['', `Dry run (nothing was created or changed): ${n.dryRun.ok ? 'every target is ready' : 'NOT every target is ready'}`];
  for (const t of n.dryRun.targets) {
    const failed = t.failedChecks.length ? `: failed ${t.failedChecks.join(', ')}` : '';
    lines.push(`${INDENT}${t.ok ? 'READY    ' : 'NOT READY'}  ${t.id} (${t.kind}, ${t.type})${failed}`);
  }
  if (n.dryRun.moreTargets) lines.push(`${INDENT}+${n.dryRun.moreTargets} more targets (see the report)`);
  return lines;
}

export function renderText(n: DrillNotification): string {
  const lines = [n.subject];
  if (n.headline !== n.subject) lines.push(n.headline);
  // What a person must do now comes before any figure.
  if (n.alarm) lines.push('', `!! ${n.alarm}`);
  lines.push('', `Drill ${n.drillId} of plan ${n.plan}${n.kind === 'dry-run' ? ' (dry run)' : ''}, ${n.startedAt} to ${n.finishedAt}`);
  lines.push(...dryRunLines(n));
  if (n.targets.length) {
    lines.push('', `Restore targets: ${n.counts.passed}/${n.counts.targets} passed`, ...n.targets.map(targetLine));
    if (n.moreTargets) lines.push(`${INDENT}+${n.moreTargets} more targets (see the report)`);
  }
  if (n.failover.length) lines.push('', 'Failover:', ...n.failover.flatMap(failoverLines));
  if (n.coverage) lines.push('', `Coverage: ${n.coverage.line}`);
  lines.push('', residencyLine(n), `Report: ${n.reportUrl ?? 'not available'}`);
  if (n.evidenceError) lines.push(`Evidence: NOT recorded (${n.evidenceError}); the report above is the drill store's copy`);
  return `${lines.join('\n')}\n`;
}

/** `evidenceError`: the error name when the drill's evidence could not be recorded (the message says so). */
export function drillNotification(report: DrillReport, links: { reportUrl: string | null; evidenceError?: string | null }): DrillMessage {
  const structured = notificationOf(report, links.reportUrl, links.evidenceError ?? null);
  const attribute = (value: string) => ({ DataType: 'String' as const, StringValue: value });
  return {
    subject: structured.subject,
    text: renderText(structured),
    attributes: {
      verdict: attribute(structured.verdict),
      plan: attribute(structured.plan),
      kind: attribute(structured.kind),
      loud: attribute(String(structured.loud)),
    },
    structured,
  };
}
