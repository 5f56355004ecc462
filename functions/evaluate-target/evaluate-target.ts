// Evaluate Target: the last step of a target's drill. Reads everything the execution gathered and returns the
// target's result: timings from AWS's own timestamps, RTO/RPO against objectives, what cleanup left, a verdict
// and the reason in words a person on call understands.
import { z } from 'zod';
import {
  ceilingsSchema,
  drillContextSchema,
  recoveryPointChoiceSchema,
  isoTime,
  STEP_NAMES,
  targetNamesSchema,
  validationResultSchema,
  type TargetResult,
} from '../../lib/drill/contracts';
import { objectivesSchema, targetSchema } from '../../lib/plan/schema';
import { definitionOf } from '../../lib/resource-types/targets/definition-registry';
import { measureTarget } from '../../lib/measure/rto-rpo';
import { formatDuration, formatObjective } from '../../lib/measure/durations';
import { parsePayload } from '../../lib/lambda/parse';
import type { Deps } from '../../lib/lambda/deps';
import type { DrillStore } from '../../lib/drill/store';
import { targetUsage, type TargetUsage } from '../../lib/cost/usage';

const caught = z.object({ Error: z.string(), Cause: z.string().optional() });
const optionalTime = isoTime.nullable().optional();

export const evaluateEventSchema = z.object({
  drill: drillContextSchema,
  target: targetSchema,
  objectives: objectivesSchema,
  ceilings: ceilingsSchema,
  names: targetNamesSchema,
  failures: z.record(z.string(), caught),
  cleanupFailures: z.record(z.string(), caught),
  warnings: z.record(z.string(), caught).optional(),
  recoveryPoint: z.object({ arn: z.string(), createdAt: isoTime, choice: recoveryPointChoiceSchema.optional() }).optional(),
  copy: z
    .object({
      jobId: z.string(),
      job: z
        .object({
          state: z.string(),
          creationDate: optionalTime,
          completionDate: optionalTime,
          statusMessage: z.string().nullable().optional(),
          backupSizeInBytes: z.number().nullable().optional(),
        })
        .optional(),
    })
    .optional(),
  restore: z
    .object({
      jobId: z.string(),
      job: z
        .object({
          Status: z.string(),
          CreationDate: optionalTime,
          CompletionDate: optionalTime,
          CreatedResourceArn: z.string().optional(),
          StatusMessage: z.string().optional(),
          BackupSizeInBytes: z.number().optional(),
        })
        .optional(),
    })
    .optional(),
  validation: z.object({ result: validationResultSchema }).optional(),
  /** What Prepare Restore sent (the cost estimate reads its sizes and classes) and the DB instance the drill added. */
  restoreRequest: z.object({ metadata: z.record(z.string(), z.unknown()) }).optional(),
  instance: z.object({ identifier: z.string().optional() }).optional(),
  cleanupCheck: z.object({ checkedAt: isoTime, complete: z.boolean(), remaining: z.array(z.string()), deleted: z.array(z.string()) }).optional(),
});
type EvaluateEvent = z.infer<typeof evaluateEventSchema>;

const STEP_LABELS: Record<string, string> = {
  findRecoveryPoint: 'finding the latest recovery point',
  startCopyJob: 'starting the cross-region copy',
  waitForCopy: 'the cross-region copy',
  prepareRestore: 'preparing the restore',
  startRestoreJob: 'starting the restore',
  waitForRestore: 'the restore',
  tagRestored: 'tagging the restored resource',
  createInstance: 'creating the DB instance',
  waitForInstance: 'waiting for the DB instance',
  enableDataApi: 'enabling the RDS Data API on the restored cluster',
  validate: 'validation',
};

/** What the child execution returns: the full result is in the drill store, where Build Report reads it. */
export interface TargetOutcome {
  targetId: string;
  verdict: TargetResult['verdict'];
  reason: string;
}

export async function evaluateTarget(event: unknown, deps: Pick<Deps, 'now'>, store: Pick<DrillStore, 'putResult'>): Promise<TargetOutcome> {
  const s = parsePayload(evaluateEventSchema, event, 'Evaluate Target');
  const result = targetResult(s, deps.now().toISOString());
  await store.putResult(s.drill.id, result);
  return { targetId: result.targetId, verdict: result.verdict, reason: result.reason.slice(0, 500) };
}

