// A restored EC2 instance's status checks stay "initializing" for minutes after the restore job completes:
// validating before they settle would fail a healthy instance.
import type { TargetRunbook } from '../runbook';

export const runbook: TargetRunbook = { afterRestore: 'wait-for-instance-status' };
