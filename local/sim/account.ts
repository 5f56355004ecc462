// The simulated two-region AWS account that local drill runs and tests call instead of AWS.
//
// Every call: the region must be one the account has (else the SDK's unknown-endpoint failure), the input must fit
// the SDK's input shape (API member names), the call is recorded, then the service applies it at clock.now(). Outputs
// are checked against the SDK's output shape before they are returned. Resources live in one region: asking another
// region's endpoint about them gets that service's not-found answer.
//
// The failover drill's side (failover-world.ts): Aurora global databases (rds), replication lag (cloudwatch),
// Route 53 and ARC, plus what is not an AWS API: `http` (the application behind each health URL) and `canary` (the
// canary table in each global database) and `dns` (the VPC's Route 53 Resolver), which local runs hand the Lambdas
// as Deps.http, Deps.canary and Deps.dns.
import type { CanaryStore, DnsResolver, HttpGet } from '../../lib/failover/ports';
import type { Plan } from '../../lib/plan/schema';
import { simulatedHttp, type ProbeRecord } from './app';
import { arcHandlers } from './arc';
import { backupHandlers, selectionBackupHandlers } from './backup';
import { backupJobHandlers } from './backup-jobs';
import { simulatedCanary } from './canary';
import { cloudwatchHandlers } from './cloudwatch';
import type { SimClock } from './clock';
import type { Handler, Input, Output, SimContext } from './context';
import type { DataPorts } from '../../lib/resource-types/targets/data-ports';
import { SimDatabases } from './databases';
import { simDataPorts } from './target-sims';
import { dryRunHandlers } from './dry-run-reads';
import { initHandlers } from './init-reads';
import { dynamodbHandlers } from './dynamodb';
import { dynamodbCreateHandlers } from './dynamodb-create';
import { putItem, query } from './dynamodb-writes';
import { SimDataApi } from './rds-data';
import { ec2Handlers } from './ec2';
import { efsHandlers } from './efs';
import { accessDenied, SimAwsError, throttled } from './errors';
import type { Authorizer, Caller } from '../iam/authorizer';
import { requestsFor, serviceTagRequest, type AuthRequest, type RequestScope } from '../iam/requests';
import { seedFailover } from './failover-seed';
import { crossAccountReason, seedAccounts, sharePolicyOf } from './cross-account';
import { resolveFaults, type FaultName, type FaultSpec } from './faults';
import { globalClusterHandlers } from './global-clusters';
import { SimRandom } from './hash';
import { rdsHandlers } from './rds';
import { route53Handlers } from './route53';
import { s3Handlers } from './s3';
import { secretsmanagerHandlers } from './secretsmanager';
import { createTopic, notificationsOf, snsHandlers, type PublishedMessage } from './sns';
import { fromCanonicalOutput, operationName, toCanonicalInput, validateOutput, validateParameters, type Naming } from './sdk-shapes';
import { accountIdOf, newWorld, seedWorld } from './seed';
import { arnRegion } from './world';
import { simServices } from './target-sims';
import { stsHandlers } from './sts';
import { sweepTaggingHandlers, taggingHandlers } from './tagging';
import { simulatedVpcResolver, type DnsLookupRecord } from './vpc-resolver';
import { newRegion, phaseAt, type Lifecycle, type Origin, type RegionState, type World } from './world';

export interface SimOptions {
  clock: SimClock;
  regions: string[];
  faults?: FaultSpec[];
  /** Makes durations and ids differ between runs of the same plan; default "dr-drill". */
  seed?: string;
}

export interface CallRecord {
  seq: number;
  /** Virtual time of the call. */
  at: string;
  region: string;
  service: string;
  action: string;
  ok: boolean;
  /** The error code when the call failed. */
  error?: string;
  targetId?: string;
  /** The endpoint the client was built with (ARC cluster endpoints), when it was given one. */
  endpoint?: string;
  /** What the call asked for, with API member names (AWS calls only), so tests can say which cluster a switch targeted. */
  input?: Input;
  /** The account whose principal made the call (the simulated account's own unless it acted as another account's role). */
  account?: string;
  /** Who signed it: the assumed role's session (arn:aws:sts::<account>:assumed-role/<role name>/<session>), or the account's root without a caller. */
  principal?: string;
}

