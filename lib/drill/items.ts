// What one target's drill needs beyond the target itself, worked out the same way wherever it is needed
// (preflight to check it, Load Target to start the target's drill): objectives, wait ceilings and names.
import type { Plan, Target } from '../plan/schema';
import { vaultRouteOf } from '../plan/accounts';
import type { TargetItem, VaultRouteItem } from './contracts';
import { instanceNameFor, restoredNameFor, vaultNameOf } from './names';

export function itemFor(plan: Plan, target: Target, drillId: string): TargetItem {
  const restored = restoredNameFor(drillId, target.id);
  // The target carries its effective recoveryPoint settings (the plan's, overridden field by field by its own), so
  // Find Latest Recovery Point reads them from the target alone.
  const recoveryPoint = plan.recoveryPoint || target.recoveryPoint ? { ...plan.recoveryPoint, ...target.recoveryPoint } : undefined;
  return {
    target: recoveryPoint ? { ...target, recoveryPoint } : target,
    objectives: { ...plan.objectives, ...target.objectives },
    ceilings: {
      copySeconds: plan.timeouts.copyMinutes * 60,
      restoreSeconds: plan.timeouts.restoreMinutes * 60,
      instanceSeconds: plan.timeouts.instanceMinutes * 60,
      validationSeconds: target.validation?.timeoutSeconds ?? plan.timeouts.validationMinutes * 60,
      cleanupSeconds: plan.timeouts.cleanupMinutes * 60,
    },
    names: {
      sourceVault: vaultNameOf(target.sourceVault),
      drVault: vaultNameOf(target.drVault),
      restored,
      instance: instanceNameFor(restored),
      drVaultAccount: target.drVault.split(':')[4]!,
    },
    // Always set, so the state machine's paths find it: a plan without `accounts` has one account.
    route: routeItem(plan, target),
  };
}

/** How the recovery account reaches the target's source vault, with the recovery account named for the evidence. */
function routeItem(plan: Plan, target: Target): VaultRouteItem {
  const route = vaultRouteOf(plan.accounts, target);
  if (!route || route.kind === 'same-account' || !plan.accounts) return { kind: 'same-account' };
  return { ...route, recoveryAccount: plan.accounts.recovery };
}

/**
 * A recovery point already in the vault the drill restores from needs no copy: only a one-region plan can name its
 * source vault as its DR vault (Check Plan refuses a DR vault outside the DR region), and there the drill restores the
 * backup where it is, as a real recovery in that region would.
 */
export function copyNeeded(target: Pick<Target, 'sourceVault' | 'drVault'>): boolean {
  return target.drVault !== target.sourceVault;
}
