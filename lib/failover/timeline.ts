// The failover drill's timeline: every moment the execution recorded, oldest first, in words a report can list.
import type { FailoverResult, Phase, Watch } from './contracts';
import type { FailoverRun } from './verdict';

type Entry = FailoverResult['timeline'][number];

const BEGAN: Record<Phase, string> = {
  cutover: 'cutover: switch to the DR region requested',
  failback: 'failback: switch back to the primary requested',
  rollback: 'rollback: began',
};

export function timelineOf(run: FailoverRun): Entry[] {
  const entries: Entry[] = [];
  const add = (step: string, at: string | null | undefined) => {
    if (at && !Number.isNaN(Date.parse(at))) entries.push({ step, at });
  };
  add('preflight checked', run.preflight?.checkedAt);
  add(`approval: ${run.approval.outcome}`, run.approval.at);
  add(`canary written in the primary (${run.canaryWrite?.region})`, run.canaryWrite?.writtenAt);
  for (const phase of ['cutover', 'failback', 'rollback'] as const) {
    const watch = run.phases[phase];
    if (watch) entries.push(...phaseEntries(phase, watch));
  }
  if (run.canaryRead) add(`canary ${run.canaryRead.found ? 'found' : 'MISSING'} in ${run.canaryRead.region}`, run.canaryRead.checkedAt);
  // Stable: equal times keep the order the drill runs in.
  return entries.map((e, i) => ({ e, i })).sort((a, b) => Date.parse(a.e.at) - Date.parse(b.e.at) || a.i - b.i).map(({ e }) => e);
}

function phaseEntries(phase: Phase, watch: Watch): Entry[] {
  const toward = watch.towardRegion;
  const candidates: [string, string | null][] = [
    [BEGAN[phase], watch.startedAt],
    ...(phase === 'rollback' ? ([['rollback: switch back to the primary requested', watch.switchRequestedAt]] as [string, string | null][]) : []),
    [`${phase}: writer in ${toward}`, watch.writerAt],
    [`${phase}: routing controls set toward ${toward}`, watch.routingSetAt],
    [`${phase}: traffic to ${toward}`, watch.trafficAt],
    [`${phase}: settled`, watch.settled ? (watch.last?.at ?? null) : null],
    [`${phase}: timed out`, watch.timedOut ? (watch.last?.at ?? null) : null],
  ];
  return candidates.filter((c): c is [string, string] => c[1] !== null).map(([step, at]) => ({ step, at }));
}
