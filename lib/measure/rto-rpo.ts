// RTO and RPO arithmetic for one target's drill: pure functions over the timestamps AWS reports.
import type { TargetResult } from '../drill/contracts';
import type { Objectives } from '../plan/schema';
import { minutesBetween, parseIso } from './durations';

/**
 * What AWS and the drill recorded for one target. Everything after the drill's start may be missing:
 * a drill that failed at a step has no timestamps for the steps after it.
 */
export interface TargetTimes {
  drillStartedAt: string;
  /** The recovery point's CreationDate: when the backup that holds this data was taken. */
  recoveryPointCreatedAt?: string | null;
  copyJobCreatedAt?: string | null;
  copyJobCompletedAt?: string | null;
  /** The restore job's CreationDate (RTO starts here). */
  restoreJobCreatedAt?: string | null;
  restoreJobCompletedAt?: string | null;
  /** Aurora only: a restored cluster has no instance until the drill creates one and it becomes available. */
  instanceAvailableAt?: string | null;
  validationStartedAt?: string | null;
  validationFinishedAt?: string | null;
  /** When absent, cleanup is taken to start at the latest other timestamp: the drill goes straight to cleanup. */
  cleanupStartedAt?: string | null;
  cleanupFinishedAt?: string | null;
}

export interface MeasureTargetInput {
  times: TargetTimes;
  objectives: Objectives;
  /** Whether every validation check passed: a finished validation that failed did not recover anything. */
  validationPassed: boolean;
}

export type Measure = TargetResult['rto'];
export type TimelineEntry = TargetResult['timeline'][number];
export type TargetMeasurement = Pick<TargetResult, 'minutes' | 'rto' | 'rpo' | 'timeline'>;

type Iso = string | null | undefined;

/** Minutes between two optional timestamps: null when either is missing, so a failed drill never yields NaN. */
function span(start: Iso, end: Iso, what: string): number | null {
  return start && end ? minutesBetween(start, end, what) : null;
}

/**
 * Compared after rounding to one decimal, the value the report prints: "60 min vs objective 60 min" must read as met.
 * An unmeasured value is never met: the absence of evidence is not a pass.
 */
function against(measuredMinutes: number | null, objectiveMinutes: number): Measure {
  return { measuredMinutes, objectiveMinutes, met: measuredMinutes !== null && measuredMinutes <= objectiveMinutes };
}

/**
 * RPO: the data a disaster at the drill's start would have lost, i.e. the age of the newest recovery point
 * the drill could find at that moment. It does not depend on whether the restore later worked.
 */
export function measureRpo(times: Pick<TargetTimes, 'drillStartedAt' | 'recoveryPointCreatedAt'>, objectiveMinutes: number): Measure {
  return against(span(times.recoveryPointCreatedAt, times.drillStartedAt, 'RPO (recovery point created to drill start)'), objectiveMinutes);
}

/**
 * RTO: from the restore job's creation to validation finished, i.e. until the data is proven usable in the DR region.
 * The cross-region copy is left out on purpose: in a real regional outage the copy must already be in the DR vault
 * (it cannot be made from a region that is down), so copy time is drill preparation and is reported on its own.
 * Without a passed validation nothing was recovered, so RTO is unmeasured and missed.
 */
export function measureRto(
  times: Pick<TargetTimes, 'restoreJobCreatedAt' | 'validationFinishedAt'>,
  validationPassed: boolean,
  objectiveMinutes: number,
): Measure {
  const measured = span(times.restoreJobCreatedAt, times.validationFinishedAt, 'RTO (restore job created to validation finished)');
  return against(validationPassed ? measured : null, objectiveMinutes);
}

/** Only completed steps enter the timeline: a step with no end has no duration to show. */
function entry(step: string, startedAt: Iso, finishedAt: Iso): TimelineEntry[] {
  if (!startedAt || !finishedAt) return [];
  minutesBetween(startedAt, finishedAt, step); // the same clock-skew guard as the durations, for steps not in `minutes`
  return [{ step, startedAt, finishedAt }];
}

function latest(values: Iso[]): string | null {
  let best: string | null = null;
  for (const value of values) if (value && (best === null || parseIso(value) > parseIso(best))) best = value;
  return best;
}

/** The `minutes`, `rto`, `rpo` and `timeline` parts of a TargetResult. Throws ClockSkewError on reversed timestamps. */
export function measureTarget({ times: t, objectives, validationPassed }: MeasureTargetInput): TargetMeasurement {
  const cleanupStartedAt =
    t.cleanupStartedAt ??
    latest([t.drillStartedAt, t.copyJobCompletedAt, t.restoreJobCompletedAt, t.instanceAvailableAt, t.validationFinishedAt]);

  const timeline = [
    ...entry('copy', t.copyJobCreatedAt, t.copyJobCompletedAt),
    ...entry('restore', t.restoreJobCreatedAt, t.restoreJobCompletedAt),
    // Aurora: the cluster restored by AWS Backup needs an instance before anything can connect to it.
    ...entry('instance', t.restoreJobCompletedAt, t.instanceAvailableAt),
    ...entry('validation', t.validationStartedAt, t.validationFinishedAt),
    ...entry('cleanup', cleanupStartedAt, t.cleanupFinishedAt),
  ].sort((a, b) => parseIso(a.startedAt) - parseIso(b.startedAt) || parseIso(a.finishedAt) - parseIso(b.finishedAt));

  return {
    minutes: {
      copy: span(t.copyJobCreatedAt, t.copyJobCompletedAt, 'copy'),
      restore: span(t.restoreJobCreatedAt, t.restoreJobCompletedAt, 'restore'),
      instance: span(t.restoreJobCompletedAt, t.instanceAvailableAt, 'instance'),
      validation: span(t.validationStartedAt, t.validationFinishedAt, 'validation'),
      // How long this target's drill occupied the DR region, cleanup included: what it cost, not what it proves.
      total: span(t.drillStartedAt, t.cleanupFinishedAt, 'total (drill start to cleanup finished)'),
    },
    rto: measureRto(t, validationPassed, objectives.rtoMinutes),
    rpo: measureRpo(t, objectives.rpoMinutes),
    timeline,
  };
}
