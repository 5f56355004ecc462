// The deployed stack as the local run sees it: every function (handler, environment, role), every state machine
// (definition, role), the roles' policies and the stack's own buckets, table, topic and secret, all read from the
// packaged CloudFormation and resolved for one account and region. Nothing about the deployment is restated here.
import type { PackagedTemplate } from './packaged';
import { Resolver, rolesOf, type Json, type Role, type Template } from './template';

export interface StackFunction {
  /** serverless.yml's key (copyJob): what a definition's FunctionName ends with. */
  key: string;
  logicalId: string;
  name: string;
  arn: string;
  /** Module path from the project root (functions/copy-job/handler) and its export (handler). */
  module: string;
  exportName: string;
  /** Environment.Variables, resolved as Lambda would set them. */
  env: Record<string, string>;
  roleId: string;
}

export interface StackStateMachine {
  /** serverless.yml's key (restoreTarget). */
  key: string;
  logicalId: string;
  name: string;
  arn: string;
  /** The DefinitionString CloudFormation would hand Step Functions, parsed. */
  definition: { StartAt: string; States: Record<string, Json>; [key: string]: Json };
  roleId: string;
}

export interface StackBucket {
  logicalId: string;
  name: string;
  /** The customer managed key of its default encryption (SSE-KMS), if any: S3 uses it with the caller's rights. */
  kmsKeyArn?: string;
}

export interface StackTopic {
  logicalId: string;
  arn: string;
  kmsKeyArn?: string;
}

export interface StackTable {
  logicalId: string;
  name: string;
  partitionKey: string;
  sortKey?: string;
}

/** An EventBridge rule of the stack with an event pattern, and the functions it invokes. */
export interface StackRule {
  logicalId: string;
  arn: string;
  pattern: Json;
  /** ARNs of the functions it targets. */
  targets: string[];
}

export interface LocalStack {
  account: string;
  region: string;
  stage: string;
  functions: Map<string, StackFunction>;
  stateMachines: Map<string, StackStateMachine>;
  roles: Map<string, Role>;
  buckets: StackBucket[];
  tables: StackTable[];
  topics: StackTopic[];
  /** The secrets the stack creates (its Slack webhook placeholder), by ARN. */
  secrets: string[];
  /** Rules that match events (not schedules): what EventBridge delivers to which function. */
  rules: StackRule[];
  /** The functions' resource policies (AWS::Lambda::Permission): who else may invoke them. */
  invokePermissions: { functionArn: string; principal: string; sourceArn?: string }[];
  resolver: Resolver;
}

type Properties = Record<string, Json>;

