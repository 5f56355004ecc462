// Aurora: AWS Backup restores the DB cluster without a DB instance; the drill adds one (names.instance) and checks
// both (../rds-family-cluster-checks.ts, shared with DocumentDB and Neptune). A restore test has no such instance, so
// the restore-testing validator can show the cluster only.
import { NO_DATA_CHECKS } from '../check-helpers';
import { DATABASE_CHECK_CLIENTS, databaseDataChecks, SQL_NOT_RUN } from '../database-checks';
import { clusterDryRunChecks, clusterReadiness, clusterRestoreTestingChecks } from '../rds-family-cluster-checks';
import type { TargetChecks, TargetOf } from '../target-checks';

export const AURORA_CHECKS: TargetChecks<TargetOf<'aurora'>> = {
  clients: DATABASE_CHECK_CLIENTS,
  readiness: clusterReadiness,
  // Over a connection: the instance the drill created (the cluster has none of its own).
  dataChecks: async (input) => (input.target.validation ? databaseDataChecks(input, input.target.validation, input.names.instance) : NO_DATA_CHECKS),
  dryRunChecks: clusterDryRunChecks,
  /** AWS Backup restores an Aurora cluster without a DB instance: the cluster itself is what a restore test can show. */
  restoreTestingChecks: (input) => clusterRestoreTestingChecks(input, input.target.validation ? SQL_NOT_RUN : null),
};
