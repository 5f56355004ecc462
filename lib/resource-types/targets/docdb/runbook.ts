// AWS Backup restores a DocumentDB cluster without any instance (as Aurora's): nothing can connect until the drill adds
// one, with the engine Prepare Restore reads from the recovery point's restore metadata (docdb).
import type { TargetRunbook } from '../runbook';

export const runbook: TargetRunbook = { afterRestore: 'create-db-instance' };
