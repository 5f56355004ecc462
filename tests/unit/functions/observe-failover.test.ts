import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { DescribeGlobalClustersCommand, RDSClient, RDSServiceException, type FailoverStatus } from '@aws-sdk/client-rds';
import { Route53Client, TestDNSAnswerCommand } from '@aws-sdk/client-route-53';
import {
  EndpointTemporarilyUnavailableException,
  GetRoutingControlStateCommand,
  Route53RecoveryClusterClient,
} from '@aws-sdk/client-route53-recovery-cluster';
import { observeFailover } from '../../../functions/observe-failover/observe-failover';
import type { Watch } from '../../../lib/failover/contracts';
import type { DnsResolver } from '../../../lib/failover/ports';
import { regionsOf } from './fixtures';
import {
  DR,
  DR_ANSWER,
  DR_CLUSTER_ARN,
  DR_CONTROL,
  GLOBAL_ID,
  HEALTH_URL,
  PRIMARY,
  PRIMARY_ANSWER,
  PRIMARY_CLUSTER_ARN,
  PRIMARY_CONTROL,
  arcItem,
  at,
  failoverDeps,
  failoverItem,
  scriptedHttp,
} from './failover-fixtures';

const rds = mockClient(RDSClient);
const route53 = mockClient(Route53Client);
const arc = mockClient(Route53RecoveryClusterClient);

/** The global database as DescribeGlobalClusters shows it with `writer` writing (and a switch running if named). */
function writerIs(writer: 'primary' | 'dr', switching?: string) {
  return {
    GlobalClusters: [
      {
        GlobalClusterIdentifier: GLOBAL_ID,
        Status: 'available',
        GlobalClusterMembers: [
          { DBClusterArn: PRIMARY_CLUSTER_ARN, IsWriter: writer === 'primary' },
          { DBClusterArn: DR_CLUSTER_ARN, IsWriter: writer === 'dr' },
        ],
        // AWS documents switching-over; the SDK's FailoverStatus type does not list it yet.
        ...(switching ? { FailoverState: { Status: switching as FailoverStatus, FromDbClusterArn: PRIMARY_CLUSTER_ARN, ToDbClusterArn: DR_CLUSTER_ARN } } : {}),
      },
    ],
  };
}
const dnsAnswers = (answer: string) => ({ RecordData: [answer], ResponseCode: 'NOERROR' });

beforeEach(() => {
  for (const mock of [rds, route53, arc]) mock.reset();
  rds.on(DescribeGlobalClustersCommand).resolves(writerIs('primary', 'switching-over'));
  route53.on(TestDNSAnswerCommand).resolves(dnsAnswers(PRIMARY_ANSWER));
});

