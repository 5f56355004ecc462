// Where the canary connects in Lambda: the credentials from the plan's secret (Secrets Manager) and the cluster's
// writer endpoint (DescribeDBClusters), both asked in the canary endpoint's own region. AWS errors pass unchanged so
// the canary function can tell throttling (retried) from a refusal.
import { DescribeDBClustersCommand } from '@aws-sdk/client-rds';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { AwsClients } from '../aws/clients';
import { CanarySqlError, sqlCanaryStore, type CanaryConnectionResolver } from './canary-sql';
import type { CanaryStore } from './ports';

export function awsCanaryConnections(clients: AwsClients): CanaryConnectionResolver {
  return async (endpoint) => {
    const [credentials, writer] = await Promise.all([
      readCredentials(clients, endpoint.region, endpoint.secretArn),
      writerEndpoint(clients, endpoint.region, endpoint.clusterArn, endpoint.engine),
    ]);
    return { ...writer, ...credentials, tls: true };
  };
}

/** The production CanaryStore: connections resolved through AWS, or the Data API where the plan asks for it. */
export function awsCanaryStore(clients: AwsClients): CanaryStore {
  return sqlCanaryStore({ resolve: awsCanaryConnections(clients), dataApi: (region) => clients.get('rdsdata', region) });
}

async function readCredentials(clients: AwsClients, region: string, secretArn: string): Promise<{ user: string; password: string }> {
  const text = (await clients.get('secretsmanager', region).send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString;
  let parsed: { username?: unknown; password?: unknown } = {};
  try {
    parsed = JSON.parse(text ?? '') as typeof parsed;
  } catch {
    // Reported below without the secret's content.
  }
  if (typeof parsed.username !== 'string' || typeof parsed.password !== 'string') {
    throw new CanarySqlError(`the secret ${secretArn} has no "username" and "password" (as an RDS-managed secret has)`);
  }
  return { user: parsed.username, password: parsed.password };
}

async function writerEndpoint(
  clients: AwsClients,
  region: string,
  clusterArn: string,
  engine: 'postgres' | 'mysql',
): Promise<{ host: string; port: number }> {
  const cluster = (await clients.get('rds', region).send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterArn }))).DBClusters?.[0];
  if (!cluster?.Endpoint) throw new CanarySqlError(`the cluster ${clusterArn} has no writer endpoint to connect to`);
  return { host: cluster.Endpoint, port: cluster.Port ?? (engine === 'postgres' ? 5432 : 3306) };
}
