// A planned failover target with no recorded result: its child execution died (stopped, timed out, a Lambda that
// crashed outside any Catch) somewhere between touching nothing and switching production. Nobody knows which, so the
// report must not guess: it says FAILED, loudly, and sends on-call to the global cluster itself. No figure is made up.
import type { FailoverResult } from '../../lib/failover/contracts';
import type { FailoverObjectives, FailoverTarget } from '../../lib/plan/failover-schema';

const NOT_MEASURED = 'not measured: the failover execution recorded no result';

export function missingFailoverResult(target: FailoverTarget, objectives: FailoverObjectives): FailoverResult {
  const cluster = target.globalClusterIdentifier;
  const figure = (objectiveSeconds: number) => ({ measuredSeconds: null, objectiveSeconds, met: false, detail: NOT_MEASURED });
  return {
    targetId: target.id,
    globalClusterIdentifier: cluster,
    mode: target.mode,
    verdict: 'FAILED',
    reason: 'its failover execution ended without recording a result; the state of the service is unknown',
    stoppedAt: null,
    loud: true,
    service: {
      writerRegion: null,
      trafficRegion: null,
      onPrimary: false,
      summary: `no result recorded; check global cluster ${cluster} now (which region is writer, where traffic goes)`,
    },
    approval: { outcome: 'unknown', by: null, at: null },
    preflight: null,
    replicationLag: figure(objectives.rpoSeconds),
    dataLoss: { ...figure(objectives.rpoSeconds), canaryFound: null },
    cutover: null,
    failback: null,
    rollback: null,
    timeline: [],
  };
}
