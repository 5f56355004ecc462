// The failover drill's cost: what Evaluate Failover records it ran (failoverUsage), and how the estimate prices it
// (priceFailover through estimateDrillCost): every line from what the drill measured, every reason a part cannot be
// priced, and the constants the estimate shares with serverless.yml and the state machine held equal to them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { estimateDrillCost } from '../../lib/cost/estimate';
import { FAILOVER_LAMBDA_ARCHITECTURE, FAILOVER_LAMBDA_MEMORY_MB } from '../../lib/cost/failover-estimate';
import { failoverUsage, LAG_METRICS_REQUESTED, WATCH_SECONDS, type FailoverUsage } from '../../lib/cost/failover-usage';
import { PRICE_TABLE } from '../../lib/cost/prices';
import type { FailoverItem, FailoverPreflight, FailoverResult, Watch } from '../../lib/failover/contracts';
import { foldObservation, startWatch } from '../../lib/failover/observe';
import { LAG_METRICS } from '../../lib/failover/replication-lag';
import type { FailoverRun } from '../../lib/failover/verdict';
import { passedFailover } from './failover-result-fixtures';
import { DR, DR_CLUSTER_ARN, PRIMARY, PRIMARY_CLUSTER_ARN, arcItem, at, failoverItem, observation, onDr } from './functions/failover-fixtures';

const ROOT = join(__dirname, '..', '..');

const preflight = (ok = true): FailoverPreflight => ({
  ok,
  reasons: ok ? [] : ['replication lag 45 s is over the RPO objective (30 s)'],
  checkedAt: at(-60),
  writerRegion: PRIMARY,
  members: [
    { clusterArn: PRIMARY_CLUSTER_ARN, region: PRIMARY, isWriter: true },
    { clusterArn: DR_CLUSTER_ARN, region: DR, isWriter: false },
  ],
  replicationLagMs: 800,
  replicationLagMetric: 'AuroraGlobalDBRPOLag',
  healthAnswer: 'HTTP 200',
  trafficRegion: PRIMARY,
});

/** A watch of `looks` probes 5 s apart from `from`, as Observe Failover returns it after `invocations` calls. */
function watched(item: FailoverItem, phase: 'cutover' | 'failback' | 'rollback', from: number, looks: number, tally?: { invocations: number; busySeconds: number }): Watch {
  let w = startWatch(item, phase, at(from));
  for (let i = 1; i <= looks; i += 1) w = foldObservation(w, observation(from + i * 5, phase === 'cutover' && i === looks ? onDr() : {}), item);
  return tally ? { ...w, ...tally } : w;
}

function passedRun(item = failoverItem()): FailoverRun {
  return {
    item,
    preflight: preflight(),
    approval: { outcome: 'approved', by: 'priya@oncall-7', at: at(-30) },
    canaryWrite: { marker: 'drill-d1', writtenAt: at(-1), region: PRIMARY },
    canaryRead: { marker: 'drill-d1', found: true, writtenAt: at(-1), newestWrittenAt: at(-1), checkedAt: at(130), region: DR },
    phases: {
      cutover: watched(item, 'cutover', 0, 24, { invocations: 2, busySeconds: 120.5 }),
      failback: watched(item, 'failback', 800, 12, { invocations: 1, busySeconds: 60 }),
    },
    switchAttempted: true,
    rollbackStarted: false,
    failures: {},
  };
}

const withUsage = (usage: FailoverUsage, change: Partial<FailoverResult> = {}): FailoverResult => ({ ...passedFailover(), usage, ...change });
const estimate = (failover: FailoverResult[], region = 'eu-west-2') => estimateDrillCost({ targets: [], region, failover });

