import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { DescribeDBClustersCommand, DescribeGlobalClustersCommand, RDSClient, RDSServiceException, type FailoverStatus, type GlobalCluster } from '@aws-sdk/client-rds';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { Route53Client, TestDNSAnswerCommand } from '@aws-sdk/client-route-53';
import {
  EndpointTemporarilyUnavailableException,
  GetRoutingControlStateCommand,
  Route53RecoveryClusterClient,
} from '@aws-sdk/client-route53-recovery-cluster';
import { failoverPreflight } from '../../../functions/failover-preflight/failover-preflight';
import type { DnsResolver } from '../../../lib/failover/ports';
import { ACCOUNT, OUTSIDE_REGION, regionsOf } from './fixtures';
import {
  ARC_ENDPOINTS,
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
  failoverDeps,
  failoverItem,
  scriptedHttp,
} from './failover-fixtures';

const rds = mockClient(RDSClient);
const cloudwatch = mockClient(CloudWatchClient);
const route53 = mockClient(Route53Client);
const arc = mockClient(Route53RecoveryClusterClient);

const NOW = '2025-03-04T03:00:00.000Z';

function globalCluster(change: Partial<GlobalCluster> = {}): GlobalCluster {
  return {
    GlobalClusterIdentifier: GLOBAL_ID,
    GlobalClusterArn: `arn:aws:rds::${ACCOUNT}:global-cluster:${GLOBAL_ID}`,
    Status: 'available',
    Engine: 'aurora-postgresql',
    GlobalClusterMembers: [
      { DBClusterArn: PRIMARY_CLUSTER_ARN, IsWriter: true, Readers: [DR_CLUSTER_ARN] },
      { DBClusterArn: DR_CLUSTER_ARN, IsWriter: false, Readers: [] },
    ],
    ...change,
  };
}

/** Lag points newest last, as CloudWatch may return them in either order. */
function lag(...points: [string, number][]) {
  return lagAnswer(points, []);
}

/** CloudWatch's answer to the two lag queries: the RPO lag's points, then the replication lag's. */
function lagAnswer(rpo: [string, number][], replication: [string, number][]) {
  const result = (Id: string, Label: string, points: [string, number][]) => ({ Id, Label, Timestamps: points.map(([t]) => new Date(t)), Values: points.map(([, v]) => v), StatusCode: 'Complete' as const });
  return { MetricDataResults: [result('rpoLag', 'AuroraGlobalDBRPOLag', rpo), result('replicationLag', 'AuroraGlobalDBReplicationLag', replication)] };
}

beforeEach(() => {
  for (const mock of [rds, cloudwatch, route53, arc]) mock.reset();
  rds.on(DescribeGlobalClustersCommand).resolves({ GlobalClusters: [globalCluster()] });
  rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ DBClusterIdentifier: 'patients-db-london', DBClusterArn: DR_CLUSTER_ARN, Status: 'available' }] });
  cloudwatch.on(GetMetricDataCommand).resolves(lag(['2025-03-04T02:57:00Z', 1200], ['2025-03-04T02:58:00Z', 850]));
  route53.on(TestDNSAnswerCommand).resolves({ Nameserver: 'ns-1.awsdns-01.org', RecordName: 'patients.nhs-platform.example.uk', RecordType: 'CNAME', RecordData: [`${PRIMARY_ANSWER}.`], ResponseCode: 'NOERROR', Protocol: 'UDP' });
});

