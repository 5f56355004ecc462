// What the simulation needs to know about one kind of plan target: how its production resource and backups are
// seeded, what AWS Backup calls its recovery points, and what a restore job makes of them. Each type's module
// (lib/resource-types/targets/<type>/sim.ts) implements it; target-sims.ts is the registry, and seed.ts, restore.ts
// and backup.ts only ever go through it, so a new type adds its module and one registry entry.
import type { Target, TargetType } from '../../lib/plan/schema';
import type { AuthRequest, RequestScope } from '../iam/requests';
import type { Handler, Input, SimContext } from './context';
import type { DataPorts } from '../../lib/resource-types/targets/data-ports';
import type { SimRandom } from './hash';
import type { CreatedRef, DatabaseContent, Lifecycle, Origin, RecoveryPoint, RegionState, RestoredDatabase, World } from './world';

export type TargetOf<T extends TargetType> = Extract<Target, { type: T }>;

/** What a recovery point holds: each type declares its own, tagged with its AWS Backup resource type. */
export interface PayloadBase {
  type: string;
}

/** Where a type's production resource is seeded. */
export interface SourceSeed {
  world: World;
  random: SimRandom;
  /** The region the production resource is in (its ARN's). */
  region: RegionState;
  /** The source region's three availability zones. */
  azs: string[];
  now: number;
}

/** The production resource as seeded: what its backups hold, and the restore metadata AWS Backup records for them. */
export interface SeededSource<P extends PayloadBase> {
  payload: P;
  /** As GetRecoveryPointRestoreMetadata returns it: the source's settings, which name the source's network. */
  metadata: Record<string, string>;
}

/** What names a recovery point, whether a backup job or a copy job made it. */
export interface RecoveryPointNaming {
  /** The region of the vault that holds it. */
  region: string;
  accountId: string;
  /** RDS snapshots are named after the AWS Backup job that made them: `job-<id>` for a backup, `copyjob-<id>` for a copy. */
  madeBy: 'job' | 'copyjob';
  jobId: string;
  /** A deterministic hex id for this recovery point, keyed by what it names ('snap', 'ami'). */
  hex(length: number, what: string): string;
  /** The id AWS Backup gives a recovery point it stores itself (recovery-point:<id>). */
  uuid(): string;
}

/** Where and under what name the local run invents a production resource for a selection. */
export interface InventedResourceAt {
  region: string;
  account: string;
  name: string;
  hex: string;
}

/** A StartRestoreJob, as a type's planRestore sees it. */
export interface RestoreRequest<P extends PayloadBase> {
  ctx: SimContext;
  rp: RecoveryPoint;
  /** rp.payload, as this type's payload. */
  payload: P;
  /** The job's Metadata, read case-insensitively (restore-helpers.ts readMetadata). */
  get: (key: string) => string | undefined;
  jobId: string;
  /** The validation-failed fault, shown in the data the plan checks (faultShowsInData). */
  dataFault: boolean;
  /** The validation-failed fault on a target whose checks could not see it: the resource comes up unhealthy instead. */
  unhealthy: boolean;
  /** What every resource the job makes carries: made by the drill, for this target, by this job. */
  origin: Origin;
  /** A deterministic hex id for something the job makes. */
  hex(length: number, ...key: string[]): string;
  /** A restored database: the recovery point's content as of its capture, less a week of writes under dataFault. */
  database(content: DatabaseContent | undefined): RestoredDatabase | undefined;
}

export type RestorePlan =
  | { ok: true; created: CreatedRef; install(visibleAt: number, readyAt: number): void }
  | { ok: false; message: string };

/**
 * One plan target type's simulated behaviour. Methods (not function properties) on purpose: the registry holds each
 * type's TargetSim<TargetOf<'x'>, XPayload> as a TargetSim<Target, Payload>, and calls it only with its own target and
 * payload (found by target.type or by the recovery point's resource type).
 */
