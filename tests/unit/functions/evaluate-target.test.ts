import { evaluateTarget } from '../../../functions/evaluate-target/evaluate-target';
import { targetResultSchema, type CheckResult, type TargetResult } from '../../../lib/drill/contracts';
import { ACCOUNT, BACKUP_ROLE_ARN, DRILL_ID, DR_VAULT, childState, lambdaCause, memoryStore, restoredName, testDeps, type ChildState } from './fixtures';

// Times of one Aurora drill, as AWS and the Lambdas recorded them (the drill started at 02:00).
const T = {
  recoveryPoint: '2025-03-03T22:00:00.000Z', // 4 h before the drill: RPO 240 min
  copyCreated: '2025-03-04T02:00:40.000Z',
  copyCompleted: '2025-03-04T02:12:40.000Z',
  restoreCreated: '2025-03-04T02:13:30.000Z',
  restoreCompleted: '2025-03-04T02:31:30.000Z',
  validationStarted: '2025-03-04T02:41:00.000Z',
  validationFinished: '2025-03-04T02:41:02.000Z', // RTO: 02:13:30 -> 02:41:02 = 27.5 min
  cleanupChecked: '2025-03-04T03:05:00.000Z',
  evaluated: '2025-03-04T03:05:02.000Z',
};

const COPY_JOB_ID = '5E3B1C2D-7A8F-4B6C-9D0E-1F2A3B4C5D6E';
const RESTORE_JOB_ID = '7C1D2E3F-4A5B-6C7D-8E9F-0A1B2C3D4E5F';
const SOURCE_POINT = `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster-snapshot:awsbackup:job-4f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b`;
const COPIED_POINT = `arn:aws:rds:eu-west-2:${ACCOUNT}:cluster-snapshot:awsbackup:copyjob-5e3b1c2d-7a8f-4b6c-9d0e-1f2a3b4c5d6e`;
const CLUSTER = `arn:aws:rds:eu-west-2:${ACCOUNT}:cluster:${restoredName('patients-db')}`;

const PASSING_CHECKS: CheckResult[] = [
  { name: 'cluster available', passed: true, value: 'available', expected: 'available', reason: 'restored cluster is available' },
  { name: 'cluster endpoint', passed: true, value: 'present', expected: 'present', reason: 'cluster writer endpoint is present' },
  { name: 'instance available', passed: true, value: 'available', expected: 'available', reason: 'drill DB instance is available' },
  { name: 'instance endpoint', passed: true, value: 'present', expected: 'present', reason: 'DB instance endpoint is present' },
];

type State = ChildState & Record<string, unknown>;

/** The copy-job Lambda's Describe result, as Describe Copy Job stores it under $.copy. */
const copyDescribed = (state: string, extra: Record<string, unknown> = {}) => ({
  jobId: COPY_JOB_ID,
  job: {
    copyJobId: COPY_JOB_ID,
    state,
    creationDate: T.copyCreated,
    completionDate: state === 'RUNNING' ? null : T.copyCompleted,
    destinationRecoveryPointArn: state === 'COMPLETED' ? COPIED_POINT : null,
    statusMessage: null,
    backupSizeInBytes: state === 'COMPLETED' ? 21_474_836_480 : null,
    ...extra,
  },
});

/** DescribeRestoreJob through the aws-sdk integration (Step Functions naming, ISO dates), stored under $.restore. */
const restoreDescribed = (Status: string, extra: Record<string, unknown> = {}) => ({
  jobId: RESTORE_JOB_ID,
  job: {
    AccountId: ACCOUNT,
    RestoreJobId: RESTORE_JOB_ID,
    RecoveryPointArn: COPIED_POINT,
    CreationDate: T.restoreCreated,
    ...(Status === 'COMPLETED' ? { CompletionDate: T.restoreCompleted, CreatedResourceArn: CLUSTER, PercentDone: '100.00%' } : {}),
    Status,
    BackupSizeInBytes: 21_474_836_480,
    IamRoleArn: BACKUP_ROLE_ARN,
    ResourceType: 'Aurora',
    RecoveryPointCreationDate: T.recoveryPoint,
    ...extra,
  },
});

const confirmedClean = (deleted: string[] = [COPIED_POINT, `DB instance ${restoredName('patients-db')}-db`, CLUSTER]) => ({
  checkedAt: T.cleanupChecked,
  complete: true,
  remaining: [],
  deleted,
});

