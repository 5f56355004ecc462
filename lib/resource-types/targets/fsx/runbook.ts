// Usable as soon as its restore job completes (AWS Backup reports it completed once the new file system is available): validated at once.
import type { TargetRunbook } from '../runbook';

export const runbook: TargetRunbook = { afterRestore: 'none' };
