// Scenario tests: the REAL drill (parent) and failover-target definitions run on the local simulation of an
// Aurora global database, Route 53 and the application, with faults injected by name. Each asserts on what happened
// in the simulated account (the switch calls, in order and region, where the writer and traffic ended up), on the
// measured figures and on the recorded verdict, not only on the execution's status.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { LOCAL_APPROVER, PROJECT_ROOT, runLocalDrill, type LocalApprovalAnswer, type LocalDrillResult } from '../../local/run-drill';
import { drillIdFor } from '../../lib/drill/names';
import type { LocalStack } from '../../local/stack/stack';
import { failoverResultSchema, type FailoverResult } from '../../lib/failover/contracts';

jest.setTimeout(60_000);

const ALLOWED = ['eu-west-1', 'eu-west-2'];
const PRIMARY_ARN = 'arn:aws:rds:eu-west-1:111122223333:cluster:patients-db';
const DR_ARN = 'arn:aws:rds:eu-west-2:111122223333:cluster:patients-db-london';

type PlanInput = Record<string, unknown> & { failover: { targets: Record<string, unknown>[] } & Record<string, unknown> };
const nhsPlanInput = (): PlanInput => parse(readFileSync(join(PROJECT_ROOT, 'examples', 'nhs-patient-platform.yml'), 'utf8')) as PlanInput;

type Ran = Extract<LocalDrillResult, { refused: false }> & { result: FailoverResult; states: string[] };

interface FailoverRun {
  faults?: string[];
  approval?: LocalApprovalAnswer;
  approvedBy?: string;
  edit?: (plan: PlanInput) => void;
  /** Restore targets too (slower: a restored PostgreSQL starts in PGlite); failover only by default. */
  withRestore?: boolean;
  /** The stack as packaged with dnsObserverVpc in config/<stage>.yml: the observers join the VPC. */
  observersInVpc?: boolean;
}

/** What `dnsObserverVpc` changes in the packaged stack: the observers are attached to the VPC, and say so. */
const OBSERVERS = ['failoverPreflight', 'observeFailover', 'dryRun'];
function withObserversInVpc(stack: LocalStack): LocalStack {
  const functions = new Map(stack.functions);
  for (const key of OBSERVERS) functions.set(key, { ...functions.get(key)!, env: { ...functions.get(key)!.env, DNS_OBSERVER_VPC: 'subnet-0a1b2c3d4e5f60718' } });
  return { ...stack, functions };
}

async function failoverDrill(options: FailoverRun = {}): Promise<Ran> {
  const plan = nhsPlanInput();
  options.edit?.(plan);
  const states: string[] = [];
  const r = await runLocalDrill({
    plan,
    faults: options.faults,
    approval: options.approval,
    approvedBy: options.approvedBy,
    only: options.withRestore ? undefined : ['patients-global'],
    ...(options.observersInVpc ? { editStack: withObserversInVpc } : {}),
    onEngineEvent: ({ event, execution }) => {
      if (execution.stateMachine === 'failoverTarget' && event.type === 'StateEntered' && event.state) states.push(event.state.name);
    },
  });
  if (r.refused) throw new Error(`plan refused: ${JSON.stringify(r.problems)}`);
  const result = await storedResult(r, 'patients-global');
  return { ...r, result, states };
}

async function storedResult(r: Extract<LocalDrillResult, { refused: false }>, targetId: string): Promise<FailoverResult> {
  const key = `drills/${drillIdFor(r.execution.arn)}/failover/${targetId}.json`;
  const object = await r.account.call('eu-west-2', 's3', 'GetObject', { Bucket: r.names.storeBucket, Key: key });
  return failoverResultSchema.parse(JSON.parse(String(object.Body)));
}

const switchCalls = (r: Ran) =>
  r.account.calls
    .filter((c) => c.ok && ['SwitchoverGlobalCluster', 'FailoverGlobalCluster'].includes(c.action))
    .map((c) => ({ action: c.action, region: c.region, at: c.at }));

