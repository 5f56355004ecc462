// Resource Groups Tagging API: TagResources tags what exists in the call's region and reports the rest in
// FailedResourcesMap (the call itself succeeds), as the API does. GetResources (the sweeper's) lists what exists and
// carries every tag filter asked for, a page at a time.
import type { Handler, SimContext } from './context';
import { SimAwsError } from './errors';
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
    const refusal = ctx.refused.get(arn);
    if (refusal) {
      // The caller lacks the service's own tagging permission for this resource: the call succeeds, the resource is
      // listed (Resource Groups Tagging API Reference, TagResources and FailureInfo: ErrorCode is one of
      // InternalServiceException and InvalidParameterException).
      failed[arn] = { StatusCode: 403, ErrorCode: 'InvalidParameterException', ErrorMessage: refusal };
      continue;
    }
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

/** The API's own cap on ResourcesPerPage; a listing ends with an empty PaginationToken. */
const MAX_PER_PAGE = 100;

const getResources: Handler = (ctx, input) => {
  const filters = Array.isArray(input.TagFilters) ? (input.TagFilters as { Key?: string; Values?: string[] }[]) : [];
  const perPage = typeof input.ResourcesPerPage === 'number' ? input.ResourcesPerPage : MAX_PER_PAGE;
  if (perPage < 1 || perPage > MAX_PER_PAGE) {
    throw new SimAwsError('resourcegroupstaggingapi', 'InvalidParameterException', `ResourcesPerPage must be between 1 and ${MAX_PER_PAGE}`);
  }
  // A filter matches a resource with the key and (when Values are given) one of the values; every filter must match.
  const matches = (tags: Map<string, string>) =>
    filters.every((f) => f.Key !== undefined && tags.has(f.Key) && (!f.Values?.length || f.Values.includes(tags.get(f.Key)!)));
  const all = [...ctx.region.tags.entries()]
    .filter(([arn, tags]) => matches(tags) && findTaggable(ctx, arn))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const start = typeof input.PaginationToken === 'string' && input.PaginationToken !== '' ? Number(input.PaginationToken.replace('sim-page-', '')) : 0;
  if (!Number.isInteger(start) || start < 0) throw new SimAwsError('resourcegroupstaggingapi', 'PaginationTokenExpiredException', 'The pagination token is not valid');
  const page = all.slice(start, start + perPage);
  const next = start + perPage < all.length ? `sim-page-${start + perPage}` : '';
  return {
    ResourceTagMappingList: page.map(([arn, tags]) => ({ ResourceARN: arn, Tags: [...tags].map(([Key, Value]) => ({ Key, Value })) })),
    PaginationToken: next,
  };
};

/** What only the sweeper calls. */
export const sweepTaggingHandlers: Record<string, Handler> = {
  GetResources: getResources,
};
