// The observe loop's rules: what a watch looks toward, when a phase is settled, late, or needs the drill to act.
import { applyRequests, foldObservation, startWatch, whyNotSettled } from '../../lib/failover/observe';
import type { Observation, Watch } from '../../lib/failover/contracts';
import {
  DR,
  DR_CLUSTER_ARN,
  PRIMARY,
  PRIMARY_CLUSTER_ARN,
  arcItem,
  at,
  failoverItem,
  observation,
  onDr,
} from './functions/failover-fixtures';

const item = failoverItem();

function watchThrough(start: Watch, looks: Observation[], it = item): Watch {
  return looks.reduce((w, o) => foldObservation(w, o, it), start);
}

describe('startWatch', () => {
  it('watches the cutover toward the DR cluster, from the switch call, until the switch timeout', () => {
    expect(startWatch(item, 'cutover', at(0))).toEqual({
      phase: 'cutover',
      towardRegion: DR,
      towardClusterArn: DR_CLUSTER_ARN,
      startedAt: at(0),
      switchRequestedAt: at(0),
      deadlineAt: at(900),
      writerAt: null,
      trafficAt: null,
      routingSetAt: null,
      series: { segments: [], probes: 0, maxGapMs: 0 },
      observations: 0,
      last: null,
      settled: false,
      timedOut: false,
      needsSwitch: false,
      needsRouting: false,
    });
  });

  it('watches the failback toward the primary with the switch timeout', () => {
    expect(startWatch(item, 'failback', at(0))).toMatchObject({ towardRegion: PRIMARY, towardClusterArn: PRIMARY_CLUSTER_ARN, switchRequestedAt: at(0), deadlineAt: at(900) });
  });

  it('watches a rollback toward the primary with the rollback timeout and no switch requested yet', () => {
    expect(startWatch(item, 'rollback', at(0))).toMatchObject({ towardRegion: PRIMARY, switchRequestedAt: null, deadlineAt: at(3600) });
  });
});