/** Where the simulated global database and its traffic are now, asked the way the drill asks. */
async function worldNow(r: Ran, dnsFrom: 'route53' | 'vpc' = 'route53'): Promise<{ writer: string | undefined; switching: unknown; dns: unknown }> {
  const described = (await r.account.call('eu-west-2', 'rds', 'DescribeGlobalClusters', { GlobalClusterIdentifier: 'patients-global' })) as {
    GlobalClusters: { GlobalClusterMembers: { DBClusterArn: string; IsWriter: boolean }[]; FailoverState?: unknown }[];
  };
  const cluster = described.GlobalClusters[0]!;
  // A private zone's record is read as the observer reads it, through the VPC's resolver (TestDNSAnswer refuses it).
  const dns =
    dnsFrom === 'vpc'
      ? { RecordData: (await r.account.dns('patients.nhs-platform.example.uk', 'CNAME')).records }
      : ((await r.account.call('eu-west-2', 'route53', 'TestDNSAnswer', {
          HostedZoneId: 'Z0123456789ABCDEFGHIJ',
          RecordName: 'patients.nhs-platform.example.uk',
          RecordType: 'CNAME',
        })) as { RecordData: string[] });
  return {
    writer: cluster.GlobalClusterMembers.find((m) => m.IsWriter)?.DBClusterArn,
    switching: cluster.FailoverState ?? null,
    dns: dns.RecordData,
  };
}

function expectBackOnPrimary(r: Ran, dnsFrom: 'route53' | 'vpc' = 'route53'): Promise<void> {
  expect(r.result.service.onPrimary).toBe(true);
  expect(r.result.loud).toBe(false);
  expect(r.account.calls.filter((c) => !ALLOWED.includes(c.region))).toEqual([]);
  return worldNow(r, dnsFrom).then((now) => {
    expect(now.writer).toBe(PRIMARY_ARN);
    expect(now.switching).toBeNull();
    expect(now.dns).toEqual(['patients-eu-west-1.nhs-platform.example.uk']);
  });
}

const secondsBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 1000;

