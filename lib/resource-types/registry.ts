// Every kind of thing a drill makes, found by the form of its ARN, and the one answer to "is it gone?" that Check
// Cleanup and the sweeper both give.
import { isNotFound } from '../aws/classify-error';
import type { ClientConstructors } from '../aws/clients';
import type { CreatedKind } from '../sweep/contracts';
import { AURORA_CLUSTER } from './aurora-cluster';
import { DB_INSTANCE } from './db-instance';
import { DYNAMODB_TABLE } from './dynamodb-table';
import { EBS_VOLUME } from './ebs-volume';
import { EC2_INSTANCE } from './ec2-instance';
import { EFS_FILE_SYSTEM } from './efs-file-system';
import { FSX_FILE_SYSTEM } from './fsx-file-system';
import { FSX_VOLUME } from './fsx-volume';
import { RECOVERY_POINT } from './recovery-point';
import type { AskContext, Described, Removal, ResourceType } from './resource-type';
import { S3_BUCKET } from './s3-bucket';
import { byType, type TargetType } from './targets/definition-registry';

export const RESOURCE_TYPES: Readonly<Record<CreatedKind, ResourceType>> = {
  'db-cluster': AURORA_CLUSTER,
  'db-instance': DB_INSTANCE,
  'dynamodb-table': DYNAMODB_TABLE,
  'efs-file-system': EFS_FILE_SYSTEM,
  'fsx-file-system': FSX_FILE_SYSTEM,
  'fsx-volume': FSX_VOLUME,
  'ebs-volume': EBS_VOLUME,
  'ec2-instance': EC2_INSTANCE,
  's3-bucket': S3_BUCKET,
  'recovery-point': RECOVERY_POINT,
};

/** What AWS Backup restores for each plan target type (its restore job's CreatedResourceArn), from its definition. */
export const RESTORED_KIND: Readonly<Record<TargetType, CreatedKind>> = byType((d) => d.restoredKind);

/** Kinds the drill names itself (restoredNameFor, instanceNameFor): one without the drill's prefix is not the drill's. */
export const NAMED_KINDS: ReadonlySet<CreatedKind> = new Set(Object.values(RESOURCE_TYPES).filter((t) => t.namedByDrill).map((t) => t.kind));

/** The sweeper's delete order: each kind's deleteRank, lowest first. */
export const DELETE_ORDER: readonly CreatedKind[] = Object.values(RESOURCE_TYPES)
  .sort((a, b) => a.deleteRank - b.deleteRank)
  .map((t) => t.kind);

/**
 * Every SDK client the kinds' calls use: a function that asks through this registry (Check Cleanup, Delete Restored
 * Resource, Mark Created, the sweeper) is given these, so a new kind adds its client in its own module.
 */
export const CREATED_KIND_CLIENTS: ClientConstructors = Object.assign({}, ...Object.values(RESOURCE_TYPES).map((t) => t.clients));

/** The kind and id (what its Describe and Delete calls take) of an ARN a drill may have made; null for anything else. */
export function classifyArn(arn: string): { kind: CreatedKind; id: string } | null {
  for (const type of Object.values(RESOURCE_TYPES)) {
    const id = type.fromArn(arn);
    if (id) return { kind: type.kind, id };
  }
  return null;
}

/** What AWS says of it now, or null when it is gone: not found, listed no more, or in a state AWS lists only after deleting it. */
export async function describeUnlessGone(ctx: AskContext, kind: CreatedKind, id: string): Promise<Described | null> {
  const type = RESOURCE_TYPES[kind];
  try {
    const described = await type.describe(ctx, id);
    return described && !type.goneStates.has(described.state) ? described : null;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

export const isBeingDeleted = (kind: CreatedKind, state: string): boolean => RESOURCE_TYPES[kind].deletingStates.has(state);

/**
 * Deletes it the one way Clean Up (Delete Restored Resource) and the sweeper both do, readying first what goes with it
 * (its `dependents`). `removed` is false when AWS says it was already gone.
 */
export async function removeCreated(ctx: AskContext, kind: CreatedKind, id: string): Promise<Removal> {
  const type = RESOURCE_TYPES[kind];
  let prepared: { refs: Removal['dependents']; failed: Removal['failed'] } = { refs: [], failed: null };
  try {
    if (type.dependents) prepared = await type.dependents.prepare(ctx, id);
    return { removed: await type.remove(ctx, id), dependents: prepared.refs, failed: prepared.failed };
  } catch (error) {
    if (isNotFound(error)) return { removed: false, dependents: prepared.refs, failed: prepared.failed };
    throw error;
  }
}
