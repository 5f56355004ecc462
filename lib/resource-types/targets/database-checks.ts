// The SQL data checks of the database types (Aurora, RDS): read-only queries with timeouts, over the RDS Data API
// or a connection to a DB instance with the credentials of an RDS-managed secret. Only names, counts, ages and
// expectations come back: nothing read from the restored data.
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AwsClients, ClientConstructors } from '../../aws/clients';
import { openDataApiSession } from '../../checks/sql/data-api';
import { runSqlChecks } from '../../checks/sql/run-sql-checks';
import { CheckSetupError, type SqlEndpoint, type SqlSession } from '../../checks/types';
import type { DatabaseValidation } from '../../plan/validation-schema';
import { check } from './check-helpers';
import type { DataCheckInput, DataCheckOutcome } from './target-checks';

/** What the database checks call: the instance's endpoint (RDS), the login (Secrets Manager), the Data API. */
export const DATABASE_CHECK_CLIENTS: ClientConstructors = { rds: RDSClient, rdsdata: RDSDataClient, secretsmanager: SecretsManagerClient };

const CONNECT_TIMEOUT_MS = 10_000;

/** SQL checks need a DB instance and a connection that a restore test does not set up (yet): readiness only, said so. */
export const SQL_NOT_RUN = 'readiness only: SQL data checks are not run for restore tests';

/**
 * Runs the plan's SQL checks. `instanceId` is the DB instance a connection goes to (the Data API goes to the
 * restored resource's ARN instead): the type's own answer, since Aurora connects to the instance the drill created.
 */
export async function databaseDataChecks(input: DataCheckInput, validation: DatabaseValidation, instanceId: string): Promise<DataCheckOutcome> {
  let session: SqlSession;
  try {
    session = await openSession(input, validation, instanceId);
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

async function openSession(input: DataCheckInput, validation: DatabaseValidation, instanceId: string): Promise<SqlSession> {
  const { region, clients, sql } = input;
  if (!sql) throw new Error('no database drivers were given to the validation function');
  const statementTimeoutMs = validation.statementTimeoutSeconds * 1000;
  if (validation.dataApi) {
    return openDataApiSession(
      { client: clients.get('rdsdata', region), resourceArn: input.restoredResourceArn, secretArn: validation.secretArn, database: validation.database, engine: validation.engine },
      { statementTimeoutMs },
    );
  }
  const credentials = await readSecret(clients, region, validation.secretArn);
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

/** The user and password of a database secret (RDS-managed, or DocumentDB's format), or why they cannot be had. */
export async function readSecret(clients: AwsClients, region: string, secretArn: string): Promise<{ username: string; password: string }> {
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
