// Deletes one tagged resource the way Clean Up does (restore-target.asl.yml): how each kind goes is in its module
// under lib/resource-types (no final snapshot, automated backups with a DB instance, a bucket emptied first, an
// instance's volumes set to be deleted with it, a recovery point from its vault).
import type { AwsClients } from '../aws/clients';
import { removeCreated } from '../resource-types/registry';
import type { FoundResource } from './contracts';

/** Deletes it; false when AWS says it was already gone. */
export async function removeResource(clients: AwsClients, region: string, resource: FoundResource, vaultName: string | null): Promise<boolean> {
  // An EC2 instance's volumes are set to go with it first (its module's dependents); those the sweeper finds tagged
  // are swept on their own as well, so what it could not ready is still found.
  return (await removeCreated({ clients, region, vaultName }, resource.kind, resource.id)).removed;
}
