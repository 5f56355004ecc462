// Data checks on the restored copy, run after readiness passed: SQL for databases (read-only, with timeouts),
// items for DynamoDB, a manifest for S3, sizes for volumes and file systems. Only names, counts, ages and
// expectations come back: nothing read from the restored data.
import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { DescribeFileSystemsCommand } from '@aws-sdk/client-efs';
import { DescribeInstancesCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../../lib/aws/clients';
import type { CheckResult, TargetNames } from '../../lib/drill/contracts';
import type { Target } from '../../lib/plan/schema';
import type { DatabaseValidation } from '../../lib/plan/validation-schema';
import { definitionOf } from '../../lib/resource-types/targets/definition-registry';
import { CheckSetupError, type SqlConnector, type SqlEndpoint, type SqlSession } from '../../lib/checks/types';
import { runSqlChecks } from '../../lib/checks/sql/run-sql-checks';
import { openDataApiSession } from '../../lib/checks/sql/data-api';
import { dynamodbChecks } from '../../lib/checks/dynamodb';
import { s3Checks } from '../../lib/checks/s3';
import { sizeChecks } from '../../lib/checks/volume';
import { HEALTH_CHECK_NAME, httpHealthCheck, type HttpHealth } from '../../lib/checks/http-health';
import { check, orMissing } from './readiness';

export interface DataCheckInput {
  target: Target;
  names: TargetNames;
  restoredResourceArn: string;
  region: string;
  clients: AwsClients;
  /** Database drivers: the real ones in Lambda, the simulation's in local runs. */
  sql?: Record<'postgres' | 'mysql', SqlConnector>;
  /** Set where no network reaches the instance (local runs): the HTTP health check is reported as not run. */
  httpHealthNotRun?: string;
  now: Date;
}

export interface DataCheckOutcome {
  checks: CheckResult[];
  dataAgeSeconds: number | null;
}

const CONNECT_TIMEOUT_MS = 10_000;
const NONE: DataCheckOutcome = { checks: [], dataAgeSeconds: null };

export async function dataChecks(input: DataCheckInput): Promise<DataCheckOutcome> {
  const { target, names, region, clients, now } = input;
  switch (target.type) {
    case 'aurora':
    case 'rds':
      return target.validation ? databaseChecks(input, target.validation) : NONE;
    case 'dynamodb':
      return target.validation ? dynamodbChecks(clients.get('dynamodb', region), names.restored, target.validation, now) : NONE;
    case 's3':
      return target.validation ? { ...(await s3Checks(clients.get('s3', region), names.restored, target.validation)), dataAgeSeconds: null } : NONE;
    case 'ebs': {
      if (!target.validation) return NONE;
      const id = input.restoredResourceArn.split('/').pop() as string;
      const volume = (await orMissing(clients.get('ec2', region).send(new DescribeVolumesCommand({ VolumeIds: [id] }))))?.Volumes?.[0];
      return { checks: sizeChecks('volume', volume?.Size === undefined ? undefined : volume.Size * 1024 ** 3, target.validation), dataAgeSeconds: null };
    }
    case 'ec2':
      // Where nothing can reach the instance (the local simulation) the health URL is left out rather than shown
      // as a check: a check that did not run must neither pass nor fail a drill.
      if (!target.validation?.health || input.httpHealthNotRun) return NONE;
      return { checks: [await instanceHealthCheck(input, target.validation.health)], dataAgeSeconds: null };
    case 'efs': {
      if (!target.validation) return NONE;
      const id = input.restoredResourceArn.split('/').pop() as string;
      const fs = (await orMissing(clients.get('efs', region).send(new DescribeFileSystemsCommand({ FileSystemId: id }))))?.FileSystems?.[0];
      return { checks: sizeChecks('file system', fs?.SizeInBytes?.Value, target.validation), dataAgeSeconds: null };
    }
  }
}

async function instanceHealthCheck(input: DataCheckInput, health: HttpHealth): Promise<CheckResult> {
  const { clients, region, restoredResourceArn } = input;
  const expected = `HTTP ${health.expectStatus}`;
  const id = restoredResourceArn.split('/').pop() as string;
  const instance = (await orMissing(clients.get('ec2', region).send(new DescribeInstancesCommand({ InstanceIds: [id] }))))?.Reservations?.[0]
    ?.Instances?.[0];
  const host = instance?.PrivateIpAddress;
  if (!host) return check(HEALTH_CHECK_NAME, false, null, expected, `not run: instance ${id} has no private IP address`);
  return httpHealthCheck(host, health);
}

async function databaseChecks(input: DataCheckInput, validation: DatabaseValidation): Promise<DataCheckOutcome> {
  let session: SqlSession;
  try {
    session = await openSession(input, validation);
  } catch (error) {
    if (!(error instanceof CheckSetupError)) throw error;
    // Could not even start: every declared check fails with the one reason, so the report says what was not proven.
    return { checks: validation.sql.map((c) => check(c.name, false, null, c.expect, `not run: ${error.message}`)), dataAgeSeconds: null };
  }
  try {
    const outcomes = await runSqlChecks(session, validation.sql);
    const ages = outcomes.map((o) => o.dataAgeSeconds).filter((a): a is number => a !== null);
    return { checks: outcomes.map((o) => o.result), dataAgeSeconds: ages.length ? Math.max(...ages) : null };
  } finally {
    await session.close();
  }
}

async function openSession(input: DataCheckInput, validation: DatabaseValidation): Promise<SqlSession> {
  const { target, names, region, clients, sql } = input;
  if (!sql) throw new Error('no database drivers were given to the validation function');
  const statementTimeoutMs = validation.statementTimeoutSeconds * 1000;
  if (validation.dataApi) {
    return openDataApiSession(
      { client: clients.get('rdsdata', region), resourceArn: input.restoredResourceArn, secretArn: validation.secretArn, database: validation.database, engine: validation.engine },
      { statementTimeoutMs },
    );
  }
  const credentials = await readSecret(clients, region, validation.secretArn);
  // Aurora: the instance the drill created (the cluster has none of its own); RDS: the restored instance.
  const instanceId = definitionOf(target).addsDbInstance ? names.instance : names.restored;
  const instance = (await clients.get('rds', region).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: instanceId }))).DBInstances?.[0];
  const host = instance?.Endpoint?.Address;
  if (!host) throw new CheckSetupError(`DB instance ${instanceId} has no endpoint to connect to`);
  const endpoint: SqlEndpoint = {
    engine: validation.engine,
    host,
    port: instance?.Endpoint?.Port ?? (validation.engine === 'postgres' ? 5432 : 3306),
    database: validation.database,
    user: credentials.username,
    password: credentials.password,
    tls: true,
  };
  return sql[validation.engine](endpoint, { statementTimeoutMs, connectTimeoutMs: CONNECT_TIMEOUT_MS });
}

async function readSecret(clients: AwsClients, region: string, secretArn: string): Promise<{ username: string; password: string }> {
  let text: string | undefined;
  try {
    text = (await clients.get('secretsmanager', region).send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString;
  } catch (error) {
    throw new CheckSetupError(`could not read the database secret ${secretArn}: ${(error as Error).name}`);
  }
  const parsed = (() => {
    try {
      return JSON.parse(text ?? '') as { username?: unknown; password?: unknown };
    } catch {
      return {};
    }
  })();
  if (typeof parsed.username !== 'string' || typeof parsed.password !== 'string') {
    throw new CheckSetupError(`the secret ${secretArn} has no "username" and "password" (as an RDS-managed secret has)`);
  }
  return { username: parsed.username, password: parsed.password };
}
