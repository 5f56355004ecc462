import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { stringify } from 'yaml';
import {
  BackupClient,
  DescribeRestoreJobCommand,
  PutRestoreValidationResultCommand,
  type DescribeRestoreJobCommandOutput,
} from '@aws-sdk/client-backup';
import { DescribeTableCommand, DynamoDBClient, DynamoDBServiceException, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { marshall } from '@aws-sdk/util-dynamodb';
import { makeHandler, validatorDeps } from '../../../functions/restore-testing-validator/handler';
import { validateRestoreTest, type ValidatorDeps } from '../../../functions/restore-testing-validator/restore-testing-validator';
import { ACCOUNT, EXTRA_TARGETS, OUTSIDE_REGION, STORE_BUCKET, memoryStore, nhsPlanInputWithEveryType, regionsOf, targetsOf, testDeps } from './fixtures';

const backup = mockClient(BackupClient);
const dynamodb = mockClient(DynamoDBClient);
const ec2 = mockClient(EC2Client);
const rds = mockClient(RDSClient);
const s3 = mockClient(S3Client);

const EVENTS = join(__dirname, '..', '..', '..', 'events');
const readEvent = (file: string) => JSON.parse(readFileSync(join(EVENTS, file), 'utf8')) as { detail: Record<string, unknown> } & Record<string, unknown>;
const restoreTestCompleted = () => readEvent('backup-restore-job-completed.event.json');
const onDemandCompleted = () => readEvent('backup-restore-job-completed-on-demand.event.json');

const PLAN_KEY = 'plans/restore-testing.yml';
/** When the checks run: six minutes after the restore test completed. */
const NOW = '2025-03-09T03:21:00.000Z';

const JOB_ID = 'D3A1F6C2-7B4E-4C19-8E5D-2A9B0C1D3E4F';
const RESTORE_TESTING_PLAN_ARN = `arn:aws:backup:eu-west-2:${ACCOUNT}:restore-testing-plan:nhs_patient_platform_weekly-6b1f0d2e-9a47-4c3b-8e15-d0a2c7f4b9e8`;
const RESTORED_TABLE = 'awsbackup-restore-test-9f4c2e7a1b3d';

const APPOINTMENT = { clinicId: 'CL-LEEDS-01', appointmentId: 'APT-20250309-0001' };
const OTHER_APPOINTMENT = { clinicId: 'CL-LEEDS-01', appointmentId: 'APT-20250308-0417' };

/** The NHS example with every resource type, and data checks on the targets a restore test can check. */
function restoreTestingPlan(adjust: (targets: Record<string, unknown>[]) => void = () => {}): string {
  const plan = nhsPlanInputWithEveryType();
  const targets = targetsOf(plan);
  const byId = (id: string) => targets.find((t) => t.id === id) as Record<string, unknown>;
  byId('appointments').validation = {
    minItems: 1000,
    keys: [APPOINTMENT, OTHER_APPOINTMENT],
    freshness: { attribute: 'updatedAt', maxAgeSeconds: 86_400 },
  };
  byId(EXTRA_TARGETS.ebs.id).validation = { minSizeGiB: 100 };
  byId('patients-db').validation = {
    engine: 'postgres',
    database: 'patients',
    secretArn: `arn:aws:secretsmanager:eu-west-2:${ACCOUNT}:secret:dr-drill/patients-readonly-AbCdEf`,
    sql: [{ name: 'patients', query: 'select count(*) from patients', expect: '>= 1' }],
  };
  adjust(targets);
  return stringify(plan);
}

/** DescribeRestoreJob as the SDK returns it for the restore test in the event file. */
function restoreJob(overrides: Partial<DescribeRestoreJobCommandOutput> = {}): Partial<DescribeRestoreJobCommandOutput> {
  return {
    AccountId: ACCOUNT,
    RestoreJobId: JOB_ID,
    BackupVaultArn: `arn:aws:backup:eu-west-2:${ACCOUNT}:backup-vault:nhs-patient-platform-dr`,
    RecoveryPointArn: `arn:aws:backup:eu-west-2:${ACCOUNT}:recovery-point:8d1e4b7a-3c6f-4a92-b5e0-7f2c9d1a4e63`,
    SourceResourceArn: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/appointments`,
    CreatedResourceArn: `arn:aws:dynamodb:eu-west-2:${ACCOUNT}:table/${RESTORED_TABLE}`,
    CreationDate: new Date('2025-03-09T03:00:04.512Z'),
    CompletionDate: new Date('2025-03-09T03:14:53.128Z'),
    Status: 'COMPLETED',
    PercentDone: '100.00%',
    BackupSizeInBytes: 1_843_200,
    IamRoleArn: `arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`,
    ResourceType: 'DynamoDB',
    CreatedBy: { RestoreTestingPlanArn: RESTORE_TESTING_PLAN_ARN },
    ...overrides,
  };
}

/** The restored appointments, fresh: the newest was updated two hours before the checks run. */
function restoredAppointments() {
  dynamodb.on(DescribeTableCommand).resolves({ Table: { TableName: RESTORED_TABLE, TableStatus: 'ACTIVE', ItemCount: 1520 } });
  dynamodb.on(GetItemCommand).resolves({ Item: marshall({ ...APPOINTMENT, updatedAt: '2025-03-09T01:21:00Z' }) });
}

function setUp(planText: string = restoreTestingPlan(), region?: string) {
  const store = memoryStore();
  store.texts.set(PLAN_KEY, planText);
  const log = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };
  const deps: ValidatorDeps = { ...testDeps([NOW], region), planKey: PLAN_KEY, log };
  return { store, log, deps };
}

const reported = () => backup.commandCalls(PutRestoreValidationResultCommand).map((c) => c.args[0].input);

beforeEach(() => {
  for (const mock of [backup, dynamodb, ec2, rds, s3]) mock.reset();
  backup.on(DescribeRestoreJobCommand).resolves(restoreJob());
  backup.on(PutRestoreValidationResultCommand).resolves({});
});

describe('validateRestoreTest (Validate Restore Test)', () => {
  it('reports SUCCESSFUL, naming the checks, when every check of the matched target passes on the restored table', async () => {
    restoredAppointments();
    const { store, deps } = setUp();

    const outcome = await validateRestoreTest(restoreTestCompleted(), deps, store);

    expect(reported()).toEqual([
      {
        RestoreJobId: JOB_ID,
        ValidationStatus: 'SUCCESSFUL',
        ValidationStatusMessage:
          'dr-drill target appointments (dynamodb): 5 of 5 checks passed (table active, item count reported, minimum items, keys present, data freshness)',
      },
    ]);
    expect(outcome).toMatchObject({ action: 'reported', targetId: 'appointments', status: 'SUCCESSFUL' });
    expect(dynamodb).toHaveReceivedCommandWith(DescribeTableCommand, { TableName: RESTORED_TABLE });
    expect(await regionsOf([...backup.calls(), ...dynamodb.calls()])).toEqual(Array(6).fill('eu-west-2'));
  });

  it('reports FAILED with the failing check named and counted, and nothing read from the table', async () => {
    restoredAppointments();
    dynamodb.on(GetItemCommand, { Key: marshall(OTHER_APPOINTMENT) }).resolves({});
    const { store, deps } = setUp();

    const outcome = await validateRestoreTest(restoreTestCompleted(), deps, store);

    expect(reported()).toEqual([
      { RestoreJobId: JOB_ID, ValidationStatus: 'FAILED', ValidationStatusMessage: 'dr-drill target appointments (dynamodb): 4 of 5 checks passed; failed: keys present' },
    ]);
    expect(outcome).toMatchObject({ status: 'FAILED', checks: expect.arrayContaining([expect.objectContaining({ name: 'keys present', passed: false })]) });
    expect(JSON.stringify(outcome)).not.toMatch(/APT-2025|CL-LEEDS|2025-03-09T01:21/);
  });

  it('ignores an on-demand restore, which AWS Backup takes no validation result for, without calling AWS', async () => {
    const { store, deps, log } = setUp();

    const outcome = await validateRestoreTest(onDemandCompleted(), deps, store);

    expect(outcome).toEqual({
      action: 'ignored',
      restoreJobId: '4B7E2D9A-1C3F-4E5A-9B6D-8F0A2C4E6B1D',
      reason: 'restore job was not started by a restore testing plan: AWS Backup takes validation results only for restore tests',
    });
    expect(log.info).toHaveBeenCalledWith('restore job ignored', {
      restoreJobId: '4B7E2D9A-1C3F-4E5A-9B6D-8F0A2C4E6B1D',
      reason: 'restore job was not started by a restore testing plan: AWS Backup takes validation results only for restore tests',
    });
    expect(backup.calls()).toHaveLength(0);
    expect(store.getText).not.toHaveBeenCalled();
  });

  it('ignores a restore test that has not completed, without calling AWS', async () => {
    const event = restoreTestCompleted();
    event.detail = { ...event.detail, status: 'RUNNING', percentDone: 0 };
    delete event.detail.createdResourceArn;
    delete event.detail.completionDate;
    const { store, deps } = setUp();

    const outcome = await validateRestoreTest(event, deps, store);

    expect(outcome).toMatchObject({ action: 'ignored', reason: 'restore job is RUNNING, not COMPLETED: nothing restored to validate yet' });
    expect(backup.calls()).toHaveLength(0);
  });

  it("ignores a restore test forwarded from another region's event bus, where this validator builds no client", async () => {
    const event = { ...restoreTestCompleted(), region: 'eu-west-1' };
    const { store, deps } = setUp();

    const outcome = await validateRestoreTest(event, deps, store);

    expect(outcome).toMatchObject({ action: 'ignored', reason: 'restore job ran in eu-west-1, and this validator checks restores in eu-west-2 only' });
    expect(backup.calls()).toHaveLength(0);
  });

  it('reports FAILED with a clear message when the restored resource came from something the plan does not name', async () => {
    backup.on(DescribeRestoreJobCommand).resolves(restoreJob({ SourceResourceArn: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/referrals` }));
    const { store, deps } = setUp();

    const outcome = await validateRestoreTest(restoreTestCompleted(), deps, store);

    expect(reported()).toEqual([
      {
        RestoreJobId: JOB_ID,
        ValidationStatus: 'FAILED',
        ValidationStatusMessage: `dr-drill: the source resource arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/referrals is not a target of the plan ${PLAN_KEY}; nothing to check it against`,
      },
    ]);
    expect(outcome).toMatchObject({ targetId: null, checks: [] });
    expect(dynamodb.calls()).toHaveLength(0);
  });

  it('runs readiness only for an Aurora cluster, and says that the SQL checks did not run', async () => {
    backup.on(DescribeRestoreJobCommand).resolves(
      restoreJob({
        ResourceType: 'Aurora',
        SourceResourceArn: `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:patients-db`,
        CreatedResourceArn: `arn:aws:rds:eu-west-2:${ACCOUNT}:cluster:awsbackup-restore-test-2c7d9e1f`,
      }),
    );
    rds.on(DescribeDBClustersCommand).resolves({
      DBClusters: [{ Status: 'available', Endpoint: 'awsbackup-restore-test-2c7d9e1f.cluster-c1a2b3c4d5e6.eu-west-2.rds.amazonaws.com' }],
    });
    const { store, deps } = setUp();

    await validateRestoreTest(restoreTestCompleted(), deps, store);

    expect(reported()).toEqual([
      {
        RestoreJobId: JOB_ID,
        ValidationStatus: 'SUCCESSFUL',
        ValidationStatusMessage:
          'dr-drill target patients-db (aurora): 2 of 2 checks passed (cluster available, cluster endpoint); readiness only: SQL data checks are not run for restore tests',
      },
    ]);
    expect(rds).toHaveReceivedCommandWith(DescribeDBClustersCommand, { DBClusterIdentifier: 'awsbackup-restore-test-2c7d9e1f' });
    // AWS Backup restores a cluster without an instance: there is none to wait for.
    expect(rds).not.toHaveReceivedCommand(DescribeDBInstancesCommand);
  });

  it('checks the size of a restored EBS volume in GiB, as EC2 reports it', async () => {
    backup.on(DescribeRestoreJobCommand).resolves(
      restoreJob({
        ResourceType: 'EBS',
        SourceResourceArn: EXTRA_TARGETS.ebs.resourceArn,
        CreatedResourceArn: `arn:aws:ec2:eu-west-2:${ACCOUNT}:volume/vol-0fedcba9876543210`,
      }),
    );
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-0fedcba9876543210', State: 'available', Size: 80 }] });
    const { store, deps } = setUp();

    const outcome = await validateRestoreTest(restoreTestCompleted(), deps, store);

    expect(reported()[0]).toMatchObject({ ValidationStatus: 'FAILED', ValidationStatusMessage: `dr-drill target ${EXTRA_TARGETS.ebs.id} (ebs): 1 of 2 checks passed; failed: volume size` });
    expect(outcome).toMatchObject({ checks: [{ name: 'volume available', passed: true }, { name: 'volume size', passed: false, value: 80, expected: '>= 100 GiB' }] });
    expect(ec2).toHaveReceivedCommandWith(DescribeVolumesCommand, { VolumeIds: ['vol-0fedcba9876543210'] });
  });

  describe('the deadline', () => {
    beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] }));
    afterEach(() => jest.useRealTimers());

    it("reports TIMED_OUT when the checks run past the target's timeoutSeconds", async () => {
      dynamodb.on(DescribeTableCommand).callsFake(() => new Promise(() => {}));
      const { store, deps } = setUp(
        restoreTestingPlan((targets) => {
          const appointments = targets.find((t) => t.id === 'appointments') as { validation: Record<string, unknown> };
          appointments.validation.timeoutSeconds = 60;
        }),
      );

      const run = validateRestoreTest(restoreTestCompleted(), deps, store);
      await jest.advanceTimersByTimeAsync(60_000);
      const outcome = await run;

      expect(reported()).toEqual([
        { RestoreJobId: JOB_ID, ValidationStatus: 'TIMED_OUT', ValidationStatusMessage: 'dr-drill target appointments (dynamodb): checks did not finish within 60 s' },
      ]);
      expect(outcome).toMatchObject({ status: 'TIMED_OUT' });
    });
  });

  it('leaves the job unreported when AWS throttles, so that the retried event can still record the truth', async () => {
    dynamodb.on(DescribeTableCommand).rejects(
      new DynamoDBServiceException({ name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'Rate exceeded' }),
    );
    const { store, deps } = setUp();

    const run = validateRestoreTest(restoreTestCompleted(), deps, store);

    await expect(run).rejects.toMatchObject({ name: 'TransientAwsError', message: 'ThrottlingException: Rate exceeded' });
    expect(reported()).toEqual([]);
  });

  it('does not report again for a job that already has a validation status: AWS Backup keeps the first one', async () => {
    backup.on(DescribeRestoreJobCommand).resolves(restoreJob({ ValidationStatus: 'SUCCESSFUL', ValidationStatusMessage: 'dr-drill target appointments ...' }));
    const { store, deps } = setUp();

    const outcome = await validateRestoreTest(restoreTestCompleted(), deps, store);

    expect(outcome).toMatchObject({ action: 'ignored', reason: 'restore job already has the validation status SUCCESSFUL' });
    expect(reported()).toEqual([]);
  });

  it('reports FAILED naming the plan file when the plan in the drill store is invalid, and logs its problems', async () => {
    // `targets: []` alone is no longer a problem (selections may choose the targets); the missing policy and regions are.
    const { store, deps, log } = setUp('name: nhs-patient-platform\ntargets: []\n');

    await validateRestoreTest(restoreTestCompleted(), deps, store);

    expect(reported()).toEqual([
      expect.objectContaining({ ValidationStatus: 'FAILED', ValidationStatusMessage: expect.stringMatching(new RegExp(`^dr-drill: the plan ${PLAN_KEY} is invalid \\(\\d+ problem\\(s\\)\\); see the validator's log$`)) }),
    ]);
    expect(log.error).toHaveBeenCalledWith('the dr-drill plan is invalid', expect.objectContaining({ planKey: PLAN_KEY, problems: expect.arrayContaining([expect.stringContaining('residency')]) }));
  });

  it("refuses, before asking AWS Backup about the job, to validate in a region outside the plan's residency policy", async () => {
    const { store, deps } = setUp(restoreTestingPlan(), OUTSIDE_REGION);

    const run = validateRestoreTest({ ...restoreTestCompleted(), region: OUTSIDE_REGION }, deps, store);

    await expect(run).rejects.toMatchObject({
      name: 'ResidencyViolationError',
      message: `restore test validation: region ${OUTSIDE_REGION} is outside the residency policy [eu-west-1, eu-west-2]`,
    });
    expect(backup.calls()).toHaveLength(0);
    expect(dynamodb.calls()).toHaveLength(0);
  });

  it('refuses an event that is not a restore job state change with BadPayloadError', async () => {
    const { store, deps } = setUp();

    const run = validateRestoreTest({ source: 'aws.backup', 'detail-type': 'Copy Job State Change', region: 'eu-west-2', detail: {} }, deps, store);

    await expect(run).rejects.toMatchObject({ name: 'BadPayloadError' });
  });
});

