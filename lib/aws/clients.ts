// SDK clients, one per service and region, built on first use. A region is always named by the caller:
// in a cross-region DR tool a silently defaulted region is a residency breach. Each function hands in only the
// client classes it uses (the types below are type-only imports), so a bundle carries no SDK it never calls.
import type { BackupClient } from '@aws-sdk/client-backup';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { EFSClient } from '@aws-sdk/client-efs';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { RDSDataClient } from '@aws-sdk/client-rds-data';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { REGION_PATTERN } from '../plan/schema';

interface ClientTypes {
  backup: BackupClient;
  dynamodb: DynamoDBClient;
  ec2: EC2Client;
  efs: EFSClient;
  rds: RDSClient;
  rdsdata: RDSDataClient;
  s3: S3Client;
  secretsmanager: SecretsManagerClient;
}
export type ServiceName = keyof ClientTypes;
export type ClientOf<S extends ServiceName> = ClientTypes[S];
export type ClientConstructors = { [S in ServiceName]?: new (config: { region: string }) => ClientOf<S> };

/** Lets a local run route every client to the simulation: called once per client built. */
export type ClientDecorator = (client: ClientOf<ServiceName>, service: ServiceName, region: string) => void;

export class AwsClients {
  private readonly cache = new Map<string, ClientOf<ServiceName>>();

  constructor(
    private readonly constructors: ClientConstructors,
    private readonly decorate?: ClientDecorator,
  ) {}

  get<S extends ServiceName>(service: S, region: string): ClientOf<S> {
    if (!REGION_PATTERN.test(region)) throw new Error(`AwsClients: "${region}" is not a region (service ${service})`);
    const key = `${service}@${region}`;
    let client = this.cache.get(key);
    if (!client) {
      const Ctor = this.constructors[service] as (new (config: { region: string }) => ClientOf<S>) | undefined;
      if (!Ctor) throw new Error(`AwsClients: this function was given no ${service} client (add it where its handler builds its dependencies)`);
      client = new Ctor({ region });
      this.decorate?.(client, service, region);
      this.cache.set(key, client);
    }
    return client as ClientOf<S>;
  }
}
