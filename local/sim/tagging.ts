// Resource Groups Tagging API: TagResources tags what exists in the call's region and reports the rest in
// FailedResourcesMap (the call itself succeeds), as the API does.
import type { Handler, SimContext } from './context';
import { exists, type Lifecycle } from './world';

/** Every taggable resource of the region (and the region's S3 buckets), by ARN, that exists now. */
function findTaggable(ctx: SimContext, arn: string): boolean {
  const r = ctx.region;
  const live = (l: Lifecycle | undefined): boolean => l !== undefined && exists(l, ctx.now);
  const byArn = <T extends Lifecycle & { arn: string }>(items: Iterable<T>): boolean => {
    for (const item of items) if (item.arn === arn && exists(item, ctx.now)) return true;
    return false;
  };
  if (arn.startsWith('arn:aws:s3:::')) {
    const bucket = ctx.world.buckets.get(arn.slice('arn:aws:s3:::'.length));
    return live(bucket) && bucket!.region === r.name;
  }
  return (
    [...r.vaults.values()].some((v) => v.arn === arn) ||
    live(r.recoveryPoints.get(arn)) ||
    byArn(r.dbClusters.values()) ||
    byArn(r.dbInstances.values()) ||
    byArn(r.dbSnapshots.values()) ||
    byArn(r.tables.values()) ||
    byArn(r.fileSystems.values()) ||
    byArn(r.volumes.values()) ||
    byArn(r.instances.values())
  );
}

const tagResources: Handler = (ctx, input) => {
  const arns = Array.isArray(input.ResourceARNList) ? (input.ResourceARNList as string[]) : [];
  const tags = Object.entries((input.Tags ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)] as const);
  const failed: Record<string, unknown> = {};
  for (const arn of arns) {
    if (!findTaggable(ctx, arn)) {
      failed[arn] = {
        StatusCode: 404,
        ErrorCode: 'InvalidParameterException',
        ErrorMessage: `The resource ${arn} does not exist in ${ctx.region.name} or cannot be tagged.`,
      };
      continue;
    }
    const current = ctx.region.tags.get(arn) ?? new Map<string, string>();
    for (const [k, v] of tags) current.set(k, v);
    ctx.region.tags.set(arn, current);
  }
  return { FailedResourcesMap: failed };
};

export const taggingHandlers: Record<string, Handler> = {
  TagResources: tagResources,
};