describe('events/backup-restore-job-completed*.event.json', () => {
  // The fields of AWS's documented COMPLETED example (AWS Backup Developer Guide, "Monitoring AWS Backup events using
  // Amazon EventBridge"), plus restoreTestingPlanArn, which AWS documents for jobs a restore testing plan started.
  const DOCUMENTED = [
    'backupSizeInBytes',
    'backupVaultArn',
    'completionDate',
    'createdResourceArn',
    'creationDate',
    'iamRoleArn',
    'percentDone',
    'recoveryPointArn',
    'resourceType',
    'restoreJobId',
    'sourceResourceArn',
    'status',
  ];

  it.each([
    ['backup-restore-job-completed.event.json', [...DOCUMENTED, 'restoreTestingPlanArn']],
    ['backup-restore-job-completed-on-demand.event.json', DOCUMENTED],
  ])('%s has the envelope and detail fields AWS documents', (file, fields) => {
    const event = readEvent(file);

    expect(Object.keys(event).sort()).toEqual(['account', 'detail', 'detail-type', 'id', 'region', 'resources', 'source', 'time', 'version']);
    expect(Object.keys(event.detail).sort()).toEqual([...fields].sort());
    expect(event).toMatchObject({ source: 'aws.backup', 'detail-type': 'Restore Job State Change', detail: { status: 'COMPLETED' } });
  });
});

