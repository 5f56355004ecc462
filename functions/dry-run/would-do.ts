// What a real run would do for one target, step by step, in the words an operator approving it would use. Built
// from the plan and the names a real run gives what it creates (lib/drill/items.ts), so what it says is what happens.
import type { DrillContext } from '../../lib/drill/contracts';
import { copyNeeded, itemFor } from '../../lib/drill/items';
import { clusterIdOf } from '../../lib/failover/global-cluster';
import { failoverItemFor } from '../../lib/failover/items';
import { formatDuration } from '../../lib/measure/durations';
import { formatSeconds } from '../../lib/measure/seconds';
import { regionOfArn } from '../../lib/plan/residency';
import type { FailoverTarget } from '../../lib/plan/failover-schema';
import type { Plan, Target } from '../../lib/plan/schema';
import { definitionOf } from '../../lib/resource-types/targets/definition-registry';
import type { RecoveryPointFound } from '../find-recovery-point/find-recovery-point';

const lastPart = (arn: string) => arn.split(/[:/]/).pop() ?? arn;
const list = (items: readonly string[]) => items.join(', ');

export function restoreWouldDo(plan: Plan, drill: DrillContext, target: Target, recoveryPoint: RecoveryPointFound | null): string[] {
  const { names, objectives } = itemFor(plan, target, drill.id);
  const dr = drill.drRegion;
  const point = recoveryPoint ? `recovery point ${lastPart(recoveryPoint.arn)}` : 'the newest completed recovery point (none was found now)';
  const kms = target.restore && 'kmsKeyArn' in target.restore && target.restore.kmsKeyArn ? `, encrypted with KMS key ${lastPart(target.restore.kmsKeyArn)}` : '';
  // Each type says its own restore step(s) and what it creates (lib/resource-types/targets/<type>/definition.ts).
  const { wouldDo } = definitionOf(target);
  const at = { dr, restored: names.restored, instance: names.instance, kms };
  // What Find Latest Recovery Point decided (issue 13): restore the DR vault's point where it is, copy, or both. Without
  // a finding, a one-region plan restores in place and any other plan is said to copy.
  const copyArn = recoveryPoint ? recoveryPoint.copyArn : copyNeeded(target) ? 'unknown' : null;
  const restoreArn = recoveryPoint ? recoveryPoint.restoreArn : copyNeeded(target) ? null : 'unknown';
  const copies = copyArn !== null;
  const copied = copies && !drill.keepCopies ? ['the copied recovery point'] : [];
  const copyPoint = recoveryPoint?.copyArn ? `recovery point ${lastPart(recoveryPoint.copyArn)}` : point;
  const restorePoint = recoveryPoint?.restoreArn ? `recovery point ${lastPart(recoveryPoint.restoreArn)}` : point;
  const vault = copyNeeded(target) ? names.drVault : names.sourceVault;
  const vaultArn = copyNeeded(target) ? target.drVault : target.sourceVault;
  const steps = [
    ...(recoveryPoint ? [`take the recovery point from ${recoveryPoint.choice.why} (chosen: ${recoveryPoint.choice.restored.chosen})`] : []),
    ...(copies
      ? [`copy ${copyPoint} from vault ${names.sourceVault} (${regionOfArn(target.sourceVault)}) to vault ${names.drVault} (${regionOfArn(target.drVault)}) as role ${lastPart(target.backupRoleArn)}`]
      : []),
    ...(restoreArn !== null
      ? [`take ${restorePoint} in vault ${vault} (${regionOfArn(vaultArn)}) as it is, without a copy${copyNeeded(target) ? '' : ' (the DR vault is the source vault)'}; it is not changed or deleted`]
      : []),
    ...wouldDo.restore(target, at),
    `tag what it creates with dr-drill:drill-id ${drill.id} and dr-drill:target ${target.id}`,
    checksStep(target),
    `measure RTO against ${formatDuration(objectives.rtoMinutes)} and RPO against ${formatDuration(objectives.rpoMinutes)}`,
    `delete everything it created (${list([...wouldDo.created(target, at), ...copied])})${copies && drill.keepCopies ? '; keep the copied recovery point (keepCopies: true)' : ''}, and confirm with AWS that it is gone`,
  ];
  return steps;
}

/** Readiness is always checked; the plan's data checks are counted as the validation Lambda runs them (each type's definition). */
function checksStep(target: Target): string {
  const { count, how = '' } = definitionOf(target).wouldDo.dataChecks(target);
  // A validation block may leave every optional check out, so the count is what decides the wording.
  if (count === 0) return 'check that it is ready (the plan names no data checks)';
  return `check that it is ready, then run ${count} data check${count === 1 ? '' : 's'}${how}`;
}

export function failoverWouldDo(plan: Plan, drill: DrillContext, target: FailoverTarget): string[] {
  const item = failoverItemFor(plan, target, drill, null);
  const { settings, objectives, primaryRegion, drRegion } = item;
  const primary = `${clusterIdOf(target.primaryClusterArn)} (${primaryRegion})`;
  const drCluster = `${clusterIdOf(target.drClusterArn)} (${drRegion})`;
  const switchCall = target.mode === 'failover' ? `failover (FailoverGlobalCluster, data loss allowed)` : 'switchover (SwitchoverGlobalCluster, planned)';
  const traffic = target.dns
    ? target.dns.measureFrom === 'vpc'
      ? `resolve ${target.dns.recordName} from inside the VPC, as clients there do (TTL included)`
      : `ask Route 53 what it answers for ${target.dns.recordName}`
    : `turn the ${drRegion} routing control on and the ${primaryRegion} one off once the DR cluster is writer, and read them back`;
  const probe = `every ${formatSeconds(settings.probeIntervalSeconds)}: read the writer, ${traffic}, and GET ${target.healthUrl}`;
  return [
    `check again, changing nothing, that the global database, replication lag (under ${formatSeconds(objectives.rpoSeconds)}), health URL and traffic allow the switch`,
    settings.approvalRequired
      ? `wait up to ${formatDuration(settings.approvalTimeoutSeconds / 60)} for a person to approve (dr-drill approve <execution>); no answer ends the drill with nothing changed`
      : 'switch without asking anyone (unattended: true)',
    `write one canary row into ${target.canary.table} of database ${target.canary.database} in ${primary}${target.mode === 'failover' ? `, then wait ${formatSeconds(objectives.rpoSeconds)} (the RPO)` : ''}`,
    `${switchCall} of global cluster ${target.globalClusterIdentifier} to ${drCluster}`,
    `${probe}, until all three are on ${drRegion} (at most ${formatDuration(settings.switchTimeoutSeconds / 60)})`,
    `read the canary row back in ${drCluster}`,
    `soak ${formatDuration(settings.soakSeconds / 60)} with the service in ${drRegion}`,
    `fail back: switchover to ${primary}, watched the same way`,
    `if anything fails after the switch began: roll back to ${primaryRegion}, trying for up to ${formatDuration(settings.rollbackTimeoutSeconds / 60)}`,
    `measure cutover against ${formatSeconds(objectives.cutoverSeconds)}, downtime against ${formatSeconds(objectives.rtoSeconds)} and data loss against ${formatSeconds(objectives.rpoSeconds)}`,
  ];
}
