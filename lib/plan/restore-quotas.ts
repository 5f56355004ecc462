// How many restores of one resource type may run at once, and how the drill keeps to it.
//
// AWS Backup Developer Guide, "AWS Backup quotas", restore testing plan quotas: "Each resource type has a limit on the
// number of concurrent restore jobs that can exist at one time for restore jobs that are created through a restore
// testing plan": Aurora, DocumentDB, DynamoDB, FSx, Neptune and RDS 40; EBS and EC2 100; EFS and S3 30
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/aws-backup-limits.html). The same page says these quotas
// "do not apply to on-demand restore jobs", which is what the drill starts (StartRestoreJob); it keeps to them anyway,
// so a drill never runs more restores of a type at once than AWS Backup's own restore testing would.
// Each target type's definition holds its quota (lib/resource-types/targets/<type>/definition.ts, restoreQuota).
import { byType } from '../resource-types/targets/definition-registry';
import type { Target } from './schema';

export const RESTORE_QUOTAS: Readonly<Record<Target['type'], number>> = byType((d) => d.restoreQuota);

/**
 * The plan's restore targets as phases run one after another, each drilled at the plan's concurrency. A phase holds
 * at most a type's quota of that type's targets, so no type ever has more restores running than its quota, while the
 * Map inside a phase keeps the plan's concurrency busy with the others. One phase when no type has more targets than
 * its quota or the concurrency is within every quota (today's single Map); otherwise as few phases as the most
 * crowded type needs, every type spread evenly over them in plan order, so each phase is about the same size.
 */
export function restorePhases(targets: readonly Pick<Target, 'id' | 'type'>[], concurrency: number): string[][] {
  const byType = groupByType(targets);
  const phases = Math.max(1, ...crowdedTypes(targets, concurrency).map((c) => Math.ceil(c.targets / c.quota)));
  const phaseOf = new Map<string, number>();
  for (const list of byType.values()) {
    // Even chunks: the first (length % phases) phases take one more; never more than the quota when it binds.
    list.forEach((t, i) => phaseOf.set(t.id, Math.floor((i * phases) / list.length)));
  }
  const out: string[][] = Array.from({ length: phases }, () => []);
  for (const t of targets) out[phaseOf.get(t.id)!]!.push(t.id);
  return out.filter((p) => p.length > 0);
}

/**
 * The types whose quota the plan could exceed: more targets than the quota, and a concurrency above it. A type whose
 * quota is at least the concurrency never exceeds it: the Map runs no more than that at once.
 */
export function crowdedTypes(targets: readonly Pick<Target, 'type'>[], concurrency: number): { type: Target['type']; targets: number; quota: number }[] {
  return [...groupByType(targets)]
    .map(([type, list]) => ({ type, targets: list.length, quota: RESTORE_QUOTAS[type] }))
    .filter((c) => c.quota < concurrency && c.targets > c.quota);
}

function groupByType<T extends Pick<Target, 'type'>>(targets: readonly T[]): Map<Target['type'], T[]> {
  const byType = new Map<Target['type'], T[]>();
  for (const t of targets) byType.set(t.type, [...(byType.get(t.type) ?? []), t]);
  return byType;
}