/** The whole child state when Evaluate Target runs after an Aurora drill that went right from start to end. */
async function passedAuroraDrill(): Promise<State> {
  const state = await childState('patients-db');
  return {
    ...state,
    recoveryPoint: { arn: SOURCE_POINT, createdAt: T.recoveryPoint },
    copy: copyDescribed('COMPLETED'),
    poll: { waitSeconds: 300, elapsedSeconds: 630 },
    restoreMetadata: { metadata: { Engine: 'aurora-postgresql' } },
    restoreRequest: { metadata: { Engine: 'aurora-postgresql' }, resourceType: 'Aurora', engine: 'aurora-postgresql' },
    restore: restoreDescribed('COMPLETED'),
    instance: { identifier: state.names.instance, status: 'available' },
    validation: { result: { passed: true, startedAt: T.validationStarted, finishedAt: T.validationFinished, checks: PASSING_CHECKS } },
    settle: { waitSeconds: 30, elapsedSeconds: 60 },
    cleanupCheck: confirmedClean(),
  };
}

/** The child state of a drill that failed at `step` before the restore and went straight to cleanup. */
async function failedEarly(step: string, failure: { Error: string; Cause?: string }): Promise<State> {
  const state = await childState('patients-db');
  return { ...state, failures: { [step]: failure }, settle: { waitSeconds: 30, elapsedSeconds: 0 }, cleanupCheck: confirmedClean([]) };
}

/** Runs Evaluate Target and answers the full result it recorded in the drill store (what Build Report reads). */
async function evaluate(state: unknown): Promise<TargetResult> {
  const store = memoryStore();
  const outcome = await evaluateTarget(state, testDeps([T.evaluated]), store);
  const recorded = store.results.get(DRILL_ID)?.get(outcome.targetId);
  if (!recorded) throw new Error(`Evaluate Target recorded no result for ${outcome.targetId}`);
  return recorded;
}

