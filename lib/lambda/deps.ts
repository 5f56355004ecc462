// What a Lambda's use case needs from the world. Production builds it once per cold start; local runs and tests
// build it around the simulation and its clock, so the same use-case code runs in both.
import { AwsClients, type ClientConstructors, type ClientDecorator } from '../aws/clients';
import type { SqlConnector } from '../checks/types';
import type { CanaryStore, DnsResolver, HttpGet } from '../failover/ports';
import type { DataPorts } from '../resource-types/targets/data-ports';

export interface Deps {
  clients: AwsClients;
  /** The region this code runs in: dr-drill is deployed in the plan's DR region. */
  region: string;
  now: () => Date;
  /** The stack's drill store bucket (DRILL_STORE_BUCKET); only functions that read or record drills need it. */
  storeBucket?: string;
  /** How SQL checks connect: production uses the real drivers, local runs the simulation's databases. */
  sql?: Record<'postgres' | 'mysql', SqlConnector>;
  /** How data checks reach databases no SDK client reaches (DocumentDB, Neptune): the drivers in Lambda, the simulation locally. */
  dataPorts?: DataPorts;
  /** Why HTTP health checks cannot run here (local runs have no network to a restored instance); unset in Lambda. */
  httpHealthNotRun?: string;
  /** How the failover drill probes the health URL: fetch in Lambda, the simulated application locally. */
  http?: HttpGet;
  /** Waits; only a function that looks several times per invocation needs it (setTimeout in Lambda, the simulation's clock locally). */
  sleep?: (ms: number) => Promise<void>;
  /**
   * How the failover drill resolves a DNS record from inside the VPC (dns.measureFrom: vpc): node:dns in a Lambda
   * attached to the VPC (only when the stack names dnsObserverVpc), the simulated VPC resolver locally. Unset: not in a VPC.
   */
  dns?: DnsResolver;
  /** How the failover drill writes and reads its canary marker: SQL drivers or the Data API in Lambda, the simulation locally. */
  canary?: CanaryStore;
  /** The plan the stack was deployed with (bundled into Check Plan): what `{}` and the schedule run. */
  deployedPlan?: { source: string; text: string };
  /**
   * The regions this deployment's IAM allows (ALLOWED_REGIONS; lib/plan/deployment-regions.ts): Check Plan refuses a
   * plan whose residency policy reaches beyond them. Unset in local runs, whose simulation has no IAM.
   */
  deploymentRegions?: string[];
}

/**
 * What a function's dependencies are built from: its environment and, in a local run, how the clients it builds reach
 * the simulation (signed as the function's role). In Lambda: process.env and real endpoints.
 */
export interface LambdaRuntime {
  env: NodeJS.ProcessEnv;
  decorateClients?: ClientDecorator;
}

export const lambdaRuntime = (): LambdaRuntime => ({ env: process.env });

/**
 * Read once at cold start; a missing AWS_REGION is a deployment fault worth failing loudly on. The runtime is never
 * defaulted: a handler that read process.env here would be wired differently in Lambda and in the local run.
 */
export function productionDeps(clients: ClientConstructors, runtime: LambdaRuntime): Deps {
  const { env } = runtime;
  const region = env.AWS_REGION;
  if (!region) throw new Error('AWS_REGION is not set: dr-drill functions must run in the DR region');
  return { clients: new AwsClients(clients, runtime.decorateClients), region, now: () => new Date(), storeBucket: env.DRILL_STORE_BUCKET };
}
