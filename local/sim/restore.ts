// What AWS Backup does with a StartRestoreJob's Metadata: the faults and what every restored resource carries are
// decided here, the rest by the recovery point's type (its sim's planRestore, lib/resource-types/targets/<type>/sim.ts,
// which lists the metadata keys it honours).
//
// Restore metadata "key values are not case sensitive" (the AWS Backup guide's "Restore testing inferred metadata"
// page), so keys are matched case-insensitively (restore-helpers.ts readMetadata); values are strings. Sources of the
// keys per type: the StartRestoreJob API reference (EFS keys), the restore-testing inferred-metadata table (DynamoDB,
// EBS, EFS keys), the AWS Backup restore guides per type. The account has NO default VPC: a restore that would need
// one fails as AWS fails it.
import type { SimContext } from './context';
import type { FaultName } from './faults';
import type { RestorePlan } from './target-sim';
import { simOfRecoveryPoint } from './target-sims';
import type { DatabaseContent, RecoveryPoint, RestoredDatabase } from './world';

export type { RestorePlan } from './target-sim';

/** The validation-failed fault on a database with SQL checks: the restored copy lacks its last week of writes. */
export const MISSING_DAYS = 7;

/** Decides, at StartRestoreJob time, what the job will make or why it will fail. */
export function planRestore(
  ctx: SimContext,
  rp: RecoveryPoint,
  get: (key: string) => string | undefined,
  faults: ReadonlySet<FaultName>,
  jobId: string,
): RestorePlan {
  const sim = simOfRecoveryPoint(rp);
  const faulty = faults.has('validation-failed');
  // Only a target whose checks could not notice (none declared, or an EBS minimum of 1 GiB) comes up unhealthy
  // instead, as before data checks existed.
  const dataFault = faulty && sim.faultShowsInData(rp.payload);
  const unhealthy = faulty && !dataFault;
  const database = (content: DatabaseContent | undefined): RestoredDatabase | undefined =>
    content && { ...content, dataAsOf: rp.dataAsOf, missingDays: dataFault ? MISSING_DAYS : 0 };
  const origin = { createdByDrill: true, targetId: rp.targetId, createdBy: `restore job ${jobId}` };
  const hex = (n: number, ...k: string[]) => ctx.random.hex(n, jobId, ...k);
  return sim.planRestore({ ctx, rp, payload: rp.payload, get, jobId, dataFault, unhealthy, origin, hex, database });
}
