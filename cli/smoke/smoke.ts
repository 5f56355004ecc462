// dr-drill smoke: proves a fresh deployment end to end on nothing that matters. It creates a throwaway on-demand
// DynamoDB table with a few synthetic items in the primary region, backs it up on demand into the source vault,
// drills that one table with the deployed drill state machine (copy, restore, checks, cleanup, evidence,
// notification), then deletes everything it made — also when the drill fails or the person presses Ctrl-C — and says
// what it could not delete and how to delete it. The AWS calls and the drill go through ports, so the same steps run
// against AWS (cli/smoke/aws.ts) and on the local simulation (cli/smoke/local.ts).
import { randomBytes } from 'node:crypto';
import type { DrillInput } from '../../lib/drill/input';
import { drillIdFor, restoredNameFor, vaultNameOf } from '../../lib/drill/names';
import { DRILL_TAGS } from '../../lib/sweep/contracts';
import type { PlanInput } from '../../lib/plan/schema';
import type { SmokeSettings } from './settings';

/** The target id of the one-target plan, and the tag value that marks what smoke made (beside the drill tags). */
export const SMOKE_TARGET = 'smoke';
export const SMOKE_TAG = 'dr-drill:smoke';
/** Synthetic items: nothing in them is anyone's data. */
export const SMOKE_ITEMS = 5;
const KEY = 'pk';

export type SmokeService = 'dynamodb' | 'backup';
export interface SmokePorts {
  /** Finds the deployed stack before anything is created: a missing stack must cost no throwaway table. */
  prepare?(): Promise<void>;
  /** One AWS API call with the SDK's member names, as the person running smoke (never a role of the stack). */
  call(region: string, service: SmokeService, action: string, input: Record<string, unknown>): Promise<Record<string, unknown>>;
  /**
   * Starts the drill state machine with `input` (as `dr-drill start` does) and follows it to its end (as
   * `start --wait` does); `onStarted` gets the execution ARN at once. On `signal` it stops the execution.
   */
  drill(input: DrillInput, signal: AbortSignal, onStarted: (executionArn: string) => void): Promise<{ passed: boolean }>;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  now(): Date;
  out(line: string): void;
  /** Ctrl-C: stop, then clean up. */
  signal: AbortSignal;
  /** Who runs smoke, for the drill's trigger. */
  by: string;
}

/** What smoke made, as far as it got: the cleanup deletes each one that is set. */
export interface SmokeMade {
  tableArn?: string;
  backupJobId?: string;
  recoveryPointArn?: string;
  executionArn?: string;
}

export interface Leftover {
  what: string;
  problem: string;
  /** The AWS CLI command that deletes it. */
  command: string;
}

export interface SmokeResult {
  smokeId: string;
  tableName: string;
  made: SmokeMade;
  /** The drill ran and passed. */
  passed: boolean;
  /** Why it did not pass (interrupted, a step failed, the drill failed), when it did not. */
  failure?: string;
  leftovers: Leftover[];
}

export class SmokeStepError extends Error {
  override readonly name = 'SmokeStepError';
}
export class SmokeInterruptedError extends Error {
  override readonly name = 'SmokeInterruptedError';
  constructor() {
    super('interrupted (Ctrl-C)');
  }
}

/** Polling: a throwaway table is ACTIVE in seconds; an on-demand backup of a few items takes a few minutes. */
export const WAITS = {
  tableMs: { every: 2_000, atMost: 5 * 60_000 },
  backupMs: { every: 10_000, atMost: 60 * 60_000 },
  /** After the deletes: wait this long for them to be done, so "nothing is left" is something smoke saw. */
  goneMs: { every: 5_000, atMost: 10 * 60_000 },
  /** A copy a stopped drill left running: a small table copies in minutes. */
  copyMs: { every: 15_000, atMost: 30 * 60_000 },
} as const;
/** A progress line on a long wait at most this often (and whenever the state changes). */
const PROGRESS_EVERY_MS = 60_000;

