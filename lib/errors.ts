// Errors that cross into Step Functions. Each class has a literal `name` (it survives minification) that the
// state machines' Retry and Catch blocks match: only TransientAwsError is ever retried.

export class PlanInvalidError extends Error {
  override readonly name = 'PlanInvalidError';
}

export class ResidencyViolationError extends Error {
  override readonly name = 'ResidencyViolationError';
}

/** dr-drill runs in the plan's DR region; anywhere else its direct AWS calls would go to the wrong region. */
export class WrongRegionError extends Error {
  override readonly name = 'WrongRegionError';
}

export class NoRecoveryPointError extends Error {
  override readonly name = 'NoRecoveryPointError';
}

/** Throttling, 5xx and timeouts from an AWS API: worth another try after a back-off. */
export class TransientAwsError extends Error {
  override readonly name = 'TransientAwsError';
}

/** The payload a state handed to a Lambda does not have the shape the Lambda expects: a bug, never retried. */
export class BadPayloadError extends Error {
  override readonly name = 'BadPayloadError';
}

/** A cleanup step was asked to delete something the drill did not create. */
export class RefusedDeletionError extends Error {
  override readonly name = 'RefusedDeletionError';
}

/**
 * AWS refused a delete because of the resource's state, which changes by itself soon (RDS's InvalidDBClusterStateFault
 * while the last instance detaches): Clean Up retries it, slowly, as it does no other refusal.
 */
export class ResourceBusyError extends Error {
  override readonly name = 'ResourceBusyError';
}

/** Validation ran past the plan's ceiling: the restored data could not be proven usable in time. */
export class ValidationTimeoutError extends Error {
  override readonly name = 'ValidationTimeoutError';
}

/** The drill's input is wrong (a person typed it): said in words, before any AWS call. */
export class DrillInputError extends Error {
  override readonly name = 'DrillInputError';
}

/** Another drill of this deployment is running: one at a time, so two never switch or restore the same things. */
export class DrillAlreadyRunningError extends Error {
  override readonly name = 'DrillAlreadyRunningError';
}

/** Mark Created was asked to mark something AWS Backup does not record as made by this drill's job: never retried. */
export class NotCreatedByDrillError extends Error {
  override readonly name = 'NotCreatedByDrillError';
}

/**
 * TagResources answered 200 but listed the resource in FailedResourcesMap (its own error code and message are in the
 * message): the resource is left untagged.
 */
export class TagResourcesFailedError extends Error {
  override readonly name = 'TagResourcesFailed';
}

/**
 * The DR vault holds no recovery point of the resource (created before the drill started): what a regional outage
 * would leave is nothing. The message names the backup plan's copy rule that should have put one there, or says that
 * no rule copies to the DR vault.
 */
export class NoDrVaultCopyError extends Error {
  override readonly name = 'NoDrVaultCopyError';
}

/**
 * dr-drill could not act as the role of another account the plan names (accounts.vaults[].copy.assumeRoleArn): STS
 * refused AssumeRole (the role's trust policy does not name this function's role, or the ExternalId differs). Not
 * retried: it changes only when someone changes the role.
 */
export class CrossAccountRoleError extends Error {
  override readonly name = 'CrossAccountRoleError';
}

/**
 * The logically air-gapped vault of another account is not reachable from the recovery account: AWS refused the call
 * (the AWS RAM share is not associated with it: not accepted, or disassociated). Not retried.
 */
export class SharedVaultUnavailableError extends Error {
  override readonly name = 'SharedVaultUnavailableError';
}

/** The plan's recoveryPoint window (windowDays) holds no recovery point to choose from. */
export class NoRecoveryPointInWindowError extends Error {
  override readonly name = 'NoRecoveryPointInWindowError';
}
