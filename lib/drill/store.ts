// The drill's working store: an S3 bucket of the deployed stack. Step Functions caps a state's payload at
// 256 KiB, which a plan of a few hundred targets (or their results) exceeds, so the plan and each target's full
// result live here and only ids and verdicts travel through the state machines.
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Plan } from '../plan/schema';
import type { Deps } from '../lambda/deps';
import { isNotFound, rethrowClassified } from '../aws/classify-error';
import type { DrillContext, TargetResult } from './contracts';
import type { FailoverResult } from '../failover/contracts';
import type { DryRunResult } from '../dry-run/contracts';
import type { DrillReport } from '../report/schema';
import type { ResolvedSelection } from '../plan/selection-schema';
import type { CoverageScope } from '../coverage/contracts';

export interface StoredPlan {
  drill: DrillContext;
  /** With each selection's resources among its targets (resolved at Check Plan). */
  plan: Plan;
  /** What each of the plan's selections resolved to; absent for a plan without selections. */
  selections?: ResolvedSelection[];
  /** The protected resources the plan's coverage is measured against (lib/coverage/scope.ts); absent for a dry run. */
  coverageScope?: CoverageScope;
}

const planKey = (drillId: string) => `drills/${drillId}/plan.json`;
const resultsPrefix = (drillId: string) => `drills/${drillId}/targets/`;
const resultKey = (drillId: string, targetId: string) => `${resultsPrefix(drillId)}${targetId}.json`;
const failoverPrefix = (drillId: string) => `drills/${drillId}/failover/`;
export const reportKey = (drillId: string) => `drills/${drillId}/report.json`;
export const dryRunKey = (drillId: string) => `drills/${drillId}/dry-run.json`;
/** Written once by the sweeper when it announces a killed drill: EventBridge may deliver the same change twice. */
export const killedNoticeKey = (drillId: string) => `drills/${drillId}/killed-notice.json`;

/** Results are fetched this many at a time: enough to read 1,000 quickly without S3 throttling a prefix. */
const READ_CONCURRENCY = 16;

export class DrillStore {
  // One Lambda container serves many targets of the same drill: the plan is read once per container.
  private readonly plans = new Map<string, StoredPlan>();

  constructor(
    private readonly deps: Pick<Deps, 'clients' | 'region'>,
    readonly bucket: string,
  ) {}

  private get s3() {
    return this.deps.clients.get('s3', this.deps.region);
  }

  async putPlan(stored: StoredPlan): Promise<void> {
    await this.put(planKey(stored.drill.id), stored);
    this.plans.set(stored.drill.id, stored);
  }

  async getPlan(drillId: string): Promise<StoredPlan> {
    const cached = this.plans.get(drillId);
    if (cached) return cached;
    const stored = (await this.get(planKey(drillId))) as StoredPlan;
    this.plans.set(drillId, stored);
    return stored;
  }

  /** A text object of the store, such as a plan file an operator uploaded under plans/. */
  async getText(key: string): Promise<string> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const text = await out.Body?.transformToString();
      if (text === undefined) throw new Error(`s3://${this.bucket}/${key} is empty`);
      return text;
    } catch (error) {
      rethrowClassified(error);
    }
  }

  async putText(key: string, text: string): Promise<void> {
    try {
      await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: text }));
    } catch (error) {
      rethrowClassified(error);
    }
  }

  async putResult(drillId: string, result: TargetResult): Promise<void> {
    await this.put(resultKey(drillId, result.targetId), result);
  }

  async putReport(drillId: string, report: unknown): Promise<string> {
    await this.put(reportKey(drillId), report);
    return `s3://${this.bucket}/${reportKey(drillId)}`;
  }

  /** The drill's stored report, as Build Report wrote it; callers that cross a boundary parse it with its schema. */
  async getReport(drillId: string): Promise<DrillReport> {
    return (await this.get(reportKey(drillId))) as DrillReport;
  }

  /** A dry run's full result: 1,000 targets' checks are far over the 256 KiB a state may pass on. */
  async putDryRun(drillId: string, result: DryRunResult): Promise<string> {
    await this.put(dryRunKey(drillId), result);
    return `s3://${this.bucket}/${dryRunKey(drillId)}`;
  }

  /** The dry run's result, or null when the drill recorded none (it was not a dry run, or it ended first). */
  async getDryRun(drillId: string): Promise<DryRunResult | null> {
    try {
      return (await this.get(dryRunKey(drillId))) as DryRunResult;
    } catch (error) {
      if ((error as Error).name === 'NoSuchKey' || isNotFound(error)) return null;
      throw error;
    }
  }

  /**
   * Claims the announcement of a killed drill: true for the first caller only (a conditional write), false when an
   * earlier or concurrent delivery of the same status change has it.
   */
  async claimKilledNotice(drillId: string, notice: unknown): Promise<boolean> {
    try {
      await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: killedNoticeKey(drillId), Body: JSON.stringify(notice), IfNoneMatch: '*' }));
      return true;
    } catch (error) {
      const e = error as Error & { $metadata?: { httpStatusCode?: number } };
      if (e.name === 'PreconditionFailed' || e.name === 'ConditionalRequestConflict' || e.$metadata?.httpStatusCode === 412) return false;
      rethrowClassified(error);
    }
  }

  /** Gives a claim back, so that a retry of an announcement that could not be published sends it. */
  async releaseKilledNotice(drillId: string): Promise<void> {
    try {
      await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: killedNoticeKey(drillId) }));
    } catch (error) {
      rethrowClassified(error);
    }
  }

  /** Every target result recorded for the drill, by target id. */
  async getResults(drillId: string): Promise<Map<string, TargetResult>> {
    return this.getAll<TargetResult>(resultsPrefix(drillId));
  }

  async putFailoverResult(drillId: string, result: FailoverResult): Promise<void> {
    await this.put(`${failoverPrefix(drillId)}${result.targetId}.json`, result);
  }

  /** Every failover target result recorded for the drill, by failover target id. */
  async getFailoverResults(drillId: string): Promise<Map<string, FailoverResult>> {
    return this.getAll<FailoverResult>(failoverPrefix(drillId));
  }

  private async getAll<T extends { targetId: string }>(prefix: string): Promise<Map<string, T>> {
    const keys: string[] = [];
    try {
      let token: string | undefined;
      do {
        const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
        for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (error) {
      rethrowClassified(error);
    }
    const results = new Map<string, T>();
    for (let i = 0; i < keys.length; i += READ_CONCURRENCY) {
      const batch = await Promise.all(keys.slice(i, i + READ_CONCURRENCY).map((key) => this.get(key) as Promise<T>));
      for (const result of batch) results.set(result.targetId, result);
    }
    return results;
  }

  private async put(key: string, value: unknown): Promise<void> {
    await this.putText(key, JSON.stringify(value));
  }

  private async get(key: string): Promise<unknown> {
    return JSON.parse(await this.getText(key)) as unknown;
  }
}

/** The store of a function that needs one; a missing bucket name is a deployment fault, reported at cold start. */
export function storeOf(deps: Deps): DrillStore {
  if (!deps.storeBucket) throw new Error('DRILL_STORE_BUCKET is not set: the function cannot read or record drills');
  return new DrillStore(deps, deps.storeBucket);
}
