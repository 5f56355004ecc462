// Resolves a plan's selections into targets when the drill starts (Check Plan), reading only:
// - AWS Backup ListProtectedResourcesByBackupVault in the selection's source vault (primary region): the resources
//   it protects, each with its ResourceType (ProtectedResource in @aws-sdk/client-backup);
// - the Resource Groups Tagging API GetResources with ResourceARNList (at most 100 ARNs a call, no pagination
//   parameters with it; a resource never tagged is simply absent from the answer): the tags the conditions read.
// Each resource that matches becomes a target with the selection's settings; its id is derived from the resource's
// name, so the same resources give the same ids (and restored names) drill after drill.
// A resource the selection names (resourceArns without "*") that the vault does not protect as the selection's type is
// returned in `unprotected`, never dropped: Check Plan refuses the drill for it. AWS Backup's documentation does not
// say what restore testing does with a ProtectedResourceArns entry that is not protected (searched: the API reference
// of RestoreTestingSelectionForCreate and the "Restore testing" guide), so dr-drill takes the loud side: a resource
// a person named and that cannot be drilled is a plan to fix, not a target to skip.
import { createHash } from 'node:crypto';
import { ListProtectedResourcesByBackupVaultCommand, type ProtectedResource } from '@aws-sdk/client-backup';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import type { z } from 'zod';
import { rethrowClassified } from '../aws/classify-error';
import type { Deps } from '../lambda/deps';
import type { Plan, Target } from '../plan/schema';
import type { ResolvedSelection, Selection } from '../plan/selection-schema';

export { describeSelection, type ResolvedSelection } from '../plan/selection-schema';
import { TARGET_DEFINITIONS } from '../resource-types/targets/definition-registry';


const TAG_ARNS_PER_CALL = 100;
const ID_MAX = 40;

/** A resource a selection names that its vault does not protect as the selection's type: why it cannot be drilled. */
export interface UnprotectedResource {
  selection: string;
  vault: string;
  resourceArn: string;
  /** "not protected in vault …", or "protected in vault … as EFS, not as DynamoDB (type dynamodb)". */
  why: string;
}

export interface ResolvedSelections {
  targets: Target[];
  selections: ResolvedSelection[];
  /** Named resources that cannot be drilled: Check Plan refuses the drill when there is one. */
  unprotected: UnprotectedResource[];
}

export async function resolveSelections(plan: Plan, deps: Pick<Deps, 'clients'>): Promise<ResolvedSelections> {
  const region = plan.regions.primary;
  const targets: Target[] = [];
  const selections: ResolvedSelection[] = [];
  const unprotected: UnprotectedResource[] = [];
  const taken = new Set(plan.targets.map((t) => t.id));
  for (const selection of plan.selections ?? []) {
    const { arns: protectedArns, missing } = await protectedResourcesOf(selection, region, deps);
    unprotected.push(...missing);
    const tags = selection.conditions ? await tagsOf(protectedArns, region, deps) : new Map<string, Map<string, string>>();
    const matching = protectedArns.filter((arn) => matches(selection, tags.get(arn) ?? new Map<string, string>()));
    const resources = matching.map((resourceArn) => ({ id: idFor(selection.name, resourceArn, taken), resourceArn }));
    const { name: _name, resourceArns: _arns, conditions: _conditions, ...settings } = selection;
    for (const r of resources) targets.push({ ...settings, id: r.id, resourceArn: r.resourceArn } as unknown as Target);
    selections.push({
      name: selection.name,
      type: selection.type,
      vault: selection.sourceVault,
      resourceArns: selection.resourceArns,
      conditions: { stringEquals: selection.conditions?.stringEquals ?? {}, stringNotEquals: selection.conditions?.stringNotEquals ?? {} },
      resources,
    });
  }
  return { targets, selections, unprotected };
}

/**
 * The resources the vault protects that are of the selection's type (and form: FSx for Windows vs ONTAP volumes), and
 * each resource the selection names that is not among them, with why.
 */
