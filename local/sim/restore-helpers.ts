// What restores of several types share: reading the restore metadata, and the checks AWS makes of the network, the
// KMS key and the availability zone a restore names. Used by the types' sim.ts (lib/resource-types/targets/*/sim.ts)
// and by the simulated services.
import type { SimContext } from './context';
import { invalid } from './errors';
import type { RestorePlan } from './target-sim';
import { arnRegion, phaseAt, type CreatedRef, type Lifecycle, type Origin } from './world';

export const GiB = 1024 ** 3;

export const NO_DEFAULT_SUBNET = 'No default subnet detected in VPC. Please contact AWS Support to recreate default Subnets.';

/** Restore metadata keys are case-insensitive; the same key twice in different cases is ambiguous and refused. */
export function readMetadata(raw: Record<string, unknown>): (key: string) => string | undefined {
  const byLower = new Map<string, string>();
  const original = new Map<string, string>();
  for (const [key, value] of Object.entries(raw)) {
    const lower = key.toLowerCase();
    if (original.has(lower)) {
      throw invalid(
        'backup',
        'InvalidParameterValueException',
        `Metadata key "${key}" is given twice (also as "${original.get(lower)}"); restore metadata keys are not case sensitive`,
      );
    }
    original.set(lower, key);
    byLower.set(lower, String(value));
  }
  return (key) => {
    const v = byLower.get(key.toLowerCase());
    return v === undefined || v === '' ? undefined : v;
  };
}

export const parseList = (value: string | undefined): string[] => {
  if (!value) return [];
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      /* fall through to the comma list */
    }
  }
  return trimmed.split(',').map((s) => s.trim()).filter(Boolean);
};

/** Taken: exists now, or will exist once a job already under way completes. */
export const taken = (l: { visibleAt: number; readyAt: number; goneAt?: number } | undefined, now: number): boolean =>
  l !== undefined && phaseAt(l, now) !== 'gone';

export const isTrue = (value: string | undefined): boolean => value?.toLowerCase() === 'true';

export const fail = (message: string): RestorePlan => ({ ok: false, message });

/** What every resource a restore job makes has: who made it, its name, its region, and when it appears and is ready. */
type Restored = Lifecycle & Origin & { id: string; arn: string; region: string };

/**
 * A restore job that makes one new resource, named now: when the job has run it appears in `into`, in the job's
 * region, carrying the job's origin and its times, with the fields `rest` gives it then (it runs at install time).
 */
export function restoresNew<R extends Restored>(
  ctx: SimContext,
  created: CreatedRef,
  origin: Origin,
  into: Map<string, R>,
  rest: () => Omit<R, keyof Restored>,
): RestorePlan {
  const { id, arn } = created;
  return {
    ok: true,
    created,
    install: (visibleAt, readyAt) => into.set(id, { ...origin, id, arn, region: ctx.region.name, visibleAt, readyAt, ...rest() } as R),
  };
}

export function kmsProblem(ctx: SimContext, key: string | undefined): string | undefined {
  if (!key || !key.startsWith('arn:')) return undefined;
  return arnRegion(key) === ctx.region.name
    ? undefined
    : `The KMS key ${key} is in ${arnRegion(key)}; a restore in ${ctx.region.name} needs a key in ${ctx.region.name}.`;
}

export function networkProblem(ctx: SimContext, subnetGroup: string | undefined, securityGroups: string[]): string | undefined {
  if (!subnetGroup || subnetGroup.toLowerCase() === 'default') return NO_DEFAULT_SUBNET;
  if (!ctx.region.dbSubnetGroups.has(subnetGroup)) return `DB subnet group '${subnetGroup}' does not exist.`;
  const missing = securityGroups.find((sg) => !ctx.region.securityGroups.has(sg));
  return missing ? `Invalid security group , groupId= ${missing}, groupName=.` : undefined;
}

export function azProblem(ctx: SimContext, az: string | undefined): string | undefined {
  if (!az) return undefined;
  return new RegExp(`^${ctx.region.name}[a-z]$`).test(az) ? undefined : `Invalid availability zone: [${az}]`;
}

export const arnOf = {
  cluster: (ctx: SimContext, id: string) => `arn:aws:rds:${ctx.region.name}:${ctx.world.accountId}:cluster:${id}`,
  instance: (ctx: SimContext, id: string) => `arn:aws:rds:${ctx.region.name}:${ctx.world.accountId}:db:${id}`,
  table: (ctx: SimContext, name: string) => `arn:aws:dynamodb:${ctx.region.name}:${ctx.world.accountId}:table/${name}`,
  fileSystem: (ctx: SimContext, id: string) => `arn:aws:elasticfilesystem:${ctx.region.name}:${ctx.world.accountId}:file-system/${id}`,
  volume: (ctx: SimContext, id: string) => `arn:aws:ec2:${ctx.region.name}:${ctx.world.accountId}:volume/${id}`,
  ec2Instance: (ctx: SimContext, id: string) => `arn:aws:ec2:${ctx.region.name}:${ctx.world.accountId}:instance/${id}`,
};