export interface CallOptions {
  /** The client's endpoint: ARC answers only at the cluster endpoints the plan names. */
  endpoint?: string;
  /** Whose credentials sign the call: its role decides, once the account enforces IAM (`enforce`). */
  caller?: Caller;
}

/** What the account needs to authorize calls as AWS would: the stack's roles, and the keys of its buckets and topics. */
export interface IamEnforcement {
  authorizer: Authorizer;
  /** The customer managed key of each stack bucket (arn:aws:s3:::name) and topic, by ARN. */
  keys: ReadonlyMap<string, string>;
}

export interface Leftover {
  arn: string;
  kind: string;
  region: string;
  state: string;
  targetId?: string;
}

export interface ResourceView extends Leftover {
  createdByDrill: boolean;
}

const HANDLERS: Record<string, Record<string, Handler>> = {
  backup: backupHandlers,
  rds: rdsHandlers,
  dynamodb: dynamodbHandlers,
  efs: efsHandlers,
  ec2: ec2Handlers,
  s3: s3Handlers,
  secretsmanager: secretsmanagerHandlers,
  resourcegroupstaggingapi: taggingHandlers,
  // A restored FSx file system's used storage is read from CloudWatch (FreeStorageCapacity).
  cloudwatch: cloudwatchHandlers,
  // The services of one target type each (TargetSim.service), simulated in the type's folder: FSx.
  ...Object.fromEntries(simServices().map((service) => [service.name, service.handlers])),
};

/** What the failover drill calls, kept apart so each drill's operation list can be checked against what it uses. */
const FAILOVER_HANDLERS: Record<string, Record<string, Handler>> = {
  rds: globalClusterHandlers,
  cloudwatch: cloudwatchHandlers,
  route53: route53Handlers,
  route53recoverycluster: arcHandlers,
};

/** What only a drill of a plan that names its accounts calls: STS into the roles of other accounts (cross-account.ts). */
const CROSS_ACCOUNT_HANDLERS: Record<string, Record<string, Handler>> = { sts: stsHandlers };

/** What only a dry run calls: every read that proves a name in the plan exists (dry-run-reads.ts). */
const DRY_RUN_HANDLERS: Record<string, Record<string, Handler>> = dryRunHandlers;

/** What Record Evidence and the watchdog do with the deployment's drills table (dynamodb-writes.ts). */
const EVIDENCE_HANDLERS: Record<string, Record<string, Handler>> = { dynamodb: { PutItem: putItem, Query: query } };

/** What the notify function calls once a drill's report is stored (sns.ts). */
const NOTIFY_HANDLERS: Record<string, Record<string, Handler>> = { sns: snsHandlers };

/** The RDS Data API: answered by SimDataApi (rds-data.ts), asynchronously, since its statements run on the databases. */
export const DATA_API_OPERATIONS: Readonly<Record<string, readonly string[]>> = {
  rdsdata: ['BeginTransaction', 'ExecuteStatement', 'RollbackTransaction', 'CommitTransaction'],
};

/** What only `dr-drill smoke` calls, as the operator: its throwaway table and its on-demand backup (its items go in with PutItem). */
const SMOKE_HANDLERS: Record<string, Record<string, Handler>> = { dynamodb: dynamodbCreateHandlers, backup: backupJobHandlers };

/** What only the sweeper calls beyond the drill's own operations: the tag listing that finds what drills left. */
const SWEEP_HANDLERS: Record<string, Record<string, Handler>> = { resourcegroupstaggingapi: sweepTaggingHandlers };

/** What only Check Plan calls to resolve a plan's selections (the tags come from GetResources, above). */
const SELECTION_HANDLERS: Record<string, Record<string, Handler>> = { backup: selectionBackupHandlers };

/**
 * What only `dr-drill plan init` calls, as the operator (besides the dry run's subnet, security group and DB subnet
 * group reads and the drill's recovery point and backup plan reads): init-reads.ts.
 */
const INIT_HANDLERS: Record<string, Record<string, Handler>> = initHandlers;

