import { setTimeout as sleep } from 'node:timers/promises';
import { RDSClient } from '@aws-sdk/client-rds';
import { Route53Client } from '@aws-sdk/client-route-53';
import { Route53RecoveryClusterClient } from '@aws-sdk/client-route53-recovery-cluster';
import { vpcDnsResolver } from '../../lib/failover/dns-resolver';
import { fetchHttpGet } from '../../lib/failover/http-probe';
import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import { observeFailover } from './observe-failover';

export const makeHandler = (deps: Deps) => (event: unknown) => observeFailover(event, deps);
const clients = { rds: RDSClient, route53: Route53Client, route53recoverycluster: Route53RecoveryClusterClient };
export const handler = lambdaHandler(makeHandler, (runtime) => ({
  ...productionDeps(clients, runtime),
  http: fetchHttpGet,
  sleep: async (ms: number) => void (await sleep(ms)),
  dns: vpcDnsResolver(runtime.env),
}));
