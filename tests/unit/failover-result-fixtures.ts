// Failover results as a failover-target execution records them, for the report, summary and Build Report tests:
// the NHS example's patients-global switchover (Ireland -> London and back).
import type { FailoverResult, PhaseFigures } from '../../lib/failover/contracts';

const figure = (measuredSeconds: number | null, objectiveSeconds: number, detail: string) => ({
  measuredSeconds,
  objectiveSeconds,
  met: measuredSeconds !== null && measuredSeconds <= objectiveSeconds,
  detail,
});

export function phase(cutover: number | null, downtime: number | null, traffic: number | null, outages = 1): PhaseFigures {
  return {
    cutover: figure(cutover, 90, 'switch API call to the writer seen in the toward region, read every 5 s'),
    downtime: {
      ...figure(downtime, 120, 'health URL probed every 5 s'),
      outages,
      recovered: downtime !== null,
      resolutionSeconds: 5,
    },
    traffic: figure(traffic, 120, 'Route 53 TestDNSAnswer read every 5 s'),
  };
}

/** What a switchover that went to London, soaked and came back within every objective records. */
export function passedFailover(): FailoverResult {
  return {
    targetId: 'patients-global',
    globalClusterIdentifier: 'patients-global',
    mode: 'switchover',
    verdict: 'PASSED',
    reason: 'switched to eu-west-2 and back within every objective',
    stoppedAt: null,
    loud: false,
    service: { writerRegion: 'eu-west-1', trafficRegion: 'eu-west-1', onPrimary: true, summary: 'on its primary (eu-west-1)' },
    approval: { outcome: 'approved', by: 'priya@oncall-7', at: '2025-03-04T03:31:02.000Z' },
    preflight: {
      ok: true,
      reasons: [],
      checkedAt: '2025-03-04T03:30:10.000Z',
      writerRegion: 'eu-west-1',
      members: [
        { clusterArn: 'arn:aws:rds:eu-west-1:111122223333:cluster:patients-db', region: 'eu-west-1', isWriter: true },
        { clusterArn: 'arn:aws:rds:eu-west-2:111122223333:cluster:patients-db-london', region: 'eu-west-2', isWriter: false },
      ],
      replicationLagMs: 800,
      healthAnswer: 'HTTP 200',
      trafficRegion: 'eu-west-1',
    },
    replicationLag: figure(0.8, 30, 'AuroraGlobalDBReplicationLag, highest in the 5 minutes before the switch'),
    dataLoss: { ...figure(0, 30, 'canary written in eu-west-1 just before the switch, read in eu-west-2'), canaryFound: true },
    cutover: phase(62, 84, 95),
    failback: phase(58, 41, 70),
    rollback: null,
    timeline: [
      { step: 'preflight', at: '2025-03-04T03:30:10.000Z' },
      { step: 'approval', at: '2025-03-04T03:31:02.000Z' },
      { step: 'switch', at: '2025-03-04T03:31:10.000Z' },
      { step: 'failback', at: '2025-03-04T03:45:00.000Z' },
    ],
  };
}

/** Nobody approved within the plan's approval timeout: nothing was changed. */
export function approvalTimedOut(): FailoverResult {
  return {
    ...passedFailover(),
    verdict: 'NOT_RUN',
    reason: 'approval timed out after 60 min; nothing was changed',
    stoppedAt: 'approval',
    approval: { outcome: 'timed-out', by: null, at: '2025-03-04T04:30:10.000Z' },
    replicationLag: figure(null, 30, 'not measured: the switch was not approved'),
    dataLoss: { ...figure(null, 30, 'not measured: the switch was not approved'), canaryFound: null },
    cutover: null,
    failback: null,
    timeline: [{ step: 'preflight', at: '2025-03-04T03:30:10.000Z' }],
  };
}

/** The cutover blew its switch timeout and the rollback could not bring the writer home: London still serves. */
export function stuckInDr(): FailoverResult {
  return {
    ...passedFailover(),
    verdict: 'FAILED',
    reason: 'the switch back did not settle within 60 min',
    stoppedAt: 'rollback',
    loud: true,
    service: {
      writerRegion: 'eu-west-2',
      trafficRegion: 'eu-west-2',
      onPrimary: false,
      summary: 'NOT on its primary: writer in eu-west-2, traffic to eu-west-2',
    },
    cutover: phase(62, 84, null),
    failback: null,
    rollback: { reason: 'traffic did not follow the writer within 15 min', settled: false, seconds: 3600, switchRequested: true },
  };
}
