// Load Target: the first step of a target's drill. Reads the plan preflight stored for this drill and returns
// the target with its objectives, ceilings and names (ids alone crossed the Map, to stay under the payload cap).
import { z } from 'zod';
import { drillContextSchema, type TargetItem } from '../../lib/drill/contracts';
import { copyNeeded, itemFor } from '../../lib/drill/items';
import type { DrillStore } from '../../lib/drill/store';
import { BadPayloadError } from '../../lib/errors';
import { parsePayload } from '../../lib/lambda/parse';
import { runbookFor } from '../../lib/resource-types/targets/runbook-registry';
import type { TargetRunbook } from '../../lib/resource-types/targets/runbook';

const eventSchema = z.object({ drill: drillContextSchema, targetId: z.string().min(1) });

/**
 * The target's item, its type's runbook (the state machine's Choices read $.runbook, never the type), and whether
 * the drill copies the recovery point before restoring it (Copy Needed?).
 */
export type LoadedTarget = TargetItem & { runbook: TargetRunbook; copyNeeded: boolean };

export async function loadTarget(event: unknown, store: Pick<DrillStore, 'getPlan'>): Promise<LoadedTarget> {
  const { drill, targetId } = parsePayload(eventSchema, event, 'Load Target');
  const { plan } = await store.getPlan(drill.id);
  const target = plan.targets.find((t) => t.id === targetId);
  if (!target) throw new BadPayloadError(`Load Target: drill ${drill.id} has no target "${targetId}"`);
  return { ...itemFor(plan, target, drill.id), runbook: runbookFor(target.type), copyNeeded: copyNeeded(target) };
}
