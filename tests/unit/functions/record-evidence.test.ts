import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { PutItemCommand, QueryCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { earlierDrills, recordEvidence } from '../../../functions/record-evidence/record-evidence';
import { makeHandler } from '../../../functions/record-evidence/handler';
import { DrillsTable } from '../../../lib/evidence/drills-table';
import { evidenceRecordSchema, type DrillIndexEntry } from '../../../lib/evidence/contracts';
import { buildDrillReport } from '../../../lib/report/drill-report';
import { DR_REGION, checkedPlan, drillContext, memoryStore, testDeps } from './fixtures';

const s3 = mockClient(S3Client);
const dynamodb = mockClient(DynamoDBClient);
const EVIDENCE_BUCKET = 'dr-drill-prod-evidencebucket-1a2b3c';
const TABLE = 'dr-drill-prod-DrillsTable-XYZ';

beforeEach(() => {
  s3.reset();
  dynamodb.reset();
  s3.on(PutObjectCommand).resolves({});
  dynamodb.on(PutItemCommand).resolves({});
});

const previous = (n: number): DrillIndexEntry => ({
  planName: 'nhs-patient-platform',
  startedAt: `2025-0${n}-02T02:00:00.000Z`,
  drillId: `d0000000${n}`,
  executionArn: `arn:aws:states:eu-west-2:111122223333:execution:dr-drill-prod-drill:monthly-${n}`,
  kind: 'drill',
  verdict: 'PASSED',
  finishedAt: `2025-0${n}-02T03:00:00.000Z`,
  headline: 'PASSED',
  worstRtoMinutes: 30 + n,
  rtoObjectiveMinutes: 60,
  worstRpoMinutes: 600,
  rpoObjectiveMinutes: 1440,
  failoverDowntimeSeconds: 80,
  failoverRtoSeconds: 120,
  evidenceKey: `evidence/nhs-patient-platform/2025-0${n}/d0000000${n}/evidence.json`,
  htmlKey: `evidence/nhs-patient-platform/2025-0${n}/d0000000${n}/report.html`,
});

async function stored() {
  const plan = checkedPlan();
  const drill = { ...drillContext(plan), trigger: { kind: 'schedule' as const, by: null } };
  const store = memoryStore();
  await store.putPlan({ drill, plan });
  await store.putReport(drill.id, buildDrillReport({ drill, results: [], finishedAt: '2025-03-04T03:30:00.000Z' }));
  return { drill, store };
}

describe('recordEvidence (Record Evidence)', () => {
  it('writes the evidence record and its HTML under the plan and month, then indexes the drill', async () => {
    const { drill, store } = await stored();
    dynamodb.on(QueryCommand).resolves({ Items: [previous(2), previous(1)].map((e) => marshall(e)) });
    const deps = { ...testDeps(), evidenceBucket: EVIDENCE_BUCKET };

    const outcome = await recordEvidence({ drill }, deps, store, new DrillsTable(deps, TABLE));

    const base = `evidence/nhs-patient-platform/2025-03/${drill.id}`;
    expect(outcome).toEqual({ evidenceKey: `${base}/evidence.json`, htmlKey: `${base}/report.html`, bucket: EVIDENCE_BUCKET });
    const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => [p.Bucket, p.Key, p.ContentType])).toEqual([
      [EVIDENCE_BUCKET, `${base}/evidence.json`, 'application/json'],
      [EVIDENCE_BUCKET, `${base}/report.html`, 'text/html; charset=utf-8'],
    ]);
    const record = evidenceRecordSchema.parse(JSON.parse(String(puts[0]!.Body)));
    expect(record).toMatchObject({ kind: 'drill', trigger: { kind: 'schedule', by: null }, plan: { hash: drill.planHash } });
    expect((record.plan.content as { name: string }).name).toBe('nhs-patient-platform');
    expect(String(puts[1]!.Body)).toMatch(/^<!DOCTYPE html>/i);

    // The index entry is written after both objects, so a listed drill always has its evidence.
    const item = unmarshall(dynamodb.commandCalls(PutItemCommand)[0]!.args[0].input.Item!);
    expect(item).toMatchObject({ planName: 'nhs-patient-platform', drillId: drill.id, verdict: 'FAILED', evidenceKey: `${base}/evidence.json` });
    const query = dynamodb.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(query).toMatchObject({ TableName: TABLE, ScanIndexForward: false });
  });

  it('keeps the drill itself out of its own trend when Record Evidence is retried', () => {
    const self = { ...previous(3), drillId: 'dabcdef01' };

    expect(earlierDrills([self, previous(2), previous(1)], 'dabcdef01').map((e) => e.drillId)).toEqual(['d00000002', 'd00000001']);
    expect(earlierDrills([previous(2), previous(1)], 'dabcdef01', 1).map((e) => e.drillId)).toEqual(['d00000002']);
  });

  it('writes nothing to the table when the evidence could not be stored', async () => {
    const { drill, store } = await stored();
    dynamodb.on(QueryCommand).resolves({ Items: [] });
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    const deps = { ...testDeps(), evidenceBucket: EVIDENCE_BUCKET };

    await expect(recordEvidence({ drill }, deps, store, new DrillsTable(deps, TABLE))).rejects.toThrow('Access Denied');
    expect(dynamodb.commandCalls(PutItemCommand)).toHaveLength(0);
  });

  it('fails its cold start when the evidence bucket or the drills table is not named', () => {
    const base = { ...testDeps(), storeBucket: 'dr-drill-prod-drillstore' };

    expect(() => makeHandler({ ...base, drillsTable: TABLE })).toThrow('EVIDENCE_BUCKET is not set');
    expect(() => makeHandler({ ...base, evidenceBucket: EVIDENCE_BUCKET })).toThrow('DRILLS_TABLE is not set');
  });

  it('hands the recorded evidence on once, for the drill metrics', async () => {
    const { drill, store } = await stored();
    dynamodb.on(QueryCommand).resolves({ Items: [] });
    const onRecorded = jest.fn();
    const deps = { ...testDeps(), evidenceBucket: EVIDENCE_BUCKET, onRecorded };

    await recordEvidence({ drill }, deps, store, new DrillsTable(deps, TABLE));

    expect(onRecorded).toHaveBeenCalledTimes(1);
    expect(onRecorded.mock.calls[0][0].report.drillId).toBe(drill.id);
  });

  it('uses clients of the DR region only', async () => {
    const { drill, store } = await stored();
    dynamodb.on(QueryCommand).resolves({ Items: [] });
    const deps = { ...testDeps(), evidenceBucket: EVIDENCE_BUCKET };

    await recordEvidence({ drill }, deps, store, new DrillsTable(deps, TABLE));

    const regions = await Promise.all(
      [...s3.commandCalls(PutObjectCommand), ...dynamodb.commandCalls(PutItemCommand)].map((c) =>
        (c.thisValue as { config: { region: () => Promise<string> } }).config.region(),
      ),
    );
    expect(new Set(regions)).toEqual(new Set([DR_REGION]));
  });
});