describe('restore-testing-validator handler', () => {
  const env = { AWS_REGION: 'eu-west-2', DRILL_STORE_BUCKET: STORE_BUCKET, RESTORE_TESTING_PLAN_KEY: PLAN_KEY };

  it('fails the cold start naming RESTORE_TESTING_PLAN_KEY when it is not set', () => {
    expect(() => validatorDeps({ env: { ...env, RESTORE_TESTING_PLAN_KEY: undefined } })).toThrow(
      'RESTORE_TESTING_PLAN_KEY is not set: name the dr-drill plan in the drill store that restore tests are checked against (e.g. plans/restore-testing.yml)',
    );
  });

  it('fails the cold start when RESTORE_TESTING_PLAN_KEY does not name a plan file in the drill store', () => {
    expect(() => validatorDeps({ env: { ...env, RESTORE_TESTING_PLAN_KEY: 'restore-testing.yml' } })).toThrow(
      'RESTORE_TESTING_PLAN_KEY is "restore-testing.yml": it must be plans/<file>.yml, .yaml or .json, a plan file in the drill store',
    );
  });

  it('fails the cold start naming DRILL_STORE_BUCKET when the drill store is not configured', () => {
    expect(() => makeHandler(validatorDeps({ env: { ...env, DRILL_STORE_BUCKET: undefined } }))).toThrow('DRILL_STORE_BUCKET is not set');
  });

  it('reads the plan from the drill store bucket and reports to AWS Backup', async () => {
    restoredAppointments();
    const planText = restoreTestingPlan();
    s3.on(GetObjectCommand, { Bucket: STORE_BUCKET, Key: PLAN_KEY }).resolves({ Body: { transformToString: async () => planText } } as never);
    const deps = { ...validatorDeps({ env }), now: () => new Date(NOW), log: { info: jest.fn(), warn: jest.fn(), error: jest.fn() } };

    await makeHandler(deps)(restoreTestCompleted());

    expect(reported()).toEqual([expect.objectContaining({ RestoreJobId: JOB_ID, ValidationStatus: 'SUCCESSFUL' })]);
  });

  it('reports FAILED, with the error named, when the plan file is missing from the drill store', async () => {
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ $metadata: { httpStatusCode: 404 }, message: 'The specified key does not exist.' }));
    const deps = { ...validatorDeps({ env }), log: { info: jest.fn(), warn: jest.fn(), error: jest.fn() } };

    await makeHandler(deps)(restoreTestCompleted());

    expect(reported()).toEqual([
      { RestoreJobId: JOB_ID, ValidationStatus: 'FAILED', ValidationStatusMessage: "dr-drill: the plan plans/restore-testing.yml could not be read (NoSuchKey); see the validator's log" },
    ]);
  });
});