async function protectedResourcesOf(
  selection: Selection,
  region: string,
  deps: Pick<Deps, 'clients'>,
): Promise<{ arns: string[]; missing: UnprotectedResource[] }> {
  const definition = TARGET_DEFINITIONS[selection.type];
  const arnSchema = (definition.schema.shape as Record<string, z.ZodType>).resourceArn!;
  const found = await listProtectedResources(selection.sourceVault, region, deps);
  const wildcard = selection.resourceArns.includes('*');
  const ofType = found
    .filter((r) => r.ResourceType === definition.backupResourceType && r.ResourceArn !== undefined)
    .map((r) => r.ResourceArn!)
    .filter((arn) => arnSchema.safeParse(arn).success);
  const arns = [...new Set(ofType.filter((arn) => wildcard || selection.resourceArns.includes(arn)))].sort();
  if (wildcard) return { arns, missing: [] };
  const drillable = new Set(arns);
  const missing = [...new Set(selection.resourceArns)]
    .filter((arn) => !drillable.has(arn))
    .map((resourceArn) => {
      const as = found.find((r) => r.ResourceArn === resourceArn)?.ResourceType;
      const why = as
        ? `protected in vault ${selection.sourceVault} as ${as}, not as ${definition.backupResourceType} (type ${selection.type})`
        : `not protected in vault ${selection.sourceVault} (AWS Backup's ListProtectedResourcesByBackupVault does not list it)`;
      return { selection: selection.name, vault: selection.sourceVault, resourceArn, why };
    });
  return { arns, missing };
}

/**
 * Every resource the vault protects, all pages, asked in the vault's own region with its account (both from the vault's
 * ARN): a logically air-gapped vault shared through AWS RAM is in the DR region, and RAM's principals "must access each
 * resource from the same AWS Region that it was created in" (AWS RAM User Guide, "Creating a resource share").
 * `region` is used only for an ARN that names none.
 */
export async function listProtectedResources(vaultArn: string, region: string, deps: Pick<Deps, 'clients'>): Promise<ProtectedResource[]> {
  const [, , , vaultRegion, account, , vaultName] = vaultArn.split(':');
  const backup = deps.clients.get('backup', vaultRegion || region);
  const found: ProtectedResource[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await backup.send(new ListProtectedResourcesByBackupVaultCommand({ BackupVaultName: vaultName, BackupVaultAccountId: account, NextToken: nextToken }));
      found.push(...(page.Results ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
  } catch (error) {
    rethrowClassified(error);
  }
  return found;
}

async function tagsOf(arns: readonly string[], region: string, deps: Pick<Deps, 'clients'>): Promise<Map<string, Map<string, string>>> {
  const tagging = deps.clients.get('resourcegroupstaggingapi', region);
  const tags = new Map<string, Map<string, string>>();
  try {
    for (let i = 0; i < arns.length; i += TAG_ARNS_PER_CALL) {
      const out = await tagging.send(new GetResourcesCommand({ ResourceARNList: arns.slice(i, i + TAG_ARNS_PER_CALL) }));
      for (const mapping of out.ResourceTagMappingList ?? []) {
        if (mapping.ResourceARN) tags.set(mapping.ResourceARN, new Map((mapping.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])));
      }
    }
  } catch (error) {
    rethrowClassified(error);
  }
  return tags;
}

function matches(selection: Selection, tags: Map<string, string>): boolean {
  const equals = Object.entries(selection.conditions?.stringEquals ?? {});
  const notEquals = Object.entries(selection.conditions?.stringNotEquals ?? {});
  return equals.every(([k, v]) => tags.get(k) === v) && notEquals.every(([k, v]) => tags.get(k) !== v);
}

/** The resource's name: what follows the ARN's last ":" or "/" (cluster:patients, table/orders, instance/i-0abc). */
export function resourceNameOf(arn: string): string {
  return arn.split(/[:/]/).pop() ?? arn;
}

/**
 * `<selection>-<resource name>`, lower-cased to a target id's alphabet; when that is too long or already taken, its
 * head and a hash of the ARN, so the id stays the same for the same resource.
 */
export function idFor(selection: string, resourceArn: string, taken: Set<string>): string {
  const slug = resourceNameOf(resourceArn).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  let id = slug ? `${selection}-${slug}` : selection;
  if (id.length > ID_MAX || taken.has(id)) {
    const hash = createHash('sha256').update(resourceArn).digest('hex').slice(0, 6);
    id = `${id.slice(0, ID_MAX - hash.length - 1).replace(/-+$/, '')}-${hash}`;
  }
  taken.add(id);
  return id;
}
