// Reads the CloudFormation that `serverless package` produced (npm test packages before jest runs; a lone jest
// run packages here first) and checks what the deployment would really contain.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadPackagedTemplate, PROJECT_ROOT } from './packaged-template';

const root = PROJECT_ROOT;

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
let resources: Record<string, Resource>;

beforeAll(() => {
  resources = loadPackagedTemplate().Resources as unknown as Record<string, Resource>;
}, 180_000);

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const statementsOf = (role: Resource): Statement[] =>
  ((role.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement);
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

/** The definition JSON inside DefinitionString (a Fn::Sub of a string, or the string itself). */
function definitionOf(logicalId: string): { States: Record<string, Record<string, unknown>> } {
  const raw = resources[logicalId]!.Properties.DefinitionString as string | { 'Fn::Sub': string | [string, object] };
  const text = typeof raw === 'string' ? raw : Array.isArray(raw['Fn::Sub']) ? raw['Fn::Sub'][0] : raw['Fn::Sub'];
  return JSON.parse(text) as { States: Record<string, Record<string, unknown>> };
}

function allStates(def: { States: Record<string, Record<string, unknown>> }): Record<string, unknown>[] {
  return Object.values(def.States).flatMap((s) => {
    const inner = (s.ItemProcessor ?? s.Iterator) as { States: Record<string, Record<string, unknown>> } | undefined;
    return [s, ...(inner ? allStates(inner) : [])];
  });
}

describe('the packaged CloudFormation', () => {
  it('has both state machines, stage-scoped', () => {
    expect(resources.DrillStateMachine?.Properties.StateMachineName).toBe('dr-drill-dev-drill');
    expect(resources.RestoreTargetStateMachine?.Properties.StateMachineName).toBe('dr-drill-dev-restore-target');
  });

  it('never retries States.ALL: only named transient errors', () => {
    for (const id of ['DrillStateMachine', 'RestoreTargetStateMachine', 'FailoverTargetStateMachine']) {
      const retried = allStates(definitionOf(id)).flatMap((s) => ((s.Retry ?? []) as { ErrorEquals: string[] }[]).flatMap((r) => r.ErrorEquals));
      expect(retried.length).toBeGreaterThan(0);
      expect(retried).not.toContain('States.ALL');
      expect(retried).not.toContain('States.TaskFailed');
    }
  });

  it('runs every function on nodejs22.x arm64, from a handler file that exists', () => {
    const functions = ofType('AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThanOrEqual(10);
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });
      const handler = String(fn.Properties.Handler).replace(/\.handler$/, '.ts');
      expect(existsSync(join(root, handler))).toBe(true);
    }
  });

  it('names actions in every Allow statement: no "*" and no "service:*"', () => {
    for (const [id, role] of ofType('AWS::IAM::Role')) {
      for (const statement of statementsOf(role).filter((s) => s.Effect === 'Allow')) {
        for (const action of actions(statement)) {
          expect({ role: id, action }).toEqual({ role: id, action: expect.stringMatching(/^[a-z0-9-]+:[A-Za-z]+$/) });
        }
      }
    }
  });

  it('lets the restore-target state machine delete only what a drill created (drdrill- names)', () => {
    const statements = statementsOf(resources.RestoreTargetStateMachineRole!);
    const deletes = statements.filter((s) => actions(s).some((a) => /^(rds:DeleteDB(Instance|Cluster)$|dynamodb:DeleteTable)/.test(a)));
    expect(deletes.length).toBeGreaterThan(0);
    for (const s of deletes) expect(JSON.stringify(s.Resource)).toMatch(/drdrill-\*/);
    // Copied recovery points of RDS and Aurora are snapshots AWS Backup named awsbackup:...: only those.
    const snapshotDeletes = statements.filter((s) => actions(s).some((a) => /^rds:DeleteDB(Cluster)?Snapshot$/.test(a)));
    expect(snapshotDeletes.length).toBe(1);
    expect(JSON.stringify(snapshotDeletes[0]!.Resource).match(/snapshot:[^"]*/g)).toEqual(['snapshot:awsbackup:*', 'snapshot:awsbackup:*']);
  });

  it('gives the functions that read or record drills the store bucket, and a store that is private and TLS-only', () => {
    for (const id of ['PreflightLambdaFunction', 'LoadTargetLambdaFunction', 'EvaluateTargetLambdaFunction', 'BuildReportLambdaFunction']) {
      expect((resources[id]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables.DRILL_STORE_BUCKET).toEqual({ Ref: 'DrillStoreBucket' });
    }
    const bucket = resources.DrillStoreBucket!.Properties;
    expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    const policy = JSON.stringify(resources.DrillStoreBucketPolicy!.Properties.PolicyDocument);
    expect(policy).toContain('"aws:SecureTransport":"false"');
  });
});
