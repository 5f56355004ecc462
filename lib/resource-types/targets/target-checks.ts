// What dr-drill checks of one plan target type, written once per type in targets/<type>/checks.ts (issue 12): how to
// tell the restored resource is ready, the data checks on it, what the dry run checks of its network, and what the
// AWS Backup restore-testing validator checks of a restore test. Callers ask through checks-registry.ts and never
// branch on the type, so a new type implements this interface in its own folder and touches no caller.
// Values are statuses, sizes and counts only: nothing read from the restored data goes into a result.
import type { AwsClients, ClientConstructors } from '../../aws/clients';
import type { SqlConnector } from '../../checks/types';
import type { CheckResult, DrillContext, TargetNames } from '../../drill/contracts';
import type { DryRunCheck } from '../../dry-run/contracts';
import type { DryRunReads } from '../../dry-run/reads';
import type { Target, TargetType } from '../../plan/schema';
import type { DataPorts } from './data-ports';

/** The plan target of one type, as its own module receives it. */
export type TargetOf<K extends TargetType> = Extract<Target, { type: K }>;

/** What the readiness checks of Validate Restored Resource are given: the restored resource in the DR region. */
export interface ReadinessInput<T extends Target = Target> {
  target: T;
  names: TargetNames;
  /** The restore job's CreatedResourceArn. */
  restoredResourceArn: string;
  region: string;
  clients: AwsClients;
}

/** The data checks' input: readiness's, with what connecting and judging ages need. */
export interface DataCheckInput<T extends Target = Target> extends ReadinessInput<T> {
  /** Database drivers: the real ones in Lambda, the simulation's in local runs. */
  sql?: Record<'postgres' | 'mysql', SqlConnector>;
  /** Drivers of the types whose data no SDK client reaches (data-ports.ts): the real ones in Lambda, the simulation's locally. */
  ports?: DataPorts;
  /** Set where no network reaches the instance (local runs): the HTTP health check is reported as not run. */
  httpHealthNotRun?: string;
  now: Date;
}

export interface DataCheckOutcome {
  checks: CheckResult[];
  dataAgeSeconds: number | null;
}

/**
 * A restore test's restored resource. AWS Backup names it (awsbackup-restore-test-...), not the drill, so `id` and
 * `names.restored`/`names.instance` are the identifier at the end of the restore job's CreatedResourceArn.
 */
export interface RestoreTestCheckInput<T extends Target = Target> {
  target: T;
  /** The restore job's CreatedResourceArn. */
  restoredResourceArn: string;
  /** The identifier at the end of restoredResourceArn. */
  id: string;
  names: TargetNames;
  region: string;
  clients: AwsClients;
  now: Date;
}

export interface RestoreTestCheckOutcome {
  checks: CheckResult[];
  /** What was deliberately not checked, for the validation message; null when everything the plan asks for ran. */
  notChecked: string | null;
}

/**
 * One target type's checks. Every function gets the target typed as its own variant; a failed check is a result,
 * and a resource AWS does not know is a failed check (it was not restored), never an error of the drill.
 */
export interface TargetChecks<T extends Target = Target> {
  /** The SDK clients its checks call (readiness, data checks, restore-testing checks); the dry run's reads bring their own. */
  clients: ClientConstructors;
  /** The restored resource exists in the DR region, is available and can be reached. */
  readiness(input: ReadinessInput<T>): Promise<CheckResult[]>;
  /** The plan's `validation` on the restored copy, run only once readiness passed; none when the plan asks for none. */
  dataChecks(input: DataCheckInput<T>): Promise<DataCheckOutcome>;
  /** Dry run, reads only: the network the restore would go into (empty for a type restored into none). */
  dryRunChecks(reads: DryRunReads, drill: DrillContext, target: T): Promise<DryRunCheck[]>;
  /** The AWS Backup restore-testing validator's checks of what a restore test restored. */
  restoreTestingChecks(input: RestoreTestCheckInput<T>): Promise<RestoreTestCheckOutcome>;
}
