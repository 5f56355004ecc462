// Everything in the region that carries dr-drill's drill tag, a page at a time, through the Resource Groups
// Tagging API: the one call that finds every kind a drill creates. An untagged resource is never returned, so it is
// never a candidate, whatever its name.
import { GetResourcesCommand, type GetResourcesCommandOutput } from '@aws-sdk/client-resource-groups-tagging-api';
import { rethrowClassified } from '../aws/classify-error';
import type { Deps } from '../lambda/deps';
import { DRILL_TAGS, type FoundResource } from './contracts';
import { classifyArn } from '../resource-types/registry';

/** The API's largest page. */
const PAGE = 100;

export interface TaggedScan {
  found: FoundResource[];
  /** Tagged ARNs that are not a kind a drill creates: reported, never touched. */
  unknown: string[];
}

export async function findTagged(deps: Pick<Deps, 'clients' | 'region'>, drillId?: string): Promise<TaggedScan> {
  const tagging = deps.clients.get('resourcegroupstaggingapi', deps.region);
  const found: FoundResource[] = [];
  const unknown: string[] = [];
  let token: string | undefined;
  do {
    let page: GetResourcesCommandOutput;
    try {
      page = await tagging.send(
        new GetResourcesCommand({
          TagFilters: [{ Key: DRILL_TAGS.drillId, ...(drillId ? { Values: [drillId] } : {}) }],
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
      found.push({ arn, ...kind, drillId: id, targetId: tags.get(DRILL_TAGS.target) || null, executionArn: tags.get(DRILL_TAGS.execution) || null });
    }
    // The API ends a listing with an empty token, not an absent one.
    token = page.PaginationToken || undefined;
  } while (token);
  return { found, unknown };
}