const operationsOf = (handlers: Record<string, Record<string, Handler>>): Readonly<Record<string, readonly string[]>> =>
  Object.fromEntries(Object.entries(handlers).map(([service, byOp]) => [service, Object.keys(byOp)]));

/** Every operation the restore drill's simulation implements, by Step Functions service name. */
export const SIMULATED_OPERATIONS = operationsOf(HANDLERS);
/** Every operation the failover drill's simulation implements, by Step Functions service name. */
export const FAILOVER_OPERATIONS = operationsOf(FAILOVER_HANDLERS);
/** Every operation only the dry run uses, by Step Functions service name. */
export const DRY_RUN_OPERATIONS = operationsOf(DRY_RUN_HANDLERS);
/** Every operation Record Evidence uses on the drills table, by service name. */
export const EVIDENCE_OPERATIONS = operationsOf(EVIDENCE_HANDLERS);
/** Every operation the notify function uses, by service name. */
export const NOTIFY_OPERATIONS = operationsOf(NOTIFY_HANDLERS);
/** Every operation only selections use, by service name. */
export const SELECTION_OPERATIONS = operationsOf(SELECTION_HANDLERS);
/** Every operation only the sweeper uses, by service name. */
export const SWEEP_OPERATIONS = operationsOf(SWEEP_HANDLERS);
/** Every operation only a drill across accounts uses, by service name. */
export const CROSS_ACCOUNT_OPERATIONS = operationsOf(CROSS_ACCOUNT_HANDLERS);
/** Every operation only `dr-drill smoke` uses, by service name. */
export const SMOKE_OPERATIONS = operationsOf(SMOKE_HANDLERS);
/** Every operation only `dr-drill plan init` uses, by service name. */
export const INIT_OPERATIONS = operationsOf(INIT_HANDLERS);

const HANDLER_SETS = [HANDLERS, FAILOVER_HANDLERS, DRY_RUN_HANDLERS, NOTIFY_HANDLERS, EVIDENCE_HANDLERS, SWEEP_HANDLERS, SELECTION_HANDLERS, CROSS_ACCOUNT_HANDLERS, SMOKE_HANDLERS, INIT_HANDLERS];
const handlerOf = (service: string, op: string): Handler | undefined => HANDLER_SETS.map((set) => set[service]?.[op]).find(Boolean);

/** Route 53 and IAM are global (any client region reaches them); ARC is reached at its cluster endpoints, whatever the region. */
const REGIONLESS = new Set(['route53', 'route53recoverycluster', 'iam']);

const THROTTLED_ACTIONS = new Set(['StartCopyJob', 'DescribeCopyJob', 'StartRestoreJob', 'DescribeRestoreJob', 'DescribeDBInstances']);

const ENDPOINT_PREFIX: Record<string, string> = {
  backup: 'backup',
  rds: 'rds',
  dynamodb: 'dynamodb',
  efs: 'elasticfilesystem',
  ec2: 'ec2',
  s3: 's3',
  secretsmanager: 'secretsmanager',
  resourcegroupstaggingapi: 'tagging',
  cloudwatch: 'monitoring',
  route53recoverycluster: 'route53-recovery-cluster',
  iam: 'iam',
  sns: 'sns',
  sts: 'sts',
  ...Object.fromEntries(simServices().map((service) => [service.name, service.endpointPrefix])),
};

const NO_FAULTS: ReadonlySet<FaultName> = new Set();

export class SimAccount {
  readonly calls: CallRecord[] = [];
  /** PostgreSQL behind restored database endpoints: `databases.sql` is what a local run puts in Deps.sql. */
  readonly databases: SimDatabases;
  /** Every HTTP probe through `http`, with what its host resolved to. */
  readonly probes: ProbeRecord[] = [];
  /** Deps.http for local runs: GET on the failover targets' health URLs (app.ts). */
  readonly http: HttpGet;
  /** Every lookup through `dns`, with whether the VPC resolver answered from its cache. */
  readonly dnsLookups: DnsLookupRecord[] = [];
  /** Deps.dns for local runs: the VPC's Route 53 Resolver as an observer attached to the VPC sees it (vpc-resolver.ts). */
  readonly dns: DnsResolver;
  /** Deps.canary for local runs: the canary table of each global database (canary.ts); calls are recorded as service "canary". */
  readonly canary: CanaryStore;
  /** Deps.dataPorts for local runs: each type's data port as its sim answers it (target-sims.ts simDataPorts). */
  readonly dataPorts: DataPorts;
  private readonly clock: SimClock;
  private readonly random: SimRandom;
  private readonly world: World;
  private readonly faultSpecs: FaultSpec[];
  private faultsByTarget = new Map<string, Set<FaultName>>();
  private readonly throttledOnce = new Set<string>();
  private readonly ordinals = new Map<string, number>();
  private iam: IamEnforcement | undefined;
  private readonly dataApi: SimDataApi;