describe('failover drill on the local simulation', () => {
  it('switches over to London, proves the cutover, soaks, fails back and measures every figure', async () => {
    const r = await failoverDrill();

    expect(r.execution.status).toBe('SUCCEEDED');
    expect(r.result.verdict).toBe('PASSED');
    expect(r.result.approval).toMatchObject({ outcome: 'approved', by: LOCAL_APPROVER });
    // What it cost: the transitions the estimate derives from the path and the looks are within 10% of those the
    // failover-target execution made (which AWS bills), and Observe Failover's invocations are the watch's own count.
    const child = r.children.find((c) => c.stateMachine === 'failoverTarget')!;
    const usage = r.result.usage!;
    expect(Math.abs(usage.transitions - 3 - child.transitions) / child.transitions).toBeLessThan(0.1);
    expect(usage.observe).toMatchObject({ counted: true });
    expect(usage.observe.invocations).toBeGreaterThanOrEqual(2);
    expect(usage).toMatchObject({ canaryWrites: 1, replicatedTo: ['eu-west-2'], metricsRequested: 2, trafficFrom: 'route53' });
    const cost = r.report!.cost!;
    expect(cost.lines.filter((l) => l.targetId === 'patients-global').map((l) => l.price)).toEqual([
      'lambda.request',
      'lambda.arm.gb-second',
      'step-functions.transition',
      'cloudwatch.metric-requested',
    ]);
    expect(cost.notEstimated.filter((n) => n.targetId === 'patients-global').map((n) => n.what)).toContain(
      'the canary row replicated to eu-west-2 (Aurora Global Database replicated write I/Os and cross-region data transfer)',
    );

    // Two planned switches, both asked of the DR region's endpoint: to London, then back to Ireland after the soak.
    const switches = switchCalls(r);
    expect(switches.map((s) => [s.action, s.region])).toEqual([
      ['SwitchoverGlobalCluster', 'eu-west-2'],
      ['SwitchoverGlobalCluster', 'eu-west-2'],
    ]);
    const targets = r.account.calls.filter((c) => c.ok && c.action === 'SwitchoverGlobalCluster').map((c) => c.input?.TargetDbClusterIdentifier);
    expect(targets).toEqual([DR_ARN, PRIMARY_ARN]);
    // The soak: ten simulated minutes at least between the cutover's switch and the failback's.
    expect(secondsBetween(switches[0]!.at, switches[1]!.at)).toBeGreaterThanOrEqual(600);

    // Preflight read before anything changed.
    const firstSwitch = r.account.calls.findIndex((c) => c.action === 'SwitchoverGlobalCluster');
    const before = r.account.calls.slice(0, firstSwitch).map((c) => c.action);
    expect(before).toEqual(expect.arrayContaining(['DescribeGlobalClusters', 'DescribeDBClusters', 'GetMetricData', 'TestDNSAnswer']));

    // Figures measured by the watch loop, against the case study's objectives.
    const cutover = r.result.cutover!;
    expect(cutover.cutover.measuredSeconds).toBeGreaterThanOrEqual(45);
    expect(cutover.cutover.measuredSeconds).toBeLessThanOrEqual(90);
    expect(cutover.cutover).toMatchObject({ objectiveSeconds: 90, met: true });
    expect(cutover.downtime.measuredSeconds).toBeGreaterThan(0);
    expect(cutover.downtime).toMatchObject({ objectiveSeconds: 120, recovered: true });
    expect(cutover.downtime.resolutionSeconds).toBeLessThanOrEqual(6);
    // Route 53 moves once its health check has seen the primary fail three times (10 s apart): 20-30 s after the
    // switch froze writes there, which may be before the DR writer is ready.
    expect(cutover.traffic.measuredSeconds).toBeGreaterThanOrEqual(20);
    expect(cutover.traffic).toMatchObject({ objectiveSeconds: 120, met: true });
    expect(r.result.dataLoss).toMatchObject({ measuredSeconds: 0, met: true, canaryFound: true });
    expect(r.result.replicationLag.measuredSeconds).toBeLessThan(1);
    expect(r.result.failback?.cutover.measuredSeconds).toBeGreaterThan(0);
    expect(r.result.rollback).toBeNull();

    await expectBackOnPrimary(r);
    expect(r.account.calls.filter((c) => !ALLOWED.includes(c.region))).toEqual([]);
  });

  it('refuses at preflight when replication lag is over the RPO objective, changing nothing', async () => {
    const r = await failoverDrill({ faults: ['lag-too-high'] });

    expect(r.result.verdict).toBe('NOT_RUN');
    expect(r.result.stoppedAt).toBe('preflight');
    expect(r.result.reason).toMatch(/lag/i);
    expect(r.result.preflight?.replicationLagMs).toBe(45_000);
    expect(switchCalls(r)).toEqual([]);
    expect(r.states).not.toContain('Wait For Approval');
    expect(r.states).not.toContain('Write Canary');
    // The drill as a whole fails: the month's evidence shows no failover.
    expect(r.report?.verdict).toBe('FAILED');
    await expectBackOnPrimary(r);
  });

  it('rolls back when the switchover is stuck past the switch timeout, and waits for AWS to settle it', async () => {
    const r = await failoverDrill({ faults: ['switchover-stuck'] });

    expect(r.result.verdict).toBe('FAILED');
    expect(r.result.stoppedAt).toBe('cutover');
    expect(r.result.rollback).toMatchObject({ settled: true, switchRequested: false });
    // Nothing to switch back: AWS cancelled the stuck switchover, so the only switch call is the first one.
    expect(switchCalls(r)).toHaveLength(1);
    expect(r.states).toContain('Cutover Timed Out');
    expect(r.states).not.toContain('Soak');
    await expectBackOnPrimary(r);
  });

  it('probes every second through a 15-minute stuck switch while the execution history grows per minute, not per probe', async () => {
    const r = await failoverDrill({ faults: ['switchover-stuck'], edit: (plan) => (plan.failover.probeIntervalSeconds = 1) });

    const cutover = r.result.cutover!;
    expect(r.result.rollback).toMatchObject({ settled: true });
    // The resolution is the plan's interval: every second of the 15-minute cutover was looked at.
    expect(cutover.downtime.resolutionSeconds).toBeLessThanOrEqual(1);
    const looks = r.account.calls.filter((c) => c.action === 'DescribeGlobalClusters').length;
    expect(looks).toBeGreaterThan(900);
    // ~11 events a probe would be ~10,000 for the cutover alone; a few hundred for the whole execution now.
    const child = r.children.find((e) => e.stateMachine === 'failoverTarget')!;
    expect(child.historyEvents).toBeLessThan(600);
  });

  it('says loudly that the service is not back when the rollback cannot settle in time', async () => {
    // The stuck switch outlasts the rollback's own deadline: the drill must not claim the service is back.
    const r = await failoverDrill({ faults: ['switchover-stuck'], edit: (plan) => (plan.failover.rollbackTimeoutMinutes = 10) });

    expect(r.result.verdict).toBe('FAILED');
    expect(r.result.loud).toBe(true);
    expect(r.result.stoppedAt).toBe('rollback');
    expect(r.result.rollback).toMatchObject({ settled: false });
    expect(r.result.service.onPrimary).toBe(false);
    expect(r.report?.headline).toMatch(/^SERVICE (NOT ON PRIMARY|STATE UNKNOWN|NEEDS ATTENTION)/);
    // When the drill gave up, the switch was still running: what on-call finds is exactly what the report says.
    const now = await worldNow(r);
    expect(now.switching).not.toBeNull();
  });

  it('refuses at preflight a private zone measured from the VPC when the stack did not attach its observers to one, changing nothing', async () => {
    const r = await failoverDrill({
      edit: (plan) => {
        const dns = plan.failover.targets[0]!.dns as Record<string, unknown>;
        dns.zone = 'private';
        dns.measureFrom = 'vpc';
      },
    });

    expect(r.result.verdict).toBe('NOT_RUN');
    expect(JSON.stringify(r.result)).toContain('dnsObserverVpc');
    expect(r.account.calls.filter((c) => ['SwitchoverGlobalCluster', 'FailoverGlobalCluster', 'TestDNSAnswer'].includes(c.action))).toEqual([]);
    expect(r.account.dnsLookups).toEqual([]);
  });

  it('measures a private hosted zone from inside the VPC: the DNS cutover includes the TTL the resolver kept the old answer for', async () => {
    const record = 'patients.nhs-platform.example.uk';
    const publicRun = await failoverDrill();
    const r = await failoverDrill({
      observersInVpc: true,
      edit: (plan) => {
        const dns = plan.failover.targets[0]!.dns as Record<string, unknown>;
        dns.zone = 'private';
        dns.measureFrom = 'vpc';
      },
    });

    expect(r.execution.status).toBe('SUCCEEDED');
    expect(r.result.verdict).toBe('PASSED');
    // Route 53 refuses TestDNSAnswer for a private zone: the drill never asked it, and read the record in the VPC.
    expect(r.account.calls.filter((c) => c.action === 'TestDNSAnswer')).toEqual([]);
    expect(r.account.dnsLookups.length).toBeGreaterThan(10);
    expect(new Set(r.account.dnsLookups.map((l) => `${l.type} ${l.name}`))).toEqual(new Set([`CNAME ${record}`]));

    // Same world, same switch: Route 53 moved when it did in the public-zone run, but the VPC's resolver kept the
    // primary's answer until the 60 s TTL of the answer it had cached ran out.
    const routed = publicRun.result.cutover!.traffic.measuredSeconds!;
    const seen = r.result.cutover!.traffic.measuredSeconds!;
    expect(r.result.cutover!.cutover.measuredSeconds).toBe(publicRun.result.cutover!.cutover.measuredSeconds);
    expect(seen).toBeGreaterThan(routed);
    expect(seen).toBeLessThanOrEqual(routed + 60 + 5);
    expect(r.result.cutover!.traffic.detail).toMatch(/^the VPC's resolver answered for the DR region \(eu-west-2\) \(as clients in the VPC see it, the record's TTL included\) [\d.]+ s after the switch request/);

    // The first DR answer came fresh from Route 53 when the cached primary answer expired, not before.
    const lookups = r.account.dnsLookups;
    const firstDr = lookups.findIndex((l) => l.result.records[0] === 'patients-eu-west-2.nhs-platform.example.uk');
    expect(lookups[firstDr]).toMatchObject({ cached: false, result: { ttlSeconds: 60 } });
    const lastFresh = lookups.slice(0, firstDr).reverse().find((l) => !l.cached)!;
    expect(lastFresh.result.records).toEqual(['patients-eu-west-1.nhs-platform.example.uk']);
    expect(secondsBetween(lastFresh.at, lookups[firstDr]!.at)).toBeGreaterThanOrEqual(60);
    // After Route 53 had moved, clients in the VPC were still sent to Ireland from the cache, the TTL counting down.
    const switchedAt = switchCalls(r)[0]!.at;
    const stale = lookups.slice(0, firstDr).filter((l) => l.cached && secondsBetween(switchedAt, l.at) > routed);
    expect(stale.length).toBeGreaterThan(0);
    expect(stale.every((l) => l.result.records[0] === 'patients-eu-west-1.nhs-platform.example.uk' && l.result.ttlSeconds! < 60)).toBe(true);

    await expectBackOnPrimary(r, 'vpc');
  });

  it('rolls back when Route 53 never moves traffic to the DR region', async () => {
    const r = await failoverDrill({ faults: ['dns-not-updated'] });

    expect(r.result.verdict).toBe('FAILED');
    expect(r.result.stoppedAt).toBe('cutover');
    expect(r.result.cutover?.cutover.met).toBe(true);
    expect(r.result.cutover?.traffic.measuredSeconds).toBeNull();
    expect(r.result.rollback).toMatchObject({ settled: true, switchRequested: true });
    // The writer had moved: the rollback asked for the switch back to Ireland.
    const targets = r.account.calls.filter((c) => c.ok && c.action === 'SwitchoverGlobalCluster').map((c) => c.input?.TargetDbClusterIdentifier);
    expect(targets).toEqual([DR_ARN, PRIMARY_ARN]);
    await expectBackOnPrimary(r);
  });

  it('detects data loss when the canary is missing in the new primary, and rolls back', async () => {
    const r = await failoverDrill({ faults: ['canary-missing'] });

    expect(r.result.verdict).toBe('FAILED');
    expect(r.result.stoppedAt).toBe('prove');
    expect(r.result.dataLoss).toMatchObject({ met: false, canaryFound: false });
    expect(r.result.reason).toMatch(/canary|data loss/i);
    expect(r.states).not.toContain('Soak');
    expect(switchCalls(r)).toHaveLength(2);
    await expectBackOnPrimary(r);
  });

  it.each([
    ['timeout', 'timed-out'],
    ['reject', 'rejected'],
  ] as const)('ends cleanly with nothing changed when approval is %s', async (approval, outcome) => {
    const r = await failoverDrill({ approval });

    expect(r.result.verdict).toBe('NOT_RUN');
    expect(r.result.approval.outcome).toBe(outcome);
    expect(r.states).toContain('Wait For Approval');
    expect(r.states).not.toContain('Write Canary');
    expect(switchCalls(r)).toEqual([]);
    await expectBackOnPrimary(r);
  });

  // The console's "Send task success" sends whatever the person typed: the approval stands, the approver is unknown.
  it.each([
    ['{}', {}],
    ['a JSON string', 'yes, go ahead'],
    ['JSON without the CLI fields', { ok: true, approvedBy: 42, note: ['ward 7 informed'] }],
  ] as const)('treats SendTaskSuccess with %s as approved by someone it cannot name, and runs the drill', async (_label, output) => {
    const r = await failoverDrill({ approval: { sendTaskSuccessOutput: output as never } });

    expect(r.execution.status).toBe('SUCCEEDED');
    expect(r.states).toEqual(expect.arrayContaining(['Wait For Approval', 'Approved', 'Write Canary']));
    expect(r.result.approval).toMatchObject({ outcome: 'approved', by: null });
    expect(Date.parse(r.result.approval.at ?? '')).not.toBeNaN();
    expect(r.result.verdict).toBe('PASSED');
    expect(switchCalls(r)).toHaveLength(2);
    await expectBackOnPrimary(r);
  });

  it('names the approver a console answer gives in approvedBy, even without approvedAt', async () => {
    const r = await failoverDrill({ approval: { sendTaskSuccessOutput: { approvedBy: 'on-call@trust.example' } } });
    expect(r.result.approval).toMatchObject({ outcome: 'approved', by: 'on-call@trust.example' });
    expect(r.result.verdict).toBe('PASSED');
  });

  it('waits for nobody when the plan allows unattended failover, or the drill was approved at start', async () => {
    const unattended = await failoverDrill({ edit: (plan) => (plan.failover.unattended = true) });
    expect(unattended.states).not.toContain('Wait For Approval');
    expect(unattended.result.approval.outcome).toBe('not-required');
    expect(unattended.result.verdict).toBe('PASSED');

    const approved = await failoverDrill({ approvedBy: 'on-call@trust.example' });
    expect(approved.states).not.toContain('Wait For Approval');
    expect(approved.result.approval).toMatchObject({ outcome: 'not-required', by: 'on-call@trust.example' });
  });

  it('rehearses an unplanned outage with FailoverGlobalCluster (data loss allowed), then fails back with a switchover', async () => {
    const r = await failoverDrill({
      edit: (plan) => {
        plan.failover.targets[0]!.mode = 'failover';
      },
    });

    const calls = r.account.calls.filter((c) => c.ok && ['SwitchoverGlobalCluster', 'FailoverGlobalCluster'].includes(c.action));
    expect(calls.map((c) => c.action)).toEqual(['FailoverGlobalCluster', 'SwitchoverGlobalCluster']);
    expect(calls[0]!.input).toMatchObject({ AllowDataLoss: true, TargetDbClusterIdentifier: DR_ARN });
    expect(r.result.mode).toBe('failover');
    expect(r.result.verdict).toBe('PASSED');
    await expectBackOnPrimary(r);
  });

  it('moves traffic with ARC routing controls at an allowed cluster endpoint, and back', async () => {
    const r = await failoverDrill({
      edit: (plan) => {
        const target = plan.failover.targets[0]!;
        delete target.dns;
        target.routingControls = {
          clusterEndpoints: [{ region: 'eu-west-1', endpoint: 'https://host-abc123.route53-recovery-cluster.eu-west-1.amazonaws.com/v1' }],
          primaryControlArn: 'arn:aws:route53-recovery-control::111122223333:controlpanel/0123456789abcdef/routingcontrol/primary01',
          drControlArn: 'arn:aws:route53-recovery-control::111122223333:controlpanel/0123456789abcdef/routingcontrol/london001',
        };
      },
    });

    expect(r.result.verdict).toBe('PASSED');
    const updates = r.account.calls.filter((c) => c.ok && c.action.startsWith('UpdateRoutingControlState'));
    expect(updates).toHaveLength(2);
    expect(updates.every((c) => c.region === 'eu-west-1')).toBe(true);
    // The drill turns the routing controls only once the DR cluster is writer: traffic follows the writer.
    expect(r.result.cutover?.traffic.measuredSeconds).toBeGreaterThanOrEqual(r.result.cutover!.cutover.measuredSeconds!);
    expect(r.account.calls.filter((c) => !ALLOWED.includes(c.region))).toEqual([]);
  });
});
