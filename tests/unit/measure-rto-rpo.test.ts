import { ClockSkewError } from '../../lib/measure/errors';
import { measureTarget, type TargetTimes } from '../../lib/measure/rto-rpo';

const objectives = { rtoMinutes: 60, rpoMinutes: 24 * 60 };

// An Aurora drill shaped like the case study: a 6-hour-old nightly backup, restored and validated in 27 minutes.
const auroraDrill: TargetTimes = {
  drillStartedAt: '2025-03-04T02:00:00Z',
  recoveryPointCreatedAt: '2025-03-03T20:00:00Z',
  copyJobCreatedAt: '2025-03-04T02:00:40Z',
  copyJobCompletedAt: '2025-03-04T02:41:10Z',
  restoreJobCreatedAt: '2025-03-04T02:42:00Z',
  restoreJobCompletedAt: '2025-03-04T03:01:30Z',
  instanceAvailableAt: '2025-03-04T03:06:20Z',
  validationStartedAt: '2025-03-04T03:06:30Z',
  validationFinishedAt: '2025-03-04T03:09:00Z',
  cleanupFinishedAt: '2025-03-04T03:20:00Z',
};

describe('measureTarget', () => {
  it('meets both objectives in a case-study drill, leaving the copy out of RTO', () => {
    const m = measureTarget({ times: auroraDrill, objectives, validationPassed: true });

    expect(m.rto).toEqual({ measuredMinutes: 27, objectiveMinutes: 60, met: true });
    expect(m.rpo).toEqual({ measuredMinutes: 360, objectiveMinutes: 1440, met: true });
    expect(m.minutes).toEqual({ copy: 40.5, restore: 19.5, instance: 4.8, validation: 2.5, total: 80 });
  });

  it('lays the steps out on a timeline in time order, cleanup starting where validation ended', () => {
    const m = measureTarget({ times: auroraDrill, objectives, validationPassed: true });

    expect(m.timeline).toEqual([
      { step: 'copy', startedAt: '2025-03-04T02:00:40Z', finishedAt: '2025-03-04T02:41:10Z' },
      { step: 'restore', startedAt: '2025-03-04T02:42:00Z', finishedAt: '2025-03-04T03:01:30Z' },
      { step: 'instance', startedAt: '2025-03-04T03:01:30Z', finishedAt: '2025-03-04T03:06:20Z' },
      { step: 'validation', startedAt: '2025-03-04T03:06:30Z', finishedAt: '2025-03-04T03:09:00Z' },
      { step: 'cleanup', startedAt: '2025-03-04T03:09:00Z', finishedAt: '2025-03-04T03:20:00Z' },
    ]);
  });

  it('counts an RTO exactly on the objective as met', () => {
    const m = measureTarget({
      times: { ...auroraDrill, validationFinishedAt: '2025-03-04T03:42:00Z', cleanupFinishedAt: '2025-03-04T03:50:00Z' },
      objectives,
      validationPassed: true,
    });

    expect(m.rto).toEqual({ measuredMinutes: 60, objectiveMinutes: 60, met: true });
  });

  it('misses the RTO when the restore runs long', () => {
    const m = measureTarget({
      times: {
        ...auroraDrill,
        restoreJobCompletedAt: '2025-03-04T03:40:00Z',
        instanceAvailableAt: '2025-03-04T03:45:00Z',
        validationStartedAt: '2025-03-04T03:45:10Z',
        validationFinishedAt: '2025-03-04T03:47:30Z',
        cleanupFinishedAt: '2025-03-04T04:00:00Z',
      },
      objectives,
      validationPassed: true,
    });

    expect(m.rto).toEqual({ measuredMinutes: 65.5, objectiveMinutes: 60, met: false });
    expect(m.rpo.met).toBe(true);
  });

  it('misses the RPO when the newest recovery point is older than the objective', () => {
    const m = measureTarget({
      times: { ...auroraDrill, recoveryPointCreatedAt: '2025-03-02T20:00:00Z' },
      objectives,
      validationPassed: true,
    });

    expect(m.rpo).toEqual({ measuredMinutes: 1800, objectiveMinutes: 1440, met: false });
    expect(m.rto.met).toBe(true);
  });

  it('does not count an RTO when validation finished but failed: nothing usable was recovered', () => {
    const m = measureTarget({ times: auroraDrill, objectives, validationPassed: false });

    expect(m.rto).toEqual({ measuredMinutes: null, objectiveMinutes: 60, met: false });
    expect(m.minutes.validation).toBe(2.5);
  });

  it('gives nulls, never NaN, when the copy job failed before any restore', () => {
    const m = measureTarget({
      times: {
        drillStartedAt: '2025-03-04T02:00:00Z',
        recoveryPointCreatedAt: '2025-03-03T20:00:00Z',
        copyJobCreatedAt: '2025-03-04T02:00:40Z',
        copyJobCompletedAt: null,
        cleanupFinishedAt: '2025-03-04T02:05:00Z',
      },
      objectives,
      validationPassed: false,
    });

    expect(m.minutes).toEqual({ copy: null, restore: null, instance: null, validation: null, total: 5 });
    expect(m.rto).toEqual({ measuredMinutes: null, objectiveMinutes: 60, met: false });
    expect(m.rpo).toEqual({ measuredMinutes: 360, objectiveMinutes: 1440, met: true });
    expect(m.timeline).toEqual([{ step: 'cleanup', startedAt: '2025-03-04T02:00:00Z', finishedAt: '2025-03-04T02:05:00Z' }]);
  });

  it('misses the RPO when no recovery point was found', () => {
    const m = measureTarget({ times: { drillStartedAt: '2025-03-04T02:00:00Z' }, objectives, validationPassed: false });

    expect(m.rpo).toEqual({ measuredMinutes: null, objectiveMinutes: 1440, met: false });
    expect(m.timeline).toEqual([]);
  });

  it('refuses to measure when a restore job completes before it was created', () => {
    const act = () =>
      measureTarget({ times: { ...auroraDrill, restoreJobCompletedAt: '2025-03-04T02:41:00Z' }, objectives, validationPassed: true });

    expect(act).toThrow(ClockSkewError);
    expect(act).toThrow('restore: ends (2025-03-04T02:41:00Z) before it starts (2025-03-04T02:42:00Z)');
  });

  it('refuses a recovery point created after the drill started rather than report a negative RPO', () => {
    const act = () =>
      measureTarget({ times: { ...auroraDrill, recoveryPointCreatedAt: '2025-03-04T02:00:05Z' }, objectives, validationPassed: true });

    expect(act).toThrow(/^RPO \(recovery point created to drill start\): ends/);
  });
});
