// Turns the metadata AWS Backup recorded at backup time into a restore request that is safe in the DR region:
//  - the restored resource gets the drill's name, so it never collides with (or replaces) a real one;
//  - the plan's isolated network replaces the source's (without it AWS restores into the default VPC);
//  - settings that name primary-region things (AZs, parameter groups, KMS keys) are dropped: they do not exist
//    in the DR region and would fail the restore;
//  - deletion protection is forced off, or the drill could not clean up after itself.
// What each type drops and sets is in its definition (lib/resource-types/targets/<type>/definition.ts:
// regionBoundKeys, restoreMetadata).
import type { Target } from '../../lib/plan/schema';
import type { TargetNames } from '../../lib/drill/contracts';
import { definitionOf } from '../../lib/resource-types/targets/definition-registry';

export { BACKUP_RESOURCE_TYPES as RESOURCE_TYPES } from '../../lib/drill/resource-types';
export { regionsMentioned } from '../../lib/resource-types/targets/restore-metadata';

export function buildRestoreMetadata(
  target: Target,
  names: TargetNames,
  recorded: Record<string, string>,
): Record<string, string> {
  const definition = definitionOf(target);
  const metadata: Record<string, string> = { ...recorded };
  // AWS Backup reads metadata keys case-insensitively, so a recorded key in another case must go too, or it would
  // collide with the override.
  const dropped = new Set(definition.regionBoundKeys.map((k) => k.toLowerCase()));
  for (const key of Object.keys(metadata)) if (dropped.has(key.toLowerCase())) delete metadata[key];
  return definition.restoreMetadata(target, names, metadata, recorded);
}
