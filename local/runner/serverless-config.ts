// What the local runner needs from serverless.yml: which module implements each function, and which ASL file
// defines each state machine. Reading the real file keeps local runs wired exactly like the deployment.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface ServiceLayout {
  root: string;
  /** Serverless function key -> module path (without extension), e.g. preflight -> functions/preflight/handler */
  functions: Map<string, string>;
  /** CloudFormation logical id of each function (PreflightLambdaFunction) -> function key */
  functionLogicalIds: Map<string, string>;
  /** State machine logical id (RestoreTargetStateMachine) -> its name key and definition file */
  stateMachines: Map<string, { key: string; file: string }>;
  /** SNS topics of the stack (logical ids): a definition may publish to one by Ref. */
  topics: Set<string>;
}

interface ServerlessYaml {
  functions: Record<string, { handler: string }>;
  stepFunctions: { stateMachines: Record<string, { id: string; definition: string }> };
  resources?: { Resources?: Record<string, { Type?: string }> };
}

/** serverless-step-functions and the framework name a function's resource <Key>LambdaFunction. */
export const functionLogicalId = (key: string): string => `${key[0]!.toUpperCase()}${key.slice(1).replace(/-/g, 'Dash').replace(/_/g, 'Underscore')}LambdaFunction`;

export function readServiceLayout(root: string): ServiceLayout {
  const doc = parse(readFileSync(join(root, 'serverless.yml'), 'utf8')) as ServerlessYaml;
  const functions = new Map<string, string>();
  const functionLogicalIds = new Map<string, string>();
  for (const [key, fn] of Object.entries(doc.functions)) {
    functions.set(key, fn.handler.replace(/\.[^.]+$/, ''));
    functionLogicalIds.set(functionLogicalId(key), key);
  }
  const stateMachines = new Map<string, { key: string; file: string }>();
  for (const [key, sm] of Object.entries(doc.stepFunctions.stateMachines)) {
    const file = /\$\{file\(([^)]+)\)\}/.exec(sm.definition)?.[1];
    if (!file) throw new Error(`serverless.yml: state machine ${key} has no \${file(...)} definition`);
    stateMachines.set(sm.id, { key, file });
  }
  const topics = new Set(
    Object.entries(doc.resources?.Resources ?? {})
      .filter(([, resource]) => resource.Type === 'AWS::SNS::Topic')
      .map(([id]) => id),
  );
  return { root, functions, functionLogicalIds, stateMachines, topics };
}
