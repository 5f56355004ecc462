import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { buildReport } from '../../../functions/build-report/build-report';
import { AwsClients } from '../../../lib/aws/clients';
import { ALL_CLIENTS } from '../../../lib/aws/all-clients';
import type { DrillContext, TargetItem, TargetResult } from '../../../lib/drill/contracts';
import { DrillStore } from '../../../lib/drill/store';
import { drillReportSchema, type DrillReport } from '../../../lib/report/schema';
import {
  ACCOUNT,
  DRILL_ID,
  DR_REGION,
  EXECUTION_ARN,
  STORE_BUCKET,
  checkedPlan,
  drillContext,
  itemsOf,
  memoryStore,
  nhsPlanInput,
  regionsOf,
  restoredName,
  targetsOf,
  testDeps,
} from './fixtures';

const s3 = mockClient(S3Client);

/** The NHS example without its failover block: these tests are about the restore targets (failover: build-report-failover.test.ts). */
function restoreOnlyPlan(): Record<string, unknown> {
  const plan = nhsPlanInput();
  delete plan.failover;
  return plan;
}
const FINISHED_AT = '2025-03-04T03:30:00.000Z';

/** What Evaluate Target records for a target whose drill went right. */
function passed(item: TargetItem, rto = 27.5, rpo = 240): TargetResult {
  const id = item.target.id;
  return {
    targetId: id,
    type: item.target.type,
    verdict: 'PASSED',
    reason: 'recovered and validated; RTO 28 min vs objective 60 min, RPO 4 h vs objective 24 h; cleaned up',
    failedStep: null,
    recoveryPoint: { arn: `arn:aws:backup:eu-west-1:${ACCOUNT}:recovery-point:${id}-01`, createdAt: '2025-03-03T22:00:00.000Z' },
    jobs: { copyJobId: `copy-${id}`, restoreJobId: `restore-${id}` },
    restoredResourceArn: `arn:aws:dynamodb:eu-west-2:${ACCOUNT}:table/${restoredName(id)}`,
    timeline: [],
    minutes: { copy: 12, restore: 18, instance: null, validation: 0.5, total: 65 },
    rto: { measuredMinutes: rto, objectiveMinutes: item.objectives.rtoMinutes, met: rto <= item.objectives.rtoMinutes },
    rpo: { measuredMinutes: rpo, objectiveMinutes: item.objectives.rpoMinutes, met: rpo <= item.objectives.rpoMinutes },
    checks: [{ name: 'table active', passed: true, value: 'ACTIVE', expected: 'ACTIVE', reason: 'restored table is ACTIVE' }],
    cleanup: { complete: true, deleted: [restoredName(id)], leftBehind: [], errors: [] },
  };
}

/** A drill store holding what Check Plan stored for the plan and what each listed target's drill recorded. */
function drillWith(planInput: unknown, recorded: (items: TargetItem[]) => TargetResult[]) {
  const plan = checkedPlan(planInput);
  const drill: DrillContext = drillContext(plan);
  const store = memoryStore();
  store.plans.set(drill.id, { drill, plan });
  store.results.set(drill.id, new Map(recorded(itemsOf(plan)).map((r) => [r.targetId, r])));
  return { drill, store, report: () => store.reports.get(drill.id) as DrillReport };
}

const build = (drill: DrillContext, store: ReturnType<typeof memoryStore>) => buildReport({ drill }, testDeps([FINISHED_AT]), store);

beforeEach(() => s3.reset());

