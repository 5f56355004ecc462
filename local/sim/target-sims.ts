// The registry of the plan target types' simulated behaviour (lib/resource-types/targets/<type>/sim.ts). Only the
// local simulation imports it, so the sims never reach a Lambda bundle. A new type adds its sim.ts and one entry
// here; the world's Payload union and AWS Backup's resource types follow from the entries.
import type { Target, TargetType } from '../../lib/plan/schema';
import { auroraSim } from '../../lib/resource-types/targets/aurora/sim';
import { docdbSim } from '../../lib/resource-types/targets/docdb/sim';
import { dynamodbSim } from '../../lib/resource-types/targets/dynamodb/sim';
import { ebsSim } from '../../lib/resource-types/targets/ebs/sim';
import { ec2Sim } from '../../lib/resource-types/targets/ec2/sim';
import { efsSim } from '../../lib/resource-types/targets/efs/sim';
import { fsxSim } from '../../lib/resource-types/targets/fsx/sim';
import { fsxOntapSim } from '../../lib/resource-types/targets/fsx-ontap/sim';
import { rdsSim } from '../../lib/resource-types/targets/rds/sim';
import { s3Sim } from '../../lib/resource-types/targets/s3/sim';
import { neptuneSim } from '../../lib/resource-types/targets/neptune/sim';
import type { DataPorts } from '../../lib/resource-types/targets/data-ports';
import type { PayloadBase, SimDataAccess, SimService, TargetOf, TargetSim } from './target-sim';

export const TARGET_SIMS = {
  aurora: auroraSim,
  rds: rdsSim,
  dynamodb: dynamodbSim,
  ebs: ebsSim,
  ec2: ec2Sim,
  efs: efsSim,
  s3: s3Sim,
  fsx: fsxSim,
  'fsx-ontap': fsxOntapSim,
  docdb: docdbSim,
  neptune: neptuneSim,
} as const satisfies { [T in TargetType]: TargetSim<TargetOf<T>, PayloadBase> };

// Read from one method only: matching the whole TargetSim would reach back into the world's types, which use Payload.
type PayloadOf<S> = S extends { faultShowsInData(payload: infer P): boolean } ? P : never;

/** What a recovery point holds: one member per target type, each declared in the type's sim.ts. */
export type Payload = { [T in TargetType]: PayloadOf<(typeof TARGET_SIMS)[T]> }[TargetType];

/** AWS Backup's ResourceType for recovery points and jobs: Aurora, RDS, DynamoDB… */
export type BackupResourceType = Payload['type'];

/** A type's sim as the generic code calls it: with that type's own target and payload only. */
export type AnyTargetSim = TargetSim<Target, Payload>;

export const targetSim = (type: TargetType): AnyTargetSim => TARGET_SIMS[type];

const SIMS: readonly AnyTargetSim[] = Object.values(TARGET_SIMS);

/** The sim of a recovery point (or its job): by its resource type, and by its payload where types share one (FSx). */
export function simOfRecoveryPoint(rp: { resourceType: BackupResourceType; payload: Payload }): AnyTargetSim {
  const candidates = SIMS.filter((sim) => sim.resourceType === rp.resourceType);
  const sim = candidates.length > 1 ? (candidates.find((c) => c.holds?.(rp.payload)) ?? candidates.find((c) => !c.holds)) : candidates[0];
  if (!sim) throw new Error(`simOfRecoveryPoint: no target type has AWS Backup resource type ${rp.resourceType}`);
  return sim;
}

/** The AWS services that belong to one target type (TargetSim.service), simulated in the type's folder. */
export const simServices = (): SimService[] => Object.values(TARGET_SIMS).flatMap((sim: AnyTargetSim) => (sim.service ? [sim.service] : []));

/**
 * The data ports (lib/resource-types/targets/data-ports.ts) as the simulation answers them: each type's sim that has
 * one gives it. The local run hands them to the validation function, which never learns it is not talking to AWS.
 */
export function simDataPorts(access: SimDataAccess): DataPorts {
  const ports: Record<string, unknown> = {};
  for (const [type, sim] of Object.entries(TARGET_SIMS) as [TargetType, Partial<Pick<TargetSim<Target, PayloadBase>, 'dataPort'>>][]) {
    if (sim.dataPort) ports[type] = sim.dataPort(access);
  }
  return ports as DataPorts;
}