  constructor(opts: SimOptions) {
    if (opts.regions.length === 0) throw new Error('SimAccount: give at least one region');
    this.clock = opts.clock;
    this.random = new SimRandom(opts.seed ?? 'dr-drill');
    this.world = newWorld('123456789012', opts.regions);
    this.faultSpecs = [...(opts.faults ?? [])];
    this.databases = new SimDatabases(this.world, this.clock);
    this.dataApi = new SimDataApi(this.databases, this.random);
    const faults = (targetId: string): ReadonlySet<FaultName> => this.faultsByTarget.get(targetId) ?? NO_FAULTS;
    const now = (): number => this.clock.now();
    this.http = simulatedHttp({ world: this.world, now, faults }, this.probes);
    this.dns = simulatedVpcResolver({ world: this.world, now, faults }, this.dnsLookups);
    this.canary = simulatedCanary({ world: this.world, random: this.random, now, faults, record: (region, action) => this.begin(region, 'canary', action) });
    this.dataPorts = simDataPorts({ world: this.world, now, record: (service, action, region, call, targetId) => this.recordData(service, action, region, call, targetId) });
  }

  /** A data-plane call of a data port (DocumentDB's wire protocol, Neptune's HTTPS): recorded as the API calls are. */
  private async recordData<R>(service: string, action: string, region: string, call: () => Promise<R>, targetId?: () => string | undefined): Promise<R> {
    const record = this.begin(region, service, action);
    try {
      const out = await call();
      record.ok = true;
      return out;
    } catch (err) {
      record.error = err instanceof Error ? err.name : String(err);
      throw err;
    } finally {
      record.targetId = targetId?.() ?? record.targetId;
    }
  }

  /** From now on every call that names its caller is authorized against the caller's role, as AWS would. */
  enforce(iam: IamEnforcement): void {
    this.iam = iam;
  }

  /**
   * Requests that are not a simulated service's own (a Step Functions Task invoking a function or starting a child,
   * a function's Step Functions calls): why the caller's role may not make the first it may not, or undefined.
   */
  async authorizeRequests(region: string, caller: Caller, requests: readonly AuthRequest[]): Promise<string | undefined> {
    if (!this.iam) return undefined;
    const denial = await this.iam.authorizer.firstDenial(caller, region, requests, (arn) => this.tagsOf(arn));
    return denial ? this.iam.authorizer.describe(caller, denial) : undefined;
  }

  /** The distinct (role, action, resource type) the run evaluated, once IAM is enforced. */
  get iamEvaluations(): ReadonlySet<string> {
    return this.iam?.authorizer.evaluated ?? new Set();
  }

  get accountId(): string {
    return this.world.accountId;
  }

  get regions(): string[] {
    return [...this.world.regions.keys()];
  }

  /** Protected resources in the primary region, source + DR vaults, 3 recovery points per target. */
  /** A bucket that belongs to the deployment, not to the drill (dr-drill's own store): never a leftover. */
  createBucket(name: string, region: string): string {
    if (!this.world.regions.has(region)) throw new Error(`createBucket: no region ${region} in this simulated account`);
    const arn = `arn:aws:s3:::${name}`;
    this.world.buckets.set(name, { name, region, arn, objects: new Map(), createdByDrill: false, visibleAt: 0, readyAt: 0 });
    return arn;
  }

