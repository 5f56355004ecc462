// Build Report for a plan with a failover block: each planned failover target's recorded result, in plan order, and
// for one that recorded nothing a loud FAILED result that invents no figure.
import { mockClient } from 'aws-sdk-client-mock';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { buildReport } from '../../../functions/build-report/build-report';
import { AwsClients } from '../../../lib/aws/clients';
import { ALL_CLIENTS } from '../../../lib/aws/all-clients';
import type { TargetResult } from '../../../lib/drill/contracts';
import { DrillStore } from '../../../lib/drill/store';
import type { FailoverResult } from '../../../lib/failover/contracts';
import { drillReportSchema, type DrillReport } from '../../../lib/report/schema';
import { passedFailover } from '../failover-result-fixtures';
import { DRILL_ID, DR_REGION, STORE_BUCKET, checkedPlan, drillContext, itemsOf, memoryStore, nhsPlanInput, testDeps } from './fixtures';

const s3 = mockClient(S3Client);
const FINISHED_AT = '2025-03-04T04:30:00.000Z';

/** A restore target that passed: the restore half is not what these tests are about. */
function restored(targetId: string, type: string): TargetResult {
  return {
    targetId,
    type,
    verdict: 'PASSED',
    reason: 'restored and validated',
    failedStep: null,
    recoveryPoint: null,
    jobs: { copyJobId: null, restoreJobId: null },
    restoredResourceArn: null,
    timeline: [],
    minutes: { copy: 10, restore: 20, instance: null, validation: 1, total: 40 },
    rto: { measuredMinutes: 21, objectiveMinutes: 60, met: true },
    rpo: { measuredMinutes: 240, objectiveMinutes: 1440, met: true },
    checks: [],
    cleanup: { complete: true, deleted: [], leftBehind: [], errors: [] },
  };
}

function drillWith(planInput: Record<string, unknown>, failover: FailoverResult[]) {
  const plan = checkedPlan(planInput);
  const drill = drillContext(plan);
  const store = memoryStore();
  store.plans.set(drill.id, { drill, plan });
  store.results.set(drill.id, new Map(itemsOf(plan).map((i) => [i.target.id, restored(i.target.id, i.target.type)])));
  store.failoverResults.set(drill.id, new Map(failover.map((r) => [r.targetId, r])));
  return { drill, store, report: () => store.reports.get(drill.id) as DrillReport };
}

/** The NHS example with a second global database, so order and partial results can be seen. */
function twoFailoverTargets(): Record<string, unknown> {
  const plan = nhsPlanInput();
  const failover = plan.failover as { targets: Record<string, unknown>[] };
  const first = failover.targets[0]!;
  failover.targets.push({
    ...structuredClone(first),
    id: 'appointments-global',
    globalClusterIdentifier: 'appointments-global',
    primaryClusterArn: 'arn:aws:rds:eu-west-1:111122223333:cluster:appointments-db',
    drClusterArn: 'arn:aws:rds:eu-west-2:111122223333:cluster:appointments-db-london',
    mode: 'failover',
    objectives: { rpoSeconds: 10 },
  });
  return plan;
}

beforeEach(() => s3.reset());

describe('buildReport (Build Report) with failover targets', () => {
  it('puts each failover result in the report and passes the drill when all passed', async () => {
    const { drill, store, report } = drillWith(nhsPlanInput(), [passedFailover()]);

    const outcome = await buildReport({ drill }, testDeps([FINISHED_AT]), store);

    expect(outcome.verdict).toBe('PASSED');
    expect(outcome.headline).toMatch(/; failover 1\/1 passed, worst downtime 84 s \(objective 120 s\)$/);
    expect(report().failover).toEqual([passedFailover()]);
    expect(drillReportSchema.safeParse(report()).success).toBe(true);
  });

  it('turns a planned failover target without a result into a loud FAILED one that sends on-call to the cluster', async () => {
    const { drill, store, report } = drillWith(twoFailoverTargets(), [passedFailover()]);

    const outcome = await buildReport({ drill }, testDeps([FINISHED_AT]), store);

    expect(outcome.verdict).toBe('FAILED');
    expect(report().failover?.map((r) => [r.targetId, r.verdict, r.loud])).toEqual([
      ['patients-global', 'PASSED', false],
      ['appointments-global', 'FAILED', true],
    ]);
    expect(report().failover?.[1]).toEqual({
      targetId: 'appointments-global',
      globalClusterIdentifier: 'appointments-global',
      mode: 'failover',
      verdict: 'FAILED',
      reason: 'its failover execution ended without recording a result; the state of the service is unknown',
      stoppedAt: null,
      loud: true,
      service: {
        writerRegion: null,
        trafficRegion: null,
        onPrimary: false,
        summary: 'no result recorded; check global cluster appointments-global now (which region is writer, where traffic goes)',
      },
      approval: { outcome: 'unknown', by: null, at: null },
      preflight: null,
      // The target's own RPO (10 s) overrides the plan's 30 s; nothing is measured.
      replicationLag: { measuredSeconds: null, objectiveSeconds: 10, met: false, detail: 'not measured: the failover execution recorded no result' },
      dataLoss: { measuredSeconds: null, objectiveSeconds: 10, met: false, detail: 'not measured: the failover execution recorded no result', canaryFound: null },
      cutover: null,
      failback: null,
      rollback: null,
      timeline: [],
    });
    expect(outcome.headline).toMatch(/^SERVICE STATE UNKNOWN: appointments-global: no result recorded; check global cluster appointments-global now/);
  });

  it('lists failover results in plan order whatever order the store answers them in', async () => {
    const other = { ...passedFailover(), targetId: 'appointments-global', globalClusterIdentifier: 'appointments-global' };
    const { drill, store, report } = drillWith(twoFailoverTargets(), [other, passedFailover()]);

    await buildReport({ drill }, testDeps([FINISHED_AT]), store);

    expect(report().failover?.map((r) => r.targetId)).toEqual(['patients-global', 'appointments-global']);
  });

  it('reads failover results from their own prefix of the S3 drill store', async () => {
    const plan = checkedPlan();
    const drill = drillContext(plan);
    const objects = new Map<string, string>([
      [`drills/${DRILL_ID}/plan.json`, JSON.stringify({ drill, plan })],
      [`drills/${DRILL_ID}/failover/patients-global.json`, JSON.stringify(passedFailover())],
    ]);
    for (const item of itemsOf(plan)) objects.set(`drills/${DRILL_ID}/targets/${item.target.id}.json`, JSON.stringify(restored(item.target.id, item.target.type)));
    s3.on(ListObjectsV2Command).callsFake((input: { Prefix: string }) => ({
      Contents: [...objects.keys()].filter((Key) => Key.startsWith(input.Prefix)).map((Key) => ({ Key })),
      IsTruncated: false,
    }));
    s3.on(GetObjectCommand).callsFake((input: { Key: string }) => ({ Body: { transformToString: async () => objects.get(input.Key) } }));
    s3.on(PutObjectCommand).resolves({});
    const deps = { clients: new AwsClients(ALL_CLIENTS), region: DR_REGION, now: () => new Date(FINISHED_AT) };

    const outcome = await buildReport({ drill }, deps, new DrillStore(deps, STORE_BUCKET));

    expect(outcome.verdict).toBe('PASSED');
    expect(s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input.Prefix)).toEqual([`drills/${DRILL_ID}/targets/`, `drills/${DRILL_ID}/failover/`]);
  });
});