/** Reads the packaged template for `account` and `region`: what `serverless deploy` would create there. */
export function readStack(packaged: PackagedTemplate, account: string, region: string): LocalStack {
  const template = packaged as unknown as Template;
  const resolver = new Resolver(template, region, account);
  const resources = Object.entries(template.Resources).filter(([, r]) => !r.Condition || resolver.condition(r.Condition));
  const props = (id: string): Properties => (template.Resources[id]?.Properties ?? {}) as Properties;
  const roleIdOf = (value: Json | undefined, owner: string): string => {
    const getAtt = (value as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt'];
    if (!getAtt || getAtt[1] !== 'Arn') throw new Error(`${owner}: its role is not a role of the stack (${JSON.stringify(value)})`);
    return getAtt[0];
  };
  const stage = (template.Resources.DrillStateMachine?.Properties?.StateMachineName as string | undefined)?.match(/^dr-drill-([^-]+)-/)?.[1];
  if (!stage) throw new Error('the packaged template has no DrillStateMachine named dr-drill-<stage>-drill');
  const prefix = `dr-drill-${stage}-`;

  const functions = new Map<string, StackFunction>();
  const stateMachines = new Map<string, StackStateMachine>();
  const buckets: StackBucket[] = [];
  const tables: StackTable[] = [];
  const topics: StackTopic[] = [];
  const secrets: string[] = [];
  const rules: StackRule[] = [];
  const invokePermissions: LocalStack['invokePermissions'] = [];
  for (const [id, resource] of resources) {
    const p = props(id);
    switch (resource.Type) {
      case 'AWS::Lambda::Function': {
        const name = String(p.FunctionName);
        const handler = String(p.Handler);
        const variables = resolver.resolve(((p.Environment as Properties | undefined)?.Variables ?? {}) as Json) as Record<string, Json>;
        functions.set(name.slice(prefix.length), {
          key: name.slice(prefix.length),
          logicalId: id,
          name,
          arn: resolver.arn(id),
          module: handler.replace(/\.[^.]+$/, ''),
          exportName: handler.slice(handler.lastIndexOf('.') + 1),
          env: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(v)])),
          roleId: roleIdOf(p.Role, id),
        });
        break;
      }
      case 'AWS::StepFunctions::StateMachine': {
        const name = String(p.StateMachineName);
        const definition = JSON.parse(String(resolver.resolve(p.DefinitionString as Json))) as StackStateMachine['definition'];
        const key = name.slice(prefix.length).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
        stateMachines.set(key, { key, logicalId: id, name, arn: resolver.arn(id), definition, roleId: roleIdOf(p.RoleArn, id) });
        break;
      }
      case 'AWS::S3::Bucket': {
        if (id === 'ServerlessDeploymentBucket') break;
        const rule = ((p.BucketEncryption as Properties | undefined)?.ServerSideEncryptionConfiguration as Properties[] | undefined)?.[0];
        const byDefault = rule?.ServerSideEncryptionByDefault as Properties | undefined;
        const key = byDefault?.SSEAlgorithm === 'aws:kms' && byDefault.KMSMasterKeyID ? String(resolver.resolve(byDefault.KMSMasterKeyID)) : undefined;
        buckets.push({ logicalId: id, name: resolver.ref(id), ...(key ? { kmsKeyArn: key } : {}) });
        break;
      }
      case 'AWS::DynamoDB::Table': {
        const keys = p.KeySchema as { AttributeName: string; KeyType: string }[];
        const sortKey = keys.find((k) => k.KeyType === 'RANGE')?.AttributeName;
        tables.push({ logicalId: id, name: resolver.ref(id), partitionKey: keys.find((k) => k.KeyType === 'HASH')!.AttributeName, ...(sortKey ? { sortKey } : {}) });
        break;
      }
      case 'AWS::SNS::Topic':
        topics.push({ logicalId: id, arn: resolver.arn(id), ...(p.KmsMasterKeyId ? { kmsKeyArn: String(resolver.resolve(p.KmsMasterKeyId)) } : {}) });
        break;
      case 'AWS::SecretsManager::Secret':
        secrets.push(resolver.arn(id));
        break;
      case 'AWS::Lambda::Permission':
        if (p.Action === 'lambda:InvokeFunction') {
          invokePermissions.push({
            functionArn: String(resolver.resolve(p.FunctionName as Json)),
            principal: String(p.Principal),
            ...(p.SourceArn ? { sourceArn: String(resolver.resolve(p.SourceArn as Json)) } : {}),
          });
        }
        break;
      case 'AWS::Events::Rule':
        if (p.EventPattern && p.State !== 'DISABLED') {
          const targets = ((p.Targets ?? []) as Properties[]).map((t) => String(resolver.resolve(t.Arn as Json)));
          rules.push({ logicalId: id, arn: resolver.arn(id), pattern: resolver.resolve(p.EventPattern), targets });
        }
        break;
      default:
        break;
    }
  }
  const roles = new Map(rolesOf(template, region, {}, account).map((r) => [r.id, r]));
  const stack = { account, region, stage, functions, stateMachines, roles, buckets, tables, topics, secrets, rules, invokePermissions, resolver };
  checkRuleTargets(stack);
  return stack;
}

/**
 * EventBridge invokes a rule's target function only if the function's resource policy lets events.amazonaws.com do
 * it from that rule (Amazon EventBridge User Guide, "Using resource-based policies for Amazon EventBridge": Lambda
 * functions). In AWS a missing permission drops every event silently; here it stops the run before it starts.
 */
export function checkRuleTargets(stack: Pick<LocalStack, 'rules' | 'invokePermissions'>): void {
  for (const rule of stack.rules) {
    for (const target of rule.targets) {
      const allowed = stack.invokePermissions.some(
        (p) => p.functionArn === target && p.principal === 'events.amazonaws.com' && (p.sourceArn === undefined || p.sourceArn === rule.arn),
      );
      if (!allowed) {
        throw new Error(`the stack's rule ${rule.logicalId} targets ${target}, whose resource policy does not let EventBridge invoke it from that rule: in AWS no event would reach it`);
      }
    }
  }
}
