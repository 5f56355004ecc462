// Delete Restored Resource: deletes what this target's restore job created, whatever its type, the one way the
// sweeper does too (lib/resource-types: a bucket emptied first, an instance's volumes set to go with it, no final
// snapshot). The state machine never branches on the type to delete; a new type needs only its created kind.
import { z } from 'zod';
import { drillContextSchema, targetNamesSchema } from '../../lib/drill/contracts';
import { CREATED_PREFIX } from '../../lib/drill/names';
import { assertRegionAllowed } from '../../lib/drill/residency-guard';
import { rethrowClassified } from '../../lib/aws/classify-error';
import { RefusedDeletionError, ResourceBusyError } from '../../lib/errors';
import { parsePayload } from '../../lib/lambda/parse';
import type { Deps } from '../../lib/lambda/deps';
import { targetSchema } from '../../lib/plan/schema';
import { NAMED_KINDS, RESOURCE_TYPES, RESTORED_KIND, classifyArn, removeCreated } from '../../lib/resource-types/registry';
import type { Removal } from '../../lib/resource-types/resource-type';

const eventSchema = z.object({
  drill: drillContextSchema,
  target: targetSchema,
  names: targetNamesSchema,
  restore: z.object({ job: z.object({ CreatedResourceArn: z.string().min(1) }) }),
});

/** What the state keeps as $.deletion: Check Cleanup confirms each dependent gone; a failed step goes to the report. */
export type Deletion = Removal & { arn: string };

export async function deleteRestored(event: unknown, deps: Deps): Promise<Deletion> {
  const { drill, target, names, restore } = parsePayload(eventSchema, event, 'Delete Restored Resource');
  const arn = restore.job.CreatedResourceArn;
  const region = assertRegionAllowed(drill.drRegion, drill, `restored resource of target ${target.id}`);
  const kind = RESTORED_KIND[target.type];
  const found = classifyArn(arn);
  // Only ever what this drill restored: a wrong ARN here must not delete (or empty) a real resource.
  if (!found || found.kind !== kind) {
    throw new RefusedDeletionError(`refusing to delete ${arn}: a ${target.type} target's restore creates a ${kind}`);
  }
  if (NAMED_KINDS.has(kind) && (found.id !== names.restored || !found.id.startsWith(CREATED_PREFIX))) {
    throw new RefusedDeletionError(`refusing to delete ${kind} "${found.id}": this drill restored "${names.restored}"`);
  }
  try {
    return { arn, ...(await removeCreated({ clients: deps.clients, region, vaultName: names.drVault }, kind, found.id)) };
  } catch (error) {
    const name = (error as { name?: string }).name ?? '';
    // A state that passes by itself (an Aurora cluster's last instance detaching): retried slowly by the Task.
    if (RESOURCE_TYPES[kind].busyErrors?.has(name)) throw new ResourceBusyError(`${name}: ${(error as Error).message}`, { cause: error });
    // Throttling as TransientAwsError, which the Task retries; a denial keeps its own name and is not retried.
    rethrowClassified(error);
  }
}
