// In which order kinds are deleted (which kind an ARN is: lib/resource-types/registry.ts): an EC2 instance before
// anything it could hold, a DB instance before its cluster (RDS refuses to delete a cluster with a live member), recovery points last so a
// restore never loses its source while something restored from it is still being removed.
import type { CreatedKind } from './contracts';

export const DELETE_ORDER: readonly CreatedKind[] = [
  'ec2-instance',
  'db-instance',
  'db-cluster',
  'dynamodb-table',
  'efs-file-system',
  'fsx-file-system',
  'ebs-volume',
  's3-bucket',
  'recovery-point',
];