export function targetResult(s: EvaluateEvent, finishedAt: string): TargetResult {
  const validation = s.validation?.result;
  const measured = measureTarget({
    times: {
      drillStartedAt: s.drill.startedAt,
      recoveryPointCreatedAt: s.recoveryPoint?.createdAt,
      copyJobCreatedAt: s.copy?.job?.creationDate,
      copyJobCompletedAt: s.copy?.job?.state === 'COMPLETED' ? s.copy.job.completionDate : null,
      restoreJobCreatedAt: s.restore?.job?.CreationDate,
      restoreJobCompletedAt: s.restore?.job?.Status === 'COMPLETED' ? s.restore.job.CompletionDate : null,
      // For a type the drill adds a DB instance to (Aurora): it learns the instance is available when validation can start.
      instanceAvailableAt: definitionOf(s.target).addsDbInstance ? validation?.startedAt : null,
      validationStartedAt: validation?.startedAt,
      validationFinishedAt: validation?.finishedAt,
      cleanupFinishedAt: s.cleanupCheck?.checkedAt ?? finishedAt,
    },
    objectives: s.objectives,
    validationPassed: validation?.passed === true,
  });

  const cleanup = cleanupOutcome(s);
  const dataRpo = dataRpoOf(s);
  const { failedStep, reason } = verdictReason(s, measured, cleanup, dataRpo);
  return {
    targetId: s.target.id,
    type: s.target.type,
    verdict: failedStep === null ? 'PASSED' : 'FAILED',
    reason,
    failedStep,
    recoveryPoint: s.recoveryPoint ? { arn: s.recoveryPoint.arn, createdAt: s.recoveryPoint.createdAt } : null,
    recoveryPoints: s.recoveryPoint?.choice ?? null,
    jobs: { copyJobId: s.copy?.jobId ?? null, restoreJobId: s.restore?.jobId ?? null },
    restoredResourceArn: s.restore?.job?.CreatedResourceArn ?? null,
    ...measured,
    dataRpo,
    checks: validation?.checks ?? [],
    cleanup,
    usage: usageOf(s, measured, finishedAt),
  };
}

