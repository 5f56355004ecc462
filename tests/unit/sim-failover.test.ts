// The failover side of the simulated account, driven through the real SDK v3 clients (AwsClients + the local
// runner's bridge) on the virtual clock: Aurora global databases switching, replication lag, the application behind
// the health URL, Route 53's health-checked answer, ARC routing controls, the canary table, and the failover faults.
import { GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { DescribeDBClustersCommand, DescribeGlobalClustersCommand, FailoverGlobalClusterCommand, SwitchoverGlobalClusterCommand, type GlobalCluster } from '@aws-sdk/client-rds';
import { GetHealthCheckStatusCommand, TestDNSAnswerCommand } from '@aws-sdk/client-route-53';
import { GetRoutingControlStateCommand, UpdateRoutingControlStateCommand, UpdateRoutingControlStatesCommand } from '@aws-sdk/client-route53-recovery-cluster';
import { AwsClients } from '../../lib/aws/clients';
import { ALL_CLIENTS } from '../../lib/aws/all-clients';
import type { CanaryEndpoint } from '../../lib/failover/ports';
import { checkResidency } from '../../lib/plan/residency';
import type { Plan } from '../../lib/plan/schema';
import { simulatedClients } from '../../local/runner/sdk-bridge';
import { SimAccount } from '../../local/sim/account';
import { SimClock } from '../../local/sim/clock';
import { errorOf } from '../../local/sim/drive';
import { examplePlan, examplePlanWithFailover } from '../../local/sim/example-plan';
import { parseFaults } from '../../local/sim/faults';
import { validateTaskResource } from '../../local/sim/sdk-shapes';

const START = Date.UTC(2025, 4, 4, 2, 0, 0);
const S = 1000;
const MIN = 60 * S;
const DAY = 24 * 60 * MIN;
const PRIMARY = 'eu-west-2';
const DR = 'eu-west-1';
const OTHER = 'eu-central-1';
const ACCOUNT = '111122223333';

const APPT = 'appointments-global';
const APPT_PRIMARY = `arn:aws:rds:${PRIMARY}:${ACCOUNT}:cluster:appointments-prod`;
const APPT_DR = `arn:aws:rds:${DR}:${ACCOUNT}:cluster:appointments-dr`;
const APPT_URL = 'https://appointments.trust.example.nhs.uk/health';
const APPT_PRIMARY_ANSWER = 'appointments-eu-west-2.trust.example.nhs.uk';
const APPT_DR_ANSWER = 'appointments-eu-west-1.trust.example.nhs.uk';
const ZONE = 'Z0TRUSTEXAMPLE01';

const REF = 'referrals-global';
const REF_DR = `arn:aws:rds:${DR}:${ACCOUNT}:cluster:referrals-db-dr`;
const REF_URL = 'https://referrals.trust.example.nhs.uk/health';
const ARC_DR_ENDPOINT = 'https://host-a1b2c3.route53-recovery-cluster.eu-west-1.amazonaws.com/v1';
const CONTROL = (id: string) => `arn:aws:route53-recovery-control::${ACCOUNT}:controlpanel/0a1b2c3d4e5f/routingcontrol/${id}`;
const REF_PRIMARY_CONTROL = CONTROL('london01');
const REF_DR_CONTROL = CONTROL('ireland01');

function setUp(faults: string[] = [], regions = [PRIMARY, DR], edit?: (plan: Plan) => void) {
  const plan = examplePlanWithFailover();
  edit?.(plan);
  const clock = new SimClock(START);
  const account = new SimAccount({ clock, regions, faults: parseFaults(faults) });
  account.seedFromPlan(plan);
  const clients = new AwsClients(ALL_CLIENTS, simulatedClients(account, clock));
  /** Sleeps on the virtual clock until START + ms. */
  const until = async (ms: number): Promise<void> => {
    const wait = START + ms - clock.now();
    if (wait < 0) throw new Error(`until(${ms / S} s): the clock is already at ${(clock.now() - START) / S} s`);
    await clock.sleep(wait);
  };
  const elapsed = (): number => clock.now() - START;
  return { plan, clock, account, clients, until, elapsed };
}
type World = ReturnType<typeof setUp>;

/** The appointments record in a private hosted zone, associated with the application's VPC. */
const privateAppointmentsZone = (plan: Plan): void => {
  const target = plan.failover!.targets.find((t) => t.id === APPT)!;
  target.dns = { ...target.dns!, zone: 'private', measureFrom: 'vpc' };
};

async function describeGlobal({ clients }: World, id = APPT, region = DR): Promise<GlobalCluster> {
  const out = await clients.get('rds', region).send(new DescribeGlobalClustersCommand({ GlobalClusterIdentifier: id }));
  return out.GlobalClusters![0]!;
}
const writerOf = (g: GlobalCluster) => g.GlobalClusterMembers!.filter((m) => m.IsWriter).map((m) => m.DBClusterArn);

/** Polls every second until no switch runs; returns the first virtual ms (since START) at which none did. */
async function switchEnded(w: World, id = APPT): Promise<number> {
  for (;;) {
    if (!(await describeGlobal(w, id)).FailoverState) return w.elapsed();
    await w.clock.sleep(S);
  }
}

async function dnsAnswer({ clients }: World, region = DR) {
  return clients.get('route53', region).send(new TestDNSAnswerCommand({ HostedZoneId: ZONE, RecordName: 'appointments.trust.example.nhs.uk', RecordType: 'CNAME' }));
}
const answerOf = async (w: World) => (await dnsAnswer(w)).RecordData;

/** A lag query by the dimensions Aurora publishes the global database lags with, unless others are given. */
const lagQuery = (
  clusterId: string,
  metricName = 'AuroraGlobalDBRPOLag',
  dimensions: { Name: string; Value: string }[] = [
    { Name: 'DBClusterIdentifier', Value: clusterId },
    { Name: 'SourceRegion', Value: PRIMARY },
  ],
): MetricDataQuery => ({
  Id: 'lag',
  MetricStat: { Metric: { Namespace: 'AWS/RDS', MetricName: metricName, Dimensions: dimensions }, Period: 60, Stat: 'Maximum' },
});
async function lag({ clients, clock }: World, region: string, query: MetricDataQuery, minutes = 10) {
  const out = await clients
    .get('cloudwatch', region)
    .send(new GetMetricDataCommand({ StartTime: new Date(clock.now() - minutes * MIN), EndTime: new Date(clock.now()), MetricDataQueries: [query] }));
  return out.MetricDataResults![0]!;
}

const canaryAt = (region: string, overrides: Partial<CanaryEndpoint> = {}): CanaryEndpoint => ({
  clusterArn: region === PRIMARY ? APPT_PRIMARY : APPT_DR,
  region,
  engine: 'postgres',
  database: 'appointments',
  table: 'dr_drill_canary',
  secretArn: region === PRIMARY ? `arn:aws:secretsmanager:${PRIMARY}:${ACCOUNT}:secret:trust/appointments/drill-canary-Ab12Cd` : `arn:aws:secretsmanager:${DR}:${ACCOUNT}:secret:trust/appointments/drill-canary-Ef34Gh`,
  dataApi: false,
  ...overrides,
});
const refCanaryAt = (region: string): CanaryEndpoint => ({
  clusterArn: region === PRIMARY ? `arn:aws:rds:${PRIMARY}:${ACCOUNT}:cluster:referrals-db` : REF_DR,
  region,
  engine: 'mysql',
  database: 'referrals',
  table: 'dr_drill_canary',
  secretArn: region === PRIMARY ? `arn:aws:secretsmanager:${PRIMARY}:${ACCOUNT}:secret:trust/referrals/drill-canary-Ij56Kl` : `arn:aws:secretsmanager:${DR}:${ACCOUNT}:secret:trust/referrals/drill-canary-Mn78Op`,
  dataApi: false,
});

/** An ARC client; `null` builds one without an endpoint, as a caller who forgot the cluster endpoints would. */
const arc = ({ clients }: World, region = DR, endpoint: string | null = ARC_DR_ENDPOINT) => clients.get('route53recoverycluster', region, endpoint ?? undefined);

describe('the example plan with a failover block', () => {
  it('stays inside its residency policy', () => {
    expect(checkResidency(examplePlanWithFailover())).toEqual([]);
  });
});

describe('Aurora global databases', () => {
  it('start with the primary cluster writing and the DR cluster reading, visible from both member regions only', async () => {
    const w = setUp([], [PRIMARY, DR, OTHER]);

    for (const region of [PRIMARY, DR]) {
      const g = await describeGlobal(w, APPT, region);
      expect(g).toMatchObject({ GlobalClusterIdentifier: APPT, Status: 'available', Engine: 'aurora-postgresql' });
      expect(g.GlobalClusterMembers).toEqual([
        expect.objectContaining({ DBClusterArn: APPT_PRIMARY, IsWriter: true, Readers: [APPT_DR] }),
        expect.objectContaining({ DBClusterArn: APPT_DR, IsWriter: false, Readers: [] }),
      ]);
      expect(g.FailoverState).toBeUndefined();
    }
    const rds = w.clients.get('rds', OTHER);
    expect(await errorOf(rds.send(new DescribeGlobalClustersCommand({ GlobalClusterIdentifier: APPT })))).toMatchObject({ name: 'GlobalClusterNotFoundFault' });
    expect((await rds.send(new DescribeGlobalClustersCommand({}))).GlobalClusters).toEqual([]);
    expect(((await w.clients.get('rds', DR).send(new DescribeGlobalClustersCommand({}))).GlobalClusters ?? []).map((g) => g.GlobalClusterIdentifier)).toEqual([APPT, REF]);
  });

  it('describes each member as a DB cluster in its own region, the restore target\'s own cluster included', async () => {
    const w = setUp();

    const primary = (await w.clients.get('rds', PRIMARY).send(new DescribeDBClustersCommand({ DBClusterIdentifier: APPT_PRIMARY }))).DBClusters![0]!;
    const dr = (await w.clients.get('rds', DR).send(new DescribeDBClustersCommand({ DBClusterIdentifier: APPT_DR }))).DBClusters![0]!;

    expect(primary).toMatchObject({ DBClusterIdentifier: 'appointments-prod', Status: 'available', Port: 5432, GlobalClusterIdentifier: APPT });
    expect(dr).toMatchObject({ DBClusterIdentifier: 'appointments-dr', Status: 'available', Port: 5432, GlobalClusterIdentifier: APPT, Engine: 'aurora-postgresql' });
    expect(dr.Endpoint).toMatch(/^appointments-dr\.cluster-[0-9a-f]+\.eu-west-1\.rds\.amazonaws\.com$/);
    expect(primary.DBClusterMembers?.some((m) => m.IsClusterWriter)).toBe(true);
    expect(dr.DBClusterMembers?.length).toBe(1);
    expect(dr.DBClusterMembers?.some((m) => m.IsClusterWriter)).toBe(false);
    expect(await errorOf(w.clients.get('rds', PRIMARY).send(new DescribeDBClustersCommand({ DBClusterIdentifier: APPT_DR })))).toMatchObject({ name: 'DBClusterNotFoundFault' });
  });

  it('switches over in 45-75 simulated seconds: pending, then switching-over, and the writer moves at the end', async () => {
    const w = setUp();

    const started = await w.clients.get('rds', DR).send(new SwitchoverGlobalClusterCommand({ GlobalClusterIdentifier: APPT, TargetDbClusterIdentifier: APPT_DR }));
    expect(started.GlobalCluster?.FailoverState).toEqual({ Status: 'pending', FromDbClusterArn: APPT_PRIMARY, ToDbClusterArn: APPT_DR, IsDataLossAllowed: false });
    await w.until(10 * S);
    const during = await describeGlobal(w);
    expect(during.FailoverState).toMatchObject({ Status: 'switching-over', IsDataLossAllowed: false });
    expect(writerOf(during)).toEqual([APPT_PRIMARY]);
    expect(await errorOf(w.clients.get('rds', DR).send(new SwitchoverGlobalClusterCommand({ GlobalClusterIdentifier: APPT, TargetDbClusterIdentifier: APPT_DR })))).toMatchObject({
      name: 'InvalidGlobalClusterStateFault',
    });

    const ended = await switchEnded(w);

    expect(ended).toBeGreaterThanOrEqual(45 * S);
    expect(ended).toBeLessThanOrEqual(75 * S);
    const after = await describeGlobal(w);
    expect(writerOf(after)).toEqual([APPT_DR]);
    expect(after.Status).toBe('available');
    const drCluster = (await w.clients.get('rds', DR).send(new DescribeDBClustersCommand({ DBClusterIdentifier: APPT_DR }))).DBClusters![0]!;
    expect(drCluster.DBClusterMembers?.some((m) => m.IsClusterWriter)).toBe(true);
    // The same plan and seed switch in the same time.
    const again = setUp();
    await again.clients.get('rds', PRIMARY).send(new SwitchoverGlobalClusterCommand({ GlobalClusterIdentifier: APPT, TargetDbClusterIdentifier: APPT_DR }));
    expect(await switchEnded(again)).toBe(ended);
  });

  it('refuses a target that already writes or is not a member, as AWS does', async () => {
    const w = setUp();
    const rds = w.clients.get('rds', DR);

    expect(await errorOf(rds.send(new SwitchoverGlobalClusterCommand({ GlobalClusterIdentifier: APPT, TargetDbClusterIdentifier: APPT_PRIMARY })))).toMatchObject({ name: 'InvalidDBClusterStateFault' });
    expect(await errorOf(rds.send(new SwitchoverGlobalClusterCommand({ GlobalClusterIdentifier: APPT, TargetDbClusterIdentifier: REF_DR })))).toMatchObject({ name: 'DBClusterNotFoundFault' });
    expect(await errorOf(rds.send(new SwitchoverGlobalClusterCommand({ GlobalClusterIdentifier: 'nope', TargetDbClusterIdentifier: APPT_DR })))).toMatchObject({ name: 'GlobalClusterNotFoundFault' });
    expect(await errorOf(rds.send(new FailoverGlobalClusterCommand({ GlobalClusterIdentifier: APPT, TargetDbClusterIdentifier: APPT_DR, AllowDataLoss: true, Switchover: true })))).toMatchObject({
      name: 'InvalidParameterCombination',
    });
    expect(w.account.calls.every((c) => !c.ok)).toBe(true);
  });

  it('fails over with data loss allowed in 30-60 simulated seconds, failing-over meanwhile', async () => {
    const w = setUp();

    await w.clients.get('rds', DR).send(new FailoverGlobalClusterCommand({ GlobalClusterIdentifier: REF, TargetDbClusterIdentifier: REF_DR, AllowDataLoss: true }));
    await w.until(6 * S);
    expect((await describeGlobal(w, REF)).FailoverState).toMatchObject({ Status: 'failing-over', IsDataLossAllowed: true, ToDbClusterArn: REF_DR });
    const ended = await switchEnded(w, REF);

    expect(ended).toBeGreaterThanOrEqual(30 * S);
    expect(ended).toBeLessThanOrEqual(60 * S);
    expect(writerOf(await describeGlobal(w, REF))).toEqual([REF_DR]);
  });

  it('is callable as Step Functions aws-sdk tasks, with Step Functions\' member and error names', async () => {
    const w = setUp();
    const params = { GlobalClusterIdentifier: APPT, TargetDbClusterIdentifier: APPT_DR };

    expect(validateTaskResource('Switchover Global Cluster', 'arn:aws:states:::aws-sdk:rds:switchoverGlobalCluster', { 'GlobalClusterIdentifier.$': '$.id', TargetDbClusterIdentifier: APPT_DR })).toMatchObject({
      operation: 'SwitchoverGlobalCluster',
      missingRequired: [],
    });
    expect(validateTaskResource('Failover Global Cluster', 'arn:aws:states:::aws-sdk:rds:failoverGlobalCluster', { ...params, AllowDataLoss: true })).toMatchObject({ operation: 'FailoverGlobalCluster' });
    expect(validateTaskResource('Read Lag', 'arn:aws:states:::aws-sdk:cloudwatch:getMetricData', {})).toMatchObject({ service: 'cloudwatch' });
    expect(validateTaskResource('Ask Route 53', 'arn:aws:states:::aws-sdk:route53:testDNSAnswer', { HostedZoneId: ZONE, RecordName: 'x', RecordType: 'A' })).toMatchObject({ service: 'route53' });
    const out = await w.account.callAs('sfn', DR, 'rds', 'switchoverGlobalCluster', params);
    expect((out.GlobalCluster as Record<string, unknown>).FailoverState).toMatchObject({ Status: 'pending' });
    const refused = await errorOf(w.account.callAs('sfn', DR, 'rds', 'switchoverGlobalCluster', params));
    expect(refused).toMatchObject({ sfnName: 'Rds.InvalidGlobalClusterStateException' });
  });
});

describe('replication lag (CloudWatch)', () => {
  it('gives one 300-900 ms datapoint a minute for the secondary, newest first, in its own region only', async () => {
    const w = setUp();

    const result = await lag(w, DR, lagQuery('appointments-dr'));

    expect(result.StatusCode).toBe('Complete');
    expect(result.Values).toHaveLength(10);
    for (const v of result.Values!) expect(v >= 300 && v <= 900).toBe(true);
    const times = result.Timestamps!.map((t) => t.getTime());
    expect(times[0]).toBe(START - MIN);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(new Set(result.Values).size).toBeGreaterThan(1);
    expect((await lag(w, PRIMARY, lagQuery('appointments-dr'))).Values).toEqual([]);
    expect((await lag(w, DR, lagQuery('appointments-dr', 'CPUUtilization'))).Values).toEqual([]);
    // The writer publishes no lag.
    expect((await lag(w, PRIMARY, lagQuery('appointments-prod'))).Values).toEqual([]);
    // The older metric, for Aurora MySQL before 3.04 / 2.12, by the same dimensions.
    expect((await lag(w, DR, lagQuery('appointments-dr', 'AuroraGlobalDBReplicationLag'))).Values).toHaveLength(10);
  });

  it('answers only the exact dimension set Aurora publishes: any other set is another metric, with no data and no error', async () => {
    const w = setUp();
    const id = { Name: 'DBClusterIdentifier', Value: 'appointments-dr' };
    const source = { Name: 'SourceRegion', Value: PRIMARY };

    // Order does not matter to CloudWatch; the set does.
    expect((await lag(w, DR, lagQuery('appointments-dr', 'AuroraGlobalDBRPOLag', [source, id]))).Values).toHaveLength(10);
    for (const metric of ['AuroraGlobalDBRPOLag', 'AuroraGlobalDBReplicationLag']) {
      for (const dimensions of [
        [id], // the drill's old query: DBClusterIdentifier alone
        [source],
        [id, { Name: 'SourceRegion', Value: DR }],
        [id, source, { Name: 'Role', Value: 'WRITER' }],
        [],
      ]) {
        const result = await lag(w, DR, lagQuery('appointments-dr', metric, dimensions));
        expect({ metric, dimensions, values: result.Values, timestamps: result.Timestamps, status: result.StatusCode }).toEqual({
          metric,
          dimensions,
          values: [],
          timestamps: [],
          status: 'Complete',
        });
      }
    }
  });
});

describe('the application and Route 53', () => {
  it('serves 200 from the writer\'s region only, 404 elsewhere on the host, and fails like fetch for unknown hosts', async () => {
    const w = setUp();

    expect(await w.account.http(APPT_URL, { timeoutMs: 2000 })).toEqual({ status: 200 });
    expect(await w.account.http(`https://${APPT_DR_ANSWER}/health`, { timeoutMs: 2000 })).toEqual({ status: 503 });
    expect(await w.account.http('https://appointments.trust.example.nhs.uk/other', { timeoutMs: 2000 })).toEqual({ status: 404 });
    const unknown = await errorOf(w.account.http('https://nowhere.example.uk/health', { timeoutMs: 2000 }));
    expect(unknown).toMatchObject({ name: 'TypeError', message: 'fetch failed', cause: expect.objectContaining({ code: 'ENOTFOUND' }) });
    expect(w.account.probes[0]).toMatchObject({ host: 'appointments.trust.example.nhs.uk', answer: APPT_PRIMARY_ANSWER, region: PRIMARY, status: 200, cached: false });
  });

  it('answers for the record, NXDOMAIN for names the zone lacks, and refuses unknown zones', async () => {
    const w = setUp();
    const route53 = w.clients.get('route53', DR);

    expect(await dnsAnswer(w)).toMatchObject({ RecordData: [APPT_PRIMARY_ANSWER], ResponseCode: 'NOERROR', RecordType: 'CNAME' });
    expect(await route53.send(new TestDNSAnswerCommand({ HostedZoneId: ZONE, RecordName: 'nope.trust.example.nhs.uk', RecordType: 'CNAME' }))).toMatchObject({
      RecordData: [],
      ResponseCode: 'NXDOMAIN',
    });
    expect(await errorOf(route53.send(new TestDNSAnswerCommand({ HostedZoneId: 'Z0OTHER', RecordName: 'x.example.uk', RecordType: 'A' })))).toMatchObject({ name: 'NoSuchHostedZone' });
  });

  it('moves DNS to the DR answer 20-30 s after the primary app fails, and back 20-30 s after it serves again', async () => {
    const w = setUp();
    const healthCheckId = w.account.healthCheckId(APPT)!;
    const route53 = w.clients.get('route53', DR);

    await w.clients.get('rds', DR).send(new SwitchoverGlobalClusterCommand({ GlobalClusterIdentifier: APPT, TargetDbClusterIdentifier: APPT_DR }));
    await w.until(19 * S);
    expect(await answerOf(w)).toEqual([APPT_PRIMARY_ANSWER]);
    const failing = await route53.send(new GetHealthCheckStatusCommand({ HealthCheckId: healthCheckId }));
    expect(failing.HealthCheckObservations![0]!.StatusReport?.Status).toMatch(/^Failure: HTTP Status Code 503/);
    await w.until(30 * S);
    expect(await answerOf(w)).toEqual([APPT_DR_ANSWER]);

    await switchEnded(w);
    await w.until(5 * MIN);
    await w.clients.get('rds', DR).send(new SwitchoverGlobalClusterCommand({ GlobalClusterIdentifier: APPT, TargetDbClusterIdentifier: APPT_PRIMARY }));
    const back = await switchEnded(w);
    expect(await answerOf(w)).toEqual([APPT_DR_ANSWER]);
    await w.until(back + 18 * S);
    expect(await answerOf(w)).toEqual([APPT_DR_ANSWER]);
    await w.until(back + 30 * S);
    expect(await answerOf(w)).toEqual([APPT_PRIMARY_ANSWER]);
    const healthy = await route53.send(new GetHealthCheckStatusCommand({ HealthCheckId: healthCheckId }));
    expect(healthy.HealthCheckObservations![0]!.StatusReport?.Status).toMatch(/^Success/);
  });

  it('refuses TestDNSAnswer for a private hosted zone, as Route 53 answers only for public ones (InvalidInput)', async () => {
    const w = setUp([], [PRIMARY, DR], privateAppointmentsZone);

    const refused = await errorOf(dnsAnswer(w));

    expect(refused).toMatchObject({ name: 'InvalidInput', $metadata: expect.objectContaining({ httpStatusCode: 400 }) });
    expect(refused?.message).toMatch(/private hosted zone.*only supports querying public hosted zones/);
    expect(w.account.calls.filter((c) => c.action === 'TestDNSAnswer').map((c) => [c.ok, c.error])).toEqual([[false, 'InvalidInput']]);
  });

  it('resolves a private zone\'s record inside the VPC, keeping the old answer for its TTL after Route 53 moved', async () => {
    const w = setUp([], [PRIMARY, DR], privateAppointmentsZone);
    const lookup = () => w.account.dns('appointments.trust.example.nhs.uk.', 'CNAME');

    expect(await lookup()).toEqual({ records: [APPT_PRIMARY_ANSWER], ttlSeconds: 60, responseCode: 'NOERROR' });
    await w.clients.get('rds', DR).send(new SwitchoverGlobalClusterCommand({ GlobalClusterIdentifier: APPT, TargetDbClusterIdentifier: APPT_DR }));
    // Route 53 answers the DR region 20-30 s after the switch froze the primary; the resolver still has the primary's
    // answer, its TTL counting down, until the 60 s run out.
    await w.until(40 * S);
    expect(await lookup()).toEqual({ records: [APPT_PRIMARY_ANSWER], ttlSeconds: 20, responseCode: 'NOERROR' });
    await w.until(60 * S);
    expect(await lookup()).toEqual({ records: [APPT_DR_ANSWER], ttlSeconds: 60, responseCode: 'NOERROR' });
    expect(w.account.dnsLookups.map((l) => l.cached)).toEqual([false, true, false]);

    expect(await w.account.dns('appointments.trust.example.nhs.uk', 'A')).toEqual({ records: [], ttlSeconds: null, responseCode: 'NOERROR' });
    expect(await w.account.dns('nope.trust.example.nhs.uk', 'CNAME')).toEqual({ records: [], ttlSeconds: null, responseCode: 'NXDOMAIN' });
    expect(w.account.calls.filter((c) => c.service === 'route53')).toEqual([]);
  });

  it('keeps probing the old region for the answer\'s 60 s TTL after DNS changed', async () => {
    const w = setUp();
    const probe = async () => {
      const { status } = await w.account.http(APPT_URL, { timeoutMs: 2000 });
      return { status, ...w.account.probes.at(-1) };
    };

    await w.clients.get('rds', DR).send(new SwitchoverGlobalClusterCommand({ GlobalClusterIdentifier: APPT, TargetDbClusterIdentifier: APPT_DR }));
    await w.until(15 * S);
    expect(await probe()).toMatchObject({ status: 503, answer: APPT_PRIMARY_ANSWER, cached: false });
    await w.until(74 * S);
    expect(await answerOf(w)).toEqual([APPT_DR_ANSWER]);
    expect(await probe()).toMatchObject({ status: 503, answer: APPT_PRIMARY_ANSWER, cached: true, region: PRIMARY });
    await w.until(75 * S);

    expect(await probe()).toMatchObject({ status: 200, answer: APPT_DR_ANSWER, cached: false, region: DR });
  });

  it('accepts a Route 53 client of any region, and records the region it named', async () => {
    const w = setUp();

    await dnsAnswer(w, 'us-east-1');

    expect(w.account.calls.at(-1)).toMatchObject({ service: 'route53', action: 'TestDNSAnswer', region: 'us-east-1', ok: true, targetId: APPT });
  });
});

describe('ARC routing controls', () => {
  it('start with the primary On and the DR Off, read at a cluster endpoint the plan names', async () => {
    const w = setUp();

    const primary = await arc(w).send(new GetRoutingControlStateCommand({ RoutingControlArn: REF_PRIMARY_CONTROL }));
    const dr = await arc(w).send(new GetRoutingControlStateCommand({ RoutingControlArn: REF_DR_CONTROL }));

    expect(primary).toMatchObject({ RoutingControlState: 'On', RoutingControlName: 'referrals-global-eu-west-2' });
    expect(dr).toMatchObject({ RoutingControlState: 'Off' });
    expect(w.account.calls.at(-1)).toMatchObject({ region: DR, endpoint: ARC_DR_ENDPOINT, targetId: REF, ok: true });
    expect(await w.account.http(REF_URL, { timeoutMs: 2000 })).toEqual({ status: 200 });
    expect(w.account.probes.at(-1)).toMatchObject({ answer: 'referrals-eu-west-2.trust.example.nhs.uk', region: PRIMARY });
  });

  it('answers nowhere but at the plan\'s endpoints, signed for their region', async () => {
    const w = setUp();
    const get = (client: ReturnType<typeof arc>) => errorOf(client.send(new GetRoutingControlStateCommand({ RoutingControlArn: REF_PRIMARY_CONTROL })));

    const noEndpoint = await get(arc(w, DR, null));
    expect(noEndpoint).toMatchObject({ message: 'getaddrinfo ENOTFOUND route53-recovery-cluster.eu-west-1.amazonaws.com', code: 'ENOTFOUND' });
    expect((noEndpoint as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBeUndefined();
    expect(await get(arc(w, DR, 'https://host-zzzzzz.route53-recovery-cluster.eu-west-1.amazonaws.com/v1'))).toMatchObject({ code: 'ENOTFOUND' });
    expect(await get(arc(w, PRIMARY, ARC_DR_ENDPOINT))).toMatchObject({ name: 'InvalidSignatureException' });
    expect(await errorOf(arc(w).send(new GetRoutingControlStateCommand({ RoutingControlArn: CONTROL('nothere01') })))).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await errorOf(arc(w).send(new UpdateRoutingControlStateCommand({ RoutingControlArn: REF_DR_CONTROL, RoutingControlState: 'Maybe' as never })))).toMatchObject({
      name: 'ValidationException',
    });
  });

  it('moves traffic as the controls are set: DR On and primary Off answers DR, both Off answers nothing', async () => {
    const w = setUp();

    await arc(w).send(
      new UpdateRoutingControlStatesCommand({
        UpdateRoutingControlStateEntries: [
          { RoutingControlArn: REF_DR_CONTROL, RoutingControlState: 'On' },
          { RoutingControlArn: REF_PRIMARY_CONTROL, RoutingControlState: 'Off' },
        ],
      }),
    );
    expect((await arc(w).send(new GetRoutingControlStateCommand({ RoutingControlArn: REF_DR_CONTROL }))).RoutingControlState).toBe('On');
    await w.until(61 * S); // past the TTL of the answer the first probe cached
    await w.account.http(REF_URL, { timeoutMs: 2000 });
    expect(w.account.probes.at(-1)).toMatchObject({ answer: 'referrals-eu-west-1.trust.example.nhs.uk', region: DR, status: 503 });

    await arc(w).send(new UpdateRoutingControlStateCommand({ RoutingControlArn: REF_DR_CONTROL, RoutingControlState: 'Off' }));
    await w.until(122 * S);
    expect(await errorOf(w.account.http(REF_URL, { timeoutMs: 2000 }))).toMatchObject({ message: 'fetch failed', cause: expect.objectContaining({ code: 'ENOTFOUND' }) });
  });
});

describe('the canary table', () => {
  it('takes a write only in the writer\'s region, and a secondary sees it once the lag has passed', async () => {
    const w = setUp();

    const { writtenAt } = await w.account.canary.write(canaryAt(PRIMARY), 'd1-appointments');
    expect(writtenAt).toBe(new Date(START).toISOString());
    const refused = await errorOf(w.account.canary.write(canaryAt(DR), 'd1-appointments'));
    expect(refused).toMatchObject({ message: 'cannot execute INSERT in a read-only transaction', code: '25006' });
    expect(await w.account.canary.read(canaryAt(DR), 'd1-appointments')).toEqual({ writtenAt: null, newestWrittenAt: new Date(START - 30 * DAY).toISOString() });
    await w.until(1 * S);
    expect(await w.account.canary.read(canaryAt(DR), 'd1-appointments')).toEqual({ writtenAt, newestWrittenAt: writtenAt });
    expect(w.account.calls.filter((c) => c.service === 'canary').map((c) => [c.action, c.region, c.ok, c.error])).toEqual([
      ['WriteCanary', PRIMARY, true, undefined],
      ['WriteCanary', DR, false, '25006'],
      ['ReadCanary', DR, true, undefined],
      ['ReadCanary', DR, true, undefined],
    ]);
  });

  it('refuses writes during a switch and keeps every row through a switchover, then writes in the new primary', async () => {
    const w = setUp();
    const { writtenAt } = await w.account.canary.write(canaryAt(PRIMARY), 'before');
    await w.clients.get('rds', DR).send(new SwitchoverGlobalClusterCommand({ GlobalClusterIdentifier: APPT, TargetDbClusterIdentifier: APPT_DR }));

    expect(await errorOf(w.account.canary.write(canaryAt(PRIMARY), 'during'))).toMatchObject({ code: '25006' });
    await switchEnded(w);

    expect((await w.account.canary.read(canaryAt(DR), 'before')).writtenAt).toBe(writtenAt);
    expect(await errorOf(w.account.canary.write(canaryAt(PRIMARY), 'after'))).toMatchObject({ code: '25006' });
    expect((await w.account.canary.write(canaryAt(DR), 'after')).writtenAt).toBe(new Date(START + (await switchEnded(w))).toISOString());
  });

  it('loses in a failover the rows written within the replication lag before it began, and keeps older ones', async () => {
    const w = setUp();
    const older = await w.account.canary.write(refCanaryAt(PRIMARY), 'older');
    await w.until(10 * S);
    const last = await w.account.canary.write(refCanaryAt(PRIMARY), 'last');
    await w.clients.get('rds', DR).send(new FailoverGlobalClusterCommand({ GlobalClusterIdentifier: REF, TargetDbClusterIdentifier: REF_DR, AllowDataLoss: true }));
    await switchEnded(w, REF);

    expect(await w.account.canary.read(refCanaryAt(DR), 'last')).toEqual({ writtenAt: null, newestWrittenAt: older.writtenAt });
    expect((await w.account.canary.read(refCanaryAt(PRIMARY), 'last')).writtenAt).toBeNull();
    expect(last.writtenAt).toBe(new Date(START + 10 * S).toISOString());
    // MySQL words its refusal its own way.
    expect(await errorOf(w.account.canary.write(refCanaryAt(PRIMARY), 'x'))).toMatchObject({ code: 'ER_OPTION_PREVENTS_STATEMENT', errno: 1290 });
  });

  it('refuses a secret, database or table the plan does not name, and clusters it does not have', async () => {
    const w = setUp();
    const other = 'arn:aws:secretsmanager:eu-west-2:111122223333:secret:trust/appointments/drill-readonly-Ab12Cd';

    expect(await errorOf(w.account.canary.write(canaryAt(PRIMARY, { secretArn: other }), 'm'))).toMatchObject({ code: '28P01' });
    expect(await errorOf(w.account.canary.write(canaryAt(PRIMARY, { database: 'patients' }), 'm'))).toMatchObject({ message: 'database "patients" does not exist' });
    expect(await errorOf(w.account.canary.read(canaryAt(PRIMARY, { table: 'canary' }), 'm'))).toMatchObject({ message: 'relation "canary" does not exist' });
    expect(await errorOf(w.account.canary.read(canaryAt(PRIMARY, { clusterArn: `arn:aws:rds:${PRIMARY}:${ACCOUNT}:cluster:nope` }), 'm'))).toMatchObject({ code: 'ENOTFOUND' });
    expect(await errorOf(w.account.canary.read(canaryAt(OTHER), 'm'))).toMatchObject({ code: 'ENOTFOUND' });
    expect(w.account.calls.at(-1)).toMatchObject({ service: 'canary', region: OTHER, ok: false });
  });

  it('seeds the two canary secrets, each pointing at the member in its own region', async () => {
    const w = setUp();

    const secret = await w.account.call(DR, 'secretsmanager', 'GetSecretValue', { SecretId: canaryAt(DR).secretArn });
    const login = JSON.parse(String(secret.SecretString));

    expect(login).toMatchObject({ username: 'drill_canary', engine: 'postgres', port: 5432, dbname: 'appointments', host: expect.stringMatching(/^appointments-dr\.cluster-/) });
  });
});

describe('failover faults', () => {
  it('switchover-stuck: the first switch stays in progress 40 minutes, is cancelled, and the next one works', async () => {
    const w = setUp(['switchover-stuck']);
    const rds = w.clients.get('rds', DR);

    await rds.send(new SwitchoverGlobalClusterCommand({ GlobalClusterIdentifier: APPT, TargetDbClusterIdentifier: APPT_DR }));
    await w.until(30 * MIN);
    expect((await describeGlobal(w)).FailoverState).toMatchObject({ Status: 'switching-over' });
    await w.until(39 * MIN);
    expect((await describeGlobal(w)).FailoverState).toMatchObject({ Status: 'cancelling' });
    await w.until(40 * MIN);
    const cancelled = await describeGlobal(w);
    expect(cancelled.FailoverState).toBeUndefined();
    expect(writerOf(cancelled)).toEqual([APPT_PRIMARY]);

    await rds.send(new SwitchoverGlobalClusterCommand({ GlobalClusterIdentifier: APPT, TargetDbClusterIdentifier: APPT_DR }));
    const ended = await switchEnded(w);
    expect(ended - 40 * MIN).toBeLessThanOrEqual(75 * S);
    expect(writerOf(await describeGlobal(w))).toEqual([APPT_DR]);
    // The other failover target switches normally.
    await rds.send(new FailoverGlobalClusterCommand({ GlobalClusterIdentifier: REF, TargetDbClusterIdentifier: REF_DR, AllowDataLoss: true }));
    expect((await switchEnded(w, REF)) - ended).toBeLessThanOrEqual(60 * S);
  });

  it('dns-not-updated: Route 53 keeps answering the primary after the writer and its app moved', async () => {
    const w = setUp(['dns-not-updated']);

    await w.clients.get('rds', DR).send(new SwitchoverGlobalClusterCommand({ GlobalClusterIdentifier: APPT, TargetDbClusterIdentifier: APPT_DR }));
    await switchEnded(w);
    await w.until(5 * MIN);

    expect(await answerOf(w)).toEqual([APPT_PRIMARY_ANSWER]);
    expect(await w.account.http(APPT_URL, { timeoutMs: 2000 })).toEqual({ status: 503 });
  });

  it('dns-not-updated on an ARC target: the controls change, traffic does not', async () => {
    const w = setUp([`dns-not-updated:${REF}`]);

    await arc(w).send(new UpdateRoutingControlStateCommand({ RoutingControlArn: REF_PRIMARY_CONTROL, RoutingControlState: 'Off' }));

    expect((await arc(w).send(new GetRoutingControlStateCommand({ RoutingControlArn: REF_PRIMARY_CONTROL }))).RoutingControlState).toBe('Off');
    await w.account.http(REF_URL, { timeoutMs: 2000 });
    expect(w.account.probes.at(-1)).toMatchObject({ answer: 'referrals-eu-west-2.trust.example.nhs.uk', status: 200 });
    expect(await answerOf(w)).toEqual([APPT_PRIMARY_ANSWER]);
  });

  it('canary-missing: rows written in the 120 s before a switchover are missing in the new writer', async () => {
    const w = setUp(['canary-missing']);
    await w.account.canary.write(canaryAt(PRIMARY), 'three-minutes-before');
    await w.until(3 * MIN - 90 * S);
    await w.account.canary.write(canaryAt(PRIMARY), 'ninety-seconds-before');
    await w.until(3 * MIN);
    await w.account.canary.write(canaryAt(PRIMARY), 'just-before');

    await w.clients.get('rds', DR).send(new SwitchoverGlobalClusterCommand({ GlobalClusterIdentifier: APPT, TargetDbClusterIdentifier: APPT_DR }));
    await switchEnded(w);

    const read = (marker: string) => w.account.canary.read(canaryAt(DR), marker);
    expect((await read('three-minutes-before')).writtenAt).toBe(new Date(START).toISOString());
    expect((await read('ninety-seconds-before')).writtenAt).toBeNull();
    expect(await read('just-before')).toEqual({ writtenAt: null, newestWrittenAt: new Date(START).toISOString() });
  });

  it('lag-too-high: the replication lag reads 45,000 ms', async () => {
    const w = setUp(['lag-too-high']);

    const result = await lag(w, DR, lagQuery('appointments-dr'));

    expect(result.Values).toEqual(Array(10).fill(45_000));
    expect((await lag(w, DR, lagQuery('referrals-db-dr'))).Values!.every((v) => v < 1000)).toBe(true);
  });

  it('name failover targets, default to the first one, and name the valid ones when a target is wrong', () => {
    const seed = (faults: string[], plan = examplePlanWithFailover()) => {
      const account = new SimAccount({ clock: new SimClock(START), regions: [PRIMARY, DR], faults: parseFaults(faults) });
      account.seedFromPlan(plan);
      return account;
    };

    const account = seed(['lag-too-high', 'dns-not-updated:referrals-global', 'copy-job-failed']);
    expect(account.faultsFor(APPT)).toEqual(['lag-too-high']);
    expect(account.faultsFor(REF)).toEqual(['dns-not-updated']);
    expect(account.faultsFor('appointments')).toEqual(['copy-job-failed']);
    expect(() => seed(['switchover-stuck:appointments'])).toThrow(/names no failover target of the plan \(failover targets: appointments-global, referrals-global\)/);
    expect(() => seed(['copy-job-failed:referrals-global'])).toThrow(/names no target of the plan \(targets: appointments, pharmacy/);
    expect(() => seed(['canary-missing'], examplePlan())).toThrow(/needs a failover target/);
  });
});
