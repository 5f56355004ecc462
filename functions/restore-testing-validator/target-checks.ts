// The checks of one plan target, run against what an AWS Backup restore test restored. AWS Backup names the restored
// resource (awsbackup-restore-test-...), not the drill, so names come from the restore job's CreatedResourceArn.
// Readiness is the drill's own (functions/validate-restore/readiness.ts) except for Aurora, where the drill checks an
// instance it created itself and a restore test has none; data checks are the shared ones from lib/checks.
import { DescribeDBClustersCommand } from '@aws-sdk/client-rds';
import { DescribeFileSystemsCommand } from '@aws-sdk/client-efs';
import { DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../../lib/aws/clients';
import { isNotFound } from '../../lib/aws/classify-error';
import { dynamodbChecks } from '../../lib/checks/dynamodb';
import { s3Checks } from '../../lib/checks/s3';
import { BYTES_PER_GIB, sizeChecks } from '../../lib/checks/volume';
import type { CheckResult, TargetNames } from '../../lib/drill/contracts';
import { vaultNameOf } from '../../lib/drill/names';
import type { Target } from '../../lib/plan/schema';
import { check, readinessChecks } from '../validate-restore/readiness';

export interface TargetCheckInput {
  target: Target;
  /** The restore job's CreatedResourceArn. */
  restoredResourceArn: string;
  region: string;
  clients: AwsClients;
  now: Date;
}

export interface TargetCheckOutcome {
  checks: CheckResult[];
  /** What was deliberately not checked, for the validation message; null when everything the plan asks for ran. */
  notChecked: string | null;
}

/** SQL checks need a DB instance and a connection that a restore test does not set up (yet): readiness only, said so. */
const SQL_NOT_RUN = 'readiness only: SQL data checks are not run for restore tests';
// The validator runs outside the subnet AWS Backup picks for a restore test, so it has no route to the instance.
const HEALTH_NOT_RUN = 'readiness only: the HTTP health check is not run for restore tests';

/**
 * The identifier at the end of an ARN: `table/<name>`, `:::<bucket>`, `:db:<id>`, `:cluster:<id>`, `volume/<id>`,
 * `file-system/<id>`. None of those identifiers can hold a "/" or ":".
 */
export function resourceIdOf(arn: string): string {
  const slash = arn.lastIndexOf('/');
  return slash >= 0 ? arn.slice(slash + 1) : arn.slice(arn.lastIndexOf(':') + 1);
}

export async function targetChecks(input: TargetCheckInput): Promise<TargetCheckOutcome> {
  const { target, restoredResourceArn, region, clients, now } = input;
  const id = resourceIdOf(restoredResourceArn);
  if (target.type === 'aurora') {
    return { checks: await clusterReadiness(clients, region, id), notChecked: target.validation ? SQL_NOT_RUN : null };
  }

  const names: TargetNames = { sourceVault: vaultNameOf(target.sourceVault), drVault: vaultNameOf(target.drVault), restored: id, instance: id };
  const readiness = await readinessChecks({ target, names, restoredResourceArn, region, clients });
  switch (target.type) {
    case 'rds':
      return { checks: readiness, notChecked: target.validation ? SQL_NOT_RUN : null };
    case 'dynamodb': {
      const data = target.validation ? (await dynamodbChecks(clients.get('dynamodb', region), id, target.validation, now)).checks : [];
      return { checks: [...readiness, ...data], notChecked: null };
    }
    case 's3': {
      const data = target.validation ? (await s3Checks(clients.get('s3', region), id, target.validation)).checks : [];
      return { checks: [...readiness, ...data], notChecked: null };
    }
    case 'ebs': {
      if (!target.validation) return { checks: readiness, notChecked: null };
      const volume = (await orMissing(clients.get('ec2', region).send(new DescribeVolumesCommand({ VolumeIds: [id] }))))?.Volumes?.[0];
      // EBS reports whole GiB; sizeChecks takes bytes.
      const bytes = volume?.Size === undefined ? undefined : volume.Size * BYTES_PER_GIB;
      return { checks: [...readiness, ...sizeChecks('volume', bytes, target.validation)], notChecked: null };
    }
    case 'ec2':
      return { checks: readiness, notChecked: target.validation?.health ? HEALTH_NOT_RUN : null };
    case 'efs': {
      if (!target.validation) return { checks: readiness, notChecked: null };
      const fs = (await orMissing(clients.get('efs', region).send(new DescribeFileSystemsCommand({ FileSystemId: id }))))?.FileSystems?.[0];
      return { checks: [...readiness, ...sizeChecks('file system', fs?.SizeInBytes?.Value, target.validation)], notChecked: null };
    }
  }
}

/** AWS Backup restores an Aurora cluster without a DB instance: the cluster itself is what a restore test can show. */
async function clusterReadiness(clients: AwsClients, region: string, clusterId: string): Promise<CheckResult[]> {
  const cluster = (await orMissing(clients.get('rds', region).send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterId }))))?.DBClusters?.[0];
  const status = cluster?.Status;
  return [
    check('cluster available', status === 'available', status ?? null, 'available', status === 'available' ? 'restored cluster is available' : `restored cluster is ${status ?? 'unknown'}, not available`),
    check('cluster endpoint', Boolean(cluster?.Endpoint), cluster?.Endpoint ? 'present' : null, 'present', cluster?.Endpoint ? 'cluster writer endpoint is present' : 'cluster writer endpoint is missing'),
  ];
}

/** A resource AWS does not know is a failed check (it was not restored), not an error of the validation. */
async function orMissing<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
