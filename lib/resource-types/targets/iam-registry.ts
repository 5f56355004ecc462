// Every plan target type's IAM (targets/<type>/iam.ts), in the plan's type order: what scripts/generate-iam.ts writes
// into iam/generated/. Pure data, no AWS SDK.
import type { TargetType } from '../../plan/schema';
import { auroraIam } from './aurora/iam';
import { docdbIam } from './docdb/iam';
import { dynamodbIam } from './dynamodb/iam';
import { ebsIam } from './ebs/iam';
import { ec2Iam } from './ec2/iam';
import { efsIam } from './efs/iam';
import { fsxIam } from './fsx/iam';
import { fsxOntapIam } from './fsx-ontap/iam';
import { neptuneIam } from './neptune/iam';
import type { TypeIam } from './iam-statements';
import { rdsIam } from './rds/iam';
import { s3Iam } from './s3/iam';

export const IAM_BY_TYPE: Record<TargetType, TypeIam> = {
  aurora: auroraIam,
  rds: rdsIam,
  dynamodb: dynamodbIam,
  ebs: ebsIam,
  ec2: ec2Iam,
  efs: efsIam,
  s3: s3Iam,
  fsx: fsxIam,
  'fsx-ontap': fsxOntapIam,
  docdb: docdbIam,
  neptune: neptuneIam,
};
