// The monthly drill as the packaged CloudFormation has it: the schedule in the plan's time zone, the evidence bucket
// (Object Lock, KMS, versions, TLS only) and its optional primary-region copy, the drills table, the drill's role.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadPackagedTemplate, PROJECT_ROOT } from './packaged-template';

const root = PROJECT_ROOT;

type Resource = { Type: string; Condition?: string; Properties: Record<string, unknown> };
interface Template {
  Resources: Record<string, Resource>;
  Conditions: Record<string, unknown>;
  Outputs: Record<string, unknown>;
}
let template: Template;

beforeAll(() => {
  template = loadPackagedTemplate() as unknown as Template;
}, 180_000);

const resource = (id: string): Resource => {
  const r = template.Resources[id];
  if (!r) throw new Error(`no ${id} in the packaged template`);
  return r;
};

describe('the packaged CloudFormation: the monthly drill', () => {
  it('schedules the drill with EventBridge Scheduler in the deployed plan\'s time zone, running the deployed plan', () => {
    const schedules = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Scheduler::Schedule');
    const plan = parse(readFileSync(join(root, 'deployed', 'plan.yml'), 'utf8')) as { schedule: { cron: string; timezone: string } };

    expect(schedules).toHaveLength(1);
    expect(schedules[0]!.Properties).toMatchObject({
      ScheduleExpression: plan.schedule.cron,
      ScheduleExpressionTimezone: plan.schedule.timezone,
      State: 'ENABLED',
      Target: { Arn: { Ref: 'DrillStateMachine' }, Input: JSON.stringify({ trigger: { kind: 'schedule', by: null } }) },
    });
  });

  it('keeps evidence in a versioned, KMS-encrypted, TLS-only bucket under Object Lock, retained with the stack gone', () => {
    const bucket = resource('EvidenceBucket');
    const policy = resource('EvidenceBucketPolicy').Properties.PolicyDocument as { Statement: { Sid: string; Effect: string; Condition: unknown }[] };

    expect((bucket as unknown as { DeletionPolicy: string }).DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 400 } } },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['EvidenceKey', 'Arn'] } } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    expect(policy.Statement.map((s) => [s.Sid, s.Effect])).toEqual([
      ['DenyInsecureTransport', 'Deny'],
      ['DenyOtherEncryption', 'Deny'],
    ]);
    expect(resource('EvidenceKey').Properties.EnableKeyRotation).toBe(true);
  });

  it('copies evidence to the primary region only when config names a replica, with Object Lock retention carried', () => {
    const replication = resource('EvidenceBucket').Properties.ReplicationConfiguration as { 'Fn::If': [string, Record<string, unknown>, unknown] };
    const [condition, rule, otherwise] = replication['Fn::If'];

    expect(condition).toBe('HasEvidenceReplica');
    // Stage dev has no config: the condition compares the empty replica ARN, so nothing is replicated.
    expect(template.Conditions.HasEvidenceReplica).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] });
    expect(otherwise).toEqual({ Ref: 'AWS::NoValue' });
    expect(rule).toMatchObject({ Rules: [{ Filter: { Prefix: 'evidence/' }, SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } } }] });
    const role = resource('EvidenceReplicationRole');
    expect(role.Condition).toBe('HasEvidenceReplica');
    const actions = ((role.Properties.Policies as { PolicyDocument: { Statement: { Action: string[] }[] } }[])[0]!.PolicyDocument.Statement).flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['s3:GetObjectRetention', 's3:GetObjectLegalHold', 's3:ReplicateObject']));
    expect(actions).not.toContain('s3:ReplicateDelete');
  });

  it('gives the primary-region replica stack the same guarantees', () => {
    const replica = parse(readFileSync(join(root, 'resources', 'evidence-replica.yml'), 'utf8'), { customTags: [
      { tag: '!Ref', resolve: (v: string) => ({ Ref: v }) },
      { tag: '!Sub', resolve: (v: string) => ({ 'Fn::Sub': v }) },
      { tag: '!GetAtt', resolve: (v: string) => ({ 'Fn::GetAtt': v.split('.') }) },
    ] }) as Template;
    const bucket = replica.Resources.ReplicaBucket!;

    expect(bucket.Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      ObjectLockEnabled: true,
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
    });
    expect(Object.keys(replica.Outputs)).toEqual(['BucketArn', 'KmsKeyArn']);
  });

  it('indexes drills by plan and start time, and by drill id, encrypted with the evidence key', () => {
    const table = resource('DrillsTable').Properties;

    expect(table.KeySchema).toEqual([
      { AttributeName: 'planName', KeyType: 'HASH' },
      { AttributeName: 'startedAt', KeyType: 'RANGE' },
    ]);
    expect(table.GlobalSecondaryIndexes).toEqual([expect.objectContaining({ IndexName: 'byDrillId' })]);
    expect(table.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
    expect(Object.keys(template.Outputs)).toEqual(expect.arrayContaining(['DrillStateMachineArn', 'EvidenceBucketName', 'DrillsTableName', 'DrillTopicArn']));
  });

  it('lets Record Evidence write evidence and never read or delete it', () => {
    const role = resource('RecordEvidenceIamRoleLambdaExecution');
    const statements = (role.Properties.Policies as { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } }[]).flatMap(
      (p) => p.PolicyDocument.Statement,
    );
    const onEvidence = statements.filter((s) => JSON.stringify(s.Resource).includes('EvidenceBucket.Arn'));

    expect(onEvidence.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))).toEqual(['s3:PutObject']);
  });
});
