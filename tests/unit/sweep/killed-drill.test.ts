import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { BackupClient, DeleteRecoveryPointCommand, DescribeRecoveryPointCommand } from '@aws-sdk/client-backup';
import { DeleteDBClusterCommand, DeleteDBInstanceCommand, DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient, type HistoryEvent } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { logger } from '../../../lib/lambda/wrap';
import { sweeper, sweeperSettings, type SweeperSettings } from '../../../functions/sweeper/sweeper';
import { ARNS, DRILL_ID, EXECUTION_ARN, jsonBody, restoredName, storedPlan, sweepDeps, tagsOf } from './sweep-fixtures';

const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const sfn = mockClient(SFNClient);
const rds = mockClient(RDSClient);
const dynamodb = mockClient(DynamoDBClient);
const s3 = mockClient(S3Client);
const backup = mockClient(BackupClient);
const sns = mockClient(SNSClient);

const ABORTED_EVENT = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'events', 'drill-aborted.status-change.event.json'), 'utf8')) as {
  detail: Record<string, unknown>;
};
const TOPIC = 'arn:aws:sns:eu-west-2:111122223333:dr-drill-prod-DrillTopic';
const SETTINGS: SweeperSettings = sweeperSettings({
  DRILL_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-2:111122223333:stateMachine:dr-drill-prod-drill',
  RESTORE_TARGET_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-2:111122223333:stateMachine:dr-drill-prod-restore-target',
  DRILL_TOPIC_ARN: TOPIC,
});

const statusChange = (detail: Record<string, unknown>) => ({ ...ABORTED_EVENT, detail: { ...ABORTED_EVENT.detail, ...detail } });

/** History newest first, as GetExecutionHistory with reverseOrder answers. */
const history = (...events: Partial<HistoryEvent>[]) => sfn.on(GetExecutionHistoryCommand).resolves({ events: events as HistoryEvent[] });

beforeAll(() => logger.setLogLevel('SILENT'));

beforeEach(() => {
  for (const m of [tagging, sfn, rds, dynamodb, s3, backup, sns]) m.reset();
  tagging.on(GetResourcesCommand).resolves({
    ResourceTagMappingList: [
      { ResourceARN: ARNS.instance, Tags: tagsOf('patients-db') },
      { ResourceARN: ARNS.cluster, Tags: tagsOf('patients-db') },
      { ResourceARN: ARNS.copy, Tags: tagsOf('patients-db') },
      { ResourceARN: ARNS.table, Tags: tagsOf('appointments') },
    ],
  });
  sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING', startDate: new Date('2025-03-04T02:00:00.000Z') } as never);
  rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Status: 'available' }] });
  rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'available' }] });
  dynamodb.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE' } });
  backup.on(DescribeRecoveryPointCommand).resolves({ Status: 'COMPLETED' });
  s3.on(GetObjectCommand).resolves(jsonBody(storedPlan()));
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

