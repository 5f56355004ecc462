// Faults a simulated drill can be run with: `--fault copy-job-failed --fault restore-job-failed:appointments`.
// Each applies to the plan's first target unless `:<targetId>` is given; `throttled` without a target applies to all.
// The failover faults (FAILOVER_FAULTS) name failover targets instead, and default to the first of those.

export const FAULTS = {
  'copy-job-failed': 'the cross-region copy job ends FAILED with a StatusMessage a few minutes after it starts',
  'restore-job-failed': 'the restore job ends FAILED a few minutes in and creates nothing',
  'validation-failed':
    'the restore completes but fails its data checks: PostgreSQL lacks its last 7 days of writes (freshness fails), DynamoDB its last named key, S3 its last manifest object, EBS/EFS come back below minSizeGiB; a target without data checks comes up unhealthy instead (RDS incompatible-restore, DynamoDB INACCESSIBLE_ENCRYPTION_CREDENTIALS, EFS/EBS error, S3 restored empty, EC2 status checks impaired)',
  throttled:
    'the first StartCopyJob, DescribeCopyJob, StartRestoreJob, DescribeRestoreJob and DescribeDBInstances call per target is throttled (retryable)',
  'tag-denied':
    'TagResources answers 200 but lists each resource the drill created for the target (its copy, its restored resource) in FailedResourcesMap with AccessDeniedException (403), as when the caller lacks the owning service\'s tagging permission',
  'wait-timeout':
    'the restore job runs 3x longer than normal plus 6 hours (past any sane ceiling) but still completes and creates its resource',
  'switchover-stuck':
    'the failover target\'s first switch (switchover or failover) stays in progress 40 minutes, then AWS cancels it and the writer stays where it was; later switches behave normally',
  'dns-not-updated': 'DNS keeps answering the primary region whatever happens (the health check is not associated / the routing controls are ignored)',
  'canary-missing': 'when a switch of the failover target completes, canary rows written in the 120 s before it began are missing in the new writer',
  'lag-too-high': 'the failover target\'s replication lag (AuroraGlobalDBRPOLag and AuroraGlobalDBReplicationLag) reads 45,000 ms',
} as const;

export type FaultName = keyof typeof FAULTS;
export const FAULT_NAMES = Object.keys(FAULTS) as FaultName[];

/** Faults of the failover drill: they name failover targets (plan.failover.targets[].id). */
export const FAILOVER_FAULTS: ReadonlySet<FaultName> = new Set<FaultName>(['switchover-stuck', 'dns-not-updated', 'canary-missing', 'lag-too-high']);

export interface FaultSpec {
  name: FaultName;
  /** undefined: the plan's first target (all targets for `throttled`), or its first failover target for FAILOVER_FAULTS. */
  targetId?: string;
}

export class UnknownFaultError extends Error {
  override readonly name = 'UnknownFaultError';
}

const isFaultName = (name: string): name is FaultName => (FAULT_NAMES as string[]).includes(name);

/** Parses `name` or `name:targetId`; unknown names are an error listing the valid ones. */
export function parseFaults(specs: readonly string[]): FaultSpec[] {
  return specs.map((spec) => {
    const [name = '', targetId, ...rest] = spec.trim().split(':');
    if (!isFaultName(name) || rest.length > 0 || targetId === '') {
      throw new UnknownFaultError(
        `Unknown fault "${spec}". Valid faults (optionally ":<targetId>"): ${FAULT_NAMES.join(', ')}`,
      );
    }
    return targetId === undefined ? { name } : { name, targetId };
  });
}

/** One line per fault, for --help. */
export function describeFaults(): string {
  const width = Math.max(...FAULT_NAMES.map((n) => n.length));
  return FAULT_NAMES.map((n) => `  ${n.padEnd(width)}  ${FAULTS[n]}`).join('\n');
}

/**
 * Which targets each fault applies to, once the plan's target ids (and failover target ids) are known. A restore
 * fault must name a restore target, a failover fault a failover target; the error lists the valid ones.
 */
export function resolveFaults(
  faults: readonly FaultSpec[],
  targetIds: readonly string[],
  failoverTargetIds: readonly string[] = [],
): Map<string, Set<FaultName>> {
  const byTarget = new Map<string, Set<FaultName>>([...targetIds, ...failoverTargetIds].map((id) => [id, new Set<FaultName>()]));
  for (const fault of faults) {
    const failover = FAILOVER_FAULTS.has(fault.name);
    const valid = failover ? failoverTargetIds : targetIds;
    if (failover && valid.length === 0) {
      throw new UnknownFaultError(`Fault "${fault.name}" needs a failover target, and the plan has no failover block`);
    }
    if (fault.targetId !== undefined && !valid.includes(fault.targetId)) {
      throw new UnknownFaultError(
        failover
          ? `Fault "${fault.name}:${fault.targetId}" names no failover target of the plan (failover targets: ${valid.join(', ')})`
          : `Fault "${fault.name}:${fault.targetId}" names no target of the plan (targets: ${valid.join(', ')})`,
      );
    }
    const ids = fault.targetId !== undefined ? [fault.targetId] : fault.name === 'throttled' ? [...valid] : valid.slice(0, 1);
    for (const id of ids) byTarget.get(id)?.add(fault.name);
  }
  return byTarget;
}
