// SDK clients, one per service and region, built on first use. A region is always named by the caller:
// in a cross-region DR tool a silently defaulted region is a residency breach. Each function hands in only the
// client classes it uses (the types below are type-only imports), so a bundle carries no SDK it never calls.
import type { BackupClient } from '@aws-sdk/client-backup';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { EFSClient } from '@aws-sdk/client-efs';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { RDSDataClient } from '@aws-sdk/client-rds-data';
import type { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { Route53RecoveryClusterClient } from '@aws-sdk/client-route53-recovery-cluster';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { STSClient } from '@aws-sdk/client-sts';
import { REGION_PATTERN } from '../plan/schema';

/**
 * The services dr-drill calls, by the name AwsClients.get takes. A resource type that brings a service of its own
 * adds it from its module by declaration merging (`declare module '<path>/lib/aws/clients' { interface ClientTypes
 * { fsx: FSxClient } }`), so no list here has to change.
 */
export interface ClientTypes {
  backup: BackupClient;
  cloudwatch: CloudWatchClient;
  dynamodb: DynamoDBClient;
  ec2: EC2Client;
  efs: EFSClient;
  iam: IAMClient;
  rds: RDSClient;
  rdsdata: RDSDataClient;
  resourcegroupstaggingapi: ResourceGroupsTaggingAPIClient;
  route53: Route53Client;
  route53recoverycluster: Route53RecoveryClusterClient;
  s3: S3Client;
  secretsmanager: SecretsManagerClient;
  sfn: SFNClient;
  sns: SNSClient;
  sts: STSClient;
}
export type ServiceName = keyof ClientTypes;
export type ClientOf<S extends ServiceName> = ClientTypes[S];
/** Temporary credentials of another principal (STS AssumeRole's Credentials), as the SDK's clients take them. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

type ClientConfig = { region: string; endpoint?: string; credentials?: AwsCredentials };
export type ClientConstructors = { [S in ServiceName]?: new (config: ClientConfig) => ClientOf<S> };

/**
 * Lets a local run route every client to the simulation: called once per client built. `credentials` are given for a
 * client signed as another principal (AwsClients.signedWith), so the simulation knows whose call it is.
 */
export type ClientDecorator = (client: ClientOf<ServiceName>, service: ServiceName, region: string, endpoint?: string, credentials?: AwsCredentials) => void;

export class AwsClients {
  private readonly cache = new Map<string, ClientOf<ServiceName>>();

  constructor(
    private readonly constructors: ClientConstructors,
    private readonly decorate?: ClientDecorator,
    private readonly credentials?: AwsCredentials,
  ) {}

  /**
   * The same services signed with `credentials` instead of the function's own role: a role of another account that the
   * function assumed (lib/aws/assume-role.ts). Its clients are its own, never the function's cached ones.
   */
  signedWith(credentials: AwsCredentials): AwsClients {
    return new AwsClients(this.constructors, this.decorate, credentials);
  }

  /** `endpoint` is for services reached at per-resource endpoints (ARC cluster endpoints); others use the region's. */
  get<S extends ServiceName>(service: S, region: string, endpoint?: string): ClientOf<S> {
    if (!REGION_PATTERN.test(region)) throw new Error(`AwsClients: "${region}" is not a region (service ${service})`);
    const key = `${service}@${region}${endpoint ? `@${endpoint}` : ''}`;
    let client = this.cache.get(key);
    if (!client) {
      const Ctor = this.constructors[service] as (new (config: ClientConfig) => ClientOf<S>) | undefined;
      if (!Ctor) throw new Error(`AwsClients: this function was given no ${service} client (add it where its handler builds its dependencies)`);
      client = new Ctor({ region, ...(endpoint ? { endpoint } : {}), ...(this.credentials ? { credentials: this.credentials } : {}) });
      this.decorate?.(client, service, region, endpoint, this.credentials);
      this.cache.set(key, client);
    }
    return client as ClientOf<S>;
  }
}