describe('sweeper on a drill status change', () => {
  it('sweeps a drill stopped mid-way and sends one FAILED message naming what it removed', async () => {
    history({ type: 'ExecutionAborted' }, { type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'Drill One Target' } });

    const out = await sweeper(sweepDeps(), SETTINGS, ABORTED_EVENT);

    expect(out).toMatchObject({ trigger: 'status-change', handled: true, status: 'ABORTED', drillId: DRILL_ID, notified: 'by the sweeper' });
    expect(tagging).toHaveReceivedCommandWith(GetResourcesCommand, { TagFilters: [{ Key: 'dr-drill:drill-id', Values: [DRILL_ID] }] });
    expect(rds).toHaveReceivedCommand(DeleteDBInstanceCommand);
    expect(rds).toHaveReceivedCommand(DeleteDBClusterCommand);
    expect(dynamodb).toHaveReceivedCommand(DeleteTableCommand);
    expect(backup).toHaveReceivedCommand(DeleteRecoveryPointCommand);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const publish = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(publish.TopicArn).toBe(TOPIC);
    expect(publish.Subject).toBe('FAILED dr-drill: drill ABORTED (nhs-patient-platform), swept 4');
    expect(publish.Subject!.length).toBeLessThan(100);
    expect(publish.MessageAttributes).toMatchObject({ verdict: { StringValue: 'FAILED' }, loud: { StringValue: 'true' }, kind: { StringValue: 'drill' } });
    expect(publish.Message).toContain(`The drill ${DRILL_ID} of plan nhs-patient-platform was stopped (ABORTED) before it finished at 2025-03-04T02:41:17.000Z.`);
    expect(publish.Message).toContain('Nothing it created is left behind.');
    expect(publish.Message).toContain(`db-cluster ${restoredName('patients-db')} (drill ${DRILL_ID}, target patients-db)`);
  });

  it('tells on-call to check where production is when the killed drill was to switch a global database', async () => {
    history({ type: 'ExecutionAborted' });
    const withFailover = storedPlan();
    expect(withFailover.plan.failover?.targets.map((t) => t.globalClusterIdentifier)).toEqual(['patients-global']);
    s3.on(GetObjectCommand).resolves(jsonBody(withFailover));

    await sweeper(sweepDeps(), SETTINGS, ABORTED_EVENT);

    const message = sns.commandCalls(PublishCommand)[0]!.args[0].input.Message!;
    expect(message).toContain(
      'ACTION: it was to switch global database patients-global (failover target patients-global); if it stopped during the failover drill, ' +
        'the writer and the traffic may be left in eu-west-2: check now which region is writer and where traffic goes.',
    );
  });

  it('says nothing of a failover the killed drill was not to run', async () => {
    history({ type: 'ExecutionAborted' });
    const restoreOnly = storedPlan();
    restoreOnly.plan = { ...restoreOnly.plan, failover: undefined };
    s3.on(GetObjectCommand).resolves(jsonBody(restoreOnly));

    await sweeper(sweepDeps(), SETTINGS, ABORTED_EVENT);

    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input.Message).not.toContain('global database');
  });

  it('announces a drill once when EventBridge delivers its status change twice, sweeping both times', async () => {
    history({ type: 'ExecutionAborted' });
    s3.on(PutObjectCommand)
      .resolvesOnce({})
      .rejects(Object.assign(new Error('At least one of the pre-conditions you specified did not hold'), { name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } }));

    const first = await sweeper(sweepDeps(), SETTINGS, ABORTED_EVENT);
    const second = await sweeper(sweepDeps(), SETTINGS, ABORTED_EVENT);

    expect(first).toMatchObject({ notified: 'by the sweeper' });
    expect(second).toMatchObject({ handled: true, notified: 'by an earlier delivery' });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(tagging).toHaveReceivedCommandTimes(GetResourcesCommand, 2);
    // The claim is a conditional write of the drill's notice in the drill store.
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Key: `drills/${DRILL_ID}/killed-notice.json`, IfNoneMatch: '*' });
  });

  it('gives the claim back when the message cannot be published, so the retried event announces it', async () => {
    history({ type: 'ExecutionAborted' });
    sns.on(PublishCommand).rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException', $metadata: { httpStatusCode: 400 } }));

    await expect(sweeper(sweepDeps(), SETTINGS, ABORTED_EVENT)).rejects.toMatchObject({ name: 'TransientAwsError' });
    expect(s3).toHaveReceivedCommandWith(DeleteObjectCommand, { Key: `drills/${DRILL_ID}/killed-notice.json` });

    await expect(sweeper(sweepDeps(), SETTINGS, ABORTED_EVENT)).resolves.toMatchObject({ notified: 'by the sweeper' });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 2);
  });

  it('says loudly what could not be removed', async () => {
    history();
    rds.on(DeleteDBClusterCommand).rejects(Object.assign(new Error('Cluster cannot be deleted'), { name: 'InvalidDBClusterStateFault' }));

    await sweeper(sweepDeps(), SETTINGS, statusChange({ status: 'TIMED_OUT' }));

    const publish = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(publish.Subject).toBe('FAILED dr-drill: drill TIMED_OUT (nhs-patient-platform), swept 3, 1 NOT removed');
    expect(publish.Message).toContain('ACTION: 1 resource(s) the drill created could NOT be removed');
    expect(publish.Message).toContain('InvalidDBClusterStateFault: Cluster cannot be deleted');
  });

  it('sweeps a drill that failed through its own states but does not announce it twice', async () => {
    history(
      { type: 'ExecutionFailed' },
      { type: 'FailStateEntered', stateEnteredEventDetails: { name: 'Drill Failed' } },
      { type: 'ChoiceStateExited', stateExitedEventDetails: { name: 'Drill Passed?' } },
      { type: 'TaskStateExited', stateExitedEventDetails: { name: 'Notify' } },
      { type: 'TaskSucceeded' },
    );

    const out = await sweeper(sweepDeps(), SETTINGS, statusChange({ status: 'FAILED', error: 'DrillFailed' }));

    expect(out).toMatchObject({ handled: true, notified: 'by the drill' });
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
    expect(rds).toHaveReceivedCommand(DeleteDBClusterCommand);
  });

  it('announces a crash whose own notification failed', async () => {
    history(
      { type: 'ExecutionFailed' },
      { type: 'TaskStateExited', stateExitedEventDetails: { name: 'Notify' } },
      { type: 'TaskFailed' },
    );

    const out = await sweeper(sweepDeps(), SETTINGS, statusChange({ status: 'FAILED', error: 'States.Runtime' }));

    expect(out).toMatchObject({ notified: 'by the sweeper' });
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input.Message).toContain('FAILED without finishing (a crash');
  });

  it('sweeps only the target of a stopped child execution, though its drill still runs, and sends nothing', async () => {
    const child = statusChange({
      executionArn: `arn:aws:states:eu-west-2:111122223333:execution:dr-drill-prod-restore-target:${DRILL_ID}-appointments`,
      stateMachineArn: SETTINGS.restoreTargetStateMachineArn,
      name: `${DRILL_ID}-appointments`,
      input: JSON.stringify({ drill: { id: DRILL_ID }, targetId: 'appointments', AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: EXECUTION_ARN }),
    });

    const out = await sweeper(sweepDeps(), SETTINGS, child);

    expect(out).toMatchObject({ handled: true, targetId: 'appointments', notified: 'not needed' });
    expect(dynamodb).toHaveReceivedCommandWith(DeleteTableCommand, { TableName: restoredName('appointments') });
    expect(rds).not.toHaveReceivedCommand(DeleteDBClusterCommand);
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
  });

  it('ignores a drill that succeeded and an execution of another state machine', async () => {
    expect(await sweeper(sweepDeps(), SETTINGS, statusChange({ status: 'SUCCEEDED' }))).toMatchObject({ handled: false });
    expect(await sweeper(sweepDeps(), SETTINGS, statusChange({ stateMachineArn: 'arn:aws:states:eu-west-2:111122223333:stateMachine:other' }))).toMatchObject({
      handled: false,
    });
    expect(tagging).not.toHaveReceivedCommand(GetResourcesCommand);
  });
});