describe('buildReport (Build Report)', () => {
  it('passes the drill when every target recorded a pass, storing the report and answering its verdict', async () => {
    const { drill, store, report } = drillWith(restoreOnlyPlan(), (items) => items.map((i) => passed(i)));

    const outcome = await build(drill, store);

    const headline =
      'PASSED nhs-patient-platform: 4/4 targets recovered; worst RTO 28 min (objective 60 min), worst RPO 4 h (objective 24 h)';
    expect(outcome).toEqual({
      verdict: 'PASSED',
      headline,
      counts: { targets: 4, passed: 4, failed: 0, cleanupIncomplete: 0 },
      reportLocation: `s3://${STORE_BUCKET}/drills/${DRILL_ID}/report.json`,
    });
    expect(report()).toMatchObject({
      drillId: DRILL_ID,
      executionArn: EXECUTION_ARN,
      plan: { name: 'nhs-patient-platform', hash: drill.planHash },
      startedAt: '2025-03-04T02:00:00.000Z',
      finishedAt: FINISHED_AT,
      verdict: 'PASSED',
      headline,
      residency: { policy: 'UK and Ireland', allowedRegions: ['eu-west-1', 'eu-west-2'], regionsTouched: ['eu-west-1', 'eu-west-2'], outside: [] },
    });
    expect(drillReportSchema.safeParse(report()).success).toBe(true);
  });

  it("puts the plan's coverage on the report: the scope Check Plan listed against this drill and the plan's earlier drills", async () => {
    const { drill, store, report } = drillWith(restoreOnlyPlan(), (items) => items.map((i) => passed(i)));
    const stored = store.plans.get(drill.id)!;
    const vault = stored.plan.targets[0]!.sourceVault;
    const extra = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/audit-log`;
    const inScope = [...stored.plan.targets.map((t) => t.resourceArn), extra];
    store.plans.set(drill.id, {
      ...stored,
      coverageScope: {
        listedAt: drill.startedAt,
        region: 'eu-west-1',
        vaults: [vault],
        resources: inScope.map((resourceArn) => ({ resourceArn, resourceType: 'DynamoDB', vault })),
        otherTypes: {},
        error: null,
      },
    });
    const readProofs = jest.fn(async () => []);

    await buildReport({ drill }, { ...testDeps([FINISHED_AT]), readProofs }, store);

    expect(readProofs).toHaveBeenCalledWith(stored.plan.name, '2025-02-02T03:30:00.000Z');
    expect(report().coverage).toMatchObject({
      protectedCount: 5,
      provenCount: 4,
      line: '4/5 protected resources proven in the last 30 days; not drilled: audit-log; 1 unproven for more than 30 days',
      drilled: { proven: stored.plan.targets.map((t) => t.resourceArn).sort(), failed: [] },
    });
    expect(drillReportSchema.parse(report())).toEqual(report());
  });

  it('reports a target that recorded no result as FAILED, by name, and fails the drill', async () => {
    const { drill, store, report } = drillWith(restoreOnlyPlan(), (items) => items.filter((i) => i.target.id !== 'documents').map((i) => passed(i)));

    const outcome = await build(drill, store);

    expect(outcome).toMatchObject({ verdict: 'FAILED', counts: { targets: 4, passed: 3, failed: 1, cleanupIncomplete: 1 } });
    expect(report().targets.map((t) => [t.targetId, t.verdict])).toEqual([
      ['patients-db', 'PASSED'],
      ['appointments', 'PASSED'],
      ['documents', 'FAILED'],
      ['shared-files', 'PASSED'],
    ]);
    expect(report().targets[2]).toEqual({
      targetId: 'documents',
      type: 's3',
      verdict: 'FAILED',
      reason: `its drill execution (${DRILL_ID}-documents) ended without recording a result; check that its cleanup ran`,
      failedStep: 'execution',
      recoveryPoint: null,
      jobs: { copyJobId: null, restoreJobId: null },
      restoredResourceArn: null,
      timeline: [],
      minutes: { copy: null, restore: null, instance: null, validation: null, total: null },
      rto: { measuredMinutes: null, objectiveMinutes: 60, met: false },
      rpo: { measuredMinutes: null, objectiveMinutes: 1440, met: false },
      checks: [],
      cleanup: { complete: false, deleted: [], leftBehind: [`unconfirmed: resources named ${restoredName('documents')}*`], errors: [] },
    });
    expect(outcome.headline).toBe(
      `FAILED nhs-patient-platform: 1 of 4 targets failed (documents: its drill execution (${DRILL_ID}-documents) ended without ` +
        'recording a result; check that its cleanup ran at execution)',
    );
  });

  it("gives a target with no result its own objectives from the plan", async () => {
    const plan = restoreOnlyPlan();
    targetsOf(plan)[2]!.objectives = { rtoMinutes: 120 };
    const { drill, store, report } = drillWith(plan, () => []);

    await build(drill, store);

    expect(report().targets[2]).toMatchObject({ targetId: 'documents', rto: { objectiveMinutes: 120 }, rpo: { objectiveMinutes: 1440 } });
  });

  it('lists the targets in plan order whatever order the store answers them in', async () => {
    const { drill, store, report } = drillWith(restoreOnlyPlan(), (items) => [...items].reverse().map((i) => passed(i)));

    await build(drill, store);

    expect(report().targets.map((t) => t.targetId)).toEqual(['patients-db', 'appointments', 'documents', 'shared-files']);
  });

  it('fails the drill when a target recorded its own failure', async () => {
    const { drill, store } = drillWith(restoreOnlyPlan(), (items) =>
      items.map((i, n) => (n === 0 ? { ...passed(i), verdict: 'FAILED', failedStep: 'waitForCopy', reason: 'the cross-region copy failed: CopyJobFailed' } : passed(i))),
    );

    const outcome = await build(drill, store);

    expect(outcome).toMatchObject({ verdict: 'FAILED', counts: { passed: 3, failed: 1 } });
    expect(outcome.headline).toContain('patients-db: the cross-region copy failed: CopyJobFailed at waitForCopy');
  });

  it('fails a drill none of whose targets recorded anything', async () => {
    const { drill, store } = drillWith(restoreOnlyPlan(), () => []);

    const outcome = await build(drill, store);

    expect(outcome).toMatchObject({ verdict: 'FAILED', counts: { targets: 4, passed: 0, failed: 4, cleanupIncomplete: 4 } });
  });

  it('refuses an event without the drill context with BadPayloadError', async () => {
    const run = buildReport({}, testDeps([FINISHED_AT]), memoryStore());

    await expect(run).rejects.toMatchObject({ name: 'BadPayloadError' });
  });

  it('reads every recorded result from the S3 drill store, across pages, in the DR region', async () => {
    const plan = checkedPlan(restoreOnlyPlan());
    const drill = drillContext(plan);
    const objects = new Map<string, string>([[`drills/${DRILL_ID}/plan.json`, JSON.stringify({ drill, plan })]]);
    for (const item of itemsOf(plan)) objects.set(`drills/${DRILL_ID}/targets/${item.target.id}.json`, JSON.stringify(passed(item)));
    const resultKeys = [...objects.keys()].filter((k) => k.includes('/targets/'));
    s3.on(ListObjectsV2Command)
      .resolvesOnce({ Contents: resultKeys.slice(0, 3).map((Key) => ({ Key })), IsTruncated: true, NextContinuationToken: 'page-2' })
      .resolvesOnce({ Contents: resultKeys.slice(3).map((Key) => ({ Key })), IsTruncated: false });
    s3.on(GetObjectCommand).callsFake((input: { Key: string }) => ({ Body: { transformToString: async () => objects.get(input.Key) } }));
    s3.on(PutObjectCommand).resolves({});
    const deps = { clients: new AwsClients(ALL_CLIENTS), region: DR_REGION, now: () => new Date(FINISHED_AT) };

    const outcome = await buildReport({ drill }, deps, new DrillStore(deps, STORE_BUCKET));

    expect(outcome).toMatchObject({ verdict: 'PASSED', counts: { targets: 4, passed: 4 } });
    expect(s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input)).toEqual([
      { Bucket: STORE_BUCKET, Prefix: `drills/${DRILL_ID}/targets/` },
      { Bucket: STORE_BUCKET, Prefix: `drills/${DRILL_ID}/targets/`, ContinuationToken: 'page-2' },
    ]);
    expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key)).toEqual([`drills/${DRILL_ID}/report.json`]);
    expect(new Set(await regionsOf(s3.calls()))).toEqual(new Set(['eu-west-2']));
  });
});