/** `d` + 8 hex digits, the drill-id form the sweeper filters on (lib/sweep/contracts.ts), so its tags are findable. */
export const newSmokeId = (): string => `d${randomBytes(4).toString('hex')}`;
/** drdrill-<hex>-smoke: the prefix the stack's IAM and the sweeper recognise as created by dr-drill (lib/drill/names.ts). */
export const smokeTableName = (smokeId: string): string => `drdrill-${smokeId.slice(1)}-smoke`;

export function smokeTags(smokeId: string, stage: string): Record<string, string> {
  return { [DRILL_TAGS.drillId]: smokeId, [DRILL_TAGS.target]: SMOKE_TARGET, [SMOKE_TAG]: stage };
}

/** The one-target plan smoke drills: the throwaway table, with key checks on the items smoke wrote. */
export function smokePlan(settings: SmokeSettings, tableArn: string): PlanInput {
  return {
    name: `smoke-${settings.stage}`.slice(0, 63).replace(/-+$/, ''),
    description: 'dr-drill smoke: a throwaway table with synthetic items, deleted when the smoke test ends',
    residency: settings.residency,
    regions: { primary: settings.primaryRegion, dr: settings.drRegion },
    // Smoke proves the pipeline, not the account's objectives: generous enough for any healthy run.
    objectives: { rtoMinutes: 240, rpoMinutes: 1440 },
    concurrency: 1,
    keepCopies: false,
    schedule: { enabled: false },
    targets: [
      {
        id: SMOKE_TARGET,
        type: 'dynamodb',
        resourceArn: tableArn,
        sourceVault: settings.sourceVault,
        drVault: settings.drVault,
        backupRoleArn: settings.backupRole,
        validation: { keys: itemKeys().map((k) => ({ [KEY]: k })) },
      },
    ],
  };
}

const itemKeys = (): string[] => Array.from({ length: SMOKE_ITEMS }, (_, i) => `smoke-item-${i + 1}`);

export async function runSmoke(settings: SmokeSettings, ports: SmokePorts, smokeId = newSmokeId()): Promise<SmokeResult> {
  const tableName = smokeTableName(smokeId);
  const made: SmokeMade = {};
  const result: SmokeResult = { smokeId, tableName, made, passed: false, leftovers: [] };
  const { out } = ports;
  await ports.prepare?.();
  try {
    await createTable(settings, ports, smokeId, tableName, made);
    await backUp(settings, ports, smokeId, made);
    const plan = smokePlan(settings, made.tableArn!);
    out(`▶ drilling it with the deployed drill state machine (copy to ${settings.drRegion}, restore, checks, cleanup, evidence, notification)`);
    const drill = await ports.drill({ plan, trigger: { kind: 'cli', by: `${ports.by} (dr-drill smoke)`.slice(0, 200) } }, ports.signal, (arn) => {
      made.executionArn = arn;
      out(`  execution ${arn} (drill ${drillIdFor(arn)})`);
    });
    if (ports.signal.aborted) throw new SmokeInterruptedError();
    result.passed = drill.passed;
    if (!drill.passed) result.failure = 'the drill did not pass (its report says why)';
  } catch (error) {
    result.failure = error instanceof SmokeInterruptedError ? error.message : `${(error as Error).name}: ${(error as Error).message}`;
    out(`✗ smoke stopped: ${result.failure}`);
  } finally {
    result.leftovers = await cleanUp(settings, ports, made, tableName);
  }
  return result;
}

