// Deletes one tagged resource the way Clean Up does (restore-target.asl.yml): how each kind goes is in its module
// under lib/resource-types (no final snapshot, automated backups with a DB instance, a bucket emptied first, a
// recovery point from its vault).
import type { AwsClients } from '../aws/clients';
import { removeCreated } from '../resource-types/registry';
import type { FoundResource } from './contracts';

/** Deletes it; false when AWS says it was already gone. */
export async function removeResource(clients: AwsClients, region: string, resource: FoundResource, vaultName: string | null): Promise<boolean> {
  return removeCreated({ clients, region, vaultName }, resource.kind, resource.id);
}
