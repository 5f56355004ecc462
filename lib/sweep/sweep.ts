// The sweeper: finds what dr-drill tagged in this region (and what `dr-drill smoke` tagged in the plan's primary
// region), decides for each whether its drill is over (or has run far too long), and deletes what is, in dependency
// order. A resource without the drill tag is never found, so never
// touched; a copied recovery point whose plan keeps copies (keepCopies: true) is never deleted, nor one whose plan
// cannot be read. A failed delete is reported and the rest goes on. Every decision is in the report.
import type { Deps } from '../lambda/deps';
import { parsePayload } from '../lambda/parse';
import { DrillStore, type StoredPlan } from '../drill/store';
import { CREATED_PREFIX, drillIdFor, vaultNameOf } from '../drill/names';
import { sweepOptionsSchema, type FoundResource, type ParsedSweepOptions, type SmokeSweepSettings, type SweepOptions, type SweepReport } from './contracts';
import { describeDrillExecution, type DrillExecution } from './drill-status';
import { findTagged } from './find-tagged';
import { beingDeleted, probe } from './probe';
import { removeResource } from './remove';
import { DELETE_ORDER, NAMED_KINDS } from '../resource-types/registry';

export type SweepDeps = Pick<Deps, 'clients' | 'region' | 'now' | 'storeBucket'> & {
  /** Also sweep what `dr-drill smoke` left in the primary region (the sweeper's SWEEPER_SMOKE_* settings). */
  smoke?: SmokeSweepSettings;
};

const HOUR_MS = 3_600_000;


export async function sweep(deps: SweepDeps, options: SweepOptions = {}): Promise<SweepReport> {
  const opts = parsePayload(sweepOptionsSchema, options, 'Sweep options');
  const scan = await findTagged(deps, opts.drillId);
  // A killed `dr-drill smoke` leaves its throwaway table and its backup in the primary region, not here.
  const smokeRegion = deps.smoke && deps.smoke.region !== deps.region ? deps.smoke.region : undefined;
  if (smokeRegion) {
    const primary = await findTagged(deps, opts.drillId, smokeRegion);
    scan.found.push(...primary.found);
    scan.unknown.push(...primary.unknown);
  }
  const found = scan.found.filter((r) => !opts.targetId || r.targetId === opts.targetId);
  const report: SweepReport = {
    sweptAt: deps.now().toISOString(),
    region: deps.region,
    ...(smokeRegion ? { smokeRegion } : {}),
    dryRun: opts.dryRun,
    maxAgeHours: opts.maxAgeHours,
    found,
    removed: [],
    kept: [],
    failed: [],
    unrecognised: scan.unknown,
  };

  const executions = new Map<string, Promise<DrillExecution>>();
  const plans = new Map<string, Promise<StoredPlan | null>>();
  const store = deps.storeBucket ? new DrillStore(deps, deps.storeBucket) : null;
  const executionOf = (arn: string) => executions.get(arn) ?? executions.set(arn, describeDrillExecution(deps, arn)).get(arn)!;
  const planOf = (drillId: string) => plans.get(drillId) ?? plans.set(drillId, readPlan(store, drillId)).get(drillId)!;

  const ordered = [...found].sort((a, b) => DELETE_ORDER.indexOf(a.kind) - DELETE_ORDER.indexOf(b.kind) || (a.arn < b.arn ? -1 : 1));
  for (const resource of ordered) {
    try {
      const region = resource.region ?? deps.region;
      const stored = resource.kind === 'recovery-point' ? await planOf(resource.drillId) : null;
      // Smoke's own backup: its drill id is smoke's, which no drill stored a plan under.
      const smokePoint = resource.kind === 'recovery-point' && resource.smoke !== undefined && !stored;
      const vaultName = smokePoint ? await smokeVaultOf(deps, region, resource) : vaultOf(stored, resource.targetId);
      const verdict = await decide(deps, region, opts, resource, stored, vaultName, executionOf);
      if (verdict.remove === false) {
        report.kept.push({ ...resource, reason: verdict.reason });
        continue;
      }
      if (!opts.dryRun) {
        const outcome = await removeOrExplain(deps, region, resource, vaultName);
        if (outcome !== 'deleted') {
          report.kept.push({ ...resource, reason: outcome });
          continue;
        }
      }
      report.removed.push({ ...resource, reason: verdict.reason });
    } catch (error) {
      const e = error as Error;
      report.failed.push({ ...resource, error: `${e.name}: ${e.message}` });
    }
  }
  return report;
}

type Verdict = { remove: true; reason: string } | { remove: false; reason: string };