describe('failoverUsage: what the failover drill ran, from what its execution holds', () => {
  it('counts a passed switchover: every function invoked, Observe Failover as the watches tallied it, looks, probes, the canary and where it is replicated', () => {
    const usage = failoverUsage(passedRun());

    expect(usage).toEqual({
      mode: 'switchover',
      switched: true,
      trafficFrom: 'route53',
      observe: { invocations: 3, seconds: 180.5, counted: true },
      invocations: { 'Failover Preflight': 1, 'Request Approval': 1, 'Failover Canary': 2, 'Evaluate Failover': 1 },
      looks: 36,
      probes: 36,
      metricsRequested: 2,
      routingChanges: 0,
      canaryWrites: 1,
      replicatedTo: [DR],
      // The path a passed switchover takes through failover-target.asl.yml, state by state: Initialise, Preflight,
      // Preflight Passed? (3); Approval Needed?, Wait For Approval, Approved (3); Write Canary to the switch (5);
      // three states per Observe invocation (9) and each phase's Record (2); Read Canary In DR, Canary Survived? (2);
      // Soak to the switch back (4); Evaluate Failover, Recorded (2); the parent's Map iteration (3).
      transitions: 3 + 3 + 5 + 9 + 2 + 2 + 4 + 2 + 3,
    });
  });

  it("works out Observe Failover's invocations from a watch's first and last look when the watch kept no tally, and says so", () => {
    const run = passedRun();
    run.phases = { cutover: watched(run.item, 'cutover', 0, 30) };

    // 150 s from the switch call to the last look: at most a minute an invocation, so three.
    expect(failoverUsage(run).observe).toEqual({ invocations: 3, seconds: 150, counted: false });
  });

  it('counts only the preflight, the evaluation and their path when preflight refused: nothing was switched or watched', () => {
    const usage = failoverUsage({
      ...passedRun(),
      preflight: preflight(false),
      approval: { outcome: 'unknown', by: null, at: null },
      canaryWrite: undefined,
      canaryRead: undefined,
      phases: {},
      switchAttempted: false,
    });

    expect(usage).toMatchObject({
      observe: { invocations: 0, seconds: 0 },
      invocations: { 'Failover Preflight': 1, 'Evaluate Failover': 1 },
      looks: 0,
      probes: 0,
      canaryWrites: 0,
      transitions: 3 + 2 + 3,
    });
  });

  it('counts the routing-control changes of an ARC target and the Set Routing Controls invocations that made them', () => {
    const item = arcItem();
    const run = passedRun(item);
    run.phases = {
      cutover: { ...watched(item, 'cutover', 0, 24, { invocations: 3, busySeconds: 121 }), routingSetAt: at(60) },
      failback: { ...watched(item, 'failback', 800, 12, { invocations: 2, busySeconds: 61 }), routingSetAt: at(830) },
    };

    const usage = failoverUsage(run);

    expect(usage).toMatchObject({ trafficFrom: 'arc', routingChanges: 2, invocations: expect.objectContaining({ 'Set Routing Controls': 2 }) });
  });

  it('adds the rollback path and the canary wait of an unplanned failover', () => {
    const item = failoverItem((i) => {
      i.target.mode = 'failover';
    });
    const run: FailoverRun = { ...passedRun(item), canaryRead: undefined, rollbackStarted: true, failures: { prove: { Error: 'CanaryUnreadable' } } };
    run.phases = { cutover: watched(item, 'cutover', 0, 24, { invocations: 2, busySeconds: 120 }), rollback: watched(item, 'rollback', 200, 12, { invocations: 1, busySeconds: 60 }) };

    // Start and end (5), approval (3), the switch with Let The Canary Age (6), Observe (9) and two Records (2), the
    // failed read (2), the rollback (4), the parent's share (3).
    expect(failoverUsage(run)).toMatchObject({ mode: 'failover', transitions: 5 + 3 + 6 + 9 + 2 + 2 + 4 + 3, invocations: expect.objectContaining({ 'Failover Canary': 2 }) });

    // A rollback that had to ask for the switch back adds Mark Switch Back and Switch Back To Primary.
    run.phases.rollback = { ...run.phases.rollback!, switchRequestedAt: at(210) };
    expect(failoverUsage(run).transitions).toBe(5 + 3 + 6 + 9 + 2 + 2 + 4 + 2 + 3);
  });
});

