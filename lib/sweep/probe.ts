// What AWS says about one tagged resource now: its state and when it was made, or null when it is gone. The answer
// is lib/resource-types' (describeUnlessGone), the same Check Cleanup gives.
import type { AwsClients } from '../aws/clients';
import { describeUnlessGone, isBeingDeleted } from '../resource-types/registry';
import type { Described } from '../resource-types/resource-type';
import type { CreatedKind } from './contracts';

export type Probed = Described;

export async function probe(clients: AwsClients, region: string, kind: CreatedKind, id: string, vaultName: string | null): Promise<Probed | null> {
  return describeUnlessGone({ clients, region, vaultName }, kind, id);
}

/** A delete is already under way: asking again would only fail. */
export const beingDeleted = (kind: CreatedKind, probed: Probed): boolean => isBeingDeleted(kind, probed.state);
