import { BackupClient } from '@aws-sdk/client-backup';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { RDSClient } from '@aws-sdk/client-rds';
import { Route53Client } from '@aws-sdk/client-route-53';
import { Route53RecoveryClusterClient } from '@aws-sdk/client-route53-recovery-cluster';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import { storeOf } from '../../lib/drill/store';
import { vpcDnsResolver } from '../../lib/failover/dns-resolver';
import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { TARGET_CHECK_CLIENTS } from '../../lib/resource-types/targets/checks-registry';
import { dryRun } from './dry-run';

export const makeHandler = (deps: Deps) => {
  const store = storeOf(deps);
  return (event: unknown) => dryRun(event, deps, store);
};
// Only read-only calls are made with these; S3 also stores the result in the drill store.
const clients = {
  // Every type's check clients (targets/checks-registry.ts): a type's dry-run checks may read its own service.
  ...TARGET_CHECK_CLIENTS,
  s3: S3Client,
  backup: BackupClient,
  iam: IAMClient,
  rds: RDSClient,
  ec2: EC2Client,
  secretsmanager: SecretsManagerClient,
  route53: Route53Client,
  route53recoverycluster: Route53RecoveryClusterClient,
  // A central backup account's vault is read as the role the plan names there (issue 13).
  sts: STSClient,
};
export const handler = lambdaHandler(makeHandler, (runtime) => ({ ...productionDeps(clients, runtime), dns: vpcDnsResolver(runtime.env) }));
