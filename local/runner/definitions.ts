// Loads a state machine definition as AWS would receive it from CloudFormation, for the local engine:
// Fn::GetAtt / Ref resolved to local ARNs, and Wait states turned into Tasks on the simulation's virtual clock
// (aws-local-stepfunctions would otherwise sleep in real time).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ServiceLayout } from './serverless-config';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type StateDefinition = { [key: string]: Json };
export interface Definition {
  StartAt: string;
  States: Record<string, StateDefinition>;
  [key: string]: Json | Record<string, StateDefinition>;
}

export const VIRTUAL_WAIT_MARK = 'dr-drill-local-virtual-wait';
/** A Pass state that reads $$.State.EnteredTime, run as a Task that fills in the virtual time. */
export const ENTERED_TIME_RESOURCE = 'arn:aws:lambda:us-east-1:000000000000:function:dr-drill-local-entered-time';
export const ENTERED_TIME_MARK = '__dr_drill_local_entered_time__';
export const TASK_TOKEN_MARK = '__dr_drill_local_task_token__';
/** Where a waitForTaskToken task's TimeoutSeconds(Path) travels locally, so the timeout runs on virtual time. */
export const TOKEN_TIMEOUT_KEY = '__dr_drill_local_timeout_seconds';
export const WAIT_FOR_TOKEN_LAMBDA = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

export interface LocalArns {
  region: string;
  accountId: string;
  stage: string;
}

export const functionArn = (arns: LocalArns, key: string): string =>
  `arn:aws:lambda:${arns.region}:${arns.accountId}:function:dr-drill-${arns.stage}-${key}`;
export const stateMachineArn = (arns: LocalArns, key: string): string =>
  `arn:aws:states:${arns.region}:${arns.accountId}:stateMachine:dr-drill-${arns.stage}-${key}`;

/** Locally a stack topic is named after its logical id; the local run creates it under this ARN. */
export const topicArn = (arns: LocalArns, logicalId: string): string => `arn:aws:sns:${arns.region}:${arns.accountId}:dr-drill-${arns.stage}-${logicalId}`;

export function loadDefinition(layout: ServiceLayout, file: string, arns: LocalArns): Definition {
  const raw = parse(readFileSync(join(layout.root, file), 'utf8')) as Json;
  return localDefinition(resolveIntrinsics(raw, layout, arns, file) as unknown as Definition);
}

/** A definition as Step Functions received it (the packaged template's DefinitionString), made runnable locally. */
export function localDefinition(received: Definition): Definition {
  // A JSON copy, not structuredClone: under jest that would make objects of another realm, which
  // aws-local-stepfunctions does not take for plain objects (it then passes `key.$` paths through unevaluated).
  const definition = JSON.parse(JSON.stringify(received)) as Definition;
  transformWaits(definition);
  transformContextReads(definition);
  lengthenDefaultTaskTimeouts(definition);
  return definition;
}

function resolveIntrinsics(value: Json, layout: ServiceLayout, arns: LocalArns, file: string): Json {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, layout, arns, file));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'Fn::GetAtt') {
    const [logicalId, attribute] = value['Fn::GetAtt'] as [string, string];
    const fn = layout.functionLogicalIds.get(logicalId);
    if (!fn || attribute !== 'Arn') throw new Error(`${file}: Fn::GetAtt ${logicalId}.${attribute} names no function in serverless.yml`);
    return functionArn(arns, fn);
  }
  if (keys.length === 1 && keys[0] === 'Ref' && layout.topics.has(value.Ref as string)) return topicArn(arns, value.Ref as string);
  if (keys.length === 1 && keys[0] === 'Ref') {
    const sm = layout.stateMachines.get(value.Ref as string);
    if (!sm) throw new Error(`${file}: Ref ${String(value.Ref)} names no state machine in serverless.yml`);
    return stateMachineArn(arns, sm.key);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveIntrinsics(v, layout, arns, file)]));
}

