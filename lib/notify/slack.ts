// The drill notification as a Slack Block Kit message, for an incoming webhook. Rendered from the structured
// notification only (never from the report), so it can hold nothing the notification does not. Slack rejects a
// message that breaks its limits (invalid_blocks), which would lose the notification: every text is cut to fit.
import { formatDuration } from '../measure/durations';
import type { DrillNotification, NotifiedFailover, NotifiedTarget } from './contracts';
import { clip, minutesPair, secondsPair } from './figures';

/** Slack's documented Block Kit limits. */
export const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  buttonText: 75,
  url: 3000,
} as const;

/** Failover targets given a section each; the rest are counted. */
const FAILOVER_SECTIONS = 5;
/** A reason in a field is what fits a glance; the report has it all. */
const FIELD_REASON = 200;

type PlainText = { type: 'plain_text'; text: string; emoji?: boolean };
type Mrkdwn = { type: 'mrkdwn'; text: string };
export type SlackBlock =
  | { type: 'header'; text: PlainText }
  | { type: 'section'; text: Mrkdwn; fields?: Mrkdwn[] }
  | { type: 'context'; elements: Mrkdwn[] }
  | { type: 'actions'; elements: { type: 'button'; text: PlainText; url: string; action_id: string }[] };

export interface SlackMessage {
  /** The notification's fallback text (what a phone shows); the blocks are what the channel shows. */
  text: string;
  blocks: SlackBlock[];
}

/** Slack's mrkdwn needs only these three escaped; anything else is shown as written. */
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const mrkdwn = (text: string, max: number): Mrkdwn => ({ type: 'mrkdwn', text: clip(text, max) });

const VERDICT_EMOJI: Record<string, string> = { PASSED: ':white_check_mark:', FAILED: ':x:', NOT_RUN: ':warning:' };

function headerEmoji(n: DrillNotification): string {
  if (n.loud) return ':rotating_light:';
  return VERDICT_EMOJI[n.verdict] ?? '';
}

function targetField(t: NotifiedTarget): Mrkdwn {
  const lines = [
    `*${escape(t.id)}* (${escape(t.type)})`,
    `${VERDICT_EMOJI[t.verdict]} ${t.verdict}${t.leftBehind ? ` · LEFT ${t.leftBehind}` : ''}`,
    `RTO ${minutesPair(t.rto)}`,
    `RPO ${minutesPair(t.rpo)}`,
    ...(t.recoveryPoint && t.recoveryPoint.drMinutes !== null && t.recoveryPoint.primaryMinutes !== null
      ? [`backups: DR vault ${formatDuration(t.recoveryPoint.drMinutes)}, primary ${formatDuration(t.recoveryPoint.primaryMinutes)} old`]
      : []),
    ...(t.recoveryPoint?.accounts ? [`accounts: from ${t.recoveryPoint.accounts.vault}, restored in ${t.recoveryPoint.accounts.recovery}`] : []),
  ];
  if (t.verdict !== 'PASSED') lines.push(`_${escape(clip(`${t.failedStep ? `at ${t.failedStep}: ` : ''}${t.reason ?? ''}`, FIELD_REASON))}_`);
  return mrkdwn(lines.join('\n'), SLACK_LIMITS.fieldText);
}

function targetsBlock(n: DrillNotification): SlackBlock | null {
  if (n.targets.length === 0) return null;
  const total = n.targets.length + n.moreTargets;
  // Ten fields at most: past ten targets the last field counts the rest (failed ones come first, so they show).
  const shown = total > SLACK_LIMITS.fields ? n.targets.slice(0, SLACK_LIMITS.fields - 1) : n.targets;
  const fields = shown.map(targetField);
  if (shown.length < total) fields.push(mrkdwn(`+${total - shown.length} more targets (see the report)`, SLACK_LIMITS.fieldText));
  return { type: 'section', text: mrkdwn(`*Restore targets:* ${n.counts.passed}/${n.counts.targets} passed`, SLACK_LIMITS.sectionText), fields };
}

function failoverBlock(f: NotifiedFailover): SlackBlock {
  const verdict = f.verdict === 'NOT_RUN' ? 'NOT RUN' : f.verdict;
  const stopped = f.verdict === 'FAILED' && f.stoppedAt ? ` at ${f.stoppedAt}` : '';
  const figures = [
    f.cutover ? `Cutover ${secondsPair(f.cutover)}` : 'Switch not run',
    f.downtime ? `Downtime ${secondsPair(f.downtime)}` : null,
    `Data loss ${secondsPair(f.dataLoss)}${f.dataLoss.canaryFound === false ? ', canary MISSING' : ''}`,
  ].filter(Boolean);
  const lines = [
    `${f.loud ? ':rotating_light: ' : ''}*Failover ${escape(f.id)}* (${f.mode} of ${escape(f.globalCluster)}): ${VERDICT_EMOJI[f.verdict]} ${verdict}${stopped}`,
    `${f.loud ? '*Service now:*' : 'Service now:'} ${escape(f.service.summary)}`,
    figures.join(' · '),
  ];
  if (f.verdict !== 'PASSED') lines.push(`_${escape(f.reason)}_`);
  return { type: 'section', text: mrkdwn(lines.join('\n'), SLACK_LIMITS.sectionText) };
}