async function createTable(settings: SmokeSettings, ports: SmokePorts, smokeId: string, tableName: string, made: SmokeMade): Promise<void> {
  const region = settings.primaryRegion;
  ports.out(`▶ creating throwaway table ${tableName} in ${region} (on-demand, ${SMOKE_ITEMS} synthetic items)`);
  const created = await ports.call(region, 'dynamodb', 'CreateTable', {
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: KEY, AttributeType: 'S' }],
    KeySchema: [{ AttributeName: KEY, KeyType: 'HASH' }],
    // On-demand: no provisioned capacity to pay for while it sits idle (DynamoDB API Reference, BillingMode).
    BillingMode: 'PAY_PER_REQUEST',
    Tags: Object.entries(smokeTags(smokeId, settings.stage)).map(([Key, Value]) => ({ Key, Value })),
  });
  made.tableArn = (created.TableDescription as { TableArn?: string } | undefined)?.TableArn ?? `arn:aws:dynamodb:${region}:${settings.account}:table/${tableName}`;
  await waitFor(ports, WAITS.tableMs, `table ${tableName}`, async () => {
    const { Table } = (await ports.call(region, 'dynamodb', 'DescribeTable', { TableName: tableName })) as { Table?: { TableStatus?: string } };
    const status = Table?.TableStatus ?? 'UNKNOWN';
    return { done: status === 'ACTIVE', state: status };
  });
  for (const key of itemKeys()) {
    await ports.call(region, 'dynamodb', 'PutItem', { TableName: tableName, Item: { [KEY]: { S: key }, note: { S: 'synthetic item written by dr-drill smoke' } } });
  }
  ports.out(`✓ table ${tableName} is ACTIVE with ${SMOKE_ITEMS} items`);
}

const BACKUP_FAILED = new Set(['ABORTING', 'ABORTED', 'FAILED', 'EXPIRED', 'PARTIAL']);

async function backUp(settings: SmokeSettings, ports: SmokePorts, smokeId: string, made: SmokeMade): Promise<void> {
  const region = settings.primaryRegion;
  const vault = vaultNameOf(settings.sourceVault);
  ports.out(`▶ backing it up on demand into vault ${vault} (AWS Backup, role ${settings.backupRole})`);
  // StartBackupJob (SDK model): BackupVaultName, ResourceArn and IamRoleArn are required; the IdempotencyToken makes a
  // retried call return the same job instead of starting a second one; RecoveryPointTags tag the recovery point.
  const started = (await ports.call(region, 'backup', 'StartBackupJob', {
    BackupVaultName: vault,
    ResourceArn: made.tableArn,
    IamRoleArn: settings.backupRole,
    IdempotencyToken: `dr-drill-smoke-${smokeId}`,
    // If smoke dies before its cleanup, AWS Backup deletes the recovery point itself a day later.
    Lifecycle: { DeleteAfterDays: 1 },
    RecoveryPointTags: smokeTags(smokeId, settings.stage),
  })) as { BackupJobId?: string; RecoveryPointArn?: string };
  made.backupJobId = started.BackupJobId;
  made.recoveryPointArn = started.RecoveryPointArn;
  if (!made.backupJobId) throw new SmokeStepError('StartBackupJob returned no BackupJobId');
  // DescribeBackupJob (SDK model): State is CREATED | PENDING | RUNNING | ABORTING | ABORTED | COMPLETED | FAILED |
  // EXPIRED | PARTIAL; RecoveryPointArn names what the job made; StatusMessage says why it failed.
  await waitFor(ports, WAITS.backupMs, `backup job ${made.backupJobId}`, async () => {
    const job = (await ports.call(region, 'backup', 'DescribeBackupJob', { BackupJobId: made.backupJobId })) as {
      State?: string;
      PercentDone?: string;
      RecoveryPointArn?: string;
      StatusMessage?: string;
    };
    if (job.RecoveryPointArn) made.recoveryPointArn = job.RecoveryPointArn;
    const state = job.State ?? 'UNKNOWN';
    if (BACKUP_FAILED.has(state)) throw new SmokeStepError(`backup job ${made.backupJobId} ended ${state}${job.StatusMessage ? `: ${job.StatusMessage}` : ''}`);
    return { done: state === 'COMPLETED', state: job.PercentDone && state === 'RUNNING' ? `${state} ${job.PercentDone}%` : state };
  });
  ports.out(`✓ recovery point ${made.recoveryPointArn}`);
}