/** Every Wait becomes a Task whose Parameters carry the same duration; the runner routes it to clock.sleep. */
function transformWaits(definition: Definition): void {
  for (const state of allStates(definition)) {
    if (state.definition.Type !== 'Wait') continue;
    const { Seconds, SecondsPath, Timestamp, TimestampPath, Type: _type, ...rest } = state.definition;
    const parameters: Record<string, Json> = {};
    if (Seconds !== undefined) parameters.Seconds = Seconds;
    if (SecondsPath !== undefined) parameters['Seconds.$'] = SecondsPath;
    if (Timestamp !== undefined) parameters.Timestamp = Timestamp;
    if (TimestampPath !== undefined) parameters['Timestamp.$'] = TimestampPath;
    for (const key of Object.keys(state.definition)) delete state.definition[key];
    Object.assign(state.definition, {
      ...rest,
      Type: 'Task',
      Resource: `arn:aws:lambda:us-east-1:000000000000:function:${VIRTUAL_WAIT_MARK}`,
      Parameters: parameters,
      ResultPath: null,
      Comment: `${VIRTUAL_WAIT_MARK}: ${String(rest.Comment ?? 'Wait state')}`,
    });
  }
}

/**
 * aws-local-stepfunctions gives the context object no State or Task: a Pass reading $$.State.EnteredTime becomes a
 * Task that stamps the virtual time, and a waitForTaskToken task gets a token mark the runner replaces, with its
 * timeout moved where the runner can run it on the virtual clock.
 */
function transformContextReads(definition: Definition): void {
  for (const { definition: state } of allStates(definition)) {
    const parameters = state.Parameters as Json | undefined;
    if (state.Type === 'Pass' && parameters !== undefined && mentions(parameters, '$$.State.EnteredTime')) {
      state.Type = 'Task';
      state.Resource = ENTERED_TIME_RESOURCE;
      state.Parameters = replacePath(parameters, '$$.State.EnteredTime', ENTERED_TIME_MARK);
      state.Comment = `local: Pass stamped with the virtual time. ${String(state.Comment ?? '')}`;
    }
    if (state.Type === 'Task' && state.Resource === WAIT_FOR_TOKEN_LAMBDA) {
      const replaced = replacePath(parameters ?? {}, '$$.Task.Token', TASK_TOKEN_MARK) as Record<string, Json>;
      if (state.TimeoutSecondsPath !== undefined) replaced[`${TOKEN_TIMEOUT_KEY}.$`] = state.TimeoutSecondsPath;
      else if (state.TimeoutSeconds !== undefined) replaced[TOKEN_TIMEOUT_KEY] = state.TimeoutSeconds;
      state.Parameters = replaced;
      delete state.TimeoutSecondsPath;
      state.TimeoutSeconds = 20 * 24 * 3600;
    }
  }
}

function mentions(value: Json, path: string): boolean {
  if (Array.isArray(value)) return value.some((v) => mentions(v, path));
  if (value === null || typeof value !== 'object') return value === path;
  return Object.values(value).some((v) => mentions(v, path));
}

/** `key.$: <path>` becomes `key: <mark>`; everything else is kept. */
function replacePath(value: Json, path: string, mark: string): Json {
  if (Array.isArray(value)) return value.map((v) => replacePath(v, path, mark));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => (k.endsWith('.$') && v === path ? [k.slice(0, -2), mark] : [k, replacePath(v, path, mark)])),
  );
}

/**
 * AWS lets a Task without TimeoutSeconds run for as long as the execution may; the local engine gives it 60 real
 * seconds, which a long local run (a child execution waiting for its turn under a busy benchmark) can exceed.
 * 20 days stays below the longest timer Node can set.
 */
function lengthenDefaultTaskTimeouts(definition: Definition): void {
  for (const { definition: state } of allStates(definition)) {
    if (state.Type === 'Task' && state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) {
      state.TimeoutSeconds = 20 * 24 * 3600;
    }
  }
}

/** Every state, including those inside Map item processors and Parallel branches (names are unique per machine). */
export function allStates(definition: { States: Record<string, StateDefinition> }): { name: string; definition: StateDefinition }[] {
  const out: { name: string; definition: StateDefinition }[] = [];
  for (const [name, state] of Object.entries(definition.States)) {
    out.push({ name, definition: state });
    const processor = (state.ItemProcessor ?? state.Iterator) as unknown as Definition | undefined;
    if (processor) out.push(...allStates(processor));
    for (const branch of (state.Branches ?? []) as unknown as Definition[]) out.push(...allStates(branch));
  }
  return out;
}

export const isVirtualWait = (state: StateDefinition): boolean =>
  typeof state.Resource === 'string' && state.Resource.endsWith(VIRTUAL_WAIT_MARK);
