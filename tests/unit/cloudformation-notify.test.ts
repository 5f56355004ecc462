// The notifications part of the packaged CloudFormation (read as tests/unit/cloudformation.test.ts reads it): the drill
// topic encrypted with a key of the stack's own, the Slack function subscribed to it with its retries and its
// dead-letter queue, and each function allowed exactly what it does.
import { loadPackagedTemplate } from './packaged-template';

type Resource = { Type: string; Properties: Record<string, unknown>; Condition?: string };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Principal?: unknown; Condition?: unknown };
let template: { Resources: Record<string, Resource>; Outputs: Record<string, { Value: unknown }>; Conditions?: Record<string, unknown> };
let resources: Record<string, Resource>;

beforeAll(() => {
  template = loadPackagedTemplate() as unknown as typeof template;
  resources = template.Resources;
}, 180_000);

const KEY_ARN = { 'Fn::GetAtt': ['NotificationsKey', 'Arn'] };
const DLQ_ARN = { 'Fn::GetAtt': ['SlackNotifierDeadLetterQueue', 'Arn'] };
const asList = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
const roleStatements = (roleId: string): Statement[] =>
  ((resources[roleId]!.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[])
    .flatMap((p) => p.PolicyDocument.Statement)
    // The region Deny every role inherits is checked in tests/unit/iam-least-privilege.test.ts.
    .filter((s) => s.Effect === 'Allow' && !asList(s.Action).every((a) => a.startsWith('logs:')));

describe('the packaged CloudFormation: notifications', () => {
  it('encrypts the drill topic with the stack-managed, rotated NotificationsKey', () => {
    expect(resources.DrillTopic).toMatchObject({ Type: 'AWS::SNS::Topic', Properties: { TopicName: 'dr-drill-dev-drills', KmsMasterKeyId: KEY_ARN } });
    expect(resources.NotificationsKey).toMatchObject({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } });
    expect(template.Outputs.DrillTopicArn).toEqual({ Value: { Ref: 'DrillTopic' } });
  });

  it("lets the key be used by the account's IAM policies, by SNS and by the stack's alarms for this account only, never by anyone", () => {
    const statements = (resources.NotificationsKey!.Properties.KeyPolicy as { Statement: Statement[] }).Statement;

    expect(statements.map((s) => s.Principal)).toEqual([
      { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } },
      { Service: 'sns.amazonaws.com' },
      // The stack's alarms publish to the encrypted topic too (scoped in cloudformation-observability.test.ts).
      { Service: 'cloudwatch.amazonaws.com' },
    ]);
    expect(statements[1]).toMatchObject({ Action: ['kms:GenerateDataKey*', 'kms:Decrypt'], Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } });
  });

  it('subscribes the Slack function to the drill topic, with SNS allowed to invoke it', () => {
    const subscriptions = Object.values(resources).filter((r) => r.Type === 'AWS::SNS::Subscription');

    expect(subscriptions).toEqual([
      expect.objectContaining({
        Properties: expect.objectContaining({
          TopicArn: { Ref: 'DrillTopic' },
          Protocol: 'lambda',
          Endpoint: { 'Fn::GetAtt': ['SlackNotifierLambdaFunction', 'Arn'] },
          RedrivePolicy: { deadLetterTargetArn: DLQ_ARN },
        }),
      }),
    ]);
    expect(resources.SlackNotifierLambdaPermissionDrillsSNS?.Properties).toMatchObject({ Principal: 'sns.amazonaws.com', SourceArn: { Ref: 'DrillTopic' } });
  });

  it('retries a failed Slack post twice, then sends it to a KMS-encrypted dead-letter queue', () => {
    expect(resources.SlackNotifierDeadLetterQueue).toMatchObject({ Type: 'AWS::SQS::Queue', Properties: { KmsMasterKeyId: KEY_ARN, MessageRetentionPeriod: 1209600 } });
    expect(resources.SlackNotifierLambdaEvConf?.Properties).toMatchObject({
      FunctionName: { Ref: 'SlackNotifierLambdaFunction' },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: DLQ_ARN } },
    });
  });

  it('gives Notify its topic and lets it read drill reports and publish to that topic only', () => {
    const env = (resources.NotifyLambdaFunction!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env).toMatchObject({ DRILL_TOPIC_ARN: { Ref: 'DrillTopic' }, DRILL_STORE_BUCKET: { Ref: 'DrillStoreBucket' } });

    const statements = roleStatements('NotifyIamRoleLambdaExecution');
    expect(statements.map((s) => [asList(s.Action), s.Resource])).toEqual([
      [['s3:GetObject'], [{ 'Fn::Sub': '${DrillStoreBucket.Arn}/drills/*' }]],
      [['sns:Publish'], [{ Ref: 'DrillTopic' }]],
      [['kms:GenerateDataKey', 'kms:Decrypt'], [KEY_ARN]],
    ]);
  });

  it('lets the Slack function read its webhook secret (the stack placeholder when config names none) and write its dead-letter queue', () => {
    const secret = { 'Fn::If': ['SlackSecretFromStack', { Ref: 'SlackWebhookSecret' }, ''] };
    const env = (resources.SlackNotifierLambdaFunction!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.SLACK_WEBHOOK_SECRET_ARN).toEqual(secret);
    expect(resources.SlackWebhookSecret).toMatchObject({ Condition: 'SlackSecretFromStack', Properties: { KmsKeyId: KEY_ARN } });
    expect(template.Conditions?.SlackSecretFromStack).toEqual({ 'Fn::Equals': ['', ''] });

    const statements = roleStatements('SlackNotifierIamRoleLambdaExecution');
    expect(statements.map((s) => [asList(s.Action), s.Resource])).toEqual([
      [['secretsmanager:GetSecretValue'], [secret]],
      [['kms:Decrypt'], [KEY_ARN]],
      [['sqs:SendMessage'], [DLQ_ARN]],
      [['kms:GenerateDataKey', 'kms:Decrypt'], [KEY_ARN]],
    ]);
    expect(statements.filter((s) => asList(s.Action).some((a) => a.startsWith('kms:'))).every((s) => s.Condition !== undefined)).toBe(true);
  });
});
