import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { storeOf } from '../../lib/drill/store';
import { DrillsTable } from '../../lib/evidence/drills-table';
import { productionDeps, type Deps } from '../../lib/lambda/deps';
import { lambdaHandler } from '../../lib/lambda/wrap';
import type { EvidenceRecord } from '../../lib/evidence/contracts';
import { drillMetrics, publishDrillMetrics } from '../../lib/observe/metrics';
import { recordEvidence, type EvidenceDeps } from './record-evidence';

export interface RecordEvidenceDeps extends Deps {
  evidenceBucket?: string;
  drillsTable?: string;
  onRecorded?: EvidenceDeps['onRecorded'];
}

export const makeHandler = (deps: RecordEvidenceDeps) => {
  const store = storeOf(deps);
  const { evidenceBucket, drillsTable } = deps;
  // Read once at cold start: a function deployed without its bucket or table is a deployment fault.
  if (!evidenceBucket) throw new Error('EVIDENCE_BUCKET is not set: the function cannot record evidence');
  if (!drillsTable) throw new Error('DRILLS_TABLE is not set: the function cannot index drills');
  const table = new DrillsTable(deps, drillsTable);
  return (event: unknown) => recordEvidence(event, { ...deps, evidenceBucket }, store, table);
};

export const handler = lambdaHandler(makeHandler, (runtime) => {
  // Published once per drill, where the evidence is recorded: the alarms and dashboards read the same figures.
  const metrics = drillMetrics();
  return {
    ...productionDeps({ s3: S3Client, dynamodb: DynamoDBClient }, runtime),
    evidenceBucket: runtime.env.EVIDENCE_BUCKET,
    drillsTable: runtime.env.DRILLS_TABLE,
    onRecorded: (record: EvidenceRecord) => publishDrillMetrics(record.report, metrics),
  };
});