/** What the target ran, as its bill depends on it: sizes from the type's module, hours from AWS's own timestamps. */
function usageOf(s: EvaluateEvent, m: ReturnType<typeof measureTarget>, finishedAt: string): TargetUsage {
  const definition = definitionOf(s.target);
  const metadata = Object.fromEntries(Object.entries(s.restoreRequest?.metadata ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const cleanup = m.timeline.find((t) => t.step === 'cleanup');
  const restoreJob = s.restore?.job;
  const copyJob = s.copy?.job?.state === 'COMPLETED' ? s.copy.job : undefined;
  return targetUsage({
    region: s.drill.drRegion,
    sourceRegion: s.drill.sourceRegion,
    keepCopies: s.drill.keepCopies,
    size: definition.cost.size(s.target, metadata),
    restore: restoreJob
      ? {
          createdAt: restoreJob.CreationDate ?? null,
          completedAt: restoreJob.CompletionDate ?? null,
          createdResource: Boolean(restoreJob.CreatedResourceArn),
          bytes: restoreJob.BackupSizeInBytes ?? null,
        }
      : null,
    instanceAdded: Boolean(definition.addsDbInstance && s.instance?.identifier),
    copy: copyJob ? { createdAt: copyJob.creationDate ?? null, completedAt: copyJob.completionDate ?? null, bytes: copyJob.backupSizeInBytes ?? null } : null,
    endedAt: s.cleanupCheck?.checkedAt ?? finishedAt,
    deletionConfirmed: s.cleanupCheck?.complete ?? false,
    waits: {
      copy: m.minutes.copy,
      restore: m.minutes.restore,
      instance: m.minutes.instance,
      cleanup: cleanup ? (Date.parse(cleanup.finishedAt) - Date.parse(cleanup.startedAt)) / 60_000 : null,
    },
  });
}

function cleanupOutcome(s: EvaluateEvent): TargetResult['cleanup'] {
  const errors = Object.entries(s.cleanupFailures).map(([step, f]) => `${step}: ${describeCause(f)}`);
  const leftBehind = s.cleanupCheck?.remaining ?? (errors.length > 0 ? ['unknown: cleanup could not be confirmed'] : []);
  return {
    complete: (s.cleanupCheck?.complete ?? false) && errors.length === 0,
    deleted: s.cleanupCheck?.deleted ?? [],
    leftBehind,
    errors,
  };
}

/**
 * The RPO the restored data itself shows: a freshness check measured the newest record's age when validation ran;
 * taken back to the drill's start it compares with the recovery point's age (the two differ when a backup was
 * incomplete or the writes it should hold were missing).
 */
function dataRpoOf(s: EvaluateEvent): TargetResult['rpo'] | null {
  const validation = s.validation?.result;
  if (!validation || validation.dataAgeSeconds === null || validation.dataAgeSeconds === undefined) return null;
  // An older backup chosen on purpose (recoveryPoint.selection random or a window) holds older data by design: its age
  // says nothing about what a disaster would lose, which the newest point's RPO already measures.
  const choice = s.recoveryPoint?.choice;
  if (choice && choice.restored.createdAt < s.recoveryPoint!.createdAt) return null;
  const sinceDrillStart = (Date.parse(validation.startedAt) - Date.parse(s.drill.startedAt)) / 1000;
  const minutes = Math.round((Math.max(0, validation.dataAgeSeconds - sinceDrillStart) / 60) * 10) / 10;
  return { measuredMinutes: minutes, objectiveMinutes: s.objectives.rpoMinutes, met: minutes <= s.objectives.rpoMinutes };
}

function verdictReason(
  s: EvaluateEvent,
  m: ReturnType<typeof measureTarget>,
  cleanup: TargetResult['cleanup'],
  dataRpo: TargetResult['rpo'] | null,
): { failedStep: string | null; reason: string } {
  const failed = STEP_NAMES.find((step) => s.failures[step]);
  if (failed) {
    const failure = s.failures[failed] as z.infer<typeof caught>;
    return { failedStep: failed, reason: `${STEP_LABELS[failed]} failed: ${describeCause(failure, s)}` };
  }
  const validation = s.validation?.result;
  if (!validation) return { failedStep: 'validate', reason: 'the drill ended before validation ran' };
  if (!validation.passed) {
    const bad = validation.checks.filter((c) => !c.passed);
    return { failedStep: 'validate', reason: `${bad.length} of ${validation.checks.length} checks failed: ${bad.map((c) => `${c.name} (${c.reason})`).join('; ')}` };
  }
  if (!cleanup.complete) {
    const what = [...cleanup.leftBehind, ...cleanup.errors];
    return { failedStep: 'cleanup', reason: `left behind after the drill: ${what.join('; ') || 'cleanup could not be confirmed'}` };
  }
  const missed = [
    m.rto.met ? null : formatObjective('RTO', m.rto.measuredMinutes, m.rto.objectiveMinutes),
    m.rpo.met ? null : `${formatObjective('RPO', m.rpo.measuredMinutes, m.rpo.objectiveMinutes)}${copyLag(s)}`,
    !dataRpo || dataRpo.met ? null : `${formatObjective('RPO', dataRpo.measuredMinutes, dataRpo.objectiveMinutes)} (as the restored data shows it)`,
  ].filter((x): x is string => x !== null);
  if (missed.length > 0) return { failedStep: 'objectives', reason: `objective missed: ${missed.join('; ')}` };
  return {
    failedStep: null,
    reason: `recovered and validated; ${formatObjective('RTO', m.rto.measuredMinutes, m.rto.objectiveMinutes)}, ${formatObjective('RPO', m.rpo.measuredMinutes, m.rpo.objectiveMinutes)}; cleaned up`,
  };
}

/**
 * Why a DR copy is too old: the copy rule that should keep it fresh, and the primary vault's newer point that has not
 * reached the DR vault yet (the copy lag). Empty when the RPO was measured on the primary vault's point.
 */
function copyLag(s: EvaluateEvent): string {
  const choice = s.recoveryPoint?.choice;
  if (!choice?.dr || choice.source === 'copy') return '';
  const rule = choice.copyRule ?? 'no copy rule of the backup plan';
  const primary = choice.primary;
  if (!primary || primary.createdAt <= choice.dr.createdAt) return ` (the DR vault's newest copy, of ${choice.dr.createdAt}, made by ${rule})`;
  const lag = (Date.parse(primary.createdAt) - Date.parse(choice.dr.createdAt)) / 60_000;
  return ` (the DR vault's newest copy is of ${choice.dr.createdAt}, made by ${rule}; the primary vault has a newer point of ${primary.createdAt}, not yet in the DR vault: copy lag ${formatDuration(Math.round(lag))})`;
}

/** Lambda failures carry a JSON Cause ({errorMessage}); service errors carry text. Add AWS's own status message. */
function describeCause(failure: z.infer<typeof caught>, s?: EvaluateEvent): string {
  let message = failure.Cause ?? '';
  try {
    const parsed = JSON.parse(message) as { errorMessage?: string };
    if (parsed && typeof parsed.errorMessage === 'string') message = parsed.errorMessage;
  } catch {
    // Not JSON: the service's own text.
  }
  const statusMessage =
    failure.Error === 'CopyJobFailed' ? s?.copy?.job?.statusMessage : failure.Error === 'RestoreJobFailed' ? s?.restore?.job?.StatusMessage : null;
  const detail = [message, statusMessage].filter(Boolean).join(': ');
  return detail ? `${failure.Error}: ${detail}` : failure.Error;
}
