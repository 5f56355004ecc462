// What the restore-target state machine does with a target of one type between its restore and its validation, as
// data: the definition (statemachines/source/restore-target.yml) reads it from $.runbook and never tests the type,
// so a new type adds a runbook here and touches no state machine. Pure data: no AWS SDK import.

/**
 * - `create-db-instance`: AWS Backup restored a cluster without any instance (Aurora; DocumentDB and Neptune alike),
 *   so nothing can connect until the drill adds one: Create DB Instance (rds:CreateDBInstance, with the engine Prepare
 *   Restore read from the restore metadata, $.restoreRequest.engine), wait until it is available, and Clean Up
 *   deletes it before the cluster.
 * - `wait-for-instance-status`: a restored EC2 instance boots after the restore job completes and its status checks
 *   stay "initializing" for minutes; the drill waits for them to settle before validating.
 * - `none`: validated as soon as the restore job completes.
 */
export type AfterRestore = 'create-db-instance' | 'wait-for-instance-status' | 'none';

export interface TargetRunbook {
  afterRestore: AfterRestore;
}
