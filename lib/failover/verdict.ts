// The failover drill's verdict and the one sentence on-call reads first: what happened, where it stopped, and where
// the service is now. NOT_RUN when nothing was changed because preflight refused or nobody approved; FAILED when a
// step failed or an objective was missed; PASSED otherwise. Loud when a person must act now.
import type {
  CanaryRead,
  CanaryWrite,
  FailoverItem,
  FailoverPreflight,
  FailoverResult,
  Figure,
  PhaseFigures,
  Phase,
  Watch,
} from './contracts';
import { secondsBetween } from './measure';
import { whyNotSettled } from './observe';

export interface Caught {
  Error: string;
  Cause?: string | null;
}

/** What the failover-target execution gathered, with the phases' watches in place. */
export interface FailoverRun {
  item: FailoverItem;
  preflight?: FailoverPreflight;
  approval: FailoverResult['approval'];
  canaryWrite?: CanaryWrite;
  canaryRead?: CanaryRead;
  phases: Partial<Record<Phase, Watch>>;
  /** The switch API was (or may have been) called: from here on the service may have moved. */
  switchAttempted: boolean;
  rollbackStarted: boolean;
  /** The state machine's own words for why it rolled back; a timed-out watch says it more precisely. */
  rollbackReason?: string;
  /** Caught errors by the state machine's name for the step (preflight, approval, canary, switch, observe, prove, failback, ...). */
  failures: Record<string, Caught>;
}

export interface Figures {
  cutover: PhaseFigures | null;
  failback: PhaseFigures | null;
  replicationLag: Figure;
  dataLoss: Figure & { canaryFound: boolean | null };
}

export type Decision = Pick<FailoverResult, 'verdict' | 'reason' | 'stoppedAt' | 'loud' | 'service' | 'rollback'>;
type Service = FailoverResult['service'];
type Step = NonNullable<FailoverResult['stoppedAt']>;

/** Where the service is, from the newest look at it (any phase), else from preflight, else unknown. */
export function serviceState(run: FailoverRun): Service {
  const primary = run.item.primaryRegion;
  const newest = Object.values(run.phases)
    .map((w) => w?.last)
    .filter((o): o is NonNullable<Watch['last']> => Boolean(o))
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
  const writerRegion = newest ? newest.writerRegion : (run.preflight?.writerRegion ?? null);
  const trafficRegion = newest ? newest.trafficRegion : (run.preflight?.trafficRegion ?? null);
  const switching = newest?.switchStatus ?? null;
  const onPrimary = writerRegion === primary && trafficRegion === primary && switching === null;
  let summary: string;
  if (onPrimary) summary = `on its primary (${primary})`;
  else if (writerRegion === null && trafficRegion === null) summary = 'in a state nobody observed';
  else {
    const running = switching ? `, a switch ${switching}` : '';
    summary = `NOT on its primary: writer in ${writerRegion ?? 'unknown region'}, traffic ${trafficRegion ?? 'unknown'}${running}`;
  }
  return { writerRegion, trafficRegion, onPrimary, summary };
}

