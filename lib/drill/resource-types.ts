// AWS Backup's name for each kind of target: the ResourceType of recovery points and restore jobs.
import type { TargetType } from '../plan/schema';

export const BACKUP_RESOURCE_TYPES = {
  aurora: 'Aurora',
  rds: 'RDS',
  dynamodb: 'DynamoDB',
  ebs: 'EBS',
  ec2: 'EC2',
  efs: 'EFS',
  s3: 'S3',
} as const satisfies Record<TargetType, string>;
