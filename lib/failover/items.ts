// What one failover target's drill needs, worked out once in Check Plan: effective objectives and the plan's
// minutes as seconds (ASL compares numbers), and whether a person must approve before production is touched.
import type { DrillContext } from '../drill/contracts';
import type { Plan } from '../plan/schema';
import type { FailoverTarget } from '../plan/failover-schema';
import type { FailoverItem } from './contracts';

/** A plan that allows unattended failover needs nobody; otherwise only an approval given at start skips the wait. */
export function failoverItemFor(plan: Plan, target: FailoverTarget, drill: DrillContext, approvedBy: string | null): FailoverItem {
  const failover = plan.failover;
  if (!failover) throw new Error(`failover target ${target.id} in a plan without a failover block`);
  return {
    drill,
    target,
    objectives: { ...failover.objectives, ...target.objectives },
    settings: {
      probeIntervalSeconds: failover.probeIntervalSeconds,
      switchTimeoutSeconds: failover.switchTimeoutMinutes * 60,
      soakSeconds: failover.soakMinutes * 60,
      rollbackTimeoutSeconds: failover.rollbackTimeoutMinutes * 60,
      approvalTimeoutSeconds: failover.approvalTimeoutMinutes * 60,
      approvalRequired: !failover.unattended && approvedBy === null,
      approvedBy: failover.unattended && approvedBy === null ? 'plan (unattended: true)' : approvedBy,
    },
    primaryRegion: plan.regions.primary,
    drRegion: plan.regions.dr,
  };
}
