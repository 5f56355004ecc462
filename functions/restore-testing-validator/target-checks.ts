// The checks of one plan target, run against what an AWS Backup restore test restored. AWS Backup names the restored
// resource (awsbackup-restore-test-...), not the drill, so names come from the restore job's CreatedResourceArn.
// What is checked is the target type's own (restoreTestingChecks in lib/resource-types/targets/<type>/checks.ts):
// mostly the drill's readiness and data checks, less what a restore test cannot reach (an Aurora cluster's instance,
// a connection for SQL, a route to an instance's health URL).
import type { AwsClients } from '../../lib/aws/clients';
import type { TargetNames } from '../../lib/drill/contracts';
import { vaultNameOf } from '../../lib/drill/names';
import type { Target } from '../../lib/plan/schema';
import { checksFor } from '../../lib/resource-types/targets/checks-registry';
import type { RestoreTestCheckOutcome } from '../../lib/resource-types/targets/target-checks';

export interface TargetCheckInput {
  target: Target;
  /** The restore job's CreatedResourceArn. */
  restoredResourceArn: string;
  region: string;
  clients: AwsClients;
  now: Date;
}

export type TargetCheckOutcome = RestoreTestCheckOutcome;

/**
 * The identifier at the end of an ARN: `table/<name>`, `:::<bucket>`, `:db:<id>`, `:cluster:<id>`, `volume/<id>`,
 * `file-system/<id>`. None of those identifiers can hold a "/" or ":".
 */
export function resourceIdOf(arn: string): string {
  const slash = arn.lastIndexOf('/');
  return slash >= 0 ? arn.slice(slash + 1) : arn.slice(arn.lastIndexOf(':') + 1);
}

export async function targetChecks(input: TargetCheckInput): Promise<TargetCheckOutcome> {
  const { target } = input;
  const id = resourceIdOf(input.restoredResourceArn);
  const names: TargetNames = { sourceVault: vaultNameOf(target.sourceVault), drVault: vaultNameOf(target.drVault), restored: id, instance: id };
  return checksFor(target).restoreTestingChecks({ ...input, id, names });
}
