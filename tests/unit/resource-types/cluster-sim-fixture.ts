// Drives the simulation through what a drill does to a DocumentDB or Neptune target of examples/fhir-imaging.yml
// before its data checks: copy, restore (a cluster without instances), add the instance, wait for it. The sims' data
// ports are then asked as the validation function would ask them.
import { checkPlan } from '../../../lib/plan/load';
import type { Plan, Target } from '../../../lib/plan/schema';
import { SimAccount } from '../../../local/sim/account';
import { SimClock } from '../../../local/sim/clock';
import type { Output } from '../../../local/sim/context';
import { copyAndRestore, pollUntil } from '../../../local/sim/drive';
import { parseFaults } from '../../../local/sim/faults';
import { examplePlanInput } from '../../statemachines/example-plans';

const START = Date.UTC(2026, 11, 7, 2, 0, 0);

export function fhirPlan(): Plan {
  const checked = checkPlan(examplePlanInput('fhir-imaging.yml'));
  if (!checked.ok) throw new Error(`examples/fhir-imaging.yml must be valid: ${JSON.stringify(checked.problems)}`);
  return checked.plan;
}

export interface RestoredCluster {
  account: SimAccount;
  clock: SimClock;
  plan: Plan;
  target: Target;
  restoreJob: Output;
  /** The restored cluster as DescribeDBClusters shows it, once the added instance is available. */
  cluster: Output;
}

export async function restoredCluster(targetId: string, faults: string[] = []): Promise<RestoredCluster> {
  const plan = fhirPlan();
  const target = plan.targets.find((t) => t.id === targetId)!;
  const clock = new SimClock(START);
  const account = new SimAccount({ clock, regions: [plan.regions.primary, plan.regions.dr], faults: parseFaults(faults) });
  account.seedFromPlan(plan);
  const dr = plan.regions.dr;
  const id = `drill-${targetId}`;
  const restore = 'restore' in target ? (target.restore as { dbSubnetGroupName: string; vpcSecurityGroupIds: string[]; instanceClass: string }) : undefined;
  const { restoreJob } = await copyAndRestore(account, clock, plan, target, {
    DBClusterIdentifier: id,
    DBSubnetGroupName: restore!.dbSubnetGroupName,
    VpcSecurityGroupIds: JSON.stringify(restore!.vpcSecurityGroupIds),
    ...(target.type === 'docdb' ? { KmsKeyId: (target.restore as { kmsKeyArn?: string }).kmsKeyArn } : {}),
  });
  if (restoreJob.Status !== 'COMPLETED') return { account, clock, plan, target, restoreJob, cluster: {} };
  const { DBClusters } = await account.call(dr, 'rds', 'DescribeDBClusters', { DBClusterIdentifier: id });
  const engine = String((DBClusters as Output[])[0]!.Engine);
  await pollUntil(clock, () => account.call(dr, 'rds', 'DescribeDBClusters', { DBClusterIdentifier: id }), (o) => (o.DBClusters as Output[])[0]!.Status === 'available');
  await account.call(dr, 'rds', 'CreateDBInstance', { DBInstanceIdentifier: `${id}-1`, DBClusterIdentifier: id, DBInstanceClass: restore!.instanceClass, Engine: engine });
  await pollUntil(clock, () => account.call(dr, 'rds', 'DescribeDBInstances', { DBInstanceIdentifier: `${id}-1` }), (o) => (o.DBInstances as Output[])[0]!.DBInstanceStatus === 'available');
  const described = await account.call(dr, 'rds', 'DescribeDBClusters', { DBClusterIdentifier: id });
  return { account, clock, plan, target, restoreJob, cluster: (described.DBClusters as Output[])[0]! };
}