describe('observeFailover (Observe Failover)', () => {
  it('begins the cutover watch on its first call and folds in one look at writer, switch, DNS and health', async () => {
    const http = scriptedHttp([503]);

    const watch = await observeFailover({ item: failoverItem(), phase: 'cutover', startedAt: at(0) }, failoverDeps([at(1)], { http }));

    expect(watch).toMatchObject({
      phase: 'cutover',
      towardRegion: DR,
      startedAt: at(0),
      deadlineAt: at(900),
      observations: 1,
      settled: false,
      timedOut: false,
      last: {
        at: at(1),
        writerRegion: PRIMARY,
        switchStatus: 'switching-over',
        trafficRegion: PRIMARY,
        trafficAnswer: PRIMARY_ANSWER,
        healthy: false,
        healthAnswer: 'HTTP 503',
      },
      series: { probes: 1, segments: [{ ok: false, firstAt: at(1), lastAt: at(1), count: 1, lastAnswer: 'HTTP 503' }] },
    });
    // One look: one call of each, in the DR region, and one probe no longer than 3 s.
    expect(rds).toHaveReceivedCommandTimes(DescribeGlobalClustersCommand, 1);
    expect(route53).toHaveReceivedCommandTimes(TestDNSAnswerCommand, 1);
    expect(await regionsOf([...rds.calls(), ...route53.calls()])).toEqual([DR, DR]);
    expect(http.mock.calls).toEqual([[HEALTH_URL, { timeoutMs: 3000 }]]);
  });

  it('continues the watch it is given, settling when writer, DNS and health are all in London', async () => {
    const deps = failoverDeps([at(1), at(6)]);
    const first = await observeFailover({ item: failoverItem(), phase: 'cutover', startedAt: at(0) }, deps);
    rds.on(DescribeGlobalClustersCommand).resolves(writerIs('dr'));
    route53.on(TestDNSAnswerCommand).resolves(dnsAnswers(`${DR_ANSWER.toUpperCase()}.`));

    const watch = await observeFailover({ item: failoverItem(), phase: 'cutover', startedAt: at(0), watch: first, routingSetAt: null, switchRequestedAt: null }, deps);

    expect(watch).toMatchObject({ observations: 2, writerAt: at(6), trafficAt: at(6), settled: true, switchRequestedAt: at(0) });
  });

  it('keeps the probe within the interval between looks when that is under 3 s', async () => {
    const http = scriptedHttp([200]);
    const item = failoverItem((i) => {
      i.settings.probeIntervalSeconds = 2;
    });

    await observeFailover({ item, phase: 'cutover', startedAt: at(0) }, failoverDeps([at(1)], { http }));

    expect(http.mock.calls[0]?.[1]).toEqual({ timeoutMs: 2000 });
  });

  it('records a health URL that does not answer as a failed probe, not as an error', async () => {
    const http = scriptedHttp([Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' })]);

    const watch = await observeFailover({ item: failoverItem(), phase: 'cutover', startedAt: at(0) }, failoverDeps([at(1)], { http }));

    expect(watch.last).toMatchObject({ healthy: false, healthAnswer: 'timeout after 3000 ms' });
  });

  it('records the switch back the state machine requested during a rollback, so it is not asked for twice', async () => {
    rds.on(DescribeGlobalClustersCommand).resolves(writerIs('dr'));
    const deps = failoverDeps([at(2), at(8)]);
    const first = await observeFailover({ item: failoverItem(), phase: 'rollback', startedAt: at(0) }, deps);

    const watch = await observeFailover({ item: failoverItem(), phase: 'rollback', startedAt: at(0), watch: first, switchRequestedAt: at(3), routingSetAt: null }, deps);

    expect(first.needsSwitch).toBe(true);
    expect(watch).toMatchObject({ switchRequestedAt: at(3), needsSwitch: false });
  });

  it('throws TransientAwsError when AWS throttles, so the state machine looks again', async () => {
    rds.on(DescribeGlobalClustersCommand).rejects(new RDSServiceException({ name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'Rate exceeded' }));

    const run = observeFailover({ item: failoverItem(), phase: 'cutover', startedAt: at(0) }, failoverDeps([at(1)]));

    await expect(run).rejects.toMatchObject({ name: 'TransientAwsError', message: 'ThrottlingException: Rate exceeded' });
  });

  it('passes a denied call on under its own name: not retried', async () => {
    route53.on(TestDNSAnswerCommand).rejects(Object.assign(new Error('not authorized to perform: route53:TestDNSAnswer'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));

    const run = observeFailover({ item: failoverItem(), phase: 'cutover', startedAt: at(0) }, failoverDeps([at(1)]));

    await expect(run).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  describe('a record in a private hosted zone, read from inside the VPC', () => {
    const privateItem = () =>
      failoverItem((i) => {
        i.target.dns = { ...i.target.dns!, zone: 'private', measureFrom: 'vpc' };
      });

    it('reads where traffic goes through the VPC\'s resolver, with the TTL it still caches the answer for', async () => {
      const lookups: string[] = [];
      const dns: DnsResolver = async (name, type) => {
        lookups.push(`${type} ${name}`);
        return { records: ['10.20.1.15'], ttlSeconds: 37, responseCode: 'NOERROR' };
      };
      const item = failoverItem((i) => {
        i.target.dns = { ...i.target.dns!, zone: 'private', measureFrom: 'vpc', recordType: 'A', primaryAnswer: '10.20.1.15', drAnswer: '10.30.1.15' };
      });

      const watch = await observeFailover({ item, phase: 'cutover', startedAt: at(0) }, failoverDeps([at(1)], { dns }));

      expect(watch.last).toMatchObject({ trafficRegion: PRIMARY, trafficAnswer: '10.20.1.15 (TTL 37 s)' });
      expect(lookups).toEqual(['A patients.nhs-platform.example.uk']);
      expect(route53).not.toHaveReceivedCommand(TestDNSAnswerCommand);
    });

    it('throws DnsObserverNotInVpcError when it runs outside any VPC: never a guess from outside', async () => {
      const run = observeFailover({ item: privateItem(), phase: 'cutover', startedAt: at(0) }, failoverDeps([at(1)]));

      await expect(run).rejects.toMatchObject({ name: 'DnsObserverNotInVpcError', message: expect.stringContaining('dnsObserverVpc in config/<stage>.yml') });
      expect(route53).not.toHaveReceivedCommand(TestDNSAnswerCommand);
    });
  });

  it('refuses a watch of another phase than the event names', async () => {
    const watch = (await observeFailover({ item: failoverItem(), phase: 'cutover', startedAt: at(0) }, failoverDeps([at(1)]))) as Watch;

    const run = observeFailover({ item: failoverItem(), phase: 'failback', startedAt: at(0), watch }, failoverDeps([at(6)]));

    await expect(run).rejects.toMatchObject({ name: 'BadPayloadError' });
  });

  describe('looking for up to watchSeconds (one invocation, many probes)', () => {
    /** A clock the function reads and sleeps on, starting at T0 + `seconds`. */
    function virtualClock(seconds: number) {
      let now = Date.parse(at(seconds));
      return { now: () => new Date(now), sleep: jest.fn(async (ms: number) => void (now += ms)) };
    }

    it('probes every probeIntervalSeconds until the time is up, keeping every look in the watch', async () => {
      const clock = virtualClock(1);
      const http = scriptedHttp([503]);

      const watch = await observeFailover({ item: failoverItem(), phase: 'cutover', startedAt: at(0), watchSeconds: 60 }, failoverDeps(undefined, { ...clock, http }));

      // Looks at 1, 6, ... 56 s: the next (61 s) would be past the minute.
      expect(watch).toMatchObject({ observations: 12, settled: false, timedOut: false, series: { probes: 12, maxGapMs: 5000 } });
      expect(watch.last?.at).toBe(at(56));
      expect(http).toHaveBeenCalledTimes(12);
      expect(rds.commandCalls(DescribeGlobalClustersCommand)).toHaveLength(12);
    });

    it('comes back at the look that settles the phase, without waiting out the minute', async () => {
      const clock = virtualClock(1);
      rds.on(DescribeGlobalClustersCommand).resolvesOnce(writerIs('primary', 'switching-over')).resolvesOnce(writerIs('primary', 'switching-over')).resolves(writerIs('dr'));
      route53.on(TestDNSAnswerCommand).resolves(dnsAnswers(DR_ANSWER));

      const watch = await observeFailover({ item: failoverItem(), phase: 'cutover', startedAt: at(0), watchSeconds: 60 }, failoverDeps(undefined, { ...clock, http: scriptedHttp([200]) }));

      expect(watch).toMatchObject({ settled: true, observations: 3, writerAt: at(11) });
    });

    it('continues a watch at the plan cadence: the first look is an interval after the last one', async () => {
      const first = await observeFailover({ item: failoverItem(), phase: 'cutover', startedAt: at(0) }, failoverDeps([at(1)]));
      const clock = virtualClock(2);

      const watch = await observeFailover({ item: failoverItem(), phase: 'cutover', startedAt: at(0), watch: first, watchSeconds: 60 }, failoverDeps(undefined, clock));

      expect(clock.sleep.mock.calls[0]).toEqual([4000]);
      expect(watch.series.maxGapMs).toBe(5000);
    });

    it('comes back as soon as the drill must act (routing controls), and not again within a minute of a refusal', async () => {
      rds.on(DescribeGlobalClustersCommand).resolves(writerIs('dr'));
      arc.on(GetRoutingControlStateCommand, { RoutingControlArn: PRIMARY_CONTROL }).resolves({ RoutingControlState: 'On' });
      arc.on(GetRoutingControlStateCommand, { RoutingControlArn: DR_CONTROL }).resolves({ RoutingControlState: 'Off' });

      const asks = await observeFailover({ item: arcItem(), phase: 'cutover', startedAt: at(0), watchSeconds: 60 }, failoverDeps(undefined, virtualClock(31)));
      const refused = await observeFailover(
        { item: arcItem(), phase: 'cutover', startedAt: at(0), watch: asks, routingSetAt: null, routingFailedAt: at(32), watchSeconds: 60 },
        failoverDeps(undefined, virtualClock(33)),
      );

      expect(asks).toMatchObject({ needsRouting: true, observations: 1 });
      // Looks at 36, 41, ... 91 s; routing is due again from 92 s (a minute after the refusal), after this minute.
      expect(refused).toMatchObject({ needsRouting: false, observations: 13 });
      expect(refused.last?.at).toBe(at(91));
    });

    it('needs a way to sleep when told to look for more than one probe', async () => {
      await expect(observeFailover({ item: failoverItem(), phase: 'cutover', startedAt: at(0), watchSeconds: 60 }, failoverDeps([at(1)]))).rejects.toThrow(/no sleep/);
    });
  });

  describe('with ARC routing controls', () => {
    it('reads where traffic goes from the routing controls and asks for them once the writer moved', async () => {
      rds.on(DescribeGlobalClustersCommand).resolves(writerIs('dr'));
      arc.on(GetRoutingControlStateCommand, { RoutingControlArn: PRIMARY_CONTROL }).resolves({ RoutingControlState: 'On' });
      arc.on(GetRoutingControlStateCommand, { RoutingControlArn: DR_CONTROL }).resolves({ RoutingControlState: 'Off' });

      const watch = await observeFailover({ item: arcItem(), phase: 'cutover', startedAt: at(0) }, failoverDeps([at(31)]));

      expect(watch).toMatchObject({ needsRouting: true, last: { trafficRegion: PRIMARY, trafficAnswer: 'primary control On, DR control Off' } });
      expect(route53.calls()).toHaveLength(0);
    });

    it('throws TransientAwsError when no cluster endpoint answers', async () => {
      arc.on(GetRoutingControlStateCommand).rejects(new EndpointTemporarilyUnavailableException({ $metadata: { httpStatusCode: 400 }, message: 'try another endpoint' }));

      const run = observeFailover({ item: arcItem(), phase: 'cutover', startedAt: at(0) }, failoverDeps([at(1)]));

      await expect(run).rejects.toMatchObject({ name: 'TransientAwsError', message: expect.stringMatching(/^no ARC cluster endpoint answered/) });
      expect(await regionsOf(arc.calls())).toEqual(expect.arrayContaining([PRIMARY, DR]));
    });
  });
});
