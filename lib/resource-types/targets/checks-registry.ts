// Every plan target type's checks (targets/<type>/checks.ts), found by the target's type. Validate Restored
// Resource, the dry run and the restore-testing validator ask through here and hold no per-type branch of their own.
// SDK-using: import it from Lambda code only, never from the pure definitions.
import type { ClientConstructors } from '../../aws/clients';
import type { Target, TargetType } from '../../plan/schema';
import { AURORA_CHECKS } from './aurora/checks';
import { DOCDB_CHECKS } from './docdb/checks';
import { DYNAMODB_CHECKS } from './dynamodb/checks';
import { EBS_CHECKS } from './ebs/checks';
import { EC2_CHECKS } from './ec2/checks';
import { EFS_CHECKS } from './efs/checks';
import { FSX_CHECKS } from './fsx/checks';
import { FSX_ONTAP_CHECKS } from './fsx-ontap/checks';
import { NEPTUNE_CHECKS } from './neptune/checks';
import { RDS_CHECKS } from './rds/checks';
import { S3_CHECKS } from './s3/checks';
import type { TargetChecks, TargetOf } from './target-checks';

/** Each type's module gets its own target variant; a type missing here fails to compile. */
export const TARGET_CHECKS: { readonly [K in TargetType]: TargetChecks<TargetOf<K>> } = {
  aurora: AURORA_CHECKS,
  rds: RDS_CHECKS,
  dynamodb: DYNAMODB_CHECKS,
  ebs: EBS_CHECKS,
  ec2: EC2_CHECKS,
  efs: EFS_CHECKS,
  s3: S3_CHECKS,
  fsx: FSX_CHECKS,
  'fsx-ontap': FSX_ONTAP_CHECKS,
  docdb: DOCDB_CHECKS,
  neptune: NEPTUNE_CHECKS,
};

/**
 * Every SDK client a type's checks call: Validate Restored Resource and the restore-testing validator are given these,
 * so a new type adds its clients in its own checks.ts.
 */
export const TARGET_CHECK_CLIENTS: ClientConstructors = Object.assign({}, ...Object.values(TARGET_CHECKS).map((c) => c.clients));

/** The checks of this target's type, typed for it. */
export function checksFor<T extends Target>(target: T): TargetChecks<T> {
  // TypeScript cannot follow that TARGET_CHECKS[target.type] is the entry for T; the mapped type above guarantees it.
  return TARGET_CHECKS[target.type] as unknown as TargetChecks<T>;
}