describe('priceFailover: the failover lines of the estimate', () => {
  const usage = failoverUsage(passedRun());

  it("prices the Lambda requests, Observe Failover's GB-seconds, the transitions and the CloudWatch read, for the target, at the table's prices", () => {
    const cost = estimate([withUsage(usage)]);
    const lines = cost.lines.filter((l) => l.targetId === 'patients-global');
    const byKey = Object.fromEntries(lines.map((l) => [l.price, l]));

    expect(Object.keys(byKey)).toEqual(['lambda.request', 'lambda.arm.gb-second', 'step-functions.transition', 'cloudwatch.metric-requested']);
    expect(byKey['lambda.request']).toMatchObject({ quantity: 3 + 5, unit: 'requests', unitUsd: 0.0000002 });
    expect(byKey['lambda.request']!.what).toBe('Lambda requests of the failover drill (Observe Failover 3, Failover Preflight 1, Request Approval 1, Failover Canary 2, Evaluate Failover 1)');
    // 180.5 s at 512 MB.
    expect(byKey['lambda.arm.gb-second']).toMatchObject({ quantity: 90.25, unit: 'GB-seconds', usd: 0.001203, checked: false });
    expect(byKey['step-functions.transition']).toMatchObject({ quantity: usage.transitions, checked: true });
    expect(byKey['cloudwatch.metric-requested']).toMatchObject({ quantity: 2, unit: 'metrics' });
    // The total is the sum of the lines: the drill's own transitions and the failover's.
    expect(cost.totalUsd).toBeCloseTo(cost.lines.reduce((s, l) => s + l.usd, 0), 6);
  });

  it('names every part it cannot price with the reason, never a zero: durations not recorded, the replicated canary, standing costs, the probes', () => {
    const cost = estimate([withUsage(usage)]);
    const reasons = cost.notEstimated.filter((n) => n.targetId === 'patients-global');

    expect(reasons.map((n) => n.what)).toEqual([
      'Lambda duration of the other 5 invocations (Failover Preflight, Request Approval, Failover Canary, Evaluate Failover)',
      'the canary row replicated to eu-west-2 (Aurora Global Database replicated write I/Os and cross-region data transfer)',
      'the global database patients-global during the drill (its switchovers)',
      '36 Route 53 TestDNSAnswer calls',
      '36 probes of the health URL',
    ]);
    expect(reasons.find((n) => n.what.startsWith('the global database'))!.why).toMatch(/^a standing cost, not the drill's/);
    expect(reasons.find((n) => n.what.includes('canary'))!.why).toMatch(/it reports neither per statement/);
    expect(cost.lines.every((l) => l.usd > 0)).toBe(true);
  });

  it("says an ARC cluster's reads and changes are a standing cost, and that a failover's recovery of the old primary is not reported", () => {
    const arc = { ...usage, trafficFrom: 'arc' as const, routingChanges: 2, mode: 'failover' as const };
    const whats = estimate([withUsage(arc)]).notEstimated.map((n) => n.what);

    expect(whats).toContain('36 routing-control reads and 2 routing-control changes on the ARC cluster');
    expect(whats).toContain('what bringing the old primary back as a secondary after the failover copies or keeps');
    expect(whats).toContain('the global database patients-global during the drill (its failover and switch back)');
  });

  it('prices no Observe Failover duration when preflight refused, and names no switch, traffic reads or probes that did not happen', () => {
    const refused = failoverUsage({ ...passedRun(), preflight: preflight(false), canaryWrite: undefined, canaryRead: undefined, phases: {}, switchAttempted: false });
    const cost = estimate([withUsage(refused)]);

    // Preflight still read the replication lags.
    expect(cost.lines.filter((l) => l.targetId === 'patients-global').map((l) => l.price)).toEqual(['lambda.request', 'step-functions.transition', 'cloudwatch.metric-requested']);
    expect(cost.notEstimated.filter((n) => n.targetId === 'patients-global').map((n) => n.what)).toEqual([
      'Lambda duration of the other 2 invocations (Failover Preflight, Evaluate Failover)',
    ]);
  });

  it('gives a "not estimated" line for a result recorded before estimates, and for a region the table has no price for', () => {
    const { usage: _none, ...old } = withUsage(usage);
    expect(estimate([old]).notEstimated).toContainEqual({ targetId: 'patients-global', what: 'what its failover drill ran', why: 'its result records no usage (recorded before cost estimates)' });

    const melbourne = estimate([withUsage(usage)], 'ap-southeast-4');
    expect(melbourne.lines).toEqual([]);
    expect(melbourne.notEstimated.find((n) => n.what.startsWith('Lambda requests'))!.why).toBe(`no list price for lambda.request in ap-southeast-4 in the price table of ${PRICE_TABLE.readOn}`);
  });
});

describe('the constants the failover estimate shares with the stack', () => {
  it('prices the memory and architecture serverless.yml gives the failover functions, which none of them overrides', () => {
    const sls = parse(readFileSync(join(ROOT, 'serverless.yml'), 'utf8')) as {
      provider: { memorySize: number; architecture: string };
      functions: Record<string, { memorySize?: number; architecture?: string }>;
    };
    expect(sls.provider).toMatchObject({ memorySize: FAILOVER_LAMBDA_MEMORY_MB, architecture: FAILOVER_LAMBDA_ARCHITECTURE });
    for (const fn of ['failoverPreflight', 'requestApproval', 'failoverCanary', 'observeFailover', 'setRoutingControls', 'evaluateFailover']) {
      expect(sls.functions[fn]).toBeDefined();
      expect([fn, sls.functions[fn]!.memorySize, sls.functions[fn]!.architecture]).toEqual([fn, undefined, undefined]);
    }
  });

  it("has every price the failover part names for the examples' regions", () => {
    for (const region of ['eu-west-1', 'eu-west-2', 'eu-central-1', 'ap-southeast-2']) {
      const cost = estimate([withUsage(failoverUsage(passedRun()))], region);
      expect([region, cost.lines.filter((l) => l.targetId === 'patients-global').map((l) => l.price)]).toEqual([
        region,
        ['lambda.request', 'lambda.arm.gb-second', 'step-functions.transition', 'cloudwatch.metric-requested'],
      ]);
    }
  });

  it("counts the metrics preflight asks for, and the state machine's watch length", () => {
    expect(LAG_METRICS_REQUESTED).toBe(LAG_METRICS.length);
    const asl = readFileSync(join(ROOT, 'statemachines', 'failover-target.asl.yml'), 'utf8');
    const watchSeconds = [...asl.matchAll(/watchSeconds: (\d+)/g)].map((m) => Number(m[1]));
    expect(watchSeconds.length).toBeGreaterThanOrEqual(2);
    expect(new Set(watchSeconds)).toEqual(new Set([WATCH_SECONDS]));
  });
});