describe('foldObservation', () => {
  it('settles the cutover once writer, traffic and health are all in the DR region, recording when each first moved', () => {
    const w = watchThrough(startWatch(item, 'cutover', at(0)), [
      observation(1, { switchStatus: 'switching-over', healthy: false, healthAnswer: 'HTTP 503' }),
      observation(6, onDr({ trafficRegion: PRIMARY, healthy: false, healthAnswer: 'HTTP 503' })),
      observation(11, onDr({ healthy: false, healthAnswer: 'timeout after 3000 ms' })),
      observation(16, onDr()),
    ]);

    expect(w).toMatchObject({ writerAt: at(6), trafficAt: at(11), observations: 4, settled: true, timedOut: false, needsSwitch: false, needsRouting: false });
    expect(w.last?.at).toBe(at(16));
    expect(w.series.segments.map((s) => [s.ok, s.count])).toEqual([
      [false, 3],
      [true, 1],
    ]);
  });

  it('does not count the writer as moved while a switch is still running, even if AWS already names it writer', () => {
    const w = watchThrough(startWatch(item, 'cutover', at(0)), [observation(5, onDr({ switchStatus: 'switching-over' }))]);

    expect(w).toMatchObject({ writerAt: null, trafficAt: at(5), settled: false });
  });

  it('keeps the first time each was seen when a later look flaps back', () => {
    const w = watchThrough(startWatch(item, 'cutover', at(0)), [
      observation(5, onDr({ healthy: false, healthAnswer: 'HTTP 502' })),
      observation(10, { trafficRegion: PRIMARY }),
      observation(15, onDr({ healthy: false, healthAnswer: 'HTTP 502' })),
    ]);

    expect(w).toMatchObject({ writerAt: at(5), trafficAt: at(5), settled: false });
  });

  it('unsettles when health flaps after a settled look (the state machine reads the newest flags)', () => {
    const w = watchThrough(startWatch(item, 'cutover', at(0)), [observation(5, onDr()), observation(10, onDr({ healthy: false, healthAnswer: 'HTTP 500' }))]);

    expect(w.settled).toBe(false);
  });

  it('times out a stuck switch at its deadline, and not one look before', () => {
    const stuck = (s: number) => observation(s, { switchStatus: 'switching-over' });
    const before = watchThrough(startWatch(item, 'cutover', at(0)), [stuck(5), stuck(899)]);
    const after = foldObservation(before, stuck(900), item);

    expect(before.timedOut).toBe(false);
    expect(after).toMatchObject({ timedOut: true, settled: false, writerAt: null, needsSwitch: false });
    expect(whyNotSettled(after, item)).toBe('the switch was still switching-over after 900 s');
  });

  it('never times out a phase that settled on its last look, even past the deadline', () => {
    const w = watchThrough(startWatch(item, 'cutover', at(0)), [observation(950, onDr())]);

    expect(w).toMatchObject({ settled: true, timedOut: false });
  });

  describe('in a rollback', () => {
    it('asks for the switch back when nothing is switching and the writer is in the DR region', () => {
      const w = watchThrough(startWatch(item, 'rollback', at(0)), [observation(2, onDr())]);

      expect(w.needsSwitch).toBe(true);
    });

    it('does not ask while a switch still runs: it waits for that one to finish', () => {
      const w = watchThrough(startWatch(item, 'rollback', at(0)), [observation(2, onDr({ switchStatus: 'switching-over' }))]);

      expect(w.needsSwitch).toBe(false);
    });

    it('does not ask twice once the state machine says it requested the switch back', () => {
      const started = watchThrough(startWatch(item, 'rollback', at(0)), [observation(2, onDr())]);

      const w = foldObservation(applyRequests(started, { switchRequestedAt: at(3) }), observation(8, onDr()), item);

      expect(w).toMatchObject({ switchRequestedAt: at(3), needsSwitch: false });
    });

    it('asks again when the state machine forgets a refused request (null)', () => {
      const requested = applyRequests(startWatch(item, 'rollback', at(0)), { switchRequestedAt: at(3) });

      const w = foldObservation(applyRequests(requested, { switchRequestedAt: null }), observation(8, onDr()), item);

      expect(w).toMatchObject({ switchRequestedAt: null, needsSwitch: true });
    });

    it('asks again for a refused switch back only a minute after the refusal, not at the next probe', () => {
      const forgotten = applyRequests(startWatch(item, 'rollback', at(0)), { switchRequestedAt: null });

      const soon = foldObservation(forgotten, observation(69, onDr()), item, { switchFailedAt: at(10) });
      const later = foldObservation(soon, observation(70, onDr()), item, { switchFailedAt: at(10) });

      expect(soon.needsSwitch).toBe(false);
      expect(later.needsSwitch).toBe(true);
    });

    it('settles at once when the service never left the primary (a refused switch)', () => {
      const w = watchThrough(startWatch(item, 'rollback', at(0)), [observation(1)]);

      expect(w).toMatchObject({ settled: true, needsSwitch: false, writerAt: at(1), trafficAt: at(1) });
    });

    it('says what is still wrong when it did not settle by the rollback timeout', () => {
      const w = watchThrough(startWatch(item, 'rollback', at(0)), [observation(3600, { trafficRegion: DR, trafficAnswer: 'patients-eu-west-2.nhs-platform.example.uk' })]);

      expect(w.timedOut).toBe(true);
      expect(whyNotSettled(w, item)).toBe('DNS still answered the DR region after 3600 s');
    });
  });

  it('leaves the cutover and failback switch request alone: only a rollback requests its switch later', () => {
    const w = applyRequests(startWatch(item, 'cutover', at(0)), { switchRequestedAt: null, routingSetAt: null });

    expect(w.switchRequestedAt).toBe(at(0));
  });

  describe('with ARC routing controls', () => {
    const arc = arcItem();

    it('asks for the routing controls once the writer moved and traffic has not', () => {
      const w = watchThrough(startWatch(arc, 'cutover', at(0)), [observation(30, onDr({ trafficRegion: PRIMARY, trafficAnswer: 'primary control On, DR control Off' }))], arc);

      expect(w).toMatchObject({ writerAt: at(30), needsRouting: true, settled: false });
    });

    it('does not ask again once the controls were set, nor before the writer moved', () => {
      const notYet = watchThrough(startWatch(arc, 'cutover', at(0)), [observation(5, { switchStatus: 'switching-over' })], arc);
      const set = applyRequests(notYet, { routingSetAt: at(31) });

      const w = foldObservation(set, observation(35, onDr({ trafficRegion: PRIMARY })), arc);

      expect(notYet.needsRouting).toBe(false);
      expect(w).toMatchObject({ routingSetAt: at(31), needsRouting: false });
    });

    it('asks again for refused routing controls only a minute after the refusal', () => {
      const moved = onDr({ trafficRegion: PRIMARY, trafficAnswer: 'primary control On, DR control Off' });

      const soon = foldObservation(startWatch(arc, 'cutover', at(0)), observation(89, moved), arc, { routingFailedAt: at(30) });
      const later = foldObservation(soon, observation(90, moved), arc, { routingFailedAt: at(30) });

      expect(soon.needsRouting).toBe(false);
      expect(later.needsRouting).toBe(true);
    });

    it('never asks for routing controls on a DNS target', () => {
      const w = watchThrough(startWatch(item, 'cutover', at(0)), [observation(30, onDr({ trafficRegion: PRIMARY }))]);

      expect(w.needsRouting).toBe(false);
    });
  });
});

describe('whyNotSettled', () => {
  it('names the writer that did not move', () => {
    const w = watchThrough(startWatch(item, 'cutover', at(0)), [observation(900)]);

    expect(whyNotSettled(w, item)).toBe('the DR cluster (eu-west-2) was not the writer after 900 s (writer: eu-west-1)');
  });

  it('names the DNS answer that did not move', () => {
    const w = watchThrough(startWatch(item, 'cutover', at(0)), [observation(900, onDr({ trafficRegion: PRIMARY }))]);

    expect(whyNotSettled(w, item)).toBe('DNS still answered the primary after 900 s');
  });

  it('names the health answer when only health is missing', () => {
    const w = watchThrough(startWatch(item, 'cutover', at(0)), [observation(120, onDr({ healthy: false, healthAnswer: 'HTTP 503' }))]);

    expect(whyNotSettled(w, item)).toBe('the health URL still failed (HTTP 503) after 120 s');
  });
});