/** Polls `look` until done, printing the state when it changes and at least every minute; stops on Ctrl-C. */
async function waitFor(
  ports: SmokePorts,
  { every, atMost }: { every: number; atMost: number },
  what: string,
  look: () => Promise<{ done: boolean; state: string }>,
  options: { interruptible?: boolean } = {},
): Promise<boolean> {
  const interruptible = options.interruptible ?? true;
  const start = ports.now().getTime();
  let lastState = '';
  let lastLine = start;
  for (;;) {
    if (interruptible && ports.signal.aborted) throw new SmokeInterruptedError();
    const { done, state } = await look();
    if (done) return true;
    const now = ports.now().getTime();
    if (state !== lastState || now - lastLine >= PROGRESS_EVERY_MS) {
      ports.out(`  … ${what}: ${state} (${Math.round((now - start) / 1000)} s)`);
      lastState = state;
      lastLine = now;
    }
    if (now - start >= atMost) {
      if (interruptible) throw new SmokeStepError(`${what} still ${state} after ${Math.round(atMost / 60_000)} min`);
      return false;
    }
    await ports.sleep(every, interruptible ? ports.signal : undefined);
  }
}

const errorText = (error: unknown): string => `${(error as Error).name ?? 'Error'}: ${(error as Error).message ?? String(error)}`;
const isNotFound = (error: unknown): boolean => /NotFound/.test((error as Error).name ?? '');

/**
 * Deletes what smoke made and what its drill may have left, each independently (one failure does not stop the
 * others), then waits for the deletes to finish. Not interruptible: a second Ctrl-C is the CLI's to handle.
 */
export async function cleanUp(settings: SmokeSettings, ports: SmokePorts, made: SmokeMade, tableName: string): Promise<Leftover[]> {
  const { out } = ports;
  const leftovers: Leftover[] = [];
  const primary = settings.primaryRegion;
  const dr = settings.drRegion;
  out('▶ cleaning up what smoke made');
  const gone: { what: string; look: () => Promise<boolean> }[] = [];

  // The table the drill restored: its own cleanup deletes it; after a stop or a failed cleanup, smoke does.
  if (made.executionArn) {
    const restored = restoredNameFor(drillIdFor(made.executionArn), SMOKE_TARGET);
    const look = tableGone(ports, dr, restored);
    try {
      const { Table } = (await ports.call(dr, 'dynamodb', 'DescribeTable', { TableName: restored })) as { Table?: { TableStatus?: string } };
      if (Table?.TableStatus !== 'DELETING') {
        await ports.call(dr, 'dynamodb', 'DeleteTable', { TableName: restored });
        out(`  deleting restored table ${restored} (${dr}): the drill had not`);
      }
      gone.push({ what: `restored table ${restored} (${dr})`, look });
    } catch (error) {
      if (!isNotFound(error)) {
        leftovers.push({ what: `restored table ${restored} (${dr})`, problem: errorText(error), command: `aws dynamodb delete-table --region ${dr} --table-name ${restored}` });
      }
    }
  }

  // Copies in the DR vault: the drill deletes its copy (keepCopies: false); a stopped drill may leave one, or a copy
  // job still running that will make one: wait for those first (ListCopyJobs runs in the source region).
  if (made.tableArn && made.executionArn) {
    const tableArn = made.tableArn;
    try {
      await waitFor(ports, WAITS.copyMs, `the drill's copy of ${tableName}`, async () => {
        const { CopyJobs = [] } = (await ports.call(primary, 'backup', 'ListCopyJobs', { ByResourceArn: tableArn })) as { CopyJobs?: { State?: string }[] };
        const running = CopyJobs.filter((j) => j.State === 'CREATED' || j.State === 'RUNNING');
        return { done: running.length === 0, state: `${running.length} copy job(s) still running` };
      }, { interruptible: false });
    } catch (error) {
      leftovers.push({
        what: `a copy of ${tableArn} still on its way to ${settings.drVault}`,
        problem: errorText(error),
        command: `aws backup list-copy-jobs --region ${primary} --by-resource-arn ${tableArn}  # then delete-recovery-point in ${dr} for its DestinationRecoveryPointArn`,
      });
    }
  }
  if (made.tableArn) {
    const drVault = vaultNameOf(settings.drVault);
    try {
      const { RecoveryPoints = [] } = (await ports.call(dr, 'backup', 'ListRecoveryPointsByBackupVault', { BackupVaultName: drVault, ByResourceArn: made.tableArn })) as {
        RecoveryPoints?: { RecoveryPointArn?: string; Status?: string }[];
      };
      for (const rp of RecoveryPoints) {
        if (!rp.RecoveryPointArn) continue;
        await deleteRecoveryPoint(ports, dr, drVault, rp.RecoveryPointArn, `copy ${rp.RecoveryPointArn} in DR vault ${drVault}`, rp.Status, leftovers, gone);
      }
    } catch (error) {
      leftovers.push({
        what: `any copy of ${made.tableArn} in DR vault ${drVault}`,
        problem: errorText(error),
        command: `aws backup list-recovery-points-by-backup-vault --region ${dr} --backup-vault-name ${drVault} --by-resource-arn ${made.tableArn}`,
      });
    }
  }

  // The source recovery point: a backup job still running has nothing to delete yet.
  const sourceVault = vaultNameOf(settings.sourceVault);
  if (made.recoveryPointArn) {
    await deleteRecoveryPoint(ports, primary, sourceVault, made.recoveryPointArn, `recovery point ${made.recoveryPointArn} in vault ${sourceVault}`, undefined, leftovers, gone);
  } else if (made.backupJobId) {
    leftovers.push({
      what: `the recovery point of backup job ${made.backupJobId}`,
      problem: 'the job named no recovery point yet',
      command: `aws backup describe-backup-job --region ${primary} --backup-job-id ${made.backupJobId}  # then delete-recovery-point (it expires after 1 day anyway)`,
    });
  }

  // The throwaway table itself, once it can be deleted (not while CREATING).
  if (made.tableArn) {
    const look = tableGone(ports, primary, tableName);
    try {
      await waitFor(ports, WAITS.tableMs, `table ${tableName}`, async () => {
        const { Table } = (await ports.call(primary, 'dynamodb', 'DescribeTable', { TableName: tableName })) as { Table?: { TableStatus?: string } };
        return { done: Table?.TableStatus !== 'CREATING', state: Table?.TableStatus ?? 'UNKNOWN' };
      }, { interruptible: false });
      await ports.call(primary, 'dynamodb', 'DeleteTable', { TableName: tableName });
      gone.push({ what: `table ${tableName} (${primary})`, look });
    } catch (error) {
      if (!isNotFound(error)) {
        leftovers.push({ what: `table ${tableName} (${primary})`, problem: errorText(error), command: `aws dynamodb delete-table --region ${primary} --table-name ${tableName}` });
      }
    }
  }

  // Wait for the deletes, so that "nothing is left" is what smoke saw, not what it hoped.
  for (const { what, look } of gone) {
    const done = await waitFor(ports, WAITS.goneMs, what, async () => ({ done: await look(), state: 'deleting' }), { interruptible: false }).catch(() => false);
    if (done) out(`✓ deleted ${what}`);
    else out(`… ${what} is still being deleted (AWS finishes it by itself)`);
  }
  return leftovers;
}

