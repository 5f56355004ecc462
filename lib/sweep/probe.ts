// What AWS says about one tagged resource now: its state and when it was made, or null when it is gone. The same
// describe calls Check Cleanup asks (EC2 keeps a terminated instance visible for an hour: terminated is gone).
import { DescribeRecoveryPointCommand } from '@aws-sdk/client-backup';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeInstancesCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { DescribeFileSystemsCommand } from '@aws-sdk/client-efs';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { isNotFound } from '../aws/classify-error';
import type { AwsClients } from '../aws/clients';
import type { CreatedKind } from './contracts';

export interface Probed {
  state: string;
  /** Unknown for a bucket (HeadBucket does not say). */
  createdAt: Date | null;
}

/** States in which a delete is already under way: asking again would only fail. */
export const DELETING = new Set(['deleting', 'DELETING', 'shutting-down', 'deleted']);

export async function probe(clients: AwsClients, region: string, kind: CreatedKind, id: string, vaultName: string | null): Promise<Probed | null> {
  try {
    return await describe(clients, region, kind, id, vaultName);
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

async function describe(clients: AwsClients, region: string, kind: CreatedKind, id: string, vaultName: string | null): Promise<Probed | null> {
  switch (kind) {
    case 'db-cluster': {
      const c = (await clients.get('rds', region).send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }))).DBClusters?.[0];
      return c ? { state: c.Status ?? 'unknown', createdAt: c.ClusterCreateTime ?? null } : null;
    }
    case 'db-instance': {
      const i = (await clients.get('rds', region).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }))).DBInstances?.[0];
      return i ? { state: i.DBInstanceStatus ?? 'unknown', createdAt: i.InstanceCreateTime ?? null } : null;
    }
    case 'dynamodb-table': {
      const t = (await clients.get('dynamodb', region).send(new DescribeTableCommand({ TableName: id }))).Table;
      return t ? { state: t.TableStatus ?? 'unknown', createdAt: t.CreationDateTime ?? null } : null;
    }
    case 'efs-file-system': {
      const f = (await clients.get('efs', region).send(new DescribeFileSystemsCommand({ FileSystemId: id }))).FileSystems?.[0];
      return f && f.LifeCycleState !== 'deleted' ? { state: f.LifeCycleState ?? 'unknown', createdAt: f.CreationTime ?? null } : null;
    }
    case 'ebs-volume': {
      const v = (await clients.get('ec2', region).send(new DescribeVolumesCommand({ VolumeIds: [id] }))).Volumes?.[0];
      return v && v.State !== 'deleted' ? { state: v.State ?? 'unknown', createdAt: v.CreateTime ?? null } : null;
    }
    case 'ec2-instance': {
      const i = (await clients.get('ec2', region).send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations?.[0]?.Instances?.[0];
      const state = i?.State?.Name;
      return i && state !== 'terminated' ? { state: state ?? 'unknown', createdAt: i.LaunchTime ?? null } : null;
    }
    case 's3-bucket':
      await clients.get('s3', region).send(new HeadBucketCommand({ Bucket: id }));
      return { state: 'exists', createdAt: null };
    case 'recovery-point': {
      // Without the vault the drill copied into, the point cannot be described (nor deleted).
      if (!vaultName) return { state: 'unknown (vault not known)', createdAt: null };
      const rp = await clients.get('backup', region).send(new DescribeRecoveryPointCommand({ BackupVaultName: vaultName, RecoveryPointArn: id }));
      return { state: rp.Status ?? 'unknown', createdAt: rp.CreationDate ?? null };
    }
  }
}
