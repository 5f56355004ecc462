// What a person names a drill by: its execution ARN (printed by `dr-drill start`, shown in the console) or its drill
// id (d + 8 hex digits, in every resource name and report). Read before any AWS call.
import { ListExecutionsCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { drillIdFor } from '../../lib/drill/names';
import { parseExecutionArn, type ExecutionArn } from '../approval/execution-arn';
import { CliProblem } from './errors';
import type { Resolved } from './region';

export type DrillRef = { kind: 'execution'; arn: ExecutionArn; drillId: string } | { kind: 'drill'; drillId: string };

const DRILL_ID = /^d[0-9a-f]{8}$/;

export function parseDrillRef(text: string): Resolved<DrillRef> {
  const trimmed = text.trim();
  if (DRILL_ID.test(trimmed)) return { ok: true, value: { kind: 'drill', drillId: trimmed } };
  const arn = parseExecutionArn(trimmed);
  if (arn.ok) return { ok: true, value: { kind: 'execution', arn: arn.value, drillId: drillIdFor(arn.value.arn) } };
  return {
    ok: false,
    problem: `${JSON.stringify(text)} is neither a drill execution ARN (arn:aws:states:<region>:<account>:execution:<state machine>:<name>) nor a drill id (d + 8 hex digits, such as dfb17381e)`,
  };
}

/** How far back a drill id is looked for: drills run monthly or daily, so 1,000 executions is years of them. */
export const MAX_EXECUTIONS_SEARCHED = 1000;

/**
 * The execution of a drill id. The id is a hash of the execution ARN (lib/drill/names.ts drillIdFor), so the drill
 * state machine's executions are listed, newest first, and hashed until one matches. This finds running drills too,
 * which the drills table only records once they end.
 */
export async function findExecutionOfDrill(sfn: SFNClient, stateMachineArns: string[], drillId: string): Promise<string> {
  for (const stateMachineArn of stateMachineArns) {
    let seen = 0;
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 100, nextToken }));
      for (const execution of page.executions ?? []) {
        if (execution.executionArn && drillIdFor(execution.executionArn) === drillId) return execution.executionArn;
      }
      seen += page.executions?.length ?? 0;
      nextToken = page.nextToken;
    } while (nextToken && seen < MAX_EXECUTIONS_SEARCHED);
  }
  throw new CliProblem(`no drill ${drillId} among the newest ${MAX_EXECUTIONS_SEARCHED} executions of ${stateMachineArns.join(' or ')}: give its execution ARN`);
}