  /** A table that belongs to the deployment (the drills table): PutItem and Query work on it; never a leftover. */
  createTable(name: string, region: string, keys: { partition: string; sort?: string }): string {
    const state = this.world.regions.get(region);
    if (!state) throw new Error(`createTable: no region ${region} in this simulated account`);
    const arn = `arn:aws:dynamodb:${region}:${this.world.accountId}:table/${name}`;
    const keySchema = [
      { name: keys.partition, type: 'S' as const, keyType: 'HASH' as const },
      ...(keys.sort ? [{ name: keys.sort, type: 'S' as const, keyType: 'RANGE' as const }] : []),
    ];
    state.tables.set(name, {
      name, arn, region, tableId: `sim-${name}`, itemCount: 0, sizeBytes: 0, readyStatus: 'ACTIVE', keySchema, items: new Map(),
      createdByDrill: false, visibleAt: 0, readyAt: 0,
    });
    return arn;
  }

  /** A topic that belongs to the deployment (the drill topic), for the notify function's Publish; returns its ARN. */
  createTopic(name: string, region: string): string {
    return createTopic(this.world, name, region);
  }

  /** Every message published to the account's topics, in order. */
  published(): PublishedMessage[] {
    return structuredClone(notificationsOf(this.world).published);
  }

  /** Tags a production resource (in its ARN's region), as its owners did: what a plan's selections read. */
  tagProductionResource(arn: string, tags: Readonly<Record<string, string>>): void {
    const region = this.world.regions.get(arnRegion(arn));
    if (!region) throw new Error(`tagProductionResource: ${arn} is in a region this simulated account does not have`);
    region.tags.set(arn, new Map(Object.entries(tags)));
  }

  seedFromPlan(plan: Plan): void {
    this.world.accountId = accountIdOf(plan);
    const failoverIds = plan.failover?.targets.map((t) => t.id) ?? [];
    this.faultsByTarget = resolveFaults(this.faultSpecs, plan.targets.map((t) => t.id), failoverIds);
    seedWorld(this.world, plan, this.random, this.clock.now());
    seedAccounts(this.world, plan);
    seedFailover(this.world, plan, this.random, this.clock.now());
  }

  /** One API call with canonical (API/SDK) member names; returns canonical output with ISO-8601 timestamps. */
  async call(region: string, service: string, action: string, input: Input = {}, options: CallOptions = {}): Promise<Output> {
    if (service === 'rdsdata') return this.invokeDataApi(region, action, input, options);
    return this.invoke(region, service, action, input, options);
  }

  /** A Data API call: the same checks and record as any other, answered once its statement has run. */
  private async invokeDataApi(region: string, action: string, input: Input, options: CallOptions): Promise<Output> {
    const record = this.begin(region, 'rdsdata', action);
    record.input = input;
    try {
      const regionState = this.world.regions.get(region);
      if (!regionState) throw new SimAwsError('rdsdata', 'UnknownEndpoint', `getaddrinfo ENOTFOUND rds-data.${region}.amazonaws.com`, { httpStatus: 0 });
      const problems = validateParameters('rdsdata', action, input, 'sdk');
      if (problems.length > 0) throw new SimAwsError('rdsdata', 'ValidationException', problems.map((p) => p.message).join('; '));
      await this.authorize(region, 'rdsdata', action, input, options.caller);
      const output = await this.dataApi.handle(regionState, this.clock.now(), action, input, (targetId) => (record.targetId = targetId ?? record.targetId));
      const wrong = validateOutput('rdsdata', action, output);
      if (wrong.length > 0) throw new Error(`SimAccount bug: rdsdata:${action} output does not fit the SDK: ${wrong.map((p) => p.path).join(', ')}`);
      record.ok = true;
      return structuredClone(output);
    } catch (err) {
      record.error = err instanceof Error ? err.name : String(err);
      throw err;
    }
  }

  /** The same call in either naming: 'sfn' takes and returns Step Functions' member names (DbInstanceIdentifier). */
  async callAs(naming: Naming, region: string, service: string, action: string, params: Input = {}): Promise<Output> {
    const op = operationName(service, action) ?? action;
    const canonical = naming === 'sdk' ? params : toCanonicalInput(service, op, params, naming);
    const output = await this.invoke(region, service, op, canonical, {});
    return fromCanonicalOutput(service, op, output, naming);
  }

