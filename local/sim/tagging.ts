// Resource Groups Tagging API: TagResources tags what exists in the call's region and reports the rest in
// FailedResourcesMap (the call itself succeeds), as the API does. GetResources (the sweeper's) lists what exists and
// carries every tag filter asked for, a page at a time.
//
// FailedResourcesMap (TagResources API reference; FailureInfo in the SDK model): one FailureInfo per ARN that was not
// tagged, with StatusCode (HTTP), ErrorCode (InternalServiceException, InvalidParameterException "and any valid error
// code returned by the AWS service that hosts the resource") and ErrorMessage. AccessDeniedException "can mean that
// you need permission to call the tagging operations in the AWS service that contains the resource": TagResources
// needs the owning service's own tagging permission as well ("To add tags to a resource, you need the necessary
// permissions for the service that the resource belongs to"). The tag-denied fault plays that case.
import type { Handler, SimContext } from './context';
import { SimAwsError } from './errors';
import { exists, type Lifecycle, type Origin } from './world';
import { simServices } from './target-sims';

/** A taggable resource of the region (or one of the region's S3 buckets) that exists now, by ARN: who made it. */
function findTaggable(ctx: SimContext, arn: string): Origin | undefined {
  const r = ctx.region;
  const live = <T extends Lifecycle & Origin>(l: T | undefined): T | undefined => (l !== undefined && exists(l, ctx.now) ? l : undefined);
  const byArn = <T extends Lifecycle & Origin & { arn: string }>(items: Iterable<T>): T | undefined => {
    for (const item of items) if (item.arn === arn && exists(item, ctx.now)) return item;
    return undefined;
  };
  if (arn.startsWith('arn:aws:s3:::')) {
    const bucket = live(ctx.world.buckets.get(arn.slice('arn:aws:s3:::'.length)));
    return bucket?.region === r.name ? bucket : undefined;
  }
  if ([...r.vaults.values()].some((v) => v.arn === arn)) return { createdByDrill: false };
  return (
    live(r.recoveryPoints.get(arn)) ??
    byArn(r.dbClusters.values()) ??
    byArn(r.dbInstances.values()) ??
    byArn(r.dbSnapshots.values()) ??
    byArn(r.tables.values()) ??
    byArn(r.fileSystems.values()) ??
    byArn(r.volumes.values()) ??
    byArn(r.instances.values()) ??
    // A type's own service (TargetSim.service): FSx file systems.
    byArn(simServices().flatMap((service) => service.resources(r).map((resource) => resource.item)))
  );
}

const tagResources: Handler = (ctx, input) => {
  const arns = Array.isArray(input.ResourceARNList) ? (input.ResourceARNList as string[]) : [];
  const tags = Object.entries((input.Tags ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)] as const);
  const failed: Record<string, unknown> = {};
  for (const arn of arns) {
    const refusal = ctx.refused.get(arn);
    if (refusal) {
      // IAM refused the caller the owning service's tagging permission for this resource (see above).
      failed[arn] = { StatusCode: 403, ErrorCode: 'AccessDeniedException', ErrorMessage: refusal };
      continue;
    }
    const found = findTaggable(ctx, arn);
    if (!found) {
      failed[arn] = {
        StatusCode: 404,
        ErrorCode: 'InvalidParameterException',
        ErrorMessage: `The resource ${arn} does not exist in ${ctx.region.name} or cannot be tagged.`,
      };
      continue;
    }
    if (found.createdByDrill && ctx.faults(found.targetId).has('tag-denied')) {
      ctx.attribute(found.targetId);
      failed[arn] = {
        StatusCode: 403,
        ErrorCode: 'AccessDeniedException',
        ErrorMessage: `User is not authorized to tag ${arn}: the caller needs the tagging permission of the service that owns it.`,
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

/** Whether an ARN is the calling account's (an ARN that names no account, an S3 bucket's, is taken to be). */
const ofCaller = (ctx: SimContext, arn: string): boolean => {
  const account = arn.split(':')[4];
  return !account || account === ctx.callerAccount;
};

const getResources: Handler = (ctx, input) => {
  // ResourceARNList (Check Plan's selections): the tags of these resources, at most 100, without pagination
  // parameters; "If a resource specified by this parameter doesn't exist, it doesn't generate an error; it simply isn't
  // included in the response" (GetResourcesInput, @aws-sdk/client-resource-groups-tagging-api).
  if (Array.isArray(input.ResourceARNList)) {
    const arns = input.ResourceARNList as string[];
    if (arns.length < 1 || arns.length > MAX_PER_PAGE || input.ResourcesPerPage !== undefined || input.PaginationToken !== undefined || input.TagsPerPage !== undefined) {
      throw new SimAwsError('resourcegroupstaggingapi', 'InvalidParameterException', 'ResourceARNList takes 1 to 100 ARNs and no pagination parameters');
    }
    // GetResources answers for "the calling account" (SDK doc comment of GetResourcesCommand): another account's
    // resource is not included, as one that does not exist. (An S3 ARN names no account.)
    const listed = arns.filter((arn) => ofCaller(ctx, arn) && ctx.region.tags.has(arn) && findTaggable(ctx, arn) !== undefined);
    return {
      ResourceTagMappingList: listed.map((arn) => ({ ResourceARN: arn, Tags: [...ctx.region.tags.get(arn)!].map(([Key, Value]) => ({ Key, Value })) })),
      PaginationToken: '',
    };
  }
  const filters = Array.isArray(input.TagFilters) ? (input.TagFilters as { Key?: string; Values?: string[] }[]) : [];
  const perPage = typeof input.ResourcesPerPage === 'number' ? input.ResourcesPerPage : MAX_PER_PAGE;
  if (perPage < 1 || perPage > MAX_PER_PAGE) {
    throw new SimAwsError('resourcegroupstaggingapi', 'InvalidParameterException', `ResourcesPerPage must be between 1 and ${MAX_PER_PAGE}`);
  }
  // A filter matches a resource with the key and (when Values are given) one of the values; every filter must match.
  const matches = (tags: Map<string, string>) =>
    filters.every((f) => f.Key !== undefined && tags.has(f.Key) && (!f.Values?.length || f.Values.includes(tags.get(f.Key)!)));
  const all = [...ctx.region.tags.entries()]
    .filter(([arn, tags]) => ofCaller(ctx, arn) && matches(tags) && findTaggable(ctx, arn) !== undefined)
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

/** What the sweeper calls (and Check Plan, for a selection's tags). */
export const sweepTaggingHandlers: Record<string, Handler> = {
  GetResources: getResources,
};
