// The ARN forms AWS Backup gives copies of snapshot-based recovery points (what a definition's copiedRecoveryPoint
// answers): RDS and Aurora copies are DB (cluster) snapshots named awsbackup:job-..., EBS copies are EBS snapshots,
// EC2 copies are AMIs with their snapshots ("Amazon Resource Names (ARNs)", AWS Backup Developer Guide: "for
// resource types that are not fully managed by AWS Backup, the recovery point ARN is the ARN of the snapshot or AMI").
import { arnResource } from '../resource-type';

export const isRdsBackupSnapshot = (arn: string): boolean => {
  const r = arnResource(arn, 'rds');
  return !!r && (r.type === 'cluster-snapshot' || r.type === 'snapshot') && r.id.startsWith('awsbackup:');
};

export const isEc2Snapshot = (arn: string): boolean => arnResource(arn, 'ec2')?.type === 'snapshot';

export const isEc2SnapshotOrImage = (arn: string): boolean => isEc2Snapshot(arn) || arnResource(arn, 'ec2')?.type === 'image';
