// Logs in the packaged CloudFormation: every function's log group is encrypted with the stack's own key, kept for a
// bounded time, and the key lets CloudWatch Logs use it for this stack's log groups only.
import { loadPackagedTemplate, type PackagedTemplate } from './packaged-template';

let template: PackagedTemplate;
beforeAll(() => {
  template = loadPackagedTemplate();
}, 180_000);

const ofType = (type: string) => Object.entries(template.Resources).filter(([, r]) => r.Type === type);
type KeyStatement = { Sid: string; Principal: unknown; Action: string | string[]; Condition?: Record<string, Record<string, unknown>> };

describe('the packaged CloudFormation: logs', () => {
  it('encrypts every log group with LogsKey and keeps it 90 days', () => {
    const groups = ofType('AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThanOrEqual(ofType('AWS::Lambda::Function').length);
    for (const [id, group] of groups) {
      expect({ id, key: group.Properties.KmsKeyId, days: group.Properties.RetentionInDays }).toEqual({
        id,
        key: { 'Fn::GetAtt': ['LogsKey', 'Arn'] },
        days: 90,
      });
    }
  });

  it('gives every function a log group of its own, created before it (none left for Lambda to create unencrypted)', () => {
    const groupNames = new Set(ofType('AWS::Logs::LogGroup').map(([, g]) => g.Properties.LogGroupName));
    for (const [id, fn] of ofType('AWS::Lambda::Function')) {
      const name = `/aws/lambda/${String(fn.Properties.FunctionName)}`;
      expect({ id, hasGroup: groupNames.has(name) }).toEqual({ id, hasGroup: true });
      const dependsOn = ([] as string[]).concat(fn.DependsOn ?? []);
      expect(dependsOn.some((d) => d.endsWith('LogGroup'))).toBe(true);
    }
  });

  it('lets CloudWatch Logs use LogsKey only for this stack\'s log groups, with rotation on', () => {
    const key = template.Resources.LogsKey!;
    expect(key.Properties.EnableKeyRotation).toBe(true);
    const statements = (key.Properties.KeyPolicy as { Statement: KeyStatement[] }).Statement;
    const logs = statements.find((s) => s.Sid === 'CloudWatchLogsUsesTheKeyForThisStack')!;
    expect(logs.Principal).toEqual({ Service: { 'Fn::Sub': 'logs.${AWS::Region}.amazonaws.com' } });
    expect(logs.Condition?.ArnLike?.['kms:EncryptionContext:aws:logs:arn']).toEqual({
      'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/dr-drill-dev-*',
    });
    // Only the account root (which delegates to IAM) and CloudWatch Logs are named in the key policy.
    expect(statements.map((s) => s.Sid).sort()).toEqual(['AccountAdministersAndDelegatesToIam', 'CloudWatchLogsUsesTheKeyForThisStack']);
  });
});
