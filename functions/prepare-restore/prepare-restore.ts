// Prepare Restore: the restore request for one target, isolated and named by the drill, checked for residency.
import { z } from 'zod';
import { drillContextSchema, targetNamesSchema } from '../../lib/drill/contracts';
import { targetSchema } from '../../lib/plan/schema';
import { ResidencyViolationError } from '../../lib/errors';
import { parsePayload } from '../../lib/lambda/parse';
import { definitionOf } from '../../lib/resource-types/targets/definition-registry';
import { buildRestoreMetadata, regionsMentioned, RESOURCE_TYPES } from './restore-metadata';

const eventSchema = z.object({
  drill: drillContextSchema,
  target: targetSchema,
  names: targetNamesSchema,
  restoreMetadata: z.object({ metadata: z.record(z.string(), z.string()) }),
});

export interface RestoreRequest {
  metadata: Record<string, string>;
  resourceType: string;
  /** The engine of the DB instance the drill adds to a restored Aurora cluster; null for types it adds none to. */
  engine: string | null;
}

export async function prepareRestore(event: unknown): Promise<RestoreRequest> {
  const { drill, target, names, restoreMetadata } = parsePayload(eventSchema, event, 'Prepare Restore');
  const metadata = buildRestoreMetadata(target, names, restoreMetadata.metadata);
  const outside = regionsMentioned(metadata).filter(({ region }) => !drill.allowedRegions.includes(region));
  if (outside.length > 0) {
    const list = outside.map(({ key, region }) => `${key} names ${region}`).join(', ');
    throw new ResidencyViolationError(
      `target ${target.id}: the restore request would reach outside the residency policy [${drill.allowedRegions.join(', ')}]: ${list}`,
    );
  }
  let engine: string | null = null;
  const addsDbInstance = definitionOf(target).addsDbInstance;
  if (addsDbInstance) {
    engine = addsDbInstance.engine(metadata) ?? null;
    if (!engine) throw new Error(`target ${target.id}: the recovery point's restore metadata names no Engine`);
  }
  return { metadata, resourceType: RESOURCE_TYPES[target.type], engine };
}
