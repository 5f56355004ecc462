// What several scenario tests do to a local drill: run it and keep the restore metadata Start Restore Job was given,
// and take one action away from one packaged role (the stack as it would deploy with that permission missing).
import { runLocalDrill, type LocalDrillResult } from '../../local/run-drill';
import type { LocalStack } from '../../local/stack/stack';
import type { Statement } from '../../local/stack/template';
import type { PlanInput } from './example-plans';

export type DrillWithMetadata = Extract<LocalDrillResult, { refused: false }> & { restoreMetadata: Record<string, string> | undefined };

/** Drills the plan and keeps the metadata the (last) Start Restore Job was started with. */
export async function drillKeepingRestoreMetadata(options: {
  plan: PlanInput;
  only?: string[];
  faults?: string[];
  editStack?: (stack: LocalStack) => LocalStack;
}): Promise<DrillWithMetadata> {
  let restoreMetadata: Record<string, string> | undefined;
  const result = await runLocalDrill({
    plan: options.plan,
    ...(options.only ? { only: options.only } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.editStack ? { editStack: options.editStack } : {}),
    onEngineEvent: ({ event }) => {
      if (event.type === 'StateEntered' && event.state?.name === 'Start Restore Job') {
        restoreMetadata = (event.state.input as { restoreRequest: { metadata: Record<string, string> } }).restoreRequest.metadata;
      }
    },
  });
  if (result.refused) throw new Error(`plan refused: ${JSON.stringify(result.problems)}`);
  return { ...result, restoreMetadata };
}

/** The stack with every statement of one role that grants `action` narrowed by `narrow` (or dropped). */
export function withStatement(stack: LocalStack, roleId: string, action: string, narrow: (s: Statement) => Statement | null): LocalStack {
  const role = stack.roles.get(roleId);
  if (!role) throw new Error(`no role ${roleId}`);
  const grants = (s: Statement) => s.Effect === 'Allow' && [s.Action ?? []].flat().includes(action);
  if (!role.policies.some((p) => p.Statement.some(grants))) throw new Error(`${roleId} grants no ${action}: the test would prove nothing`);
  const policies = role.policies.map((p) => ({ ...p, Statement: p.Statement.map((s) => (grants(s) ? narrow(s) : s)).filter((s): s is Statement => s !== null) }));
  return { ...stack, roles: new Map([...stack.roles, [roleId, { ...role, policies }]]) };
}

/** The stack with `action` taken out of every statement of one role that grants it (its other actions kept). */
export function withoutAction(stack: LocalStack, roleId: string, action: string): LocalStack {
  return withStatement(stack, roleId, action, (s) => {
    const rest = [s.Action ?? []].flat().filter((a) => a !== action);
    return rest.length > 0 ? { ...s, Action: rest } : null;
  });
}
