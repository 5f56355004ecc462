// The daily Coverage Check in the packaged stack (issue 14), read from the CloudFormation `serverless package`
// produced: it runs every day, its role may read the drills table and list the plan's vaults and nothing else
// (decided by the IAM policy simulator, allowed regions and others), and the two coverage alarms watch the metrics it
// and the drills really publish, under the dimensions Powertools publishes them with.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { METRICS_NAMESPACE } from '../../lib/observe/metrics';
import { ACCOUNT, decide, Resolver, rolesOf, statementsOf, type Role, type Template } from './iam-template';
import { loadPackagedTemplate, PROJECT_ROOT } from './packaged-template';

type Resource = { Type: string; Properties: Record<string, unknown> };
let resources: Record<string, Resource>;
let role: Role;
let resolver: Resolver;

beforeAll(() => {
  const template = loadPackagedTemplate() as unknown as Template;
  resources = template.Resources as unknown as Record<string, Resource>;
  resolver = new Resolver(template);
  const found = rolesOf(template).find((r) => r.id === 'CoverageCheckIamRoleLambdaExecution');
  if (!found) throw new Error('the template has no CoverageCheckIamRoleLambdaExecution');
  role = found;
}, 180_000);

const resource = (id: string): Resource => {
  const found = resources[id];
  if (!found) throw new Error(`the template has no ${id}`);
  return found;
};
const deployedPlanName = () => (parse(readFileSync(join(PROJECT_ROOT, 'deployed', 'plan.yml'), 'utf8')) as { name: string }).name;
const A = ACCOUNT;
const DR = 'eu-west-2';
const PRIMARY = 'eu-west-1';
const VAULT = (region: string) => `arn:aws:backup:${region}:${A}:backup-vault:nhs-patient-platform`;
const DIMENSIONS = () => [
  { Name: 'service', Value: 'dr-drill' },
  { Name: 'PlanName', Value: deployedPlanName() },
];

describe('the packaged Coverage Check', () => {
  it('runs every day at 06:30 UTC with the drills table, after the sweeper and the watchdog', () => {
    const rule = Object.values(resources).find(
      (r) => r.Type === 'AWS::Events::Rule' && JSON.stringify(r.Properties.Targets ?? []).includes('CoverageCheckLambdaFunction'),
    );

    expect(rule?.Properties).toMatchObject({ ScheduleExpression: 'cron(30 6 * * ? *)', State: 'ENABLED' });
    expect(resource('CoverageCheckLambdaFunction').Properties.Environment).toEqual({ Variables: expect.objectContaining({ DRILLS_TABLE: { Ref: 'DrillsTable' } }) });
  });

  it("may read the drills table and list the plan's vaults, in the allowed regions only", async () => {
    const table = resolver.arn('DrillsTable');
    const evidenceKey = resolver.arn('EvidenceKey');
    const calls = [
      { action: 'backup:ListProtectedResourcesByBackupVault', resource: VAULT(PRIMARY), region: PRIMARY },
      { action: 'dynamodb:Query', resource: table, region: DR },
      { action: 'kms:Decrypt', resource: evidenceKey, region: DR, context: { 'kms:ViaService': `dynamodb.${DR}.amazonaws.com` } },
    ];
    const decisions = async (region?: string) =>
      Promise.all(calls.map((c) => decide(role, region ? { ...c, region, resource: c.resource.replace(/^(arn:aws:[^:]+:)(eu-west-[12])(:)/, `$1${region}$3`) } : c)));

    expect(await decisions()).toEqual(['Allowed', 'Allowed', 'Allowed']);
    // The region Deny every role carries: the same reads anywhere else are refused.
    expect(await decisions('us-east-1')).toEqual(['ExplicitlyDenied', 'ExplicitlyDenied', 'ExplicitlyDenied']);
  });

  it('may change nothing: no write to the table, no restore, no publish, the evidence key only through DynamoDB', async () => {
    const never = [
      { action: 'dynamodb:PutItem', resource: resolver.arn('DrillsTable'), region: DR },
      { action: 'dynamodb:Scan', resource: resolver.arn('DrillsTable'), region: DR },
      { action: 'backup:StartRestoreJob', resource: `arn:aws:backup:${DR}:${A}:recovery-point:1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809`, region: DR },
      { action: 'backup:ListRecoveryPointsByBackupVault', resource: VAULT(PRIMARY), region: PRIMARY },
      { action: 'sns:Publish', resource: resolver.arn('DrillTopic'), region: DR },
      { action: 'kms:Decrypt', resource: resolver.arn('EvidenceKey'), region: DR },
    ];

    expect(await Promise.all(never.map((c) => decide(role, c)))).toEqual(never.map(() => 'ImplicitlyDenied'));
    const allowed = statementsOf(role).filter((s) => s.Effect === 'Allow').flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(allowed.filter((a) => !String(a).startsWith('logs:')).sort()).toEqual(['backup:ListProtectedResourcesByBackupVault', 'dynamodb:Query', 'kms:Decrypt']);
  });

  it('alarms on an unproven resource from the daily datapoint, keeping its state through a missing day', () => {
    expect(resource('CoverageUnprovenAlarm').Properties).toMatchObject({
      AlarmActions: [{ Ref: 'DrillTopic' }],
      Namespace: METRICS_NAMESPACE,
      MetricName: 'UnprovenOverLimit',
      Dimensions: DIMENSIONS(),
      Statistic: 'Maximum',
      Period: 86400,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'ignore',
    });
  });

  it('alarms when the coverage has been unknown for two days: no ProtectedResources datapoint breaches', () => {
    expect(resource('CoverageUnknownAlarm').Properties).toMatchObject({
      AlarmName: 'dr-drill-dev-coverage-unknown',
      AlarmActions: [{ Ref: 'DrillTopic' }],
      Namespace: METRICS_NAMESPACE,
      // Sent only when the scope was listed and the table read (Coverage Check and each drill: addCoverageMetrics).
      MetricName: 'ProtectedResources',
      Dimensions: DIMENSIONS(),
      Statistic: 'SampleCount',
      Period: 86400,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
  });
});
