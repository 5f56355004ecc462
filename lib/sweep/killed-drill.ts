// A drill (or one target's child execution) that ended ABORTED, TIMED_OUT or FAILED, as EventBridge reports it.
// A stopped, crashed or timed-out execution never reaches its own Clean Up, so its resources are swept here; a drill
// that ended without sending its own notification gets one FAILED message saying what happened and what the sweep
// did. A drill that failed through its own states has already notified: it is swept, not announced twice.
import { PublishCommand } from '@aws-sdk/client-sns';
import { z } from 'zod';
import { rethrowClassified } from '../aws/classify-error';
import { drillIdFor } from '../drill/names';
import { DrillStore } from '../drill/store';
import { parsePayload } from '../lambda/parse';
import { SUBJECT_MAX } from '../notify/subject';
import type { SweepReport } from './contracts';
import { drillHasNotified } from './drill-status';
import { sweepReportLines } from './report-text';
import { sweep, type SweepDeps } from './sweep';

export const KILLED_STATUSES = ['ABORTED', 'TIMED_OUT', 'FAILED'] as const;

/** EventBridge "Step Functions Execution Status Change" (source aws.states), as AWS documents it; dates are epoch ms. */
export const executionStatusChangeSchema = z.object({
  source: z.literal('aws.states'),
  'detail-type': z.literal('Step Functions Execution Status Change'),
  time: z.string().optional(),
  detail: z.object({
    executionArn: z.string().min(1),
    stateMachineArn: z.string().min(1),
    name: z.string(),
    status: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']),
    startDate: z.number(),
    stopDate: z.number().nullable().optional(),
    input: z.string().nullable().optional(),
    error: z.string().nullable().optional(),
    cause: z.string().nullable().optional(),
  }),
});
export type ExecutionStatusChange = z.infer<typeof executionStatusChangeSchema>;

export interface KilledDrillSettings {
  drillStateMachineArn: string;
  restoreTargetStateMachineArn: string;
  topicArn: string;
}

export type KilledDrillOutcome =
  | { handled: false; reason: string }
  | {
      handled: true;
      executionArn: string;
      status: string;
      drillId: string;
      targetId: string | null;
      notified: 'by the drill' | 'by the sweeper' | 'by an earlier delivery' | 'not needed';
      report: SweepReport;
    };

const HOW: Record<string, string> = {
  ABORTED: 'was stopped (ABORTED) before it finished',
  TIMED_OUT: 'TIMED OUT before it finished',
  FAILED: 'FAILED without finishing (a crash: it sent no report of its own)',
};

export async function handleKilledDrill(deps: SweepDeps, settings: KilledDrillSettings, event: unknown): Promise<KilledDrillOutcome> {
  const { detail } = parsePayload(executionStatusChangeSchema, event, 'Execution status change');
  if (!(KILLED_STATUSES as readonly string[]).includes(detail.status)) return { handled: false, reason: `status ${detail.status} needs no sweep` };

  if (detail.stateMachineArn === settings.restoreTargetStateMachineArn) {
    const child = childOf(detail.name, detail.input);
    if (!child) return { handled: false, reason: `child execution ${detail.name} names no drill and target` };
    // The parent drill goes on (or has its own event): it reports this target as not finished.
    const report = await sweep(deps, { drillId: child.drillId, targetId: child.targetId, executionEnded: true });
    return { handled: true, executionArn: detail.executionArn, status: detail.status, drillId: child.drillId, targetId: child.targetId, notified: 'not needed', report };
  }
  if (detail.stateMachineArn !== settings.drillStateMachineArn) return { handled: false, reason: `not a dr-drill state machine: ${detail.stateMachineArn}` };

  const drillId = drillIdFor(detail.executionArn);
  const report = await sweep(deps, { drillId, executionEnded: true });
  if (await drillHasNotified(deps, detail.executionArn)) {
    return { handled: true, executionArn: detail.executionArn, status: detail.status, drillId, targetId: null, notified: 'by the drill', report };
  }
  // EventBridge delivers at least once: only the first delivery of this drill's change announces it.
  const store = deps.storeBucket ? new DrillStore(deps, deps.storeBucket) : null;
  const notice = { executionArn: detail.executionArn, status: detail.status, announcedAt: deps.now().toISOString() };
  if (store && !(await store.claimKilledNotice(drillId, notice))) {
    return { handled: true, executionArn: detail.executionArn, status: detail.status, drillId, targetId: null, notified: 'by an earlier delivery', report };
  }
  const planned = await plannedOf(deps, drillId);
  const planName = planned?.planName ?? null;
  try {
    await publish(deps, settings.topicArn, killedMessage(detail, drillId, planned, report), planName);
  } catch (error) {
    // Lambda retries the event: the retry must be free to announce it.
    await store?.releaseKilledNotice(drillId).catch(() => undefined);
    throw error;
  }
  return { handled: true, executionArn: detail.executionArn, status: detail.status, drillId, targetId: null, notified: 'by the sweeper', report };
}

