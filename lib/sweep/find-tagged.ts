// Everything in the region that carries dr-drill's drill tag, a page at a time, through the Resource Groups
// Tagging API: the one call that finds every kind a drill creates. An untagged resource is never returned, so it is
// never a candidate, whatever its name.
import { GetResourcesCommand, type GetResourcesCommandOutput } from '@aws-sdk/client-resource-groups-tagging-api';
import { rethrowClassified } from '../aws/classify-error';
import type { Deps } from '../lambda/deps';
import { DRILL_TAGS, SMOKE_TAG, type FoundResource } from './contracts';
import { classifyArn } from '../resource-types/registry';

/** The API's largest page. */
const PAGE = 100;

export interface TaggedScan {
  found: FoundResource[];
  /** Tagged ARNs that are not a kind a drill creates: reported, never touched. */
  unknown: string[];
}

/**
 * In the sweeper's region: everything with the drill tag. With `smokeIn`, in that region and only what also carries
 * smoke's tag: in the primary region the sweeper has no business with anything a drill did not make there, and a
 * drill makes nothing there (it copies out of it); only `dr-drill smoke` does.
 */
export async function findTagged(deps: Pick<Deps, 'clients' | 'region'>, drillId?: string, smokeIn?: string): Promise<TaggedScan> {
  const region = smokeIn ?? deps.region;
  const tagging = deps.clients.get('resourcegroupstaggingapi', region);
  const found: FoundResource[] = [];
  const unknown: string[] = [];
  let token: string | undefined;
  do {
    let page: GetResourcesCommandOutput;
    try {
      page = await tagging.send(
        new GetResourcesCommand({
          // Filters on different keys must all hold (GetResources TagFilters).
          TagFilters: [{ Key: DRILL_TAGS.drillId, ...(drillId ? { Values: [drillId] } : {}) }, ...(smokeIn ? [{ Key: SMOKE_TAG }] : [])],
          ResourcesPerPage: PAGE,
          PaginationToken: token,
        }),
      );
    } catch (error) {
      rethrowClassified(error);
    }
    for (const mapping of page.ResourceTagMappingList ?? []) {
      const arn = mapping.ResourceARN;
      const tags = new Map((mapping.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
      const id = tags.get(DRILL_TAGS.drillId);
      if (!arn || !id) continue;
      const kind = classifyArn(arn);
      if (!kind) {
        unknown.push(arn);
        continue;
      }
      const smoke = tags.get(SMOKE_TAG);
      found.push({
        arn,
        ...kind,
        drillId: id,
        targetId: tags.get(DRILL_TAGS.target) || null,
        executionArn: tags.get(DRILL_TAGS.execution) || null,
        ...(smokeIn && smokeIn !== deps.region ? { region: smokeIn } : {}),
        ...(smoke !== undefined ? { smoke } : {}),
      });
    }
    // The API ends a listing with an empty token, not an absent one.
    token = page.PaginationToken || undefined;
  } while (token);
  return { found, unknown };
}
