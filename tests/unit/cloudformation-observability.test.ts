// The observability of the packaged stack (issue 5), read from the CloudFormation `serverless package` produced (as
// cloudformation.test.ts does): the two alarms watch the metrics the code really publishes and tell the drill topic,
// the topic and its key let CloudWatch in, the watchdog runs daily, and the dry run's role can only read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { METRICS_NAMESPACE } from '../../lib/observe/metrics';
import { loadPackagedTemplate, PROJECT_ROOT } from './packaged-template';
import { IAM_BY_TYPE } from '../../lib/resource-types/targets/iam-registry';

const root = PROJECT_ROOT;

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Principal?: unknown; Condition?: Record<string, Record<string, unknown>> };
let resources: Record<string, Resource>;

beforeAll(() => {
  resources = loadPackagedTemplate().Resources as unknown as Record<string, Resource>;
}, 180_000);

const deployedPlanName = () => (parse(readFileSync(join(root, 'deployed', 'plan.yml'), 'utf8')) as { name: string }).name;
const resource = (id: string): Resource => {
  const found = resources[id];
  if (!found) throw new Error(`the template has no ${id}`);
  return found;
};
const statementsOf = (role: Resource): Statement[] =>
  ((role.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement);
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
// The region Deny every role inherits is checked in tests/unit/iam-least-privilege.test.ts.
const ownStatements = (role: Resource) =>
  statementsOf(role).filter((s) => s.Effect === 'Allow' && !actions(s).every((a) => a.startsWith('logs:')));
const TO_THE_TOPIC = { AlarmActions: [{ Ref: 'DrillTopic' }] };

describe('the packaged observability', () => {
  it('alarms on a drill that did not pass: the drill state machine failing or timing out, within the hour', () => {
    const alarm = resource('DrillFailedAlarm');
    const onMachine = (MetricName: string) => ({
      Namespace: 'AWS/States',
      MetricName,
      Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: 'DrillStateMachine' } }],
    });

    expect(alarm.Type).toBe('AWS::CloudWatch::Alarm');
    expect(alarm.Properties).toMatchObject({
      ...TO_THE_TOPIC,
      Metrics: [
        { Id: 'failed', MetricStat: { Metric: onMachine('ExecutionsFailed'), Period: 3600, Stat: 'Sum' }, ReturnData: false },
        { Id: 'timedOut', MetricStat: { Metric: onMachine('ExecutionsTimedOut'), Period: 3600, Stat: 'Sum' }, ReturnData: false },
        { Id: 'notPassed', Expression: 'FILL(failed, 0) + FILL(timedOut, 0)', ReturnData: true },
      ],
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(resource('DrillStateMachine').Type).toBe('AWS::StepFunctions::StateMachine');
  });

  it('alarms when the deployed plan has not been drilled for 35 days, or the watchdog went quiet', () => {
    const alarm = resource('DrillMissedAlarm');

    expect(alarm.Properties).toMatchObject({
      ...TO_THE_TOPIC,
      Namespace: METRICS_NAMESPACE,
      MetricName: 'DaysSinceLastDrill',
      // Exactly the dimensions Powertools publishes with: its service, and the plan the watchdog watches.
      Dimensions: [
        { Name: 'service', Value: 'dr-drill' },
        { Name: 'PlanName', Value: deployedPlanName() },
      ],
      Statistic: 'Maximum',
      Period: 86400,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      Threshold: 35,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'breaching',
    });
  });

  it('alarms when a drill counted a protected resource unproven beyond the plan\'s limit, and keeps that state between drills', () => {
    const alarm = resource('CoverageUnprovenAlarm');

    expect(alarm.Properties).toMatchObject({
      ...TO_THE_TOPIC,
      Namespace: METRICS_NAMESPACE,
      // The metric publishCoverageMetrics sends, with exactly the dimensions Powertools publishes a drill's figures with.
      MetricName: 'UnprovenOverLimit',
      Dimensions: [
        { Name: 'service', Value: 'dr-drill' },
        { Name: 'PlanName', Value: deployedPlanName() },
      ],
      Statistic: 'Maximum',
      Period: 86400,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'ignore',
    });
  });

  it('gives Build Report the drills table to read, and nothing to write there', () => {
    const fn = resource('BuildReportLambdaFunction');
    const statements = ownStatements(resource('BuildReportIamRoleLambdaExecution'));

    expect(fn.Properties.Environment).toEqual({ Variables: expect.objectContaining({ DRILLS_TABLE: { Ref: 'DrillsTable' } }) });
    const onTable = statements.filter((s) => JSON.stringify(s.Resource).includes('DrillsTable'));
    expect(onTable.flatMap(actions)).toEqual(['dynamodb:Query']);
  });

  it('lets only this stack\'s CloudWatch alarms publish to the KMS-encrypted drill topic', () => {
    const fromOurAlarms = {
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnLike: { 'aws:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:dr-drill-dev-*' } },
    };
    const topicPolicy = resource('DrillTopicPolicy').Properties.PolicyDocument as { Statement: Statement[] };
    const keyPolicy = resource('NotificationsKey').Properties.KeyPolicy as { Statement: Statement[] };

    expect(resource('DrillTopic').Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': ['NotificationsKey', 'Arn'] });
    expect(topicPolicy.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Condition: fromOurAlarms }),
    );
    expect(keyPolicy.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:GenerateDataKey*', 'kms:Decrypt'], Condition: fromOurAlarms }),
    );
    for (const id of ['DrillFailedAlarm', 'DrillMissedAlarm', 'CoverageUnprovenAlarm']) expect(resource(id).Properties.AlarmName).toMatch(/^dr-drill-dev-/);
  });

  it('runs the watchdog daily on the deployed plan and the drills table, reading that table only', () => {
    const fn = resource('DrillWatchdogLambdaFunction');
    const rule = Object.values(resources).find(
      (r) => r.Type === 'AWS::Events::Rule' && JSON.stringify(r.Properties.Targets ?? []).includes('DrillWatchdogLambdaFunction'),
    );

    expect(rule?.Properties).toMatchObject({ ScheduleExpression: 'cron(0 6 * * ? *)', State: 'ENABLED' });
    expect(fn.Properties.Environment).toEqual({ Variables: expect.objectContaining({ DRILLS_TABLE: { Ref: 'DrillsTable' }, PLAN_NAME: deployedPlanName() }) });
    expect(ownStatements(resource('DrillWatchdogIamRoleLambdaExecution'))).toEqual([
      { Effect: 'Allow', Action: ['dynamodb:Query'], Resource: [{ 'Fn::GetAtt': ['DrillsTable', 'Arn'] }] },
      {
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: [{ 'Fn::GetAtt': ['EvidenceKey', 'Arn'] }],
        Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Sub': 'dynamodb.${AWS::Region}.amazonaws.com' } } },
      },
    ]);
  });

  it('gives the dry run reads only, and one write: its own result in the drill store', () => {
    const fn = resource('DryRunLambdaFunction');
    const statements = ownStatements(resource('DryRunIamRoleLambdaExecution'));
    const writes = statements.filter((s) => actions(s).some((a) => !/^[a-z0-9-]+:(Describe|Get|List|Test)[A-Za-z]*$/.test(a)));

    expect(fn.Properties).toMatchObject({ Timeout: 900, Environment: { Variables: expect.objectContaining({ DRILL_STORE_BUCKET: { Ref: 'DrillStoreBucket' } }) } });
    expect(writes).toEqual([
      { Effect: 'Allow', Action: ['s3:PutObject'], Resource: [{ 'Fn::Sub': '${DrillStoreBucket.Arn}/drills/*/dry-run.json' }] },
      // The central roles config names (issue 13), assumed for reads only: the session policy narrows the session to
      // them (lib/drill/source-vault-access.ts, CENTRAL_READS). Without config: a role dr-drill never creates.
      { Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: [{ 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:role/dr-drill-dev-no-cross-account-role' }] },
    ]);
    // The drill's own reads, and what each target type's module says its dry run reads (role part dryRun, generated
    // into iam/generated/dry-run.yml): nothing else.
    const typeReads = Object.values(IAM_BY_TYPE).flatMap((t) => t.parts.dryRun ?? []);
    expect([...new Set(statements.flatMap(actions))].sort()).toEqual(
      [
        ...new Set([
          'backup:DescribeBackupVault',
          // Find Latest Recovery Point's read of the backup plan that made the newest point (does it copy to the DR vault?).
          'backup:GetBackupPlan',
          'backup:ListRecoveryPointsByBackupVault',
          'iam:GetRole',
          'rds:DescribeGlobalClusters',
          'route53-recovery-cluster:GetRoutingControlState',
          'route53:TestDNSAnswer',
          's3:GetObject',
          's3:PutObject',
          'secretsmanager:DescribeSecret',
          'sts:AssumeRole',
          ...typeReads.flatMap((st) => st.actions),
        ]),
      ].sort(),
    );
    // '*' only where AWS accepts nothing narrower: Route 53 TestDNSAnswer, and the type reads their modules put on '*'
    // (EC2 and FSx Describe*), each of which the Service Authorization Reference lists with no resource type.
    const onAnything = statements.filter((st) => (Array.isArray(st.Resource) ? st.Resource : [st.Resource]).includes('*'));
    const typeReadsOnAnything = typeReads.filter((st) => st.resources.includes('*')).flatMap((st) => st.actions);
    expect(typeReadsOnAnything).toEqual(expect.arrayContaining(['ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets']));
    expect([...new Set(onAnything.flatMap(actions))].sort()).toEqual([...new Set(['route53:TestDNSAnswer', ...typeReadsOnAnything])].sort());
    // No credentials needed to package: the account comes from the stack (Fn::Sub ${AWS::AccountId}), never a literal.
    expect(JSON.stringify(statements)).not.toMatch(/\d{12}/);
  });
});
