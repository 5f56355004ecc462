// Check Cleanup: asks AWS whether everything this target's drill created is really gone. Deletes are
// asynchronous, so the state machine polls this until `complete` or the cleanup ceiling; whatever remains is
// reported as left behind, loudly, in the verdict.
import { z } from 'zod';
import { drillContextSchema, targetNamesSchema } from '../../lib/drill/contracts';
import { targetSchema } from '../../lib/plan/schema';
import { assertRegionAllowed } from '../../lib/drill/residency-guard';
import { rethrowClassified } from '../../lib/aws/classify-error';
import { RESOURCE_TYPES, describeUnlessGone } from '../../lib/resource-types/registry';
import { definitionOf, restoredIdOf } from '../../lib/resource-types/targets/definition-registry';
import type { AskContext } from '../../lib/resource-types/resource-type';
import type { CreatedKind } from '../../lib/sweep/contracts';
import { parsePayload } from '../../lib/lambda/parse';
import type { AwsClients } from '../../lib/aws/clients';
import type { Deps } from '../../lib/lambda/deps';

const eventSchema = z.object({
  drill: drillContextSchema,
  target: targetSchema,
  names: targetNamesSchema,
  copy: z
    .object({ jobId: z.string(), job: z.object({ state: z.string(), destinationRecoveryPointArn: z.string().nullable() }).optional() })
    .optional(),
  restore: z.object({ jobId: z.string(), job: z.object({ Status: z.string(), CreatedResourceArn: z.string().optional() }).optional() }).optional(),
  instance: z.object({ identifier: z.string() }).optional(),
  /**
   * What Delete Restored Resource said went with the restored resource (an EC2 instance's EBS volumes, read before it
   * was terminated); dependents null when they could not be read. Absent when that delete did not answer.
   */
  deletion: z
    .object({ dependents: z.array(z.object({ kind: z.custom<CreatedKind>((k) => typeof k === 'string' && k in RESOURCE_TYPES), id: z.string(), arn: z.string() })).nullable() })
    .optional(),
});
type CleanupEvent = z.infer<typeof eventSchema>;

export interface CleanupStatus {
  /** When AWS was asked: the last check is when cleanup was confirmed (or given up on). */
  checkedAt: string;
  complete: boolean;
  remaining: string[];
  deleted: string[];
}

/** A probe answers the resource's state, or null when it is gone (lib/resource-types says what gone is). */
type Probe = () => Promise<string | null>;

export async function checkCleanup(event: unknown, deps: Deps): Promise<CleanupStatus> {
  const state = parsePayload(eventSchema, event, 'Check Cleanup');
  const region = assertRegionAllowed(state.drill.drRegion, state.drill, `target ${state.target.id} cleanup`);
  const remaining: string[] = [];
  const deleted: string[] = [];

  // Jobs still running will create something later that no probe can see yet.
  if (state.copy && !state.copy.job) remaining.push(`copy job ${state.copy.jobId} (state unknown)`);
  if (state.copy?.job && !['COMPLETED', 'FAILED', 'ABORTED', 'PARTIAL'].includes(state.copy.job.state)) {
    remaining.push(`copy job ${state.copy.jobId} (${state.copy.job.state})`);
  }
  if (state.restore && !['COMPLETED', 'FAILED', 'ABORTED'].includes(state.restore.job?.Status ?? 'UNKNOWN')) {
    // The drill names what it restores for these types (definition namedByDrill: names.restored is set in the restore
    // metadata by prepare-restore), so the report can say what to look for.
    const creates = definitionOf(state.target).namedByDrill ? `, creating ${state.names.restored}` : '';
    remaining.push(`restore job ${state.restore.jobId} (${state.restore.job?.Status ?? 'state unknown'})${creates}`);
  }

  for (const [label, probe] of probesFor(state, deps.clients, region)) {
    try {
      const status = await probe();
      if (status === null) deleted.push(label);
      else remaining.push(`${label} (${status})`);
    } catch (error) {
      rethrowClassified(error);
    }
  }
  return { checkedAt: deps.now().toISOString(), complete: remaining.length === 0, remaining, deleted };
}

function probesFor(state: CleanupEvent, clients: AwsClients, region: string): [string, Probe][] {
  const ctx: AskContext = { clients, region, vaultName: state.names.drVault };
  const stateOf = (kind: CreatedKind, id: string): Probe => async () => (await describeUnlessGone(ctx, kind, id))?.state ?? null;
  const probes: [string, Probe][] = [];
  const copyArn = state.copy?.job?.destinationRecoveryPointArn;
  if (copyArn && !state.drill.keepCopies) probes.push([copyArn, stateOf('recovery-point', copyArn)]);
  if (state.instance) probes.push([`DB instance ${state.names.instance}`, stateOf('db-instance', state.names.instance)]);
  const created = state.restore?.job?.CreatedResourceArn;
  if (created) {
    // Described by the ARN's last part, or as the type's definition says (S3: the bucket the drill named).
    const id = restoredIdOf(state.target, created, state.names);
    probes.push([created, stateOf(definitionOf(state.target).restoredKind, id)]);
  }
  // What goes with it (a volume whose DeleteOnTermination was false outlives its terminated instance, "Preserve data
  // when an instance is terminated", EC2 User Guide) is confirmed gone on its own.
  const dependents = created ? RESOURCE_TYPES[definitionOf(state.target).restoredKind].dependents : undefined;
  if (created && dependents) {
    const refs = state.deletion?.dependents;
    // Once it is deleted nothing links it to what it held: the drill could not read them in time.
    if (!refs) probes.push([`restore job ${state.restore!.jobId}`, async () => dependents.unread(created)]);
    for (const ref of refs ?? []) probes.push([ref.arn, stateOf(ref.kind, ref.id)]);
  }
  return probes;
}
