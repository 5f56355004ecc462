// One IAM decision by the policy simulator (@cloud-copilot/iam-simulate): the role's identity policies, and no resource
// policy but a KMS key's that leaves the decision to IAM, as every key of the stack and the examples has. Shared by
// the local run's authorizer and the IAM tests of the packaged template.
import { createHash } from 'node:crypto';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { PolicyDocument, Role } from '../stack/template';
import { asTypedRecoveryPoint } from './ec2-recovery-points';

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

const keyPolicyDelegatingToIam = (resource: string, account: string): PolicyDocument =>
  ({
    Version: '2012-10-17',
    Statement: [{ Sid: 'AccountAdministersAndDelegatesToIam', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: resource }],
  }) as unknown as PolicyDocument;

const accountOf = (arn: string): string | undefined => /^arn:aws[a-z-]*:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1];

/**
 * What IAM decides for `action` on `resource` made with the role's credentials, with these condition keys. With
 * `resourcePolicy` (a role's trust policy for sts:AssumeRole) the resource's policy is evaluated with the identity's, as
 * AWS does across accounts (IAM User Guide, "Cross account policy evaluation logic": both must allow).
 */
export function evaluate(
  role: Role,
  action: string,
  resource: string,
  context: Record<string, string | string[]>,
  resourcePolicy?: PolicyDocument,
  sessionPolicy?: PolicyDocument,
): Promise<Decision> {
  // A decision is a pure function of what is hashed here, and the simulator takes milliseconds to reach one: every
  // drill of a test file builds its own stack and account but asks mostly the same questions of the same roles.
  const key = createHash('sha256')
    .update(JSON.stringify([role.arn, role.id, role.policies, action, resource, context, resourcePolicy ?? null, sessionPolicy ?? null]))
    .digest('base64');
  let decision = decisions.get(key);
  if (!decision) {
    if (decisions.size >= MAX_REMEMBERED_DECISIONS) decisions.clear();
    decision = simulate(role, action, resource, context, resourcePolicy, sessionPolicy);
    decisions.set(key, decision);
    // An error is not a decision: the next asker meets it again.
    decision.catch(() => decisions.delete(key));
  }
  return decision;
}

/** The decisions reached in this process, by the hash of their inputs (bounded: a long run asks new questions). */
const decisions = new Map<string, Promise<Decision>>();
const MAX_REMEMBERED_DECISIONS = 50_000;

async function simulate(
  role: Role,
  action: string,
  resource: string,
  context: Record<string, string | string[]>,
  resourcePolicy?: PolicyDocument,
  sessionPolicy?: PolicyDocument,
): Promise<Decision> {
  // IAM role ARNs carry no region (arn:aws:iam::<account>:role/...): their account is the fifth field all the same.
  const accountOfResource = accountOf(resource) ?? (/^\d{12}$/.test(resource.split(':')[4] ?? '') ? resource.split(':')[4] : undefined) ?? accountOf(role.arn) ?? '';
  const typed = asTypedRecoveryPoint(action, role.policies, resource);
  const result = await runSimulation(
    {
      identityPolicies: typed.policies.map((policy, i) => ({ name: `${role.id}-${i}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(resourcePolicy ? { resourcePolicy } : action.startsWith('kms:') ? { resourcePolicy: keyPolicyDelegatingToIam(resource, accountOfResource) } : {}),
      ...(sessionPolicy ? { sessionPolicy } : {}),
      request: { action, principal: role.arn, resource: { resource: typed.resource, accountId: accountOfResource }, contextVariables: context },
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(`the IAM simulator refused ${action} on ${resource}: ${JSON.stringify(result.errors)}`);
  return result.overallResult as Decision;
}

/**
 * Whether `principalArn` (a role of another account, with its own identity policies) may call sts:AssumeRole on the
 * role `roleArn`, whose trust policy is `trustPolicy`: a cross-account AssumeRole needs both the caller's identity policy
 * and the role's trust policy (IAM User Guide, "Cross account policy evaluation logic"), with the request's condition
 * keys (sts:ExternalId when the caller passes one).
 */
export async function evaluateAssumeRole(
  caller: Pick<Role, 'arn' | 'policies' | 'id'>,
  roleArn: string,
  trustPolicy: PolicyDocument,
  context: Record<string, string | string[]>,
): Promise<Decision> {
  const result = await runSimulation(
    {
      identityPolicies: caller.policies.map((policy, i) => ({ name: `${caller.id}-${i}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: trustPolicy,
      request: { action: 'sts:AssumeRole', principal: caller.arn, resource: { resource: roleArn, accountId: roleArn.split(':')[4] ?? '' }, contextVariables: context },
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(`the IAM simulator refused sts:AssumeRole on ${roleArn}: ${JSON.stringify(result.errors)}`);
  return result.overallResult as Decision;
}