describe('sweeper on its schedule and when invoked', () => {
  it('sweeps every drill with the configured max age on its schedule', async () => {
    const out = await sweeper(sweepDeps(), { ...SETTINGS, maxAgeHours: 12 }, { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} });
    expect(out).toMatchObject({ trigger: 'schedule', report: { maxAgeHours: 12, dryRun: false } });
    expect(tagging).toHaveReceivedCommandWith(GetResourcesCommand, { TagFilters: [{ Key: 'dr-drill:drill-id' }] });
  });

  it('takes the CLI options and deletes nothing in a dry run', async () => {
    sfn.on(DescribeExecutionCommand).resolves({ status: 'ABORTED', startDate: new Date() } as never);
    const out = await sweeper(sweepDeps(), SETTINGS, { dryRun: true });
    expect(out).toMatchObject({ trigger: 'invoke', report: { dryRun: true } });
    if (out.trigger !== 'invoke') throw new Error('unexpected trigger');
    expect(out.report.removed).toHaveLength(4);
    expect(rds).not.toHaveReceivedCommand(DeleteDBInstanceCommand);
    expect(backup).not.toHaveReceivedCommand(DeleteRecoveryPointCommand);
  });

  it('fails at cold start without the state machines it must tell apart', () => {
    expect(() => sweeperSettings({ DRILL_TOPIC_ARN: TOPIC })).toThrow('DRILL_STATE_MACHINE_ARN is not set');
    expect(() => sweeperSettings({ ...process.env, DRILL_STATE_MACHINE_ARN: 'a', RESTORE_TARGET_STATE_MACHINE_ARN: 'b', DRILL_TOPIC_ARN: TOPIC, SWEEPER_MAX_AGE_HOURS: 'x' })).toThrow(
      'SWEEPER_MAX_AGE_HOURS must be a positive number',
    );
  });
});
