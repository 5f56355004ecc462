// Evaluate Failover: whole failover-target executions as the state machine leaves them (its `$`), from a drill that
// passed to one that left the service off its primary; the figures, the verdict, the sentence on-call reads first.
import { evaluateFailover, failoverResult } from '../../../functions/evaluate-failover/evaluate-failover';
import { failoverResultSchema, type FailoverItem, type FailoverPreflight, type Observation, type Watch } from '../../../lib/failover/contracts';
import { applyRequests, foldObservation, startWatch } from '../../../lib/failover/observe';
import { DRILL_ID, lambdaCause } from './fixtures';
import { DR, DR_CLUSTER_ARN, PRIMARY, PRIMARY_CLUSTER_ARN, arcItem, at, failoverItem, observation, onDr } from './failover-fixtures';

const MARKER = `${DRILL_ID}-patients-global`;

function preflight(change: Partial<FailoverPreflight> = {}): FailoverPreflight {
  return {
    ok: true,
    reasons: [],
    checkedAt: at(-40),
    writerRegion: PRIMARY,
    members: [
      { clusterArn: PRIMARY_CLUSTER_ARN, region: PRIMARY, isWriter: true },
      { clusterArn: DR_CLUSTER_ARN, region: DR, isWriter: false },
    ],
    replicationLagMs: 850,
    healthAnswer: 'HTTP 200',
    trafficRegion: PRIMARY,
    ...change,
  };
}

/** A watch begun at `start` s with the looks folded in, as Observe Failover leaves it. */
function watched(item: FailoverItem, phase: Watch['phase'], start: number, looks: Observation[], requests: { switchRequestedAt?: string } = {}): Watch {
  return looks.reduce((w, o) => foldObservation(w, o, item), applyRequests(startWatch(item, phase, at(start)), requests));
}

/** Looks every 5 s from `from` to `to` (inclusive), each shaped by `shape(seconds)`. */
function looks(from: number, to: number, shape: (s: number) => Observation): Observation[] {
  const list: Observation[] = [];
  for (let s = from; s <= to; s += 5) list.push(shape(s));
  return list;
}

/** The cutover of a good drill: switching until 11 s, DNS on the primary until 46 s, the health URL down from 1 s to 16 s. */
const goodCutover = (item: FailoverItem) =>
  watched(item, 'cutover', 0, [
    observation(1, { switchStatus: 'switching-over', healthy: false, healthAnswer: 'HTTP 503' }),
    observation(6, { switchStatus: 'switching-over', healthy: false, healthAnswer: 'timeout after 3000 ms' }),
    observation(11, onDr({ trafficRegion: PRIMARY, healthy: false, healthAnswer: 'HTTP 503' })),
    ...looks(16, 41, (s) => observation(s, onDr({ trafficRegion: PRIMARY }))),
    observation(46, onDr()),
  ]);

/** The failback of a good drill, from 650 s: writer back at 656 s, DNS at 686 s, down 651-656 s. */
const goodFailback = (item: FailoverItem) =>
  watched(item, 'failback', 650, [
    observation(651, onDr({ switchStatus: 'switching-over', healthy: false, healthAnswer: 'HTTP 503' })),
    ...looks(656, 681, (s) => observation(s, { trafficRegion: DR })),
    observation(686),
  ]);

/** The execution's state just before Evaluate Failover, for a drill that went well throughout. */
function passedState(item = failoverItem()) {
  const failback = goodFailback(item);
  return {
    item,
    phases: { cutover: goodCutover(item), failback },
    failures: {} as Record<string, { Error: string; Cause: string }>,
    routing: { setAt: null },
    switchBack: { requestedAt: null },
    preflight: preflight(),
    approval: { outcome: 'approved' as const, by: 'oncall@nhs-platform.example.uk', at: at(-20) },
    canaryWrite: { marker: MARKER, writtenAt: at(-2), region: PRIMARY },
    next: { phase: 'failback' as const, startedAt: at(650) },
    canaryRead: { marker: MARKER, found: true, writtenAt: at(-2), newestWrittenAt: at(-2), checkedAt: at(50), region: DR },
    watch: failback,
    observed: { watch: failback },
  };
}
type State = ReturnType<typeof passedState> & Record<string, unknown>;