/** The child's input names its drill and target; without input (too large to include), its name `<drillId>-<targetId>` does. */
function childOf(name: string, input: string | null | undefined): { drillId: string; targetId: string } | null {
  try {
    const parsed = JSON.parse(input ?? 'null') as { drill?: { id?: unknown }; targetId?: unknown } | null;
    if (typeof parsed?.drill?.id === 'string' && typeof parsed.targetId === 'string') return { drillId: parsed.drill.id, targetId: parsed.targetId };
  } catch {
    // fall back to the name
  }
  const match = /^(d[0-9a-f]{8})-(.+)$/.exec(name);
  return match ? { drillId: match[1]!, targetId: match[2]! } : null;
}

/** What the killed drill was to do, from the plan Check Plan stored: its name, and the switches it may have begun. */
export interface PlannedDrill {
  planName: string;
  /** The failover targets it was to switch, with the region the service may have been left in. */
  failover: { targetId: string; globalCluster: string; drRegion: string }[];
}

async function plannedOf(deps: SweepDeps, drillId: string): Promise<PlannedDrill | null> {
  if (!deps.storeBucket) return null;
  try {
    const { drill, plan } = await new DrillStore(deps, deps.storeBucket).getPlan(drillId);
    const failover = (plan.failover?.targets ?? []).map((t) => ({ targetId: t.id, globalCluster: t.globalClusterIdentifier, drRegion: drill.drRegion }));
    return { planName: drill.planName, failover };
  } catch {
    return null;
  }
}

export interface KilledMessage {
  subject: string;
  text: string;
}

export function killedMessage(detail: ExecutionStatusChange['detail'], drillId: string, planned: PlannedDrill | null, report: SweepReport): KilledMessage {
  const planName = planned?.planName ?? null;
  const left = report.failed.length ? `, ${report.failed.length} NOT removed` : '';
  const subject = `FAILED dr-drill: drill ${detail.status}${planName ? ` (${planName})` : ''}, swept ${report.removed.length}${left}`;
  const stopped = detail.stopDate ? new Date(detail.stopDate).toISOString() : 'unknown time';
  // The drill ran to its verdict but no notification got out (the notify function and the topic both failed).
  const notificationFailed = detail.error === 'DrillNotificationFailed';
  const how = notificationFailed ? 'finished but could not send its own notification (DrillNotificationFailed): its verdict is in its report' : (HOW[detail.status] ?? detail.status);
  const text = [
    `The drill ${drillId}${planName ? ` of plan ${planName}` : ''} ${how} at ${stopped}.${notificationFailed ? '' : ' It produced no verdict and no evidence.'}`,
    ...(detail.error ? [`Error: ${detail.error}`] : []),
    `Execution: ${detail.executionArn}`,
    report.failed.length
      ? `ACTION: ${report.failed.length} resource(s) the drill created could NOT be removed: delete them by hand (listed below).`
      : 'Nothing it created is left behind.',
    // A switch creates nothing to sweep, but a drill stopped mid-switch may leave production in the DR region.
    ...(notificationFailed
      ? []
      : (planned?.failover ?? []).map(
          (f) =>
            `ACTION: it was to switch global database ${f.globalCluster} (failover target ${f.targetId}); if it stopped during the failover drill, ` +
            `the writer and the traffic may be left in ${f.drRegion}: check now which region is writer and where traffic goes.`,
        )),
    '',
    ...sweepReportLines(report),
  ].join('\n');
  return { subject: asciiSubject(subject), text };
}

/** SNS refuses a subject of 100 characters or more, or one with a line break; it rewrites non-ASCII. */
function asciiSubject(subject: string): string {
  const ascii = subject.replace(/[^\x20-\x7e]/g, '?');
  return ascii.length > SUBJECT_MAX ? `${ascii.slice(0, SUBJECT_MAX - 3)}...` : ascii;
}

async function publish(deps: SweepDeps, topicArn: string, message: KilledMessage, planName: string | null): Promise<void> {
  const attribute = (value: string) => ({ DataType: 'String', StringValue: value });
  try {
    await deps.clients.get('sns', deps.region).send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: message.subject,
        Message: message.text,
        MessageAttributes: {
          verdict: attribute('FAILED'),
          kind: attribute('drill'),
          loud: attribute('true'),
          ...(planName ? { plan: attribute(planName) } : {}),
        },
      }),
    );
  } catch (error) {
    rethrowClassified(error);
  }
}
