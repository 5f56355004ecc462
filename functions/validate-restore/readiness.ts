// Readiness checks: the restored resource exists in the DR region, is available and can be reached. Which state is
// ready is its type's (lib/resource-types); the checks read more of each answer (endpoints, counts, status checks).
// Values are statuses, sizes and counts only: nothing read from the restored data goes into a result.
import { DescribeDBClustersCommand, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeFileSystemsCommand } from '@aws-sdk/client-efs';
import { DescribeInstanceStatusCommand, DescribeInstancesCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { AwsClients } from '../../lib/aws/clients';
import { isNotFound } from '../../lib/aws/classify-error';
import type { CheckResult } from '../../lib/drill/contracts';
import type { Target } from '../../lib/plan/schema';
import type { TargetNames } from '../../lib/drill/contracts';
import { AURORA_CLUSTER } from '../../lib/resource-types/aurora-cluster';
import { DB_INSTANCE } from '../../lib/resource-types/db-instance';
import { DYNAMODB_TABLE } from '../../lib/resource-types/dynamodb-table';
import { EBS_VOLUME } from '../../lib/resource-types/ebs-volume';
import { EC2_INSTANCE } from '../../lib/resource-types/ec2-instance';
import { EFS_FILE_SYSTEM } from '../../lib/resource-types/efs-file-system';

export interface ReadinessInput {
  target: Target;
  names: TargetNames;
  restoredResourceArn: string;
  region: string;
  clients: AwsClients;
}

export function check(name: string, passed: boolean, value: CheckResult['value'], expected: string, reason: string): CheckResult {
  return { name, passed, value, expected, reason };
}

const equalsCheck = (name: string, actual: string | undefined, wanted: string, what: string): CheckResult =>
  check(name, actual === wanted, actual ?? null, wanted, actual === wanted ? `${what} is ${wanted}` : `${what} is ${actual ?? 'unknown'}, not ${wanted}`);

const presentCheck = (name: string, value: string | undefined, what: string): CheckResult =>
  check(name, Boolean(value), value ? 'present' : null, 'present', value ? `${what} is present` : `${what} is missing`);

/** A resource AWS does not know is a failed check (it was not restored), not an error of the drill. */
export async function orMissing<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** The last path segment of an ARN (`.../fs-123` -> `fs-123`). */
const idFromArn = (arn: string): string => arn.split('/').pop() as string;

export async function readinessChecks(input: ReadinessInput): Promise<CheckResult[]> {
  const { target, names, restoredResourceArn, region, clients } = input;
  switch (target.type) {
    case 'aurora': {
      const rds = clients.get('rds', region);
      const cluster = (await orMissing(rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: names.restored }))))?.DBClusters?.[0];
      const instance = (await orMissing(rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: names.instance }))))?.DBInstances?.[0];
      return [
        equalsCheck('cluster available', cluster?.Status, AURORA_CLUSTER.readyState, 'restored cluster'),
        presentCheck('cluster endpoint', cluster?.Endpoint, 'cluster writer endpoint'),
        equalsCheck('instance available', instance?.DBInstanceStatus, DB_INSTANCE.readyState, 'drill DB instance'),
        presentCheck('instance endpoint', instance?.Endpoint?.Address, 'DB instance endpoint'),
      ];
    }
    case 'rds': {
      const rds = clients.get('rds', region);
      const instance = (await orMissing(rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: names.restored }))))?.DBInstances?.[0];
      return [
        equalsCheck('instance available', instance?.DBInstanceStatus, DB_INSTANCE.readyState, 'restored DB instance'),
        presentCheck('instance endpoint', instance?.Endpoint?.Address, 'DB instance endpoint'),
      ];
    }
    case 'dynamodb': {
      const table = (await orMissing(clients.get('dynamodb', region).send(new DescribeTableCommand({ TableName: names.restored }))))?.Table;
      return [
        equalsCheck('table active', table?.TableStatus, DYNAMODB_TABLE.readyState, 'restored table'),
        check('item count reported', typeof table?.ItemCount === 'number', table?.ItemCount ?? null, 'a number', 'DynamoDB reports an item count'),
      ];
    }
    case 'efs': {
      const fs = (await orMissing(clients.get('efs', region).send(new DescribeFileSystemsCommand({ FileSystemId: idFromArn(restoredResourceArn) }))))
        ?.FileSystems?.[0];
      return [equalsCheck('file system available', fs?.LifeCycleState, EFS_FILE_SYSTEM.readyState, 'restored file system')];
    }
    case 'ebs': {
      const volume = (await orMissing(clients.get('ec2', region).send(new DescribeVolumesCommand({ VolumeIds: [idFromArn(restoredResourceArn)] }))))
        ?.Volumes?.[0];
      return [equalsCheck('volume available', volume?.State, EBS_VOLUME.readyState, 'restored volume')];
    }
    case 'ec2': {
      const ec2 = clients.get('ec2', region);
      const id = idFromArn(restoredResourceArn);
      const instance = (await orMissing(ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))))?.Reservations?.[0]?.Instances?.[0];
      const checks = [
        equalsCheck('instance running', instance?.State?.Name, EC2_INSTANCE.readyState, 'restored instance'),
        presentCheck('private IP address', instance?.PrivateIpAddress, 'private IP address of the restored instance'),
      ];
      if (target.validation?.statusChecks === false) return checks;
      // IncludeAllInstances: without it an instance that is not running is simply absent from the answer.
      const status = (await orMissing(ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [id], IncludeAllInstances: true }))))
        ?.InstanceStatuses?.[0];
      return [
        ...checks,
        equalsCheck('instance status check', status?.InstanceStatus?.Status, 'ok', 'instance status check'),
        equalsCheck('system status check', status?.SystemStatus?.Status, 'ok', 'system status check'),
      ];
    }
    case 's3': {
      const listed = await orMissing(clients.get('s3', region).send(new ListObjectsV2Command({ Bucket: names.restored, MaxKeys: 1000 })));
      if (!listed) return [check('objects restored', false, null, '>= 1', 'the restored bucket does not exist')];
      const count = listed.KeyCount ?? 0;
      return [check('objects restored', count >= 1, count, '>= 1', count >= 1 ? `${count}${listed.IsTruncated ? '+' : ''} objects in the restored bucket` : 'the restored bucket is empty')];
    }
  }
}