/** A rollback from `start` s that settled when the switch back completed. */
function settledRollback(item: FailoverItem, start: number, fromDr = true): Watch {
  if (!fromDr) return watched(item, 'rollback', start, [observation(start + 1)]);
  return watched(item, 'rollback', start, [observation(start + 1, onDr({ switchStatus: 'switching-over' })), observation(start + 31, { trafficRegion: DR }), observation(start + 61)], {
    switchRequestedAt: at(start + 2),
  });
}

describe('evaluateFailover (Evaluate Failover)', () => {
  it('passes a drill that met every objective, records the result in the drill store under the drill id and returns it', async () => {
    const store = { putFailoverResult: jest.fn(async () => undefined) };

    const result = await evaluateFailover(passedState(), store);

    expect(result).toMatchObject({
      targetId: 'patients-global',
      globalClusterIdentifier: 'patients-global',
      mode: 'switchover',
      verdict: 'PASSED',
      stoppedAt: null,
      loud: false,
      reason: 'Passed: cutover 11 s, downtime 15 s, traffic 46 s; no data lost; failed back in 6 s (downtime 5 s); the service is on its primary (eu-west-1)',
      service: { writerRegion: PRIMARY, trafficRegion: PRIMARY, onPrimary: true, summary: 'on its primary (eu-west-1)' },
      approval: { outcome: 'approved', by: 'oncall@nhs-platform.example.uk', at: at(-20) },
      rollback: null,
    });
    expect(store.putFailoverResult).toHaveBeenCalledWith(DRILL_ID, result);
    expect(failoverResultSchema.parse(result)).toEqual(result);
  });

  it('measures each figure from the watches, saying how precise it is', () => {
    const result = failoverResult(passedState());

    expect(result.cutover).toEqual({
      cutover: {
        measuredSeconds: 11,
        objectiveSeconds: 90,
        met: true,
        detail: 'the DR cluster (eu-west-2) was writer 11 s after the switch request; looked at every 5 s, so up to 5 s after it happened',
      },
      downtime: {
        measuredSeconds: 15,
        objectiveSeconds: 120,
        met: true,
        outages: 1,
        recovered: true,
        resolutionSeconds: 5,
        detail: 'down 15 s from the first failed probe to the first good one after the last failure; 10 probes of the health URL, at most 5 s apart',
      },
      traffic: {
        measuredSeconds: 46,
        objectiveSeconds: 120,
        met: true,
        detail: 'Route 53 answered for the DR region (eu-west-2) 46 s after the switch request; looked at every 5 s, so up to 5 s after it happened',
      },
    });
    expect(result.failback).toMatchObject({ cutover: { measuredSeconds: 6 }, downtime: { measuredSeconds: 5 }, traffic: { measuredSeconds: 36 } });
    expect(result.replicationLag).toEqual({
      measuredSeconds: 0.9,
      objectiveSeconds: 30,
      met: true,
      detail: 'AuroraGlobalDBReplicationLag of the DR cluster before the switch (the newest one-minute maximum): 0.9 s',
    });
    expect(result.dataLoss).toEqual({
      measuredSeconds: 0,
      objectiveSeconds: 0,
      met: true,
      canaryFound: true,
      detail: 'the marker written 2 s before the switch was found in the new primary (eu-west-2): no data lost',
    });
  });

  it('lays the timeline out oldest first, every phase included', () => {
    const steps = failoverResult(passedState()).timeline.map((e) => `${e.at.slice(11, 19)} ${e.step}`);

    expect(steps).toEqual([
      '02:59:25 preflight checked',
      '02:59:45 approval: approved',
      '03:00:03 canary written in the primary (eu-west-1)',
      '03:00:05 cutover: switch to the DR region requested',
      '03:00:16 cutover: writer in eu-west-2',
      '03:00:51 cutover: traffic to eu-west-2',
      '03:00:51 cutover: settled',
      '03:00:55 canary found in eu-west-2',
      '03:10:55 failback: switch back to the primary requested',
      '03:11:01 failback: writer in eu-west-1',
      '03:11:31 failback: traffic to eu-west-1',
      '03:11:31 failback: settled',
    ]);
  });

  it('fails a drill whose health URL flapped past the RTO, counting every outage, with the service back on its primary', () => {
    const state: State = passedState();
    const item = state.item;
    // Down 1-61 s, a good answer at 66 s, down again until 151 s: a 150 s window over two outages.
    const flapping = watched(item, 'cutover', 0, [
      ...looks(1, 61, (s) => observation(s, onDr({ healthy: false, healthAnswer: 'HTTP 502' }))),
      observation(66, onDr()),
      ...looks(71, 146, (s) => observation(s, onDr({ healthy: false, healthAnswer: 'HTTP 502' }))),
      observation(151, onDr()),
    ]);
    state.phases = { ...state.phases, cutover: flapping };

    const result = failoverResult(state);

    expect(result).toMatchObject({
      verdict: 'FAILED',
      stoppedAt: null,
      loud: false,
      reason: 'Objectives missed: cutover downtime 150 s (objective 120 s); the service is on its primary (eu-west-1)',
    });
    expect(result.cutover?.downtime).toMatchObject({ measuredSeconds: 150, met: false, outages: 2, recovered: true });
    expect(result.cutover?.downtime.detail).toBe(
      'down 150 s from the first failed probe to the first good one after the last failure over 2 outages (145 s down in all); 31 probes of the health URL, at most 5 s apart',
    );
  });

  it('fails and rolls back when DNS never left the primary, saying so and where the service is', () => {
    const state: State = passedState();
    const item = state.item;
    const cutover = watched(item, 'cutover', 0, [observation(1, onDr({ trafficRegion: PRIMARY })), observation(900, onDr({ trafficRegion: PRIMARY }))]);
    const rollback = settledRollback(item, 901);
    Object.assign(state, {
      phases: { cutover, rollback },
      rollbackReason: 'the switch to the DR region did not complete (writer, traffic and health) within the switch timeout',
      next: { phase: 'rollback', startedAt: at(901) },
      watch: rollback,
    });
    delete (state as Partial<State>).canaryRead;

    const result = failoverResult(state);

    expect(result).toMatchObject({
      verdict: 'FAILED',
      stoppedAt: 'cutover',
      loud: false,
      reason: 'Rolled back: DNS still answered the primary after 900 s; the service is on its primary (eu-west-1)',
      rollback: { reason: 'DNS still answered the primary after 900 s', settled: true, seconds: 61, switchRequested: true },
      failback: null,
    });
    expect(result.cutover?.traffic).toMatchObject({ measuredSeconds: null, met: false, detail: 'traffic had not moved to the DR region (eu-west-2) at the last look, 900 s after the switch request' });
  });

  it('is loud when a stuck switch was rolled back but the rollback did not settle: NOT ON PRIMARY', () => {
    const state: State = passedState();
    const item = state.item;
    const stuck = watched(item, 'cutover', 0, [observation(5, { switchStatus: 'switching-over' }), observation(900, onDr({ switchStatus: 'switching-over' }))]);
    const rollback = watched(item, 'rollback', 901, [observation(902, onDr()), observation(4501, onDr())], { switchRequestedAt: at(903) });
    Object.assign(state, { phases: { cutover: stuck, rollback }, next: { phase: 'rollback', startedAt: at(901) }, watch: rollback });
    delete (state as Partial<State>).canaryRead;

    const result = failoverResult(state);

    expect(result).toMatchObject({
      verdict: 'FAILED',
      stoppedAt: 'rollback',
      loud: true,
      reason: 'NOT ON PRIMARY: rollback did not settle in 3600 s; writer in eu-west-2, traffic eu-west-2 — act now',
      service: { writerRegion: DR, trafficRegion: DR, onPrimary: false },
      rollback: { reason: 'the switch was still switching-over after 900 s', settled: false, seconds: null, switchRequested: true },
    });
  });

  it('fails at prove and rolls back when the canary is missing in the new primary: data was lost', () => {
    const state: State = passedState();
    const item = state.item;
    const rollback = settledRollback(item, 60);
    Object.assign(state, {
      canaryRead: { marker: MARKER, found: false, writtenAt: null, newestWrittenAt: at(-600), checkedAt: at(50), region: DR },
      phases: { cutover: state.phases.cutover, rollback },
      rollbackReason: 'the canary written before the switch is missing in the DR cluster (data loss)',
      next: { phase: 'rollback', startedAt: at(60) },
      watch: rollback,
    });

    const result = failoverResult(state);

    const detail = `the marker written 2 s before the switch is missing in the new primary (eu-west-2); the newest canary row there was written at ${at(-600)} (a switchover must lose nothing)`;
    expect(result.dataLoss).toEqual({ measuredSeconds: null, objectiveSeconds: 0, met: false, canaryFound: false, detail });
    expect(result).toMatchObject({ verdict: 'FAILED', stoppedAt: 'prove', loud: false, reason: `Rolled back: ${detail}; the service is on its primary (eu-west-1)` });
  });

  it('holds a failover-mode drill to the RPO: a missing canary still fails it, without the switchover rule', () => {
    const item = failoverItem((i) => {
      i.target.mode = 'failover';
    });
    const state: State = passedState(item);
    state.canaryRead = { marker: MARKER, found: false, writtenAt: null, newestWrittenAt: null, checkedAt: at(50), region: DR } as never;

    const result = failoverResult(state);

    expect(result.dataLoss).toEqual({
      measuredSeconds: null,
      objectiveSeconds: 30,
      met: false,
      canaryFound: false,
      detail: 'the marker written 2 s before the switch is missing in the new primary (eu-west-2); it holds no canary row at all',
    });
    expect(result.verdict).toBe('FAILED');
  });

  it('after a failover, estimates the loss from the lag before it, bounded by the canary that survived', () => {
    const item = failoverItem((i) => {
      i.target.mode = 'failover';
    });

    const result = failoverResult(passedState(item));

    expect(result.dataLoss).toEqual({
      measuredSeconds: 0.9,
      objectiveSeconds: 30,
      met: true,
      canaryFound: true,
      detail:
        'estimated from the replication lag before the failover (0.9 s); the marker written 2 s before the switch was found in the new primary (eu-west-2): nothing written before it was lost, so at most 2 s of writes',
    });
  });

  it('names the refused switch and says the rollback found the service where it was', () => {
    const state: State = passedState();
    const item = state.item;
    const rollback = settledRollback(item, 1, false);
    Object.assign(state, {
      failures: { switch: { Error: 'Rds.InvalidGlobalClusterStateFault', Cause: 'Global cluster patients-global is not in a valid state (Service: Rds, Status Code: 400)' } },
      phases: { rollback },
      rollbackReason: 'the switch to the DR region was refused or failed',
      next: { phase: 'rollback', startedAt: at(1) },
      watch: rollback,
    });
    delete (state as Partial<State>).canaryRead;

    const result = failoverResult(state);

    expect(result).toMatchObject({
      verdict: 'FAILED',
      stoppedAt: 'switch',
      loud: false,
      reason:
        'Rolled back: the switch request failed (Rds.InvalidGlobalClusterStateFault: Global cluster patients-global is not in a valid state (Service: Rds, Status Code: 400)); the service is on its primary (eu-west-1)',
      rollback: { settled: true, switchRequested: false, seconds: 1 },
      cutover: null,
    });
  });

  it('is loud when the rollback could not be watched: the last look left the service in London', () => {
    const state: State = passedState();
    const item = state.item;
    // The cutover could not be watched after its first looks; the rollback's watch failed too.
    const rollback = watched(item, 'rollback', 40, [observation(41, onDr())]);
    Object.assign(state, {
      failures: { observe: { Error: 'AccessDeniedException', Cause: lambdaCause('AccessDeniedException', 'not authorized to perform: rds:DescribeGlobalClusters') } },
      phases: {},
      rollbackReason: 'the drill could not observe the switch',
      next: { phase: 'rollback', startedAt: at(40) },
      watch: rollback,
    });
    delete (state as Partial<State>).canaryRead;

    const result = failoverResult(state);

    expect(result).toMatchObject({
      verdict: 'FAILED',
      stoppedAt: 'rollback',
      loud: true,
      reason:
        'NOT ON PRIMARY: the rollback could not be watched to the end (AccessDeniedException: not authorized to perform: rds:DescribeGlobalClusters); writer in eu-west-2, traffic eu-west-2 — act now',
      rollback: { reason: 'the switch could not be watched (AccessDeniedException: not authorized to perform: rds:DescribeGlobalClusters)', settled: false },
    });
  });

  it('gives AWS\'s reason when the routing controls could not be set and traffic never followed the writer (ARC)', () => {
    const item = arcItem();
    const state: State = passedState(item);
    const stuck = (s: number) => observation(s, onDr({ trafficRegion: PRIMARY, trafficAnswer: 'primary control On, DR control Off' }));
    const cutover = watched(item, 'cutover', 0, [stuck(30), stuck(900)]);
    const rollback = settledRollback(item, 901);
    Object.assign(state, {
      phases: { cutover, rollback },
      failures: { routing: { Error: 'RoutingControlError', Cause: lambdaCause('RoutingControlError', 'ValidationException: a safety rule blocks this change') } },
      next: { phase: 'rollback', startedAt: at(901) },
      watch: rollback,
    });
    delete (state as Partial<State>).canaryRead;

    expect(failoverResult(state).reason).toBe(
      'Rolled back: the routing controls still did not send traffic to the DR region after 900 s (primary control On, DR control Off), as setting them failed (RoutingControlError: ValidationException: a safety rule blocks this change); the service is on its primary (eu-west-1)',
    );
  });

  it('names the refused switch back when a rollback could not bring the writer home', () => {
    const state: State = passedState();
    const item = state.item;
    const cutover = watched(item, 'cutover', 0, [observation(900, onDr({ trafficRegion: PRIMARY }))]);
    const rollback = watched(item, 'rollback', 901, [observation(902, onDr()), observation(4501, onDr())]);
    Object.assign(state, {
      phases: { cutover, rollback },
      failures: { switchBack: { Error: 'Rds.InvalidDBClusterStateFault', Cause: 'Cluster patients-db is not in available state' } },
      next: { phase: 'rollback', startedAt: at(901) },
      watch: rollback,
    });
    delete (state as Partial<State>).canaryRead;

    expect(failoverResult(state).reason).toBe(
      'NOT ON PRIMARY: rollback did not settle in 3600 s; the switch back was refused (Rds.InvalidDBClusterStateFault: Cluster patients-db is not in available state); writer in eu-west-2, traffic eu-west-2 — act now',
    );
  });

  describe('before the switch: nothing was changed', () => {
    function stateBefore(step: 'preflight' | 'approval' | 'canary'): State {
      const state: State = passedState();
      for (const key of ['phases', 'next', 'canaryRead', 'watch', 'observed', 'canaryWrite'] as const) delete (state as Partial<State>)[key];
      state.phases = {} as never;
      if (step === 'preflight') delete (state as Partial<State>).approval;
      return state;
    }

    it('is NOT_RUN when preflight refused, naming its reasons, quiet when the service is on its primary', () => {
      const state = stateBefore('preflight');
      state.preflight = preflight({ ok: false, reasons: ['replication lag 45.0 s is over the RPO objective 30 s'], replicationLagMs: 45_000 });

      const result = failoverResult(state);

      expect(result).toMatchObject({
        verdict: 'NOT_RUN',
        stoppedAt: 'preflight',
        loud: false,
        reason: 'Not run: preflight refused (replication lag 45.0 s is over the RPO objective 30 s); nothing was changed, the service is on its primary (eu-west-1)',
        approval: { outcome: 'unknown', by: null, at: null },
        cutover: null,
        failback: null,
        rollback: null,
        replicationLag: { measuredSeconds: 45, met: false },
        dataLoss: { measuredSeconds: null, met: false, canaryFound: null, detail: 'not measured: the canary marker was not written' },
      });
      expect(result.timeline).toEqual([{ step: 'preflight checked', at: at(-40) }]);
    });

    it('is NOT_RUN but loud when preflight found the service already off its primary', () => {
      const state = stateBefore('preflight');
      const reasons = [
        'the primary cluster patients-db (eu-west-1) is not the writer: the writer is patients-db-london (eu-west-2)',
        'Route 53 answers patients-eu-west-2.nhs-platform.example.uk for patients.nhs-platform.example.uk, not the primary\'s patients-eu-west-1.nhs-platform.example.uk: traffic is not on the primary',
        'the global database is modifying, not available',
      ];
      state.preflight = preflight({ ok: false, reasons, writerRegion: DR, trafficRegion: DR });

      const result = failoverResult(state);

      expect(result).toMatchObject({ verdict: 'NOT_RUN', loud: true, service: { onPrimary: false, writerRegion: DR, trafficRegion: DR } });
      expect(result.reason).toBe(
        `Not run: preflight refused (${reasons[0]}; ${reasons[1]}; +1 more); nothing was changed, but the service is NOT on its primary: writer in eu-west-2, traffic eu-west-2 — act now`,
      );
    });

    it('is NOT_RUN when the approver rejected it, or nobody approved in time', () => {
      const rejected = stateBefore('approval');
      rejected.approval = { outcome: 'rejected', by: 'dr-lead@nhs-platform.example.uk', at: at(-10) } as never;
      const timedOut = stateBefore('approval');
      timedOut.approval = { outcome: 'timed-out', by: null, at: at(-10) } as never;

      expect(failoverResult(rejected)).toMatchObject({
        verdict: 'NOT_RUN',
        stoppedAt: 'approval',
        loud: false,
        reason: 'Not run: approval was rejected (dr-lead@nhs-platform.example.uk); nothing was changed, the service is on its primary (eu-west-1)',
      });
      expect(failoverResult(timedOut)).toMatchObject({
        verdict: 'NOT_RUN',
        stoppedAt: 'approval',
        reason: 'Not run: nobody approved within 60 min; nothing was changed, the service is on its primary (eu-west-1)',
      });
    });

    it('fails, quietly, when the canary could not be written: the switch was never requested', () => {
      const state = stateBefore('canary');
      state.failures = { canary: { Error: 'CanaryWriteError', Cause: lambdaCause('CanaryWriteError', 'permission denied for table dr_drill_canary') } };

      expect(failoverResult(state)).toMatchObject({
        verdict: 'FAILED',
        stoppedAt: 'canary',
        loud: false,
        reason: 'Stopped before the switch: CanaryWriteError: permission denied for table dr_drill_canary; nothing was changed, the service is on its primary (eu-west-1)',
      });
    });

    it('fails when preflight itself could not run, without claiming to know where the service is', () => {
      const state = stateBefore('preflight');
      delete (state as Partial<State>).preflight;
      state.failures = { preflight: { Error: 'States.TaskFailed', Cause: 'Lambda timed out' } };

      expect(failoverResult(state)).toMatchObject({
        verdict: 'FAILED',
        stoppedAt: 'preflight',
        loud: false,
        reason: 'Preflight could not run (States.TaskFailed: Lambda timed out); nothing was changed',
        service: { writerRegion: null, trafficRegion: null, onPrimary: false, summary: 'in a state nobody observed' },
        preflight: null,
      });
    });
  });

  it('says nobody needed to approve an unattended plan', () => {
    const item = failoverItem((i) => {
      i.settings.approvalRequired = false;
      i.settings.approvedBy = 'plan (unattended: true)';
    });
    const state: State = passedState(item);
    delete (state as Partial<State>).approval;

    expect(failoverResult(state).approval).toEqual({ outcome: 'not-required', by: 'plan (unattended: true)', at: null });
  });

  it('refuses a state without the failover item as BadPayloadError, recording nothing', async () => {
    const store = { putFailoverResult: jest.fn(async () => undefined) };

    const run = evaluateFailover({ phases: {} }, store);

    await expect(run).rejects.toMatchObject({ name: 'BadPayloadError' });
    expect(store.putFailoverResult).not.toHaveBeenCalled();
  });
});
