// AWS Backup's name for each kind of target: the ResourceType of recovery points and restore jobs. Each type's
// definition holds its own (lib/resource-types/targets/<type>/definition.ts); this is the map of them.
import { TARGET_DEFINITIONS, TARGET_TYPES, type TargetType } from '../resource-types/targets/definition-registry';

export const BACKUP_RESOURCE_TYPES = Object.fromEntries(TARGET_TYPES.map((t) => [t, TARGET_DEFINITIONS[t].backupResourceType])) as {
  readonly [T in TargetType]: (typeof TARGET_DEFINITIONS)[T]['backupResourceType'];
};