async function deleteRecoveryPoint(
  ports: SmokePorts,
  region: string,
  vault: string,
  arn: string,
  what: string,
  status: string | undefined,
  leftovers: Leftover[],
  gone: { what: string; look: () => Promise<boolean> }[],
): Promise<void> {
  const look = async () => {
    try {
      await ports.call(region, 'backup', 'DescribeRecoveryPoint', { BackupVaultName: vault, RecoveryPointArn: arn });
      return false;
    } catch (error) {
      if (isNotFound(error)) return true;
      throw error;
    }
  };
  try {
    if (status !== 'DELETING') await ports.call(region, 'backup', 'DeleteRecoveryPoint', { BackupVaultName: vault, RecoveryPointArn: arn });
    gone.push({ what, look });
  } catch (error) {
    if (isNotFound(error)) return;
    leftovers.push({ what, problem: errorText(error), command: `aws backup delete-recovery-point --region ${region} --backup-vault-name ${vault} --recovery-point-arn ${arn}` });
  }
}

function tableGone(ports: SmokePorts, region: string, name: string): () => Promise<boolean> {
  return async () => {
    try {
      await ports.call(region, 'dynamodb', 'DescribeTable', { TableName: name });
      return false;
    } catch (error) {
      if (isNotFound(error)) return true;
      throw error;
    }
  };
}