  /** Starts the record of one call; the caller sets ok or error. */
  private begin(region: string, service: string, action: string): CallRecord {
    const record: CallRecord = { seq: this.calls.length + 1, at: this.clock.nowIso(), region, service, action, ok: false };
    this.calls.push(record);
    return record;
  }

  private async invoke(region: string, service: string, action: string, input: Input, options: CallOptions): Promise<Output> {
    const op = operationName(service, action) ?? action;
    const record = this.begin(region, service, op);
    record.input = input;
    const caller = this.principalOf(options.caller);
    record.account = caller.account;
    record.principal = caller.arn;
    if (options.endpoint) record.endpoint = options.endpoint;
    try {
      const handler = handlerOf(service, op);
      if (!handler) {
        throw new SimAwsError(service, 'SimulationNotImplemented', `dr-drill's simulated account does not implement ${service}:${op}`);
      }
      // A global service's client may name any region; the call is recorded with the region it named.
      const regionState = this.world.regions.get(region) ?? (REGIONLESS.has(service) ? newRegion(region) : undefined);
      if (!regionState) {
        throw new SimAwsError(service, 'UnknownEndpoint', `getaddrinfo ENOTFOUND ${ENDPOINT_PREFIX[service] ?? service}.${region}.amazonaws.com`, {
          httpStatus: 0,
        });
      }
      const problems = validateParameters(service, op, input, 'sdk');
      if (problems.length > 0) {
        throw new SimAwsError(
          service,
          'ValidationException',
          `${problems.length} validation error${problems.length > 1 ? 's' : ''} detected: ${problems.map((p) => p.message).join('; ')}`,
        );
      }
      const canonical = toCanonicalInput(service, op, input, 'sdk');
      const refused = await this.authorize(region, service, op, canonical, options.caller);
      const ctx = this.context(regionState, service, op, options.endpoint, (targetId) => (record.targetId = targetId ?? record.targetId), refused, caller);
      const output = handler(ctx, canonical);
      const wrong = validateOutput(service, op, output);
      if (wrong.length > 0) throw new Error(`SimAccount bug: ${service}:${op} output does not fit the SDK: ${wrong.map((p) => p.path).join(', ')}`);
      record.ok = true;
      return structuredClone(output);
    } catch (err) {
      record.error = err instanceof Error ? err.name : String(err);
      throw err;
    }
  }

  /**
   * IAM's answer to a call made with the caller's credentials: throws the service's AccessDenied for the first request
   * its role does not allow. A TagResources call is refused per resource instead (FailedResourcesMap), as the Tagging
   * API does; those refusals are returned.
   */
  private async authorize(region: string, service: string, op: string, input: Input, caller: Caller | undefined): Promise<ReadonlyMap<string, string>> {
    const refused = new Map<string, string>();
    if (!caller || !this.iam) return refused;
    const { authorizer } = this.iam;
    const scope = { ...this.requestScope(region), account: this.principalOf(caller).account };
    const requests = requestsFor(service, op, input, scope);
    if (!requests) throw new Error(`dr-drill local: no IAM requests are known for ${service}:${op} (local/iam/requests.ts)`);
    const tagsOf = (arn: string) => this.tagsOf(arn);
    const assumed = this.assumedRoleOf(caller);
    if (assumed) authorizer.addRole(assumed);
    // Across accounts IAM also reads the resource's policy: a role's trust policy (assumed only if it allows), the
    // policy AWS RAM gives a shared air-gapped vault (cross-account.ts).
    const callerAccount = this.principalOf(caller).account;
    const resourcePolicyOf = (request: AuthRequest) =>
      request.action === 'sts:AssumeRole'
        ? this.world.accounts?.roles.get(request.resource)?.trust
        : request.action.startsWith('backup:') && this.world.accounts
          ? sharePolicyOf(this.world, request.resource, callerAccount)
          : undefined;
    const denial = await authorizer.firstDenial(caller, region, requests, tagsOf, resourcePolicyOf);
    if (denial) {
      const unshared = this.world.accounts && crossAccountReason(this.world, denial.request.resource, callerAccount);
      throw accessDenied(service, `${authorizer.describe(caller, denial)}${unshared ? `: ${unshared}` : ''}`, { viaKms: denial.request.action.startsWith('kms:') });
    }
    if (service === 'resourcegroupstaggingapi' && op === 'TagResources') {
      const tags = (input.Tags ?? {}) as Record<string, string>;
      for (const arn of (input.ResourceARNList ?? []) as string[]) {
        const request = serviceTagRequest(arn, tags);
        const refusal = request && (await authorizer.firstDenial(caller, region, [request], tagsOf));
        if (refusal) refused.set(arn, authorizer.describe(caller, refusal));
      }
    }
    return refused;
  }

