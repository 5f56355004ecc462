// What a tagged ARN is, and in which order kinds are deleted: an EC2 instance before anything it could hold, a DB
// instance before its cluster (RDS refuses to delete a cluster with a live member), recovery points last so a
// restore never loses its source while something restored from it is still being removed.
import type { CreatedKind } from './contracts';

export const DELETE_ORDER: readonly CreatedKind[] = [
  'ec2-instance',
  'db-instance',
  'db-cluster',
  'dynamodb-table',
  'efs-file-system',
  'ebs-volume',
  's3-bucket',
  'recovery-point',
];

/** The kind and delete id of an ARN the drill may have tagged; null for anything else (never touched). */
export function classifyArn(arn: string): { kind: CreatedKind; id: string } | null {
  const s3 = /^arn:aws[a-z-]*:s3:::([^/]+)$/.exec(arn);
  if (s3) return { kind: 's3-bucket', id: s3[1]! };
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return null;
  const service = parts[2];
  const resource = parts.slice(5).join(':');
  const [type, ...rest] = resource.split(/[:/]/);
  const id = rest.join(':');
  if (!id) return null;
  switch (service) {
    case 'rds':
      if (type === 'cluster') return { kind: 'db-cluster', id };
      if (type === 'db') return { kind: 'db-instance', id };
      // AWS Backup's copies of RDS and Aurora recovery points are snapshots named awsbackup:...
      if ((type === 'cluster-snapshot' || type === 'snapshot') && id.startsWith('awsbackup:')) return { kind: 'recovery-point', id: arn };
      return null;
    case 'dynamodb':
      return type === 'table' && !id.includes('/') ? { kind: 'dynamodb-table', id } : null;
    case 'elasticfilesystem':
      return type === 'file-system' ? { kind: 'efs-file-system', id } : null;
    case 'ec2':
      if (type === 'instance') return { kind: 'ec2-instance', id };
      if (type === 'volume') return { kind: 'ebs-volume', id };
      if (type === 'snapshot' || type === 'image') return { kind: 'recovery-point', id: arn };
      return null;
    case 'backup':
      return type === 'recovery-point' ? { kind: 'recovery-point', id: arn } : null;
    default:
      return null;
  }
}