function dryRunBlock(n: DrillNotification): SlackBlock | null {
  if (!n.dryRun) return null;
  const total = n.dryRun.targets.length + n.dryRun.moreTargets;
  const shown = total > SLACK_LIMITS.fields ? n.dryRun.targets.slice(0, SLACK_LIMITS.fields - 1) : n.dryRun.targets;
  const fields = shown.map((t) =>
    mrkdwn(
      `*${escape(t.id)}* (${t.kind}, ${escape(t.type)})\n${t.ok ? ':white_check_mark: ready' : `:x: not ready: ${escape(t.failedChecks.join(', '))}`}`,
      SLACK_LIMITS.fieldText,
    ),
  );
  if (shown.length < total) fields.push(mrkdwn(`+${total - shown.length} more targets (see the report)`, SLACK_LIMITS.fieldText));
  const text = `*Dry run* (nothing was created or changed): ${n.dryRun.ok ? 'every target is ready' : '*not* every target is ready'}`;
  return { type: 'section', text: mrkdwn(text, SLACK_LIMITS.sectionText), ...(fields.length ? { fields } : {}) };
}

/** The coverage line; flagged when a protected resource has gone unproven beyond the plan's limit (the alarm's case). */
function coverageBlock(n: DrillNotification): SlackBlock | null {
  if (!n.coverage) return null;
  const flag = n.coverage.overLimit ? ':warning: ' : '';
  return { type: 'section', text: mrkdwn(`${flag}*Coverage:* ${escape(n.coverage.line)}`, SLACK_LIMITS.sectionText) };
}

/** A button only for a web link Slack accepts; an s3:// location is shown as text instead. */
function reportBlock(url: string | null): SlackBlock | null {
  if (!url) return null;
  if (/^https?:\/\//.test(url) && url.length <= SLACK_LIMITS.url) {
    return { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the report' }, url, action_id: 'open-report' }] };
  }
  return { type: 'context', elements: [mrkdwn(`Report: ${escape(url)}`, SLACK_LIMITS.sectionText)] };
}

function contextBlock(n: DrillNotification): SlackBlock {
  const { residency } = n;
  const where = residency.outside.length ? `*OUTSIDE* policy ${escape(residency.policy)}: ${residency.outside.join(', ')}` : `inside policy ${escape(residency.policy)}`;
  const oneRegion = residency.meaning ? ` · one region: ${escape(residency.meaning)}` : '';
  const text = `Drill ${n.drillId} · regions ${residency.regionsTouched.join(', ')} (${where})${oneRegion} · ${n.startedAt} to ${n.finishedAt}`;
  const evidence = n.evidenceError ? [mrkdwn(`:warning: Evidence *not* recorded (${escape(n.evidenceError)})`, SLACK_LIMITS.sectionText)] : [];
  return { type: 'context', elements: [mrkdwn(text, SLACK_LIMITS.sectionText), ...evidence] };
}

export function slackMessage(n: DrillNotification): SlackMessage {
  const header = `${headerEmoji(n)} ${n.kind === 'dry-run' ? 'DRY RUN ' : ''}${n.verdict} ${n.plan}`;
  const failover = n.failover.slice(0, FAILOVER_SECTIONS).map(failoverBlock);
  const moreFailover = n.failover.length - failover.length;
  const blocks: (SlackBlock | null)[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(header, SLACK_LIMITS.headerText), emoji: true } },
    // What a person must do now, before any figure.
    n.alarm ? { type: 'section', text: mrkdwn(`:rotating_light: *${escape(n.alarm)}*`, SLACK_LIMITS.sectionText) } : null,
    { type: 'section', text: mrkdwn(escape(n.headline), SLACK_LIMITS.sectionText) },
    dryRunBlock(n),
    targetsBlock(n),
    ...failover,
    moreFailover > 0 ? { type: 'context', elements: [mrkdwn(`+${moreFailover} more failover targets (see the report)`, SLACK_LIMITS.sectionText)] } : null,
    coverageBlock(n),
    reportBlock(n.reportUrl),
    contextBlock(n),
  ];
  return { text: n.subject, blocks: blocks.filter((b): b is SlackBlock => b !== null).slice(0, SLACK_LIMITS.blocks) };
}

/**
 * A message published as plain text has no structured part: the drill's own fallbacks (a refusal, a Check Plan that
 * crashed, a report that could not be built, Notify Directly) and the sweeper's message about a killed drill. On-call
 * must see those in Slack too, so they are shown as they were written: the SNS subject, then the text.
 */
export function plainSlackMessage(subject: string | null, text: string, loud: boolean): SlackMessage {
  const title = subject ?? text.split('\n')[0] ?? 'dr-drill';
  const emoji = loud ? ':rotating_light:' : (VERDICT_EMOJI[title.split(' ')[0] ?? ''] ?? (/^(REFUSED|FAILED)\b/.test(title) ? ':x:' : ''));
  return {
    text: clip(title, SLACK_LIMITS.sectionText),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(`${emoji} ${title}`.trim(), SLACK_LIMITS.headerText), emoji: true } },
      { type: 'section', text: mrkdwn(escape(text), SLACK_LIMITS.sectionText) },
    ],
  };
}