  /** Who signs a call: a role of the stack (the simulated account's), or a role of another account it assumed. */
  private principalOf(caller: Caller | undefined): { account: string; arn: string } {
    const assumed = this.assumedRoleOf(caller);
    if (assumed && caller) return { account: assumed.arn.split(':')[4]!, arn: `arn:aws:sts::${assumed.arn.split(':')[4]}:assumed-role/${assumed.arn.split('/').pop()}/${caller.name}` };
    const role = caller ? this.iam?.authorizer.roleOf(caller) : undefined;
    const account = this.world.accountId;
    // The role's name as AWS gives it (its ARN's): serverless-iam-roles-per-function's name for a function's role.
    return { account, arn: role && caller ? `arn:aws:sts::${account}:assumed-role/${role.arn.split('/').pop()}/${caller.name}` : `arn:aws:iam::${account}:root` };
  }

  private assumedRoleOf(caller: Caller | undefined) {
    if (!caller) return undefined;
    for (const { role } of this.world.accounts?.roles.values() ?? []) if (role.id === caller.roleId) return role;
    return undefined;
  }

  /**
   * The caller a session of STS AssumeRole signs as (its AccessKeyId): the assumed role of another account, until the
   * session expires. Undefined for keys STS did not hand out.
   */
  callerOfSession(accessKeyId: string): Caller | undefined {
    const session = this.world.accounts?.sessions.get(accessKeyId);
    if (!session || this.clock.now() >= session.expiresAt) return undefined;
    const assumed = this.world.accounts?.roles.get(session.roleArn);
    return assumed ? { roleId: assumed.role.id, name: session.sessionName, ...(session.policy ? { sessionPolicy: session.policy } : {}) } : undefined;
  }

  private requestScope(region: string): RequestScope {
    return {
      region,
      account: this.world.accountId,
      keyOf: (arn) => this.iam?.keys.get(arn),
      clusterEngine: (clusterId) => {
        const cluster = [...(this.world.regions.get(region)?.dbClusters.values() ?? [])].find((c) => c.id === clusterId || c.arn === clusterId);
        return cluster ? { engine: cluster.engine, engineVersion: cluster.engineVersion } : undefined;
      },
    };
  }

  /** A resource's tags as IAM reads them (aws:ResourceTag/*): the region's tag store, by ARN. */
  private tagsOf(arn: string): ReadonlyMap<string, string> | undefined {
    const region = /^arn:aws[a-z-]*:[^:]+:([^:]+):/.exec(arn)?.[1];
    return region ? this.world.regions.get(region)?.tags.get(arn) : undefined;
  }

  private context(
    region: RegionState,
    service: string,
    action: string,
    endpoint: string | undefined,
    attribute: (targetId: string | undefined) => void,
    refused: ReadonlyMap<string, string> = new Map(),
    caller: { account: string; arn: string } = { account: this.world.accountId, arn: `arn:aws:iam::${this.world.accountId}:root` },
  ): SimContext {
    return {
      callerAccount: caller.account,
      callerArn: caller.arn,
      refused,
      world: this.world,
      region,
      endpoint,
      service,
      action,
      now: this.clock.now(),
      random: this.random,
      faults: (targetId) => (targetId ? (this.faultsByTarget.get(targetId) ?? NO_FAULTS) : NO_FAULTS),
      throttleOnce: (targetId) => {
        if (!targetId || !THROTTLED_ACTIONS.has(action) || !this.faultsByTarget.get(targetId)?.has('throttled')) return;
        const key = `${targetId}:${action}`;
        if (this.throttledOnce.has(key)) return;
        this.throttledOnce.add(key);
        throw throttled(service);
      },
      ordinal: (key) => {
        const n = this.ordinals.get(key) ?? 0;
        this.ordinals.set(key, n + 1);
        return n;
      },
      attribute,
    };
  }

