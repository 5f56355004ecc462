// Evaluate Failover: the last step of a failover target's drill. Reads everything the execution gathered, measures
// each figure against the objectives, decides the verdict and where the service was left, records the result in the
// drill store and returns it. Its event is the execution's whole state, so it accepts what it does not use.
import { z } from 'zod';
import {
  approvalOutcomeSchema,
  canaryReadSchema,
  canaryWriteSchema,
  failoverItemSchema,
  failoverPreflightSchema,
  phaseSchema,
  watchSchema,
  type FailoverResult,
  type Phase,
  type Watch,
} from '../../lib/failover/contracts';
import { failoverUsage } from '../../lib/cost/failover-usage';
import { dataLossFigure, phaseFigures, replicationLagFigure } from '../../lib/failover/measure';
import { timelineOf } from '../../lib/failover/timeline';
import { decideVerdict, type FailoverRun } from '../../lib/failover/verdict';
import { parsePayload } from '../../lib/lambda/parse';
import type { DrillStore } from '../../lib/drill/store';

const caught = z.object({ Error: z.string(), Cause: z.string().nullable().optional() });

export const evaluateFailoverEventSchema = z.object({
  item: failoverItemSchema,
  preflight: failoverPreflightSchema.optional(),
  approval: z
    .object({
      outcome: approvalOutcomeSchema,
      by: z.string().nullable().optional(),
      at: z.string().nullable().optional(),
      /** Approved only: whatever SendTaskSuccess carried, as JSON text (the console lets a person send any JSON). */
      answer: z.string().optional(),
    })
    .optional(),
  canaryWrite: canaryWriteSchema.optional(),
  canaryRead: canaryReadSchema.optional(),
  /** When the cutover's switch was requested; taken from the cutover watch when absent. */
  switchStartedAt: z.string().optional(),
  failbackStartedAt: z.string().optional(),
  phases: z.object({ cutover: watchSchema.optional(), failback: watchSchema.optional(), rollback: watchSchema.optional() }).optional(),
  /** The last watch the execution held: the only record of a phase whose watch failed before it was recorded. */
  watch: watchSchema.optional(),
  /** The phase being (or about to be) watched when the execution ended. */
  next: z.object({ phase: phaseSchema, startedAt: z.string().optional() }).optional(),
  rollbackReason: z.string().optional(),
  failures: z.record(z.string(), caught).optional(),
});
type EvaluateFailoverEvent = z.infer<typeof evaluateFailoverEventSchema>;

export async function evaluateFailover(event: unknown, store: Pick<DrillStore, 'putFailoverResult'>): Promise<FailoverResult> {
  const state = parsePayload(evaluateFailoverEventSchema, event, 'Evaluate Failover');
  const result = failoverResult(state);
  await store.putFailoverResult(state.item.drill.id, result);
  return result;
}

export function failoverResult(state: EvaluateFailoverEvent): FailoverResult {
  const run = runOf(state);
  const { item } = run;
  const figures = {
    cutover: phaseFigures(run.phases.cutover, item),
    failback: phaseFigures(run.phases.failback, item),
    replicationLag: replicationLagFigure(run.preflight, item),
    dataLoss: dataLossFigure({
      item,
      canaryWrite: run.canaryWrite,
      canaryRead: run.canaryRead,
      preflight: run.preflight,
      switchStartedAt: state.switchStartedAt ?? run.phases.cutover?.startedAt ?? (state.next?.phase === 'cutover' ? state.next.startedAt : undefined),
    }),
  };
  const decision = decideVerdict(run, figures);
  return {
    targetId: item.target.id,
    globalClusterIdentifier: item.target.globalClusterIdentifier,
    mode: item.target.mode,
    ...decision,
    approval: run.approval,
    preflight: run.preflight ?? null,
    replicationLag: figures.replicationLag,
    dataLoss: figures.dataLoss,
    cutover: figures.cutover,
    failback: figures.failback,
    timeline: timelineOf(run),
    usage: failoverUsage(run),
  };
}

function runOf(state: EvaluateFailoverEvent): FailoverRun {
  const { item } = state;
  const phases: Partial<Record<Phase, Watch>> = { ...state.phases };
  if (state.watch && !phases[state.watch.phase]) phases[state.watch.phase] = state.watch;
  const failures = state.failures ?? {};
  return {
    item,
    preflight: state.preflight,
    approval: approvalOf(state),
    canaryWrite: state.canaryWrite,
    canaryRead: state.canaryRead,
    phases,
    // `next` is set just before the switch call: from then on the switch may have happened.
    switchAttempted: Boolean(state.next || state.switchStartedAt || phases.cutover || phases.failback || phases.rollback || failures.switch),
    rollbackStarted: Boolean(phases.rollback || state.next?.phase === 'rollback' || state.rollbackReason),
    rollbackReason: state.rollbackReason,
    failures,
  };
}

/**
 * What the execution recorded, else what the settings say: not required (the plan is unattended, or the person who
 * started the drill approved then), or unknown when a person had to approve and the execution has no answer (the
 * drill stopped before asking, or asking failed).
 */
function approvalOf(state: EvaluateFailoverEvent): FailoverResult['approval'] {
  const { approval } = state;
  if (approval?.answer !== undefined) return { outcome: approval.outcome, by: approverNamedIn(approval.answer), at: approval.at ?? null };
  if (approval) return { outcome: approval.outcome, by: approval.by ?? null, at: approval.at ?? null };
  const { settings } = state.item;
  if (!settings.approvalRequired) return { outcome: 'not-required', by: settings.approvedBy, at: null };
  return { outcome: 'unknown', by: null, at: null };
}

/**
 * The approver an answer names (`dr-drill approve` sends {"approvedBy": ...}); null when it names nobody: an answer
 * typed into the console (`{}`, a string, anything) still approves, by someone the record cannot name.
 */
export function approverNamedIn(answer: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer);
  } catch {
    return null;
  }
  const by = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>).approvedBy : undefined;
  return typeof by === 'string' && by.trim() !== '' ? by.trim().slice(0, 200) : null;
}
