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

export interface LocalArns {
  region: string;
  accountId: string;
  stage: string;
}

export const functionArn = (arns: LocalArns, key: string): string =>
  `arn:aws:lambda:${arns.region}:${arns.accountId}:function:dr-drill-${arns.stage}-${key}`;
export const stateMachineArn = (arns: LocalArns, key: string): string =>
  `arn:aws:states:${arns.region}:${arns.accountId}:stateMachine:dr-drill-${arns.stage}-${key}`;

export function loadDefinition(layout: ServiceLayout, file: string, arns: LocalArns): Definition {
  const raw = parse(readFileSync(join(layout.root, file), 'utf8')) as Json;
  const resolved = resolveIntrinsics(raw, layout, arns, file) as unknown as Definition;
  transformWaits(resolved);
  lengthenDefaultTaskTimeouts(resolved);
  return resolved;
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