/** A Lambda's Cause is JSON ({errorMessage}); a service's is text. First 200 characters, with the error name. */
export function describeCause(caught: Caught): string {
  let message = caught.Cause ?? '';
  try {
    const parsed = JSON.parse(message) as { errorMessage?: unknown };
    if (parsed && typeof parsed.errorMessage === 'string') message = parsed.errorMessage;
  } catch {
    // Not JSON: the service's own text.
  }
  const text = message ? `${caught.Error}: ${message}` : caught.Error;
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

export function decideVerdict(run: FailoverRun, figures: Figures): Decision {
  const service = serviceState(run);
  const { item, failures: f } = run;

  // ----- Before the switch: nothing was changed -----
  const unchanged = (verdict: 'NOT_RUN' | 'FAILED', stoppedAt: Step, what: string): Decision => {
    // The drill did not move the service: only a service already seen off its primary needs a person.
    const seenOff = !service.onPrimary && (service.writerRegion !== null || service.trafficRegion !== null);
    const tail = service.onPrimary ? `, the service is ${service.summary}` : seenOff ? `, but the service is ${service.summary} — act now` : '';
    return { verdict, stoppedAt, loud: seenOff, service, rollback: null, reason: `${what}; nothing was changed${tail}` };
  };
  if (!run.switchAttempted) {
    if (f.preflight) return unchanged('FAILED', 'preflight', `Preflight could not run (${describeCause(f.preflight)})`);
    if (!run.preflight) return unchanged('FAILED', 'preflight', 'The drill ended before its preflight ran');
    if (!run.preflight.ok) return unchanged('NOT_RUN', 'preflight', `Not run: preflight refused (${listed(run.preflight.reasons)})`);
    const { approval } = run;
    if (approval.outcome === 'rejected') return unchanged('NOT_RUN', 'approval', `Not run: approval was rejected${approval.by ? ` (${clip(approval.by, 80)})` : ''}`);
    if (approval.outcome === 'timed-out') return unchanged('NOT_RUN', 'approval', `Not run: nobody approved within ${minutes(item.settings.approvalTimeoutSeconds)}`);
    if (f.approval) return unchanged('FAILED', 'approval', `The approval request failed (${describeCause(f.approval)})`);
    if (f.canary) return unchanged('FAILED', 'canary', `Stopped before the switch: ${describeCause(f.canary)}`);
    return unchanged('FAILED', 'switch', 'The drill ended before the switch was requested');
  }

  // ----- The switch was requested: the service may have moved -----
  const problem = firstProblem(run, figures);
  const rollback = run.rollbackStarted ? rollbackOutcome(run, problem) : null;
  if (rollback && !rollback.settled) {
    const rb = run.phases.rollback;
    const howLong = rb?.timedOut ? `rollback did not settle in ${item.settings.rollbackTimeoutSeconds} s` : `the rollback could not be watched to the end${f.observe ? ` (${describeCause(f.observe)})` : ''}`;
    // A refused switch back is the likeliest reason the writer never came home: on-call needs AWS's words for it.
    const refused = f.switchBack && rb && rb.switchRequestedAt === null ? `; the switch back was refused (${describeCause(f.switchBack)})` : '';
    const reason = service.onPrimary
      ? `Rollback not settled: ${howLong}: ${rb ? whyNotSettled(rb, item) : 'nothing observed'}; writer and traffic are on the primary (${item.primaryRegion}) — act now`
      : `NOT ON PRIMARY: ${howLong}${refused}; ${service.summary.replace(/^NOT on its primary: /, '')} — act now`;
    return { verdict: 'FAILED', stoppedAt: 'rollback', loud: true, service, rollback, reason };
  }
  const state = service.onPrimary ? `the service is ${service.summary}` : `the service is ${service.summary} — act now`;
  const loud = !service.onPrimary;
  if (problem) {
    const lead = rollback ? `Rolled back: ${problem.why}` : capitalise(problem.why);
    return { verdict: 'FAILED', stoppedAt: problem.step, loud, service, rollback, reason: `${lead}; ${state}` };
  }

  const missed = missedObjectives(figures);
  if (missed.length > 0) return { verdict: 'FAILED', stoppedAt: null, loud, service, rollback, reason: `Objectives missed: ${missed.join(', ')}; ${state}` };
  // Unreachable with a settled failback as the newest look; kept so that a PASSED can never leave the service elsewhere.
  if (!service.onPrimary) return { verdict: 'FAILED', stoppedAt: 'failback', loud, service, rollback, reason: `The drill ended off the primary; ${state}` };
  return { verdict: 'PASSED', stoppedAt: null, loud: false, service, rollback, reason: `Passed: ${passedFigures(figures)}; ${state}` };
}

interface Problem {
  step: Step;
  why: string;
}

/** The first thing that went wrong after the switch was requested, in the order the drill runs. */
export function firstProblem(run: FailoverRun, figures: Figures): Problem | null {
  const { item, failures: f, phases } = run;
  // A phase is recorded when it settles or times out; one whose watch failed is only known from the last watch
  // the execution held, if that was its own.
  const unsettled = (phase: 'cutover' | 'failback', watch: Watch | undefined): Problem => {
    if (watch?.timedOut) return { step: phase, why: `${whyNotSettled(watch, item)}${routingFailure(run, watch)}` };
    if (f.observe) return { step: phase, why: `the ${phase === 'cutover' ? 'switch' : 'failback'} could not be watched (${describeCause(f.observe)})` };
    if (watch?.last) return { step: phase, why: whyNotSettled(watch, item) };
    return { step: phase, why: run.rollbackReason ?? `the ${phase} was never observed` };
  };
  if (f.switch) return { step: 'switch', why: `the switch request failed (${describeCause(f.switch)})` };
  if (!phases.cutover?.settled) return unsettled('cutover', phases.cutover);
  if (f.prove) return { step: 'prove', why: `the canary could not be read in the DR cluster (${describeCause(f.prove)})` };
  if (!run.canaryRead) return { step: 'prove', why: 'the canary was never read in the DR cluster' };
  if (!run.canaryRead.found) return { step: 'prove', why: figures.dataLoss.detail };
  if (f.failback) return { step: 'failback', why: `the switch back to the primary failed (${describeCause(f.failback)})` };
  if (!phases.failback?.settled) return unsettled('failback', phases.failback);
  return null;
}

/** ARC: the routing controls did not move because setting them failed (the state machine kept trying): say why. */
function routingFailure(run: FailoverRun, watch: Watch): string {
  const failed = run.failures.routing;
  const trafficStuck = watch.last !== null && watch.last.trafficRegion !== watch.towardRegion;
  return failed && run.item.target.routingControls && trafficStuck ? `, as setting them failed (${describeCause(failed)})` : '';
}

function rollbackOutcome(run: FailoverRun, problem: Problem | null): NonNullable<FailoverResult['rollback']> {
  const rb = run.phases.rollback;
  const settled = rb?.settled === true;
  return {
    reason: problem?.why ?? run.rollbackReason ?? 'unknown',
    settled,
    seconds: settled && rb?.last ? secondsBetween(rb.startedAt, rb.last.at) : null,
    switchRequested: rb?.switchRequestedAt !== null && rb?.switchRequestedAt !== undefined,
  };
}

function missedObjectives(figures: Figures): string[] {
  const named: [string, Figure | undefined][] = [
    ['replication lag', figures.replicationLag],
    ['cutover', figures.cutover?.cutover],
    ['cutover downtime', figures.cutover?.downtime],
    ['cutover traffic', figures.cutover?.traffic],
    ['data loss', figures.dataLoss],
    ['failback', figures.failback?.cutover],
    ['failback downtime', figures.failback?.downtime],
    ['failback traffic', figures.failback?.traffic],
  ];
  return named
    .filter((entry): entry is [string, Figure] => entry[1] !== undefined && !entry[1].met)
    .map(([name, fig]) => {
      if (name === 'data loss') return fig.measuredSeconds === null ? 'data loss not proven nil (canary missing or not read)' : `data loss ${fig.measuredSeconds} s (objective ${fig.objectiveSeconds} s)`;
      const measured = fig.measuredSeconds === null ? 'not measured' : `${fig.measuredSeconds} s`;
      const unrecovered = 'recovered' in fig && fig.recovered === false && fig.measuredSeconds !== null ? ' and not recovered' : '';
      return `${name} ${measured}${unrecovered} (objective ${fig.objectiveSeconds} s)`;
    });
}

function passedFigures(figures: Figures): string {
  const c = figures.cutover;
  const b = figures.failback;
  const parts = [
    c ? `cutover ${c.cutover.measuredSeconds} s, downtime ${c.downtime.measuredSeconds} s, traffic ${c.traffic.measuredSeconds} s` : null,
    figures.dataLoss.canaryFound ? 'no data lost' : null,
    b ? `failed back in ${b.cutover.measuredSeconds} s (downtime ${b.downtime.measuredSeconds} s)` : null,
  ];
  return parts.filter(Boolean).join('; ');
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const minutes = (seconds: number) => (seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`);

/** The first two reasons in full, the rest counted: one sentence, read in seconds. */
function listed(reasons: readonly string[]): string {
  const shown = reasons.slice(0, 2).join('; ');
  return reasons.length > 2 ? `${shown}; +${reasons.length - 2} more` : shown || 'no reason given';
}