export interface TargetSim<T extends Target, P extends PayloadBase> {
  /** AWS Backup's ResourceType of its recovery points and restore jobs; its payload's `type` is the same. */
  readonly resourceType: P['type'];
  /** Whether AWS Backup takes continuous backups of it, which seeding then adds beside the snapshots. */
  readonly continuous: boolean;
  /** How long a restore job runs, in minutes (AWS publishes none; these are typical orders of magnitude). */
  readonly restoreMinutes: readonly [number, number];
  /** Makes what the plan's restore settings name in the DR region: the account has no default VPC. */
  seedRestoreNetwork?(dr: RegionState, random: SimRandom, target: T): void;
  /** Creates the production resource a target protects and returns what its backups hold. */
  seedSource(seed: SourceSeed, target: T): SeededSource<P>;
  /** The ARN AWS Backup gives a recovery point of this type. */
  recoveryPointArn(naming: RecoveryPointNaming): string;
  /**
   * A production resource ARN of this type in the primary region, for a resource the local run invents to stand for
   * what a plan's selection would find in a real vault (local/sim/selection-seed.ts). `name` is lower-case a-z, 0-9
   * and "-", starting with a letter, at most 40 characters; `hex` is 17 hex digits.
   */
  inventedResourceArn(at: InventedResourceAt): string;
  /** BackupSizeInBytes of one of its recovery points (`key` varies it between recovery points). */
  sizeBytes(payload: P, random: SimRandom, key: string): number;
  /**
   * Whether the validation-failed fault can show in the data the plan checks. Only a target whose checks could not
   * notice comes up unhealthy instead, as before data checks existed.
   */
  faultShowsInData(payload: P): boolean;
  /** Decides, at StartRestoreJob time, what the job will make or why it will fail. */
  planRestore(request: RestoreRequest<P>): RestorePlan;
  /**
   * For an AWS Backup resource type several plan types share (FSx: Windows file systems and ONTAP volumes): whether a
   * recovery point's payload is this type's. A type alone with its resource type needs none.
   */
  holds?(payload: PayloadBase): boolean;
  /**
   * An AWS service only this type uses (FSx), simulated in the type's own folder: SimAccount, the IAM request mapping,
   * the Tagging API and CloudWatch find it here, so the type touches none of them.
   */
  readonly service?: SimService;
  /**
   * For a type whose data checks use a data port (lib/resource-types/targets/data-ports.ts): the port as the simulation
   * answers it, from the restored resources of the world. The local run gives it to the validation function.
   */
  dataPort?(access: SimDataAccess): PortOf<T['type']>;
}

/** Something a type's own service holds, as SimAccount.resources() and the Tagging API see it. */
export interface SimServiceResource {
  kind: string;
  item: Lifecycle & Origin & { arn: string };
  /** Its state once ready. */
  ready: string;
}

/** A simulated AWS service that belongs to one target type (its state lives with it, keyed by the region). */
export interface SimService {
  /** The SDK client's service name (lib/aws/clients.ts), which is also Step Functions' aws-sdk name: 'fsx'. */
  readonly name: string;
  /** Its endpoints' DNS prefix, for the unknown-endpoint answer in a region the account lacks. */
  readonly endpointPrefix: string;
  /** Its operations. */
  readonly handlers: Readonly<Record<string, Handler>>;
  /** What IAM is asked for each operation (local/iam/requests.ts), from the Service Authorization Reference. */
  readonly iam: Readonly<Record<string, (input: Input, scope: RequestScope) => AuthRequest[]>>;
  /** The service part of its ARNs, and the action the Tagging API's TagResources also needs on them. */
  readonly tagging: { readonly arnService: string; readonly action: string };
  /** Everything it holds in a region, deleted or not (callers keep what exists at their time). */
  resources(region: RegionState): SimServiceResource[];
  /** CloudWatch datapoints it publishes for one GetMetricData query; undefined when the metric is not its own. */
  metricPoints?(ctx: SimContext, metric: SimMetric, start: number, end: number, periodMs: number): { t: number; v: number }[] | undefined;
}

/** A GetMetricData query's metric. */
export interface SimMetric {
  Namespace?: string;
  MetricName?: string;
  Dimensions?: { Name?: string; Value?: string }[];
}

/** What a sim's data port reads: the world, at the simulated time. */
export interface SimDataAccess {
  world: World;
  now(): number;
  /**
   * Runs one data-plane call as the account records AWS calls (service e.g. "neptune-db", its region, the target it
   * reached): tests see it in SimAccount.calls beside the API calls.
   */
  record<R>(service: string, action: string, region: string, call: () => Promise<R>, targetId?: () => string | undefined): Promise<R>;
}

export type PortOf<K extends TargetType> = K extends keyof DataPorts ? NonNullable<DataPorts[K]> : never;

/** Recovery points that AWS Backup stores itself (not an RDS or EC2 snapshot) have a backup ARN. */
export const backupRecoveryPointArn = (n: RecoveryPointNaming): string => `arn:aws:backup:${n.region}:${n.accountId}:recovery-point:${n.uuid()}`;
