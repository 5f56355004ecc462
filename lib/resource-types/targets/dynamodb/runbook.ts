// Usable as soon as its restore job completes: validated at once.
import type { TargetRunbook } from '../runbook';

export const runbook: TargetRunbook = { afterRestore: 'none' };