describe('failoverPreflight (Failover Preflight)', () => {
  it('lets a healthy drill go ahead, reporting what it saw', async () => {
    const result = await failoverPreflight({ item: failoverItem() }, failoverDeps([NOW]));

    expect(result).toEqual({
      ok: true,
      reasons: [],
      checkedAt: NOW,
      writerRegion: PRIMARY,
      members: [
        { clusterArn: PRIMARY_CLUSTER_ARN, region: PRIMARY, isWriter: true },
        { clusterArn: DR_CLUSTER_ARN, region: DR, isWriter: false },
      ],
      replicationLagMs: 850,
      replicationLagMetric: 'AuroraGlobalDBRPOLag',
      healthAnswer: 'HTTP 200',
      trafficRegion: PRIMARY,
    });
  });

  it('asks everything in the DR region, never naming another (Route 53 is global: its client takes the DR region)', async () => {
    await failoverPreflight({ item: failoverItem() }, failoverDeps([NOW]));

    expect(await regionsOf([...rds.calls(), ...cloudwatch.calls(), ...route53.calls()])).toEqual([DR, DR, DR, DR]);
    expect(rds).toHaveReceivedCommandWith(DescribeGlobalClustersCommand, { GlobalClusterIdentifier: GLOBAL_ID });
    expect(rds).toHaveReceivedCommandWith(DescribeDBClustersCommand, { DBClusterIdentifier: DR_CLUSTER_ARN });
    expect(route53).toHaveReceivedCommandWith(TestDNSAnswerCommand, { HostedZoneId: 'Z0123456789ABCDEFGHIJ', RecordName: 'patients.nhs-platform.example.uk', RecordType: 'CNAME' });
  });

  it('reads the worst RPO lag per minute of the DR cluster over the last ten minutes, by the dimensions Aurora publishes it with', async () => {
    const result = await failoverPreflight({ item: failoverItem() }, failoverDeps([NOW]));

    // Aurora publishes the global database lags with DBClusterIdentifier (the secondary) and SourceRegion (the primary's).
    const dimensions = [
      { Name: 'DBClusterIdentifier', Value: 'patients-db-london' },
      { Name: 'SourceRegion', Value: 'eu-west-1' },
    ];
    const query = (Id: string, MetricName: string) => ({
      Id,
      MetricStat: { Metric: { Namespace: 'AWS/RDS', MetricName, Dimensions: dimensions }, Period: 60, Stat: 'Maximum' },
      ReturnData: true,
    });
    expect(cloudwatch).toHaveReceivedCommandWith(GetMetricDataCommand, {
      StartTime: new Date('2025-03-04T02:50:00.000Z'),
      EndTime: new Date(NOW),
      MetricDataQueries: [query('rpoLag', 'AuroraGlobalDBRPOLag'), query('replicationLag', 'AuroraGlobalDBReplicationLag')],
    });
    expect(result).toMatchObject({ replicationLagMs: 850, replicationLagMetric: 'AuroraGlobalDBRPOLag' });
  });

  it('takes the replication lag only when the cluster publishes no RPO lag (Aurora MySQL before 3.04 / 2.12)', async () => {
    cloudwatch.on(GetMetricDataCommand).resolves(lagAnswer([], [['2025-03-04T02:58:00Z', 640]]));

    const result = await failoverPreflight({ item: failoverItem() }, failoverDeps([NOW]));

    expect(result).toMatchObject({ ok: true, replicationLagMs: 640, replicationLagMetric: 'AuroraGlobalDBReplicationLag' });
  });

  it('prefers the RPO lag over the replication lag when CloudWatch has both', async () => {
    cloudwatch.on(GetMetricDataCommand).resolves(lagAnswer([['2025-03-04T02:58:00Z', 31_000]], [['2025-03-04T02:58:00Z', 640]]));

    const result = await failoverPreflight({ item: failoverItem() }, failoverDeps([NOW]));

    expect(result.reasons).toEqual(['replication lag 31.0 s (AuroraGlobalDBRPOLag) is over the RPO objective 30 s']);
  });

  it('probes the health URL once with a 3 s timeout', async () => {
    const http = scriptedHttp([204]);

    await failoverPreflight({ item: failoverItem() }, failoverDeps([NOW], { http }));

    expect(http.mock.calls).toEqual([[HEALTH_URL, { timeoutMs: 3000 }]]);
  });

  it('collects every reason to refuse at once, changing nothing', async () => {
    rds.on(DescribeGlobalClustersCommand).resolves({
      GlobalClusters: [
        globalCluster({
          Status: 'modifying',
          // AWS documents switching-over; the SDK's FailoverStatus type does not list it yet.
          FailoverState: { Status: 'switching-over' as FailoverStatus, FromDbClusterArn: PRIMARY_CLUSTER_ARN, ToDbClusterArn: DR_CLUSTER_ARN, IsDataLossAllowed: false },
          GlobalClusterMembers: [
            { DBClusterArn: PRIMARY_CLUSTER_ARN, IsWriter: false },
            { DBClusterArn: `arn:aws:rds:${OUTSIDE_REGION}:${ACCOUNT}:cluster:patients-db-virginia`, IsWriter: true },
          ],
        }),
      ],
    });
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ DBClusterArn: DR_CLUSTER_ARN, Status: 'backing-up' }] });
    // Out of order on purpose: the newest point decides, not the last one listed.
    cloudwatch.on(GetMetricDataCommand).resolves(lag(['2025-03-04T02:58:00Z', 45_000], ['2025-03-04T02:55:00Z', 900]));
    route53.on(TestDNSAnswerCommand).resolves({ RecordData: [DR_ANSWER], ResponseCode: 'NOERROR' });

    const result = await failoverPreflight({ item: failoverItem() }, failoverDeps([NOW], { http: scriptedHttp([503]) }));

    expect(result.ok).toBe(false);
    expect(result.reasons).toEqual([
      `member patients-db-virginia is in ${OUTSIDE_REGION}, outside the residency policy [eu-west-1, eu-west-2]`,
      'the primary cluster patients-db (eu-west-1) is not the writer: the writer is patients-db-virginia (us-east-1)',
      'the DR cluster patients-db-london is not a member of the global database patients-global',
      'the global database is modifying, not available',
      'a switch is already under way on the global database (switching-over)',
      'the DR cluster patients-db-london is backing-up, not available',
      'replication lag 45.0 s (AuroraGlobalDBRPOLag) is over the RPO objective 30 s',
      `the health URL ${HEALTH_URL} answered HTTP 503, not 2xx`,
      `Route 53 answers ${DR_ANSWER} for patients.nhs-platform.example.uk, not the primary's ${PRIMARY_ANSWER}: traffic is not on the primary`,
    ]);
    expect(result).toMatchObject({ writerRegion: OUTSIDE_REGION, replicationLagMs: 45_000, healthAnswer: 'HTTP 503', trafficRegion: DR });
    // Reads only: no command other than these was sent anywhere.
    const sent = [...rds.calls(), ...cloudwatch.calls(), ...route53.calls(), ...arc.calls()].map((c) => c.args[0].constructor.name).sort();
    expect(sent).toEqual(['DescribeDBClustersCommand', 'DescribeGlobalClustersCommand', 'GetMetricDataCommand', 'TestDNSAnswerCommand']);
  });

  it('refuses when CloudWatch has no lag for the DR cluster, and when the health URL does not answer', async () => {
    cloudwatch.on(GetMetricDataCommand).resolves(lagAnswer([], []));
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });

    const result = await failoverPreflight({ item: failoverItem() }, failoverDeps([NOW], { http: scriptedHttp([refused]) }));

    expect(result.reasons).toEqual([
      'no replication lag was reported for the DR cluster patients-db-london in the last 10 minutes (CloudWatch AuroraGlobalDBRPOLag or AuroraGlobalDBReplicationLag, DBClusterIdentifier patients-db-london and SourceRegion eu-west-1)',
      `the health URL ${HEALTH_URL} did not answer (could not connect (ECONNREFUSED))`,
    ]);
    expect(result).toMatchObject({ ok: false, replicationLagMs: null });
  });

  it('refuses when the global database or the DR cluster does not exist', async () => {
    rds.on(DescribeGlobalClustersCommand).rejects(new RDSServiceException({ name: 'GlobalClusterNotFoundFault', $fault: 'client', $metadata: { httpStatusCode: 404 }, message: 'GlobalCluster patients-global not found' }));
    rds.on(DescribeDBClustersCommand).rejects(new RDSServiceException({ name: 'DBClusterNotFoundFault', $fault: 'client', $metadata: { httpStatusCode: 404 }, message: 'DBCluster not found' }));

    const result = await failoverPreflight({ item: failoverItem() }, failoverDeps([NOW]));

    expect(result.reasons).toEqual(['the global database patients-global was not found (asked in eu-west-2)', 'the DR cluster patients-db-london was not found in eu-west-2']);
    expect(result).toMatchObject({ ok: false, writerRegion: null, members: [] });
  });

  it('turns a denied read into a reason naming it, so the drill refuses rather than guesses', async () => {
    cloudwatch.on(GetMetricDataCommand).rejects(Object.assign(new Error('User is not authorized to perform: cloudwatch:GetMetricData'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));

    const result = await failoverPreflight({ item: failoverItem() }, failoverDeps([NOW]));

    expect(result.reasons).toEqual(['the replication lag could not be read: AccessDenied: User is not authorized to perform: cloudwatch:GetMetricData']);
  });

  describe('a record in a private hosted zone', () => {
    const privateItem = () =>
      failoverItem((i) => {
        i.target.dns = { ...i.target.dns!, zone: 'private', measureFrom: 'vpc' };
      });
    const resolverAnswering = (answer: string, asked: string[] = []): DnsResolver => async (name, type) => {
      asked.push(`${type} ${name}`);
      return { records: [answer], ttlSeconds: null, responseCode: 'NOERROR' };
    };

    it('refuses to switch when the stack\'s observer is not in a VPC, saying how to put it there, and never asks TestDNSAnswer', async () => {
      const result = await failoverPreflight({ item: privateItem() }, failoverDeps([NOW]));

      expect(result.ok).toBe(false);
      expect(result.reasons).toEqual([
        "failover target patients-global reads patients.nhs-platform.example.uk from inside the VPC (dns.measureFrom: vpc), but this stack's observer functions are not attached to a VPC: name its subnets and security groups as dnsObserverVpc in config/<stage>.yml and deploy again",
      ]);
      expect(result.trafficRegion).toBeNull();
      expect(route53).not.toHaveReceivedCommand(TestDNSAnswerCommand);
    });

    it('reads the record through the VPC\'s resolver when it has one, and lets the drill go ahead', async () => {
      const asked: string[] = [];

      const result = await failoverPreflight({ item: privateItem() }, failoverDeps([NOW], { dns: resolverAnswering(`${PRIMARY_ANSWER}.`, asked) }));

      expect(result).toMatchObject({ ok: true, reasons: [], trafficRegion: PRIMARY });
      expect(asked).toEqual(['CNAME patients.nhs-platform.example.uk']);
      expect(route53).not.toHaveReceivedCommand(TestDNSAnswerCommand);
    });

    it('refuses when the VPC\'s resolver does not answer the primary', async () => {
      const result = await failoverPreflight({ item: privateItem() }, failoverDeps([NOW], { dns: resolverAnswering(DR_ANSWER) }));

      expect(result.reasons).toEqual([
        `the VPC's resolver answers ${DR_ANSWER} for patients.nhs-platform.example.uk, not the primary's ${PRIMARY_ANSWER}: traffic is not on the primary`,
      ]);
    });

    it('names the likely cause when Route 53 refuses TestDNSAnswer for a zone the plan calls public', async () => {
      route53.on(TestDNSAnswerCommand).rejects(Object.assign(new Error('Hosted zone Z0123456789ABCDEFGHIJ is a private hosted zone'), { name: 'InvalidInput', $metadata: { httpStatusCode: 400 } }));

      const result = await failoverPreflight({ item: failoverItem() }, failoverDeps([NOW]));

      expect(result.reasons).toEqual([
        'the traffic could not be read: InvalidInput: Hosted zone Z0123456789ABCDEFGHIJ is a private hosted zone (TestDNSAnswer answers for public hosted zones only: if Z0123456789ABCDEFGHIJ is a private hosted zone, set dns.zone: private and dns.measureFrom: vpc)',
      ]);
    });
  });

  it('throws TransientAwsError on throttling, so the state machine asks again', async () => {
    rds.on(DescribeGlobalClustersCommand).rejects(new RDSServiceException({ name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'Rate exceeded' }));

    const run = failoverPreflight({ item: failoverItem() }, failoverDeps([NOW]));

    await expect(run).rejects.toMatchObject({ name: 'TransientAwsError', message: 'ThrottlingException: Rate exceeded' });
  });

  it('refuses with ResidencyViolationError before any call when the DR region is outside the policy', async () => {
    const item = failoverItem((i) => {
      i.drRegion = OUTSIDE_REGION;
    });

    const run = failoverPreflight({ item }, failoverDeps([NOW]));

    await expect(run).rejects.toMatchObject({ name: 'ResidencyViolationError' });
    expect([...rds.calls(), ...cloudwatch.calls(), ...route53.calls()]).toHaveLength(0);
  });

  it('refuses a payload without the failover item as BadPayloadError', async () => {
    await expect(failoverPreflight({}, failoverDeps([NOW]))).rejects.toMatchObject({ name: 'BadPayloadError' });
  });

  describe('with ARC routing controls', () => {
    beforeEach(() => {
      arc.on(GetRoutingControlStateCommand, { RoutingControlArn: PRIMARY_CONTROL }).resolves({ RoutingControlArn: PRIMARY_CONTROL, RoutingControlState: 'On' });
      arc.on(GetRoutingControlStateCommand, { RoutingControlArn: DR_CONTROL }).resolves({ RoutingControlArn: DR_CONTROL, RoutingControlState: 'Off' });
    });

    it('reads both controls at the first cluster endpoint, in that endpoint\'s region', async () => {
      const result = await failoverPreflight({ item: arcItem() }, failoverDeps([NOW]));

      expect(result).toMatchObject({ ok: true, trafficRegion: PRIMARY });
      expect(route53.calls()).toHaveLength(0);
      const calls = arc.commandCalls(GetRoutingControlStateCommand);
      expect(await regionsOf(calls)).toEqual([PRIMARY, PRIMARY]);
      const endpoint = await (calls[0]!.thisValue as { config: { endpoint: () => Promise<{ hostname: string }> } }).config.endpoint();
      expect(endpoint.hostname).toBe(new URL(ARC_ENDPOINTS[0]!.endpoint).hostname);
    });

    it('moves on to the next endpoint when one is unavailable', async () => {
      let first = true;
      arc.on(GetRoutingControlStateCommand).callsFake(async (input: { RoutingControlArn: string }) => {
        if (first) {
          first = false;
          throw new EndpointTemporarilyUnavailableException({ $metadata: { httpStatusCode: 400 }, message: 'try another endpoint' });
        }
        return { RoutingControlArn: input.RoutingControlArn, RoutingControlState: input.RoutingControlArn === PRIMARY_CONTROL ? 'On' : 'Off' };
      });

      const result = await failoverPreflight({ item: arcItem() }, failoverDeps([NOW]));

      expect(result).toMatchObject({ ok: true, trafficRegion: PRIMARY });
      expect(await regionsOf(arc.commandCalls(GetRoutingControlStateCommand))).toContain(DR);
    });

    it('skips an endpoint outside the residency policy', async () => {
      const item = arcItem((i) => {
        i.target.routingControls!.clusterEndpoints.unshift({ region: OUTSIDE_REGION, endpoint: 'https://c9d8e7f6.route53-recovery-cluster.us-east-1.amazonaws.com/v1' });
      });

      await failoverPreflight({ item }, failoverDeps([NOW]));

      expect(await regionsOf(arc.calls())).not.toContain(OUTSIDE_REGION);
    });

    it('refuses when the primary\'s control is not the one On', async () => {
      arc.on(GetRoutingControlStateCommand, { RoutingControlArn: PRIMARY_CONTROL }).resolves({ RoutingControlState: 'On' });
      arc.on(GetRoutingControlStateCommand, { RoutingControlArn: DR_CONTROL }).resolves({ RoutingControlState: 'On' });

      const result = await failoverPreflight({ item: arcItem() }, failoverDeps([NOW]));

      expect(result.reasons).toEqual(['the routing controls do not send traffic to the primary alone (primary control On, DR control On)']);
      expect(result.trafficRegion).toBeNull();
    });
  });
});
