// The IAM of a CloudFormation template as AWS would see it once deployed: Fn::Sub, Fn::GetAtt, Ref, Fn::If and
// Fn::Join resolved to concrete ARNs for one account and region, so a policy simulator can evaluate real requests.
import { evaluate, type Decision } from '../iam/evaluate';
export { typed } from '../iam/ec2-recovery-points';

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-2';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}
export interface PolicyDocument {
  Version: string;
  Statement: Statement[];
}
interface Resource {
  Type: string;
  Properties?: Record<string, Json>;
  Condition?: string;
}
export interface Template {
  Resources: Record<string, Resource>;
  Conditions?: Record<string, Json>;
}

export const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Resolves a template's intrinsic functions; names the stack did not fix get a stable made-up one. */
export class Resolver {
  constructor(
    private readonly template: Template,
    private readonly region = REGION,
    private readonly account = ACCOUNT,
    /** A standalone template's Parameters, by name: their Default unless given. */
    private readonly parameters: Record<string, Json> = {},
  ) {}

  private prop(id: string, name: string): string | undefined {
    const value = this.template.Resources[id]?.Properties?.[name];
    return value === undefined ? undefined : String(this.resolve(value));
  }

  private resourceOf(id: string): Resource {
    const resource = this.template.Resources[id];
    if (!resource) throw new Error(`the template has no resource ${id}`);
    return resource;
  }

  ref(id: string): string {
    const pseudo: Record<string, string> = { 'AWS::Region': this.region, 'AWS::AccountId': this.account, 'AWS::Partition': 'aws', 'AWS::StackName': 'dr-drill-dev' };
    if (pseudo[id]) return pseudo[id];
    const resource = this.resourceOf(id);
    const r = this.region;
    const a = this.account;
    switch (resource.Type) {
      case 'AWS::S3::Bucket':
        return this.prop(id, 'BucketName') ?? `dr-drill-dev-${id.toLowerCase()}-1a2b3c4d`;
      case 'AWS::DynamoDB::Table':
        return this.prop(id, 'TableName') ?? `dr-drill-dev-${id}-ABC123`;
      case 'AWS::SNS::Topic':
      case 'AWS::StepFunctions::StateMachine':
      case 'AWS::SecretsManager::Secret':
        return this.arn(id);
      case 'AWS::SQS::Queue':
        return `https://sqs.${r}.amazonaws.com/${a}/${this.prop(id, 'QueueName') ?? id}`;
      case 'AWS::KMS::Key':
        return `${id.toLowerCase()}-0000-0000-0000-000000000000`;
      default:
        return this.prop(id, 'FunctionName') ?? id;
    }
  }

  arn(id: string): string {
    const resource = this.resourceOf(id);
    const r = this.region;
    const a = this.account;
    switch (resource.Type) {
      case 'AWS::Lambda::Function':
        return `arn:aws:lambda:${r}:${a}:function:${this.prop(id, 'FunctionName') ?? id}`;
      case 'AWS::StepFunctions::StateMachine':
        return `arn:aws:states:${r}:${a}:stateMachine:${this.prop(id, 'StateMachineName') ?? id}`;
      case 'AWS::SNS::Topic':
        return `arn:aws:sns:${r}:${a}:${this.prop(id, 'TopicName') ?? id}`;
      case 'AWS::KMS::Key':
        return `arn:aws:kms:${r}:${a}:key/${this.ref(id)}`;
      case 'AWS::S3::Bucket':
        return `arn:aws:s3:::${this.ref(id)}`;
      case 'AWS::DynamoDB::Table':
        return `arn:aws:dynamodb:${r}:${a}:table/${this.ref(id)}`;
      case 'AWS::SQS::Queue':
        return `arn:aws:sqs:${r}:${a}:${this.prop(id, 'QueueName') ?? id}`;
      case 'AWS::SecretsManager::Secret':
        return `arn:aws:secretsmanager:${r}:${a}:secret:${this.prop(id, 'Name') ?? id}-AbCdEf`;
      case 'AWS::IAM::Role':
        // serverless-iam-roles-per-function names each function's role (RoleName: <service>-<stage>-<function>-
        // <region>-lambdaRole); another account's trust policy names it so (resources/central-backup-copy-role.yml).
        return `arn:aws:iam::${a}:role/${this.prop(id, 'RoleName') ?? id}`;
      case 'AWS::Events::Rule':
        return `arn:aws:events:${r}:${a}:rule/${this.prop(id, 'Name') ?? id}`;
      default:
        throw new Error(`no ARN known for ${id} (${resource.Type})`);
    }
  }

