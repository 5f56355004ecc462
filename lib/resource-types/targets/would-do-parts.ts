// The dry run's words for data checks that more than one target type has (each definition's wouldDo.dataChecks).
import type { DatabaseValidation, VolumeValidation } from '../../plan/validation-schema';

/** Aurora and RDS: one check per SQL query, over the RDS Data API or a read-only connection. */
export function sqlDataChecks(v: DatabaseValidation | undefined): { count: number; how?: string } {
  if (!v) return { count: 0 };
  return { count: v.sql.length, how: ` (${v.dataApi ? 'RDS Data API' : `${v.engine} connection`} to database ${v.database}, read-only)` };
}

/** EBS and EFS: the size check, when the plan sets a minimum. */
export const sizeDataChecks = (v: VolumeValidation | undefined): { count: number } => ({ count: v?.minSizeGiB !== undefined ? 1 : 0 });
