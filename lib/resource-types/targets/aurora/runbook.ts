// AWS Backup restores an Aurora cluster without any instance: nothing can connect until the drill adds one.
import type { TargetRunbook } from '../runbook';

export const runbook: TargetRunbook = { afterRestore: 'create-db-instance' };