  condition(name: string): boolean {
    const expression = this.template.Conditions?.[name];
    if (expression === undefined) throw new Error(`the template has no condition ${name}`);
    return this.truth(expression);
  }

  private truth(expression: Json): boolean {
    const e = expression as Record<string, Json>;
    if ('Fn::Equals' in e) {
      const [left, right] = e['Fn::Equals'] as Json[];
      return JSON.stringify(this.resolve(left!)) === JSON.stringify(this.resolve(right!));
    }
    if ('Fn::Not' in e) return !this.truth((e['Fn::Not'] as Json[])[0]!);
    if ('Fn::And' in e) return (e['Fn::And'] as Json[]).every((x) => this.truth(x));
    if ('Fn::Or' in e) return (e['Fn::Or'] as Json[]).some((x) => this.truth(x));
    if ('Condition' in e) return this.condition(String(e.Condition));
    throw new Error(`unsupported condition ${JSON.stringify(expression)}`);
  }

  private sub(text: string, vars: Record<string, Json> = {}): string {
    return text.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
      if (name in vars) return String(this.resolve(vars[name]!));
      if (name in this.parameters) return String(this.parameters[name]);
      const [id, attribute] = name.split('.');
      return attribute === 'Arn' ? this.arn(id!) : this.ref(id!);
    });
  }

  resolve(value: Json): Json {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v)).filter((v) => v !== NO_VALUE);
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [key] = keys as [string];
      const arg = value[key]!;
      if (key === 'Ref') {
        if (String(arg) in this.parameters) return this.parameters[String(arg)]!;
        return String(arg) === 'AWS::NoValue' ? NO_VALUE : this.ref(String(arg));
      }
      if (key === 'Fn::GetAtt') {
        const [id, attribute] = (typeof arg === 'string' ? arg.split('.') : arg) as string[];
        if (attribute !== 'Arn') throw new Error(`unsupported Fn::GetAtt ${id}.${attribute}`);
        return this.arn(id!);
      }
      if (key === 'Fn::Sub') return Array.isArray(arg) ? this.sub(String(arg[0]), arg[1] as Record<string, Json>) : this.sub(String(arg));
      if (key === 'Fn::Join') {
        const [separator, parts] = arg as [string, Json[]];
        return (this.resolve(parts) as Json[]).map(String).join(separator);
      }
      if (key === 'Fn::If') {
        const [name, yes, no] = arg as [string, Json, Json];
        return this.resolve(this.condition(name) ? yes : no);
      }
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(v)]).filter(([, v]) => v !== NO_VALUE));
  }
}
const NO_VALUE = '__AWS::NoValue__';

export interface Role {
  id: string;
  arn: string;
  /** Principal services that may assume it. */
  trustedBy: string[];
  /** The inline policies, resolved. */
  policies: PolicyDocument[];
  managedPolicyArns: string[];
  /** The CloudFormation condition the role is created under, if any. */
  createdIf?: string;
}

/** Every AWS::IAM::Role of the template, its inline policies resolved for `account` and `region`. */
export function rolesOf(template: Template, region = REGION, parameters: Record<string, Json> = {}, account = ACCOUNT): Role[] {
  const resolver = new Resolver(template, region, account, parameters);
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::IAM::Role')
    .map(([id, r]) => {
      const props = r.Properties ?? {};
      const trust = resolver.resolve(props.AssumeRolePolicyDocument ?? null) as { Statement: { Principal: { Service: string | string[] } }[] };
      return {
        id,
        // The name AWS gives it: RoleName resolved (serverless-iam-roles-per-function joins it), else its logical id.
        arn: resolver.arn(id),
        trustedBy: trust.Statement.flatMap((s) => asList(s.Principal.Service)),
        policies: asList(props.Policies as Json[]).map((p) => resolver.resolve((p as { PolicyDocument: Json }).PolicyDocument) as unknown as PolicyDocument),
        managedPolicyArns: asList(resolver.resolve((props.ManagedPolicyArns as Json) ?? []) as string[]),
        ...(r.Condition ? { createdIf: r.Condition } : {}),
      };
    });
}

export const statementsOf = (role: Role): Statement[] => role.policies.flatMap((p) => p.Statement);

export type { Decision } from '../iam/evaluate';

export interface Call {
  action: string;
  resource: string;
  region: string;
  context?: Record<string, string | string[]>;
}

/** What IAM decides for one call made with the role's credentials (local/iam/evaluate.ts). */
export function decide(role: Role, call: Call): Promise<Decision> {
  return evaluate(role, call.action, call.resource, { 'aws:RequestedRegion': call.region, ...call.context });
}