describe('evaluateTarget (Evaluate Target)', () => {
  describe('a drill that went right', () => {
    it('passes the target, with timings from AWS timestamps, RTO/RPO against the objectives and the cleanup', async () => {
      const result = await evaluate(await passedAuroraDrill());

      expect(result).toEqual({
        targetId: 'patients-db',
        type: 'aurora',
        verdict: 'PASSED',
        reason: 'recovered and validated; RTO 28 min vs objective 60 min, RPO 4 h vs objective 24 h; cleaned up',
        failedStep: null,
        recoveryPoint: { arn: SOURCE_POINT, createdAt: T.recoveryPoint },
        // A state without Find Latest Recovery Point's choice (recorded before issue 13): none is reported.
        recoveryPoints: null,
        jobs: { copyJobId: COPY_JOB_ID, restoreJobId: RESTORE_JOB_ID },
        restoredResourceArn: CLUSTER,
        // No freshness check ran: there is no data-side RPO to show.
        dataRpo: null,
        timeline: [
          { step: 'copy', startedAt: T.copyCreated, finishedAt: T.copyCompleted },
          { step: 'restore', startedAt: T.restoreCreated, finishedAt: T.restoreCompleted },
          { step: 'instance', startedAt: T.restoreCompleted, finishedAt: T.validationStarted },
          { step: 'validation', startedAt: T.validationStarted, finishedAt: T.validationFinished },
          { step: 'cleanup', startedAt: T.validationFinished, finishedAt: T.cleanupChecked },
        ],
        minutes: { copy: 12, restore: 18, instance: 9.5, validation: 0, total: 65 },
        rto: { measuredMinutes: 27.5, objectiveMinutes: 60, met: true },
        rpo: { measuredMinutes: 240, objectiveMinutes: 1440, met: true },
        checks: PASSING_CHECKS,
        cleanup: { complete: true, deleted: [COPIED_POINT, `DB instance ${restoredName('patients-db')}-db`, CLUSTER], leftBehind: [], errors: [] },
        // What its bill depends on: the class the plan gave the added instance, the sizes AWS Backup reported, and the
        // hours from the restore job's start (instance: from the restore's end) to the confirmed deletion.
        usage: {
          region: 'eu-west-2',
          copiedFrom: 'eu-west-1',
          size: { instanceClass: 'db.r6g.large' },
          restoredBytes: 21_474_836_480,
          restoredHours: expect.closeTo(51.5 / 60, 6),
          instanceHours: expect.closeTo(33.5 / 60, 6),
          deletionConfirmed: true,
          copy: { bytes: 21_474_836_480, storedHours: expect.closeTo(52.3333 / 60, 4), kept: false },
          transitions: expect.any(Number),
        },
      });
    });

    it('reports the RPO the restored data shows, taken back to the drill start, beside the recovery point age', async () => {
      const state = await passedAuroraDrill();
      // At validation (02:41) the newest row was 5 h 11 min old: 4 h 30 min before the drill started at 02:00.
      (state.validation as { result: Record<string, unknown> }).result.dataAgeSeconds = (4 * 60 + 30 + 41) * 60;

      const result = await evaluate(state);

      expect(result.dataRpo).toEqual({ measuredMinutes: 270, objectiveMinutes: 1440, met: true });
      expect(result.verdict).toBe('PASSED');
    });

    it('fails the target when the data is older than the RPO objective even if the recovery point is not', async () => {
      const state = await passedAuroraDrill();
      (state.validation as { result: Record<string, unknown> }).result.dataAgeSeconds = 30 * 3600;

      const result = await evaluate(state);

      expect(result.dataRpo?.met).toBe(false);
      expect(result).toMatchObject({ verdict: 'FAILED', failedStep: 'objectives' });
      expect(result.reason).toContain('(as the restored data shows it)');
    });

    it('answers a result Build Report accepts', async () => {
      const result = await evaluate(await passedAuroraDrill());

      expect(targetResultSchema.safeParse(result).success).toBe(true);
    });

    it('records the full result in the drill store and answers the state machine only the verdict', async () => {
      const store = memoryStore();

      const outcome = await evaluateTarget(await passedAuroraDrill(), testDeps([T.evaluated]), store);

      expect(outcome).toEqual({
        targetId: 'patients-db',
        verdict: 'PASSED',
        reason: 'recovered and validated; RTO 28 min vs objective 60 min, RPO 4 h vs objective 24 h; cleaned up',
      });
      expect(store.putResult).toHaveBeenCalledTimes(1);
      expect(store.putResult).toHaveBeenCalledWith(DRILL_ID, expect.objectContaining({ targetId: 'patients-db', verdict: 'PASSED' }));
    });

    it('keeps the reason it answers the state machine to 500 characters', async () => {
      const state = await passedAuroraDrill();
      state.failures = { validate: { Error: 'States.TaskFailed', Cause: 'x'.repeat(2000) } };
      const store = memoryStore();

      const outcome = await evaluateTarget(state, testDeps([T.evaluated]), store);

      expect(outcome.reason).toHaveLength(500);
      expect(store.results.get(DRILL_ID)?.get('patients-db')?.reason).toBe(`validation failed: States.TaskFailed: ${'x'.repeat(2000)}`);
    });

    it('passes a failure to record the result on, for the state machine to retry', async () => {
      const store = memoryStore();
      store.putResult.mockRejectedValueOnce(Object.assign(new Error('SlowDown: Please reduce your request rate.'), { name: 'TransientAwsError' }));

      const run = evaluateTarget(await passedAuroraDrill(), testDeps([T.evaluated]), store);

      await expect(run).rejects.toMatchObject({ name: 'TransientAwsError' });
    });

    it('still passes when only tagging the copy failed: that is a warning', async () => {
      const state = await passedAuroraDrill();
      state.warnings = { tagCopy: { Error: 'Backup.InvalidParameterValueException', Cause: 'This resource type does not support tagging' } };

      const result = await evaluate(state);

      expect(result.verdict).toBe('PASSED');
    });

    it('measures no instance step for a type restored without one', async () => {
      const table = `arn:aws:dynamodb:eu-west-2:${ACCOUNT}:table/${restoredName('appointments')}`;
      const state = {
        ...(await childState('appointments')),
        recoveryPoint: { arn: `arn:aws:backup:eu-west-1:${ACCOUNT}:recovery-point:appointments-01`, createdAt: T.recoveryPoint },
        copy: copyDescribed('COMPLETED'),
        restore: restoreDescribed('COMPLETED', { CreatedResourceArn: table, ResourceType: 'DynamoDB' }),
        validation: { result: { passed: true, startedAt: T.validationStarted, finishedAt: T.validationFinished, checks: [] } },
        cleanupCheck: confirmedClean([table]),
      };

      const result = await evaluate(state);

      expect(result.minutes.instance).toBeNull();
      expect(result.timeline.map((e) => e.step)).toEqual(['copy', 'restore', 'validation', 'cleanup']);
    });
  });

  describe('a failed step', () => {
    it('fails at finding the recovery point with the Lambda error message, and measures nothing', async () => {
      const message = `no completed snapshot recovery point of arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:patients-db in vault nhs-patient-platform (eu-west-1) created before the drill started (continuous backups cannot be copied: add a snapshot backup rule)`;
      const state = await failedEarly('findRecoveryPoint', { Error: 'NoRecoveryPointError', Cause: lambdaCause('NoRecoveryPointError', message) });

      const result = await evaluate(state);

      expect(result).toMatchObject({
        verdict: 'FAILED',
        failedStep: 'findRecoveryPoint',
        reason: `finding the latest recovery point failed: NoRecoveryPointError: ${message}`,
        recoveryPoint: null,
        jobs: { copyJobId: null, restoreJobId: null },
        restoredResourceArn: null,
        rto: { measuredMinutes: null, objectiveMinutes: 60, met: false },
        rpo: { measuredMinutes: null, objectiveMinutes: 1440, met: false },
        checks: [],
        cleanup: { complete: true, deleted: [], leftBehind: [], errors: [] },
      });
    });

    it("fails a failed copy with AWS Backup's own status message", async () => {
      const state = await failedEarly('waitForCopy', { Error: 'CopyJobFailed', Cause: `copy job ${COPY_JOB_ID} ended FAILED` });
      Object.assign(state, {
        recoveryPoint: { arn: SOURCE_POINT, createdAt: T.recoveryPoint },
        copy: copyDescribed('FAILED', { statusMessage: 'Insufficient privileges to perform this action.' }),
      });

      const result = await evaluate(state);

      expect(result).toMatchObject({
        failedStep: 'waitForCopy',
        reason: `the cross-region copy failed: CopyJobFailed: copy job ${COPY_JOB_ID} ended FAILED: Insufficient privileges to perform this action.`,
        jobs: { copyJobId: COPY_JOB_ID, restoreJobId: null },
        minutes: { copy: null },
        rpo: { measuredMinutes: 240, met: true },
      });
    });

    it("fails a failed restore with AWS Backup's own status message", async () => {
      const state = await passedAuroraDrill();
      Object.assign(state, {
        restore: restoreDescribed('FAILED', { CompletionDate: T.restoreCompleted, StatusMessage: 'DB subnet group dr-isolated-db does not exist' }),
        instance: undefined,
        validation: undefined,
        failures: { waitForRestore: { Error: 'RestoreJobFailed', Cause: `restore job ${RESTORE_JOB_ID} ended FAILED` } },
        cleanupCheck: confirmedClean([COPIED_POINT]),
      });

      const result = await evaluate(state);

      expect(result).toMatchObject({
        verdict: 'FAILED',
        failedStep: 'waitForRestore',
        reason: `the restore failed: RestoreJobFailed: restore job ${RESTORE_JOB_ID} ended FAILED: DB subnet group dr-isolated-db does not exist`,
        minutes: { restore: null },
        rto: { measuredMinutes: null, met: false },
      });
    });

    it('does not add a status message to a wait that timed out', async () => {
      const state = await passedAuroraDrill();
      Object.assign(state, {
        restore: restoreDescribed('RUNNING', { StatusMessage: 'Restoring' }),
        instance: undefined,
        validation: undefined,
        failures: {
          waitForRestore: { Error: 'WaitTimeout', Cause: `restore job ${RESTORE_JOB_ID} still RUNNING after the plan ceiling of 21600 s` },
        },
      });

      const result = await evaluate(state);

      expect(result.reason).toBe(`the restore failed: WaitTimeout: restore job ${RESTORE_JOB_ID} still RUNNING after the plan ceiling of 21600 s`);
    });

    it("quotes a service integration's error text as it is", async () => {
      const cause =
        'Invalid restore metadata: DBSubnetGroupName (Service: Backup, Status Code: 400, Request ID: 1c2d3e4f-5a6b-7c8d-9e0f-1a2b3c4d5e6f)';
      const state = await failedEarly('startRestoreJob', { Error: 'Backup.InvalidParameterValueException', Cause: cause });

      const result = await evaluate(state);

      expect(result.reason).toBe(`starting the restore failed: Backup.InvalidParameterValueException: ${cause}`);
    });

    it('names the error alone when Step Functions recorded no cause', async () => {
      const state = await passedAuroraDrill();
      Object.assign(state, { validation: undefined, failures: { validate: { Error: 'States.Timeout' } } });

      const result = await evaluate(state);

      expect(result).toMatchObject({ failedStep: 'validate', reason: 'validation failed: States.Timeout' });
    });

    it('names the earliest step in drill order when several failures were recorded', async () => {
      const state = await passedAuroraDrill();
      state.failures = {
        validate: { Error: 'States.Timeout' },
        tagRestored: { Error: 'ResourceGroupsTaggingApi.InvalidParameterException', Cause: 'tag limit exceeded' },
      };

      const result = await evaluate(state);

      expect(result).toMatchObject({
        failedStep: 'tagRestored',
        reason: 'tagging the restored resource failed: ResourceGroupsTaggingApi.InvalidParameterException: tag limit exceeded',
      });
    });

    it('reports a failed step before failed checks and cleanup left behind', async () => {
      const state = await passedAuroraDrill();
      Object.assign(state, {
        failures: { waitForInstance: { Error: 'InstanceFailed', Cause: `DB instance ${restoredName('patients-db')}-db is failed` } },
        validation: { result: { passed: false, startedAt: T.validationStarted, finishedAt: T.validationFinished, checks: [{ ...PASSING_CHECKS[0]!, passed: false }] } },
        cleanupCheck: { ...confirmedClean([]), complete: false, remaining: [`${CLUSTER} (deleting)`] },
      });

      const result = await evaluate(state);

      expect(result).toMatchObject({
        failedStep: 'waitForInstance',
        reason: `waiting for the DB instance failed: InstanceFailed: DB instance ${restoredName('patients-db')}-db is failed`,
      });
    });
  });

  describe('failed checks', () => {
    it('fails the target at validation, naming each failed check, and leaves RTO unmeasured', async () => {
      const state = await passedAuroraDrill();
      const checks: CheckResult[] = [
        PASSING_CHECKS[0]!,
        PASSING_CHECKS[1]!,
        { name: 'instance available', passed: false, value: 'modifying', expected: 'available', reason: 'drill DB instance is modifying, not available' },
        { name: 'instance endpoint', passed: false, value: null, expected: 'present', reason: 'DB instance endpoint is missing' },
      ];
      state.validation = { result: { passed: false, startedAt: T.validationStarted, finishedAt: T.validationFinished, checks } };

      const result = await evaluate(state);

      expect(result).toMatchObject({
        verdict: 'FAILED',
        failedStep: 'validate',
        reason:
          '2 of 4 checks failed: instance available (drill DB instance is modifying, not available); ' +
          'instance endpoint (DB instance endpoint is missing)',
        rto: { measuredMinutes: null, objectiveMinutes: 60, met: false },
        checks,
      });
    });

    it('reports failed checks before cleanup left behind', async () => {
      const state = await passedAuroraDrill();
      Object.assign(state, {
        validation: { result: { passed: false, startedAt: T.validationStarted, finishedAt: T.validationFinished, checks: [{ ...PASSING_CHECKS[0]!, passed: false }] } },
        cleanupCheck: { ...confirmedClean([]), complete: false, remaining: [`${CLUSTER} (deleting)`] },
      });

      const result = await evaluate(state);

      expect(result.failedStep).toBe('validate');
    });

    it('fails a drill that ended before validation ran without recording why', async () => {
      const state = await passedAuroraDrill();
      delete state.validation;

      const result = await evaluate(state);

      expect(result).toMatchObject({ verdict: 'FAILED', failedStep: 'validate', reason: 'the drill ended before validation ran' });
    });
  });

  describe('cleanup', () => {
    it('fails a recovered target whose restored resource is still there, naming it', async () => {
      const state = await passedAuroraDrill();
      state.cleanupCheck = {
        checkedAt: T.cleanupChecked,
        complete: false,
        remaining: [`${CLUSTER} (deleting)`],
        deleted: [COPIED_POINT, `DB instance ${restoredName('patients-db')}-db`],
      };

      const result = await evaluate(state);

      expect(result).toMatchObject({
        verdict: 'FAILED',
        failedStep: 'cleanup',
        reason: `left behind after the drill: ${CLUSTER} (deleting)`,
        cleanup: {
          complete: false,
          deleted: [COPIED_POINT, `DB instance ${restoredName('patients-db')}-db`],
          leftBehind: [`${CLUSTER} (deleting)`],
          errors: [],
        },
      });
    });

    it('fails a target whose cleanup could not be confirmed, with the error of the check', async () => {
      const state = await passedAuroraDrill();
      delete state.cleanupCheck;
      state.cleanupFailures = {
        confirm: { Error: 'AccessDeniedException', Cause: lambdaCause('AccessDeniedException', 'not authorized to perform: backup:DescribeRecoveryPoint') },
      };

      const result = await evaluate(state);

      expect(result).toMatchObject({
        failedStep: 'cleanup',
        reason:
          'left behind after the drill: unknown: cleanup could not be confirmed; ' +
          'confirm: AccessDeniedException: not authorized to perform: backup:DescribeRecoveryPoint',
        cleanup: {
          complete: false,
          deleted: [],
          leftBehind: ['unknown: cleanup could not be confirmed'],
          errors: ['confirm: AccessDeniedException: not authorized to perform: backup:DescribeRecoveryPoint'],
        },
      });
    });

    it('counts cleanup as incomplete when a cleanup step failed, even if the last check found nothing', async () => {
      const state = await passedAuroraDrill();
      state.cleanupFailures = {
        deleteCopy: { Error: 'Backup.InvalidRequestException', Cause: `Recovery point ${COPIED_POINT} in vault ${DR_VAULT} is locked` },
      };

      const result = await evaluate(state);

      expect(result).toMatchObject({
        failedStep: 'cleanup',
        cleanup: { complete: false, leftBehind: [], errors: [`deleteCopy: Backup.InvalidRequestException: Recovery point ${COPIED_POINT} in vault ${DR_VAULT} is locked`] },
      });
    });
  });

  describe('objectives', () => {
    it('fails a recovered, clean target whose RTO exceeded the objective', async () => {
      const state = await passedAuroraDrill();
      state.validation = {
        result: { passed: true, startedAt: '2025-03-04T03:23:00.000Z', finishedAt: '2025-03-04T03:23:30.000Z', checks: PASSING_CHECKS },
      };
      state.cleanupCheck = { ...confirmedClean(), checkedAt: '2025-03-04T03:50:00.000Z' };

      const result = await evaluate(state);

      expect(result).toMatchObject({
        verdict: 'FAILED',
        failedStep: 'objectives',
        reason: 'objective missed: RTO 1 h 10 min vs objective 60 min',
        rto: { measuredMinutes: 70, objectiveMinutes: 60, met: false },
      });
    });

    it('fails a target whose newest recovery point was older than the RPO', async () => {
      const state = await passedAuroraDrill();
      state.recoveryPoint = { arn: SOURCE_POINT, createdAt: '2025-03-02T20:00:00.000Z' };

      const result = await evaluate(state);

      expect(result).toMatchObject({
        failedStep: 'objectives',
        reason: 'objective missed: RPO 1 d 6 h vs objective 24 h',
        rpo: { measuredMinutes: 1800, objectiveMinutes: 1440, met: false },
      });
    });

    it('names both objectives when both were missed', async () => {
      const state = await passedAuroraDrill();
      state.recoveryPoint = { arn: SOURCE_POINT, createdAt: '2025-03-02T20:00:00.000Z' };
      state.objectives = { rtoMinutes: 20, rpoMinutes: 1440 };

      const result = await evaluate(state);

      expect(result.reason).toBe('objective missed: RTO 28 min vs objective 20 min; RPO 1 d 6 h vs objective 24 h');
    });

    it("measures against the target's own objectives, not the plan's", async () => {
      const state = await passedAuroraDrill();
      state.objectives = { rtoMinutes: 20, rpoMinutes: 1440 };

      const result = await evaluate(state);

      expect(result).toMatchObject({ failedStep: 'objectives', rto: { measuredMinutes: 27.5, objectiveMinutes: 20, met: false } });
    });
  });

  it('refuses a state without the failures record with BadPayloadError', async () => {
    const { failures: _failures, ...state } = await passedAuroraDrill();

    const run = evaluate(state);

    await expect(run).rejects.toMatchObject({ name: 'BadPayloadError' });
  });
});
