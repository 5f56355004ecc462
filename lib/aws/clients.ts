// SDK clients, one per service and region, built on first use. A region is always named by the caller:
// in a cross-region DR tool a silently defaulted region is a residency breach.
import { BackupClient } from '@aws-sdk/client-backup';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EFSClient } from '@aws-sdk/client-efs';
import { RDSClient } from '@aws-sdk/client-rds';
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { S3Client } from '@aws-sdk/client-s3';
import { REGION_PATTERN } from '../plan/schema';

const constructors = {
  backup: BackupClient,
  dynamodb: DynamoDBClient,
  ec2: EC2Client,
  efs: EFSClient,
  rds: RDSClient,
  rdsdata: RDSDataClient,
  s3: S3Client,
  secretsmanager: SecretsManagerClient,
} as const;
export type ServiceName = keyof typeof constructors;
export type ClientOf<S extends ServiceName> = InstanceType<(typeof constructors)[S]>;

/** Lets a local run route every client to the simulation: called once per client built. */
export type ClientDecorator = (client: ClientOf<ServiceName>, service: ServiceName, region: string) => void;

export class AwsClients {
  private readonly cache = new Map<string, ClientOf<ServiceName>>();

  constructor(private readonly decorate?: ClientDecorator) {}

  get<S extends ServiceName>(service: S, region: string): ClientOf<S> {
    if (!REGION_PATTERN.test(region)) throw new Error(`AwsClients: "${region}" is not a region (service ${service})`);
    const key = `${service}@${region}`;
    let client = this.cache.get(key);
    if (!client) {
      const Ctor = constructors[service] as unknown as new (config: { region: string }) => ClientOf<S>;
      client = new Ctor({ region });
      this.decorate?.(client, service, region);
      this.cache.set(key, client);
    }
    return client as ClientOf<S>;
  }
}