  /** Every restore job started in the account, from its creation to its end (for tests of what ran at once). */
  restoreJobs(): { targetId?: string; resourceType: string; createdAt: number; endAt: number }[] {
    return [...this.world.regions.values()].flatMap((r) => [...r.restoreJobs.values()].map(({ targetId, resourceType, createdAt, endAt }) => ({ targetId, resourceType, createdAt, endAt })));
  }

  /** Everything in the account, with its state now (for tests and debugging). */
  resources(): ResourceView[] {
    const now = this.clock.now();
    const out: ResourceView[] = [];
    const add = (kind: string, item: Lifecycle & Origin & { arn: string }, region: string, ready: string): void => {
      const phase = phaseAt(item, now);
      if (phase === 'gone') return;
      const state = phase === 'absent' ? 'pending (its job is still running)' : phase === 'ready' ? ready : phase;
      out.push({ arn: item.arn, kind, region, state, targetId: item.targetId, createdByDrill: item.createdByDrill });
    };
    for (const r of this.world.regions.values()) {
      for (const rp of r.recoveryPoints.values()) add('recovery-point', rp, r.name, 'COMPLETED');
      for (const c of r.dbClusters.values()) add('db-cluster', c, r.name, c.readyStatus);
      for (const i of r.dbInstances.values()) add('db-instance', i, r.name, i.readyStatus);
      for (const s of r.dbSnapshots.values()) add(s.kind, s, r.name, 'available');
      for (const t of r.tables.values()) add('dynamodb-table', t, r.name, t.readyStatus);
      for (const f of r.fileSystems.values()) add('efs-file-system', f, r.name, f.readyState);
      for (const v of r.volumes.values()) add('ebs-volume', v, r.name, v.readyState);
      for (const i of r.instances.values()) add('ec2-instance', i, r.name, 'running');
      for (const service of simServices()) for (const { kind, item, ready } of service.resources(r)) add(kind, item, r.name, ready);
      for (const j of r.copyJobs.values()) {
        const state = now < j.runningAt ? 'CREATED' : now < j.endAt ? 'RUNNING' : j.outcome;
        out.push({ arn: `copy-job:${j.id}`, kind: 'copy-job', region: r.name, state, targetId: j.targetId, createdByDrill: true });
      }
      for (const j of r.restoreJobs.values()) {
        const state = now < j.runningAt ? 'PENDING' : now < j.endAt ? 'RUNNING' : j.outcome;
        out.push({ arn: `restore-job:${j.id}`, kind: 'restore-job', region: r.name, state, targetId: j.targetId, createdByDrill: true });
      }
    }
    for (const b of this.world.buckets.values()) add('s3-bucket', b, b.region, 'available');
    return out.sort((a, b) => (a.region + a.kind + a.arn < b.region + b.kind + b.arn ? -1 : 1));
  }

  /**
   * Everything the drill created (copied recovery points, restored resources, created DB instances, final
   * snapshots) that is not yet fully deleted, including what a job still running will create.
   */
  leftovers(): Leftover[] {
    return this.resources()
      .filter((r) => r.createdByDrill && r.kind !== 'copy-job' && r.kind !== 'restore-job')
      .map(({ arn, kind, region, state, targetId }) => ({ arn, kind, region, state, targetId }));
  }

  /** The Route 53 health check on a failover target's primary app (DNS targets only), for GetHealthCheckStatus. */
  healthCheckId(failoverTargetId: string): string | undefined {
    const site = this.world.failover?.sites.find((s) => s.targetId === failoverTargetId);
    return site?.dns ? site.healthCheck.id : undefined;
  }

  /** Which faults apply to a target (after seedFromPlan). */
  faultsFor(targetId: string): FaultName[] {
    return [...(this.faultsByTarget.get(targetId) ?? [])];
  }
}