async function decide(
  deps: SweepDeps,
  region: string,
  opts: ParsedSweepOptions,
  resource: FoundResource,
  stored: StoredPlan | null,
  vaultName: string | null,
  executionOf: (arn: string) => Promise<DrillExecution>,
): Promise<Verdict> {
  // Restored databases, tables and buckets are named drdrill-<id>-<target>: one named otherwise was not made by a
  // drill. EFS, EBS and EC2 ids (fs-, vol-, i-) and copies are AWS-assigned: for those the tag is the only mark.
  if (NAMED_KINDS.has(resource.kind) && !resource.id.startsWith(CREATED_PREFIX)) {
    return { remove: false, reason: `tagged, but not named ${CREATED_PREFIX}...: not something a drill restored` };
  }
  if (resource.executionArn && drillIdFor(resource.executionArn) !== resource.drillId) {
    return { remove: false, reason: 'its drill-id and execution tags disagree: left for a person to look at' };
  }
  if (resource.kind === 'recovery-point' && resource.smoke !== undefined && !stored) {
    // Smoke's backup of its throwaway table: no plan, never kept on purpose, and it expires a day after it was made.
    if (!vaultName) {
      const vaults = deps.smoke?.vaults ?? [];
      return {
        remove: false,
        reason:
          `made by dr-drill smoke, but not found in ${vaults.length ? `the vaults the sweeper knows in ${region} (${vaults.join(', ')})` : `any vault the sweeper knows (config backupVaults names none in ${region})`}: ` +
          'already gone, or in another vault; its one-day lifecycle deletes it',
      };
    }
  } else if (resource.kind === 'recovery-point') {
    if (!stored) return { remove: false, reason: "the drill's plan is not in the drill store: whether its copies are kept on purpose (keepCopies) cannot be told" };
    if (stored.drill.keepCopies) return { remove: false, reason: 'kept on purpose: the drill ran with keepCopies: true' };
    if (!vaultName) return { remove: false, reason: `target ${resource.targetId ?? '?'} is not in the drill's plan: its DR vault is not known` };
  }

  const now = deps.now().getTime();
  const probed = await probe(deps.clients, region, resource.kind, resource.id, vaultName);
  if (!probed) return { remove: false, reason: 'already gone' };
  if (beingDeleted(resource.kind, probed)) return { remove: false, reason: `already being deleted (${probed.state})` };

  if (opts.executionEnded) return { remove: true, reason: 'its drill execution ended without cleaning up (killed, crashed or timed out)' };
  const execution: DrillExecution = resource.executionArn ? await executionOf(resource.executionArn) : { status: 'MISSING', detail: 'no execution tag' };
  const maxAgeMs = opts.maxAgeHours * HOUR_MS;
  const hours = (ms: number) => `${Math.floor(ms / HOUR_MS)} h`;
  switch (execution.status) {
    case 'ENDED':
      return { remove: true, reason: `its drill ended (${execution.detail}) and left it behind` };
    case 'RUNNING': {
      // The resource's own age, not the drill's: a long drill's later waves create theirs long after it started.
      const age = now - (probed.createdAt ?? execution.startDate).getTime();
      return age > maxAgeMs
        ? { remove: true, reason: `its drill is still RUNNING, but it was created ${hours(age)} ago, more than the ${opts.maxAgeHours} h limit` }
        : { remove: false, reason: 'its drill is still running' };
    }
    case 'MISSING': {
      if (!probed.createdAt) return { remove: false, reason: `its drill execution is not known to Step Functions (${execution.detail}) and its age cannot be told` };
      const age = now - probed.createdAt.getTime();
      return age > maxAgeMs
        ? { remove: true, reason: `its drill execution is not known to Step Functions (${execution.detail}) and it is ${hours(age)} old, more than the ${opts.maxAgeHours} h limit` }
        : { remove: false, reason: `its drill execution is not known to Step Functions (${execution.detail}), but it is younger than the ${opts.maxAgeHours} h limit` };
    }
  }
}

/**
 * Deletes it, or says why it needed no delete: two sweeps can race (a stopped drill and its stopped child each
 * deliver a status change), and a delete that failed because the other sweep's went first is not a failure.
 */
async function removeOrExplain(deps: SweepDeps, region: string, resource: FoundResource, vaultName: string | null): Promise<'deleted' | string> {
  try {
    return (await removeResource(deps.clients, region, resource, vaultName)) ? 'deleted' : 'already gone when the sweeper deleted it';
  } catch (error) {
    const now = await probe(deps.clients, region, resource.kind, resource.id, vaultName).catch(() => undefined);
    if (now === null) return 'already gone when the sweeper deleted it';
    if (now && beingDeleted(resource.kind, now)) return `already being deleted (${now.state}) when the sweeper deleted it`;
    throw error;
  }
}

/**
 * The vault holding smoke's recovery point: the first of the known vaults in its region that has it. A recovery
 * point's ARN does not name its vault, and smoke stores no plan; DescribeRecoveryPoint in another vault says it is not
 * there (gone, for describeUnlessGone).
 */
async function smokeVaultOf(deps: SweepDeps, region: string, resource: FoundResource): Promise<string | null> {
  for (const vault of deps.smoke?.vaults ?? []) {
    if (await probe(deps.clients, region, resource.kind, resource.id, vault)) return vault;
  }
  return null;
}

function vaultOf(stored: StoredPlan | null, targetId: string | null): string | null {
  const target = stored?.plan.targets.find((t) => t.id === targetId);
  return target ? vaultNameOf(target.drVault) : null;
}

async function readPlan(store: DrillStore | null, drillId: string): Promise<StoredPlan | null> {
  if (!store) return null;
  try {
    return await store.getPlan(drillId);
  } catch {
    // Unreadable is treated as unknown: the copies stay, which is the safe side for a kept-on-purpose copy.
    return null;
  }
}
