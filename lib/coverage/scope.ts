// The plan's coverage scope, listed at Check Plan with the call selections already make (read only, primary region):
// AWS Backup ListProtectedResourcesByBackupVault for each vault of the scope. Listing it when the drill starts, beside
// the selections, keeps Build Report free of AWS Backup permissions, and the scope is what the plan was asked to
// cover at that moment. An access denial does not refuse the drill: the coverage says it is unknown and why.
import { listProtectedResources } from '../drill/resolve-selections';
import { TransientAwsError } from '../errors';
import type { ProtectedResource as BackupProtectedResource } from '@aws-sdk/client-backup';
import type { Deps } from '../lambda/deps';
import type { Plan } from '../plan/schema';
import { TARGET_DEFINITIONS } from '../resource-types/targets/definition-registry';
import type { CoverageScope, ProtectedResource } from './contracts';

/** AWS Backup's resource types dr-drill can drill (each definition's backupResourceType). */
const DRILLABLE = new Set<string>(Object.values(TARGET_DEFINITIONS).map((d) => d.backupResourceType));

/** The plan's coverage.vaults, or every source vault its targets and selections name, in ARN order. */
export function coverageVaults(plan: Pick<Plan, 'coverage' | 'targets' | 'selections'>): string[] {
  const named = plan.coverage?.vaults ?? [...plan.targets.map((t) => t.sourceVault), ...(plan.selections ?? []).map((s) => s.sourceVault)];
  return [...new Set(named)].sort();
}

/** Every resource one vault protects (all pages): the SDK call in Lambda and in `dr-drill coverage`, a fake in tests. */
export type VaultLister = (vaultArn: string) => Promise<BackupProtectedResource[]>;

/** Check Plan's lister: the selections' own call, under the function's role. */
export const lambdaVaultLister =
  (region: string, deps: Pick<Deps, 'clients'>): VaultLister =>
  (vault) =>
    listProtectedResources(vault, region, deps);

export async function listCoverageScope(vaults: readonly string[], region: string, listedAt: string, listVault: VaultLister): Promise<CoverageScope> {
  const byArn = new Map<string, ProtectedResource>();
  const otherTypes: Record<string, number> = {};
  const other = new Set<string>();
  try {
    for (const vault of vaults) {
      for (const r of await listVault(vault)) {
        if (!r.ResourceArn || !r.ResourceType) continue;
        if (!DRILLABLE.has(r.ResourceType)) {
          if (!other.has(r.ResourceArn)) otherTypes[r.ResourceType] = (otherTypes[r.ResourceType] ?? 0) + 1;
          other.add(r.ResourceArn);
        } else if (!byArn.has(r.ResourceArn)) {
          byArn.set(r.ResourceArn, { resourceArn: r.ResourceArn, resourceType: r.ResourceType, vault });
        }
      }
    }
  } catch (error) {
    // Transient errors (classified by listProtectedResources) go to the caller's Retry; anything else (AccessDenied, a vault that is gone) is reported.
    if (error instanceof TransientAwsError) throw error;
    return { listedAt, region, vaults: [...vaults], resources: [], otherTypes: {}, error: (error as Error | null)?.name ?? 'Error' };
  }
  const resources = [...byArn.values()].sort((a, b) => (a.resourceArn < b.resourceArn ? -1 : 1));
  return { listedAt, region, vaults: [...vaults], resources, otherTypes, error: null };
}
