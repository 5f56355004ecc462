// Sweeper: one function for the three ways a sweep is asked for. The daily schedule sweeps everything tagged whose
// drill is over or too old; a drill's status change (ABORTED, TIMED_OUT, FAILED) sweeps that drill and tells on-call
// when the drill could not; `dr-drill sweep` invokes it with its options (--dry-run, --drill). Every run logs its
// report (names, kinds and counts only) and returns it.
import { z } from 'zod';
import type { SweepReport } from '../../lib/sweep/contracts';
import { DEFAULT_MAX_AGE_HOURS, sweepOptionsSchema, type SmokeSweepSettings } from '../../lib/sweep/contracts';
import { vaultNameOf } from '../../lib/drill/names';
import { handleKilledDrill, type KilledDrillOutcome, type KilledDrillSettings } from '../../lib/sweep/killed-drill';
import { sweepCounts } from '../../lib/sweep/report-text';
import { sweep, type SweepDeps } from '../../lib/sweep/sweep';
import { logger } from '../../lib/lambda/wrap';
import { parsePayload } from '../../lib/lambda/parse';

export interface SweeperSettings extends KilledDrillSettings {
  maxAgeHours: number;
  /** Where `dr-drill smoke` leaves its table and backup when it is killed: the deployed plan's primary region. */
  smoke?: SmokeSweepSettings;
}

/** Read once at cold start: a sweeper that cannot tell which executions are drills would sweep blind. */
export function sweeperSettings(env: NodeJS.ProcessEnv = process.env): SweeperSettings {
  const need = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`${name} is not set: the sweeper cannot run without it`);
    return value;
  };
  const maxAge = Number(env.SWEEPER_MAX_AGE_HOURS ?? DEFAULT_MAX_AGE_HOURS);
  if (!Number.isFinite(maxAge) || maxAge <= 0) throw new Error(`SWEEPER_MAX_AGE_HOURS must be a positive number of hours, got "${env.SWEEPER_MAX_AGE_HOURS}"`);
  return {
    drillStateMachineArn: need('DRILL_STATE_MACHINE_ARN'),
    restoreTargetStateMachineArn: need('RESTORE_TARGET_STATE_MACHINE_ARN'),
    topicArn: need('DRILL_TOPIC_ARN'),
    maxAgeHours: maxAge,
    ...smokeSettings(env),
  };
}

/**
 * SWEEPER_SMOKE_REGION (the deployed plan's primary region) and SWEEPER_SMOKE_VAULTS (config backupVaults, comma
 * separated): the vaults of that region smoke's backup may be in, by name. A pattern ("*", the default when config
 * names none) names no vault the sweeper can ask.
 */
function smokeSettings(env: NodeJS.ProcessEnv): { smoke?: SmokeSweepSettings } {
  const region = env.SWEEPER_SMOKE_REGION;
  if (!region) return {};
  const vaults = (env.SWEEPER_SMOKE_VAULTS ?? '')
    .split(',')
    .map((arn) => arn.trim())
    .filter((arn) => arn && !arn.includes('*') && arn.split(':')[3] === region)
    .map((arn) => vaultNameOf(arn));
  return { smoke: { region, vaults: [...new Set(vaults)] } };
}

/** What a schedule delivers (EventBridge rule or Scheduler): nothing the sweep needs beyond its source. */
const scheduledSchema = z.object({ source: z.enum(['aws.events', 'aws.scheduler']) });

export type SweeperOutput = { trigger: 'schedule' | 'invoke'; report: SweepReport } | ({ trigger: 'status-change' } & KilledDrillOutcome);

export async function sweeper(deps: SweepDeps, settings: SweeperSettings, event: unknown): Promise<SweeperOutput> {
  const source = (event as { source?: unknown } | null)?.source;
  if (source === 'aws.states') {
    const outcome = await handleKilledDrill(deps, settings, event);
    if (outcome.handled) logSweep('killed drill swept', outcome.report, { executionArn: outcome.executionArn, status: outcome.status, notified: outcome.notified });
    else logger.info('status change needs no sweep', { reason: outcome.reason });
    return { trigger: 'status-change', ...outcome };
  }
  if (typeof source === 'string') {
    parsePayload(scheduledSchema, event, 'Scheduled sweep');
    const report = await sweep(withSmoke(deps, settings), { maxAgeHours: settings.maxAgeHours });
    logSweep('scheduled sweep', report);
    return { trigger: 'schedule', report };
  }
  const options = parsePayload(sweepOptionsSchema, { maxAgeHours: settings.maxAgeHours, ...((event ?? {}) as object) }, 'Sweep request');
  const report = await sweep(withSmoke(deps, settings), options);
  logSweep(options.dryRun ? 'sweep dry run' : 'sweep', report);
  return { trigger: 'invoke', report };
}

/** The daily and asked-for sweeps also look in the primary region for smoke's leftovers; a killed drill's does not. */
const withSmoke = (deps: SweepDeps, settings: SweeperSettings): SweepDeps => (settings.smoke ? { ...deps, smoke: settings.smoke } : deps);

function logSweep(message: string, report: SweepReport, extra: Record<string, unknown> = {}): void {
  const entry = (r: { kind: string; id: string; drillId: string; targetId: string | null }) => ({ kind: r.kind, id: r.id, drillId: r.drillId, targetId: r.targetId });
  const log = report.failed.length ? logger.warn.bind(logger) : logger.info.bind(logger);
  log(message, {
    ...extra,
    summary: sweepCounts(report),
    dryRun: report.dryRun,
    removed: report.removed.map(entry),
    failed: report.failed.map((r) => ({ ...entry(r), error: r.error })),
    kept: report.kept.map((r) => ({ ...entry(r), reason: r.reason })),
  });
}
